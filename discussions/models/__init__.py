from .submissions import *  # noqa: F401,F403  (tracked submissions and amendments)
from .threads import *  # noqa: F401,F403  (threads, posts, notifications)
