"""Reads for the policy process, one module per part of it, shaped for the pages that show them.

`commissions`: the commission pages, their members, work programmes, documents
and accountability figures (everything it defines is importable from here, as
before). `forums`: finding forums and coordinators' events, a forum's page and
register, the home page's forums. `dialogue`: dialogue sessions.
"""

from commissions.selectors.commissions import *  # noqa: F403
from commissions.selectors.commissions import SEAT_ORDER  # noqa: F401
