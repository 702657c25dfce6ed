"""Settings shared by every environment.

Each environment module (dev, test, production) imports this and overrides only
what differs; production reads everything secret or host-specific from the
environment.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    "daphne",
    # The project's apps, floor by floor (docs/architecture.md): each imports only those listed before it.
    "networks",
    "discussions",
    "chat",
    "commissions",
    "bulletins",
    "home",
    "wagtail.contrib.forms",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "channels",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First, so an oversized body is refused (413, from its Content-Length) before anything reads it.
    "networks.limits.RequestSizeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "networksite.csp.SitePolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: a /cy/ page address first, then the member's choice (cookie), then the browser's.
    "networks.languages.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A member signed in on a new device reads in the language saved in their profile.
    "networks.languages.ProfileLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "networks.twofactor.TwoFactorRequiredMiddleware",
    # After sessions, sign-in, messages and allauth: pages for visitors, and Wagtail's routes, from the cache.
    "networks.middleware.VisitorPageCacheMiddleware",
    "networks.middleware.PageRouteCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "networks.middleware.RefusalMiddleware",
]

ROOT_URLCONF = "networksite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_chrome",
            ],
        },
    },
]

WSGI_APPLICATION = "networksite.wsgi.application"
ASGI_APPLICATION = "networksite.asgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the daphne process read while a write is in flight.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The party organises in England, Scotland and Wales: every page, form and email is in English or
# Welsh, as the member chooses (docs/languages.md). The Welsh catalogue is in locale/cy/.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "networksite" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files members upload with a submission are private: they live outside MEDIA_ROOT, the web
# server never serves them, and only the submission's permission-checked view reads them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# Behind nginx, a permission-checked download answers with `X-Accel-Redirect` to this internal
# location (deploy/nginx/policy-networks.conf.template) and nginx sends the file; empty, the app
# streams it itself.
PRIVATE_MEDIA_ACCEL_REDIRECT = os.environ.get("PRIVATE_MEDIA_ACCEL_REDIRECT", "")
# Behind nginx, an image rendition the view has checked is handed over with X-Accel-Redirect to this
# internal location (MEDIA_ROOT); empty, the app streams it (networks.media).
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Image renditions stay in MEDIA_ROOT/images/, but their URLs are /images/…, the permission-checked
    # view (networks.media.serve_rendition), never /media/ (nginx refuses /media/images/).
    "renditions": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"base_url": "/"}},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/no-public-url/"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Accounts: django-allauth, signing in by email with a verified address.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_UNIQUE_EMAIL = True
# In the demo a duplicate sign-up is told plainly that the address is taken. Production hides
# whether an address belongs to a member (allauth emails the owner instead); see docs/accounts.md.
ACCOUNT_PREVENT_ENUMERATION = env_bool("ACCOUNT_PREVENT_ENUMERATION", False)
ACCOUNT_SIGNUP_FORM_CLASS = "networks.forms.SignupForm"
# Account pages and emails name the member by their display name, in the site's words, with links
# on SITE_URL (networks/adapters.py; the emails' wording is in templates/account/email/).
ACCOUNT_ADAPTER = "networks.adapters.AccountAdapter"
ACCOUNT_USER_DISPLAY = "networks.adapters.display_name"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Policy Networks] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    # Verifying a party membership (networks/views/verification.py): failed attempts, per account
    # and per client address, so nobody can try membership numbers one after another.
    "verify_membership": "5/h/user,20/h/ip",
}
SOCIALACCOUNT_ADAPTER = "networks.adapters.SocialAccountAdapter"

# Single sign-on through the party's identity provider (OpenID Connect), off unless configured:
# OIDC_SERVER_URL (the issuer, whose /.well-known/openid-configuration is read), OIDC_CLIENT_ID and
# OIDC_CLIENT_SECRET (this site's registration there). OIDC_PROVIDER_NAME is the button's label;
# OIDC_MEMBERSHIP_CLAIM names the claim carrying the membership number, which verifies the account.
OIDC_SERVER_URL = os.environ.get("OIDC_SERVER_URL", "").strip()
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
OIDC_MEMBERSHIP_CLAIM = os.environ.get("OIDC_MEMBERSHIP_CLAIM", "membership_number").strip()


def oidc_providers(server_url: str, client_id: str, secret: str, name: str) -> dict:
    """allauth's provider settings for the party's identity provider (empty, so no button, when unset)."""
    if not (server_url and client_id):
        return {}
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "party",
                    "name": name,
                    "client_id": client_id,
                    "secret": secret,
                    "settings": {"server_url": server_url},
                }
            ],
        }
    }


SOCIALACCOUNT_PROVIDERS = oidc_providers(
    OIDC_SERVER_URL,
    OIDC_CLIENT_ID,
    os.environ.get("OIDC_CLIENT_SECRET", ""),
    os.environ.get("OIDC_PROVIDER_NAME", "Party sign-in"),
)
# The party's provider vouches for its members' email addresses: a member who already has an
# account here with the same address signs in to it, and new members need no separate sign-up form.
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = False

# Two-factor authentication (allauth.mfa): an authenticator app with recovery codes. Required for
# those who hold members' personal data (networks/twofactor.py), optional for everyone else.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Policy Networks"
MFA_ADAPTER = "networks.twofactor.MFAAdapter"
# The Wagtail admin signs in through allauth's login (networksite/urls.py), with its throttling and
# two-factor step; its own password reset is off for the same reason.
WAGTAIL_PASSWORD_RESET_ENABLED = False
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Policy Networks <networks@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "Policy Networks"
# Editors make Welsh versions of pages (wagtail.contrib.simple_translation), served under /cy/;
# the admin itself speaks English or Welsh, as each editor chooses in their admin account.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en", "English"), ("cy", "Cymraeg")]
# Links in email and in the admin's notifications are made absolute with SITE_URL (the origin
# members reach the site at, e.g. https://networks.example.org). Each environment sets it:
# production refuses to start without it, the demo derives it from PORT.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
# Admin avatars come from the site itself: no request to gravatar.com (privacy, and the CSP below).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The admin does not ask releases.wagtail.org for new versions: upgrades come through pyproject.toml.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Wagtail's database backend, with what members type kept out of the full-text syntax (networks.search_backend).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "networks.search_backend"}}
# Documents and images belong to a collection per network, with its privacy (networks.media): documents
# only ever through Wagtail's view, which asks `view_document`; renditions through /images/.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_RENDITION_STORAGE = "renditions"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
TAGGIT_CASE_INSENSITIVE = True

# Channels: in-memory unless REDIS_URL names a Redis server.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py's default socket timeout (5 s) equals channels-redis' blocking pop (5 s): an idle
                # reader timed out at that edge, logging a TimeoutError and risking the message popped then.
                # The read timeout is kept well above the pop, so the two cannot meet.
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": env_int("CHANNEL_SOCKET_TIMEOUT", 15),
                        "socket_connect_timeout": env_int("CHANNEL_CONNECT_TIMEOUT", 2),
                    }
                ],
                "capacity": env_int("CHANNEL_CAPACITY", 1500),
                # How long a group entry lives unless renewed; each chat hub renews its own well inside it.
                "group_expiry": env_int("CHANNEL_GROUP_EXPIRY", 86400),
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Shared state. With REDIS_URL the cache lives in Redis too, so what it counts (allauth's failed
# sign-ins and rate limits) and what it keeps (pages, fragments, roles, sessions, and the versions
# that say whether they are current: networks/caching.py) hold across every app process, the task
# worker and the scheduler, on every machine. Without it, a file cache under VAR_DIR is shared by
# the processes of one machine (the demo runs three): a change the worker or the scheduler makes
# must retire what the web process keeps. The tests use local memory (settings/test.py).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "networksite.cache_backends.SharedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "networks",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "networksite.cache_backends.SharedFileCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000, "CULL_EVERY": 200},
        }
    }
# What is shared between readers is kept at most this long (seconds); versions make it current, this
# only bounds what they cannot see. CACHE_SHARED_ENABLED=0 turns shared entries off (for comparisons).
CACHE_SHARED_SECONDS = env_int("CACHE_SHARED_SECONDS", 600)
CACHE_SHARED_ENABLED = env_bool("CACHE_SHARED_ENABLED", True)
# Longest time a whole page kept for visitors is served: every write to a table it read retires it
# at once, so this bounds only what changes by the clock ("3 minutes ago", a chat about to start).
CACHE_PAGE_SECONDS = env_int("CACHE_PAGE_SECONDS", 60)
# Threads each app process runs HTTP requests' synchronous code on, each keeping its database
# connection between requests (networksite/http_threads.py).
HTTP_SYNC_THREADS = env_int("HTTP_SYNC_THREADS", 4)
# Sessions are read from the cache and written through to the database: a signed-in page asks the
# database for its session only when the cache has lost it.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background work (emails, bulletin delivery) runs outside the request through
# django-tasks. The database backend keeps the queue in the project's database;
# `manage.py db_worker` drains it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

CSRF_FAILURE_VIEW = "home.views.csrf_failure"

# Sites a live chat's stream may come from (chat.streams): an editor's stream address must be on one of
# them, and the Content Security Policy lets the page frame them and nothing else.
CHAT_STREAM_HOSTS = env_list("CHAT_STREAM_HOSTS") or [
    "www.youtube.com", "youtube.com", "www.youtube-nocookie.com", "vimeo.com", "player.vimeo.com",
]

# Security headers for every environment, so the demo and the tests run under what production
# sends. The pages load scripts and styles from /static/ only (no inline script or style), so the
# policy needs no nonces; the chat's socket is 'self' (CSP 3 matches ws:/wss: on the same host).
# Browsers report violations to /csp-report, which logs them (home.views.csp_report).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'report-sample'"],
        "style-src": ["'self'", "'report-sample'"],
        "img-src": ["'self'", "data:", "blob:", *env_list("CSP_EXTRA_IMG_SRC")],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": ["'self'", *(f"https://{host}" for host in CHAT_STREAM_HOSTS)],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
        "report-uri": ["/csp-report"],
    }
}
# Features no page of the site uses are switched off for it and for anything it frames.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Scheduled jobs: `manage.py run_scheduled_jobs` runs each management command on its schedule
# (`every` minutes, or daily `at` a local time), one run per due time however many schedulers run.
SCHEDULED_JOBS = {
    "chat_clock": {"every": 1},  # open and close live chats on time, send chat reminders
    "lift_ended_suspensions": {"every": 1},  # a suspension ends by itself at its end date
    "deliver_bulletins": {"every": 15, "args": ["--queue"]},  # hand unfinished bulletin deliveries back to the worker
    "send_notification_digests": {"at": os.environ.get("DIGEST_TIME", "07:00")},  # the daily digest
    # the weekly digest: runs every day, for the members who chose that weekday
    "send_weekly_digests": {"at": os.environ.get("DIGEST_TIME", "07:00")},
    "lapse_expired_memberships": {"at": "06:30"},  # tell verified members whose membership expired
    # the day-before reminders for forums, coordinators' events and dialogue sessions
    "send_event_reminders": {"at": os.environ.get("EVENT_REMINDER_TIME", "10:00")},
    # Remind commissions of submissions unacknowledged past SUBMISSION_ACKNOWLEDGE_DAYS: once a day at most.
    "remind_unacknowledged_submissions": {"at": os.environ.get("SUBMISSION_REMINDER_TIME", "08:00")},
}
SCHEDULER_TICK_SECONDS = env_int("SCHEDULER_TICK_SECONDS", 10)

# /healthz: 503 when the oldest task waiting in the queue, or the scheduler's last tick, is older
# than these. Detail (each check's figures) only for HEALTHZ_TOKEN (`Authorization: Bearer …`) or
# a client address in HEALTHZ_PRIVATE_NETWORKS; everyone else sees the status alone.
HEALTHZ_TASK_QUEUE_STALE_SECONDS = env_int("HEALTHZ_TASK_QUEUE_STALE_SECONDS", 300)
HEALTHZ_SCHEDULER_STALE_SECONDS = env_int("HEALTHZ_SCHEDULER_STALE_SECONDS", 180)
HEALTHZ_TOKEN = os.environ.get("HEALTHZ_TOKEN", "")
HEALTHZ_PRIVATE_NETWORKS = env_list("HEALTHZ_PRIVATE_NETWORKS", "127.0.0.0/8,::1/128")

# Email copies kept for the demo's outbox page and for tests (see networksite.mail).
OUTBOX_DIR = VAR_DIR / "outbox"
SHOW_OUTBOX = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Live chats (chat/). Each may be set in the environment.
# Longest question, message or answer a member may send, in characters.
CHAT_MAX_TEXT_CHARS = env_int("CHAT_MAX_TEXT_CHARS", 1000)
# Largest WebSocket frame the chat consumer will parse, in bytes; bigger frames get an error frame.
CHAT_MAX_FRAME_BYTES = env_int("CHAT_MAX_FRAME_BYTES", 8192)
# Submissions each member may make per window (hosts and moderators are not limited).
CHAT_RATE_LIMIT_COUNT = env_int("CHAT_RATE_LIMIT_COUNT", 5)
CHAT_RATE_LIMIT_SECONDS = env_int("CHAT_RATE_LIMIT_SECONDS", 60)
# How long before a chat starts members who asked are reminded (`manage.py chat_clock`, run every minute).
CHAT_REMINDER_LEAD_MINUTES = env_int("CHAT_REMINDER_LEAD_MINUTES", 30)

# Discussions (discussions/). Each may be set in the environment.
DISCUSSIONS_MAX_POST_LENGTH = env_int("DISCUSSIONS_MAX_POST_LENGTH", 20_000)  # characters of Markdown
DISCUSSIONS_MAX_TAGS = env_int("DISCUSSIONS_MAX_TAGS", 5)
DISCUSSIONS_POSTS_PER_PAGE = env_int("DISCUSSIONS_POSTS_PER_PAGE", 40)
DISCUSSIONS_THREADS_PER_PAGE = env_int("DISCUSSIONS_THREADS_PER_PAGE", 25)
# Posts (threads and replies) each member may make per window.
DISCUSSIONS_RATE_LIMIT_POSTS = env_int("DISCUSSIONS_RATE_LIMIT_POSTS", 10)
DISCUSSIONS_RATE_LIMIT_SECONDS = env_int("DISCUSSIONS_RATE_LIMIT_SECONDS", 300)

# Submissions to policy commissions. Unacknowledged after this many days, a submission is flagged overdue.
SUBMISSION_ACKNOWLEDGE_DAYS = env_int("SUBMISSION_ACKNOWLEDGE_DAYS", 14)
SUBMISSION_ATTACHMENT_MAX_BYTES = env_int("SUBMISSION_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# Each process's chat hub joins its chats' channel-layer groups again this often (and at most every
# quarter of CHANNEL_GROUP_EXPIRY), and at once when Redis comes back.
CHAT_HUB_REJOIN_SECONDS = env_int("CHAT_HUB_REJOIN_SECONDS", 60)
# Bytes that may wait to be written to one chat socket before its reader counts as gone (closed, 4413).
CHAT_SOCKET_BUFFER_BYTES = env_int("CHAT_SOCKET_BUFFER_BYTES", 1024 * 1024)
# Each socket's frame budget (a token bucket): CHAT_FRAME_BURST frames at once, refilled at
# CHAT_FRAMES_PER_SECOND; a refused or invalid frame costs CHAT_REFUSED_FRAME_COST. A socket that sends
# CHAT_FRAME_OVERRUN_LIMIT frames over its budget is closed (4429).
CHAT_FRAME_BURST = env_int("CHAT_FRAME_BURST", 30)
CHAT_FRAMES_PER_SECOND = env_int("CHAT_FRAMES_PER_SECOND", 3)
CHAT_REFUSED_FRAME_COST = env_int("CHAT_REFUSED_FRAME_COST", 5)
CHAT_FRAME_OVERRUN_LIMIT = env_int("CHAT_FRAME_OVERRUN_LIMIT", 20)
# Connections whose database work has not started after this many seconds are skipped (daphne has
# dropped the handshake by then), and no more than CHAT_CONNECT_QUEUE_LIMIT may wait at once: the rest
# are told to come back later (close 4013) instead of queueing for ever.
CHAT_HANDSHAKE_SECONDS = env_int("CHAT_HANDSHAKE_SECONDS", 5)
CHAT_CONNECT_QUEUE_LIMIT = env_int("CHAT_CONNECT_QUEUE_LIMIT", 300)
# How often, at most, a socket's frames re-read its session (a sign-out elsewhere also closes it at once).
CHAT_SESSION_RECHECK_SECONDS = env_int("CHAT_SESSION_RECHECK_SECONDS", 5)
# A running poll's tally goes to readers at most once in this many seconds: answers in between are
# counted at once and published together (chat.actions.publish_poll_tally).
CHAT_POLL_TALLY_SECONDS = env_int("CHAT_POLL_TALLY_SECONDS", 1)
# A DOCX is a zip: its directory is read (nothing is expanded) and one that would expand past these is refused.
SUBMISSION_DOCX_MAX_EXPANDED_BYTES = env_int("SUBMISSION_DOCX_MAX_EXPANDED_BYTES", 100 * 1024 * 1024)
SUBMISSION_DOCX_MAX_ENTRIES = env_int("SUBMISSION_DOCX_MAX_ENTRIES", 1000)
# The largest request of any kind, files included: bigger is refused (413) from its Content-Length before
# it is read. nginx's client_max_body_size (NGINX_CLIENT_MAX_BODY in deploy/) must say the same. Forms
# without files take at most DATA_UPLOAD_MAX_MEMORY_SIZE (Django's 2.5 MB).
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", SUBMISSION_ATTACHMENT_MAX_BYTES + 1024 * 1024)
# Submissions per queue page; exports of more rows than this in XLSX are built by the task worker
# and offered as a download link (CSV always streams).
SUBMISSION_QUEUE_PAGE_SIZE = env_int("SUBMISSION_QUEUE_PAGE_SIZE", 50)
COMMISSION_EXPORT_INLINE_ROWS = env_int("COMMISSION_EXPORT_INLINE_ROWS", 2000)
