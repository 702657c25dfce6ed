from .threads import *  # noqa: F401,F403  (threads, posts, flags, moderation, follows, notifications)

from .held import HeldPost, WatchedWord  # noqa: F401  isort: skip
