"""The commissions' forms, one module per part of the policy process.

`submissions`: submissions, status, assignment, the queue's filters and
amendments (everything it defines is importable from here, as before).
`forums`: local policy forums, registration and coordinators' events.
`dialogue`: the commissions' dialogue sessions.
"""

from commissions.forms.submissions import *  # noqa: F403
from commissions.forms.submissions import attachment_max_bytes  # noqa: F401
