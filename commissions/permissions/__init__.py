"""Who may do what in the policy process, one module per part of it; each registers its rules on import.

`submissions`: commissions, queues, submissions and amendments. `forums`: local
policy forums and the coordinators' events. `dialogue`: the commissions'
dialogue sessions with the units that made submissions.
"""

from commissions.permissions import dialogue, forums, submissions  # noqa: F401
