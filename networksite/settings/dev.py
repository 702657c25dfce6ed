"""Local development and `make demo`: SQLite, in-memory channel layer, console email."""

from .base import *  # noqa: F401,F403
from .base import os

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-5f0c1a0e8b")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
CSRF_TRUSTED_ORIGINS = ["http://127.0.0.1", "http://localhost"]

# Every email is printed to the console and a copy is kept in var/outbox/,
# readable at /outbox/ so the demo's verification links can be followed.
EMAIL_BACKEND = "networksite.mail.ConsoleOutboxBackend"
SHOW_OUTBOX = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
