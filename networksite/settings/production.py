"""Production: every secret and host-specific value comes from the environment.

Required: SECRET_KEY, DATABASE_URL and SITE_URL (the origin members use, e.g.
https://networks.example.org: every link in email is made from it). Optional: REDIS_URL
(required as soon as there are two app processes: live chats, the cache and sign-in
throttling are shared through it), ALLOWED_HOSTS and CSRF_TRUSTED_ORIGINS (default: the
SITE_URL's host and origin), EMAIL_HOST/EMAIL_PORT/EMAIL_HOST_USER/EMAIL_HOST_PASSWORD/
EMAIL_USE_TLS, DEFAULT_FROM_EMAIL, and the rest listed in deploy/env.example.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import DATABASES, env_bool, env_int, env_list, os

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("Set DATABASE_URL (postgres://...) in the environment.")

SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
_site = urlsplit(SITE_URL)
if _site.scheme not in {"http", "https"} or not _site.hostname or _site.path or _site.query:
    raise ImproperlyConfigured(
        "Set SITE_URL to the origin members reach the site at, e.g. https://networks.example.org "
        "(scheme and host, no path): links in every email are made from it."
    )
WAGTAILADMIN_BASE_URL = SITE_URL
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [_site.hostname]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS") or [SITE_URL]

# Persistent database connections, checked before reuse: each app process's database thread
# keeps its connection instead of opening one per request or socket frame (43 ms each here).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)

# Static files carry a hash in their names, so whitenoise can let browsers keep them for ever.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Party membership can be sensitive: password reset and sign-up do not reveal whether an address
# is registered (allauth emails the owner instead). ACCOUNT_PREVENT_ENUMERATION=0 turns this off.
ACCOUNT_PREVENT_ENUMERATION = env_bool("ACCOUNT_PREVENT_ENUMERATION", True)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views opt in to SAMEORIGIN themselves
