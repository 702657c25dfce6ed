"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL is set."""

from .base import *  # noqa: F401,F403
from .base import DATABASES, os

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SHOW_OUTBOX = True
if not os.environ.get("REDIS_URL"):
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Local memory (Redis when REDIS_URL names one); each test starts with an empty cache (tests/conftest.py).
if not os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 20_000}}}
# Tasks run at once inside tests so their effects can be asserted directly.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "renditions": {"BACKEND": "django.core.files.storage.InMemoryStorage", "OPTIONS": {"base_url": "/"}},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACCOUNT_RATE_LIMITS = False
# Wagtail keeps renditions in a cache; a test's rolled-back rendition must not answer the next test.
CACHES = {**CACHES, "renditions": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # noqa: F405
SITE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_SQLITE_NAME", "")} if os.environ.get("TEST_SQLITE_NAME") else {}
# Serve static files from the apps directly: tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
