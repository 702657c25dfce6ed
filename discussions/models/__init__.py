from .threads import *  # noqa: F401,F403  (threads, posts, flags, moderation, follows, notifications)
