"""Local development and `make demo`: SQLite, in-memory channel layer, console email."""

from .base import *  # noqa: F401,F403
from .base import os

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-5f0c1a0e8b")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Links in the demo's email point at the port it serves (`PORT=8080 make demo`). The Makefile
# exports SITE_URL for every demo process (honcho gives each process a PORT of its own).
SITE_URL = WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL") or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
CSRF_TRUSTED_ORIGINS = ["http://127.0.0.1", "http://localhost"]

# Every email is printed to the console and a copy is kept in var/outbox/,
# readable at /outbox/ so the demo's verification links can be followed.
EMAIL_BACKEND = "networksite.mail.ConsoleOutboxBackend"
SHOW_OUTBOX = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
