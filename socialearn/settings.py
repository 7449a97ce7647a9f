"""SociaLearn settings: one module, driven by environment variables.

With no variable set, the project runs on its embedded default: a SQLite file and
a filesystem Celery broker under ``var/``, a local-memory cache and email printed to
the console. ``DATABASE_URL``, ``REDIS_URL``, ``EMAIL_URL`` and friends switch each
part to its production counterpart; see README.md for the full list.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from sso import presets as sso_presets

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# A deployment names its hosts; the embedded default only answers on this machine.
DEPLOYED = "ALLOWED_HOSTS" in env
if DEPLOYED and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when ALLOWED_HOSTS is set (a deployment).")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])


def _secret_key() -> str:
    """SECRET_KEY from the environment; the embedded default keeps a random one in var/.

    A deployment (ALLOWED_HOSTS set) must pass it explicitly, so that every web process
    behind a load balancer shares one key.
    """
    if key := env.str("SECRET_KEY", default=""):
        return key
    if DEPLOYED:
        raise ImproperlyConfigured("SECRET_KEY must be set when ALLOWED_HOSTS is set.")
    path = VAR_DIR / "secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    # Our apps, bottom layer first.
    "profiles",
    "notifications",
    "groups",
    "discussions",
    "content",
    "news",
    "cohorts",
    "digests",
    "sso",
    "socialearn",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # An intranet: every page needs a signed-in user unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "profiles.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "socialearn.middleware.PermissionsPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# bench/run points this at bench.urls, which adds the benchmark's bare "floor" view.
ROOT_URLCONF = env.str("ROOT_URLCONF", default="socialearn.urls")
WSGI_APPLICATION = "socialearn.wsgi.application"
ASGI_APPLICATION = "socialearn.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'socialearn.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # WAL lets the web process read while the worker writes; the timeout waits out
    # the other process's short write transactions instead of failing with "locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, Celery ----------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if DEPLOYED and not REDIS_URL:
    # Rate limits, caches and the broker must be shared by every process of a deployment.
    raise ImproperlyConfigured("REDIS_URL must be set when ALLOWED_HOSTS is set.")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Redis down: the cache misses and the pages go on from the database
            # (sessions too: cached_db), logged; /healthz says "down".
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
            "KEY_PREFIX": "socialearn",
        }
    }
    # Sessions are read from Redis and written through to the database, so a Redis
    # restart does not sign everybody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    # kombu's filesystem transport: a real broker between processes, without Redis.
    _broker_dir = VAR_DIR / "celery"
    for _sub in ("queue", "processed"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://localhost//"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = None

CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Digest emails have a queue of their own: a big run never delays a mention email. Every
# worker of `make run` serves both; in production a worker pool per queue
# (docker-compose.yml, docs/operations.md).
CELERY_TASK_ROUTES = {"digests.tasks.send_digests": {"queue": "digests"}}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Every periodic job, in one place.
CELERY_BEAT_SCHEDULE = {
    # Every five minutes: records that the worker and beat are alive (shown on /healthz).
    "heartbeat": {"task": "socialearn.tasks.heartbeat", "schedule": 300.0},
    # Every five minutes: a follow-up thread for each cohort session that has ended.
    "cohort-follow-ups": {"task": "cohorts.tasks.open_follow_ups", "schedule": 300.0},
    # Every fifteen minutes: hot scores of active threads; the top ones are highlighted.
    "hot-scores": {"task": "discussions.tasks.refresh_hot_scores", "schedule": 900.0},
    # Every hour, at minute 20: import new entries of partners' RSS and Atom feeds.
    "partner-feeds": {
        "task": "content.tasks.import_partner_feeds",
        "schedule": crontab(minute=20),
    },
    # Mondays at 07:00 UTC: remind owners of library items past their review date.
    "review-reminders": {
        "task": "content.tasks.remind_reviews",
        "schedule": crontab(minute=0, hour=7, day_of_week=1),
    },
    # Every five minutes: notification emails whose task was lost are queued again.
    "notification-emails": {
        "task": "notifications.tasks.send_overdue_emails",
        "schedule": 300.0,
    },
    # Every fifteen minutes: questions unanswered for a working day go to the advocates.
    "escalate-unanswered": {
        "task": "discussions.tasks.escalate_unanswered",
        "schedule": 900.0,
    },
    # Every five minutes: digests now due (each person's morning hour) are recorded and
    # sent in batches on the "digests" queue; lost ones are handed out again.
    "digests": {"task": "digests.tasks.plan_due", "schedule": 300.0},
    # Every minute: announce the news posts whose publication minute has come.
    "news-announcements": {
        "task": "news.tasks.announce_due",
        "schedule": 60.0,
    },
}

# Partner feeds (content.feeds): fetched with socialearn.lib.safe_http.
FEEDS_TIMEOUT = env.float("FEEDS_TIMEOUT", default=10.0)
FEEDS_MAX_BYTES = env.int("FEEDS_MAX_BYTES", default=2 * 1024 * 1024)
# Link previews (content.previews): the page and its picture, each within this time.
PREVIEW_TIMEOUT = env.float("PREVIEW_TIMEOUT", default=5.0)
# Test-only: lets the tests serve feeds and pages from 127.0.0.1. Never set it in a
# deployment.
FEEDS_ALLOW_LOOPBACK = False

# --- Authentication -------------------------------------------------------------------
AUTH_USER_MODEL = "profiles.User"
AUTHENTICATION_BACKENDS = ["profiles.backends.AuthenticationBackend"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Long sessions: people should not have to sign in again every day.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 30)

# profiles' rules for accounts, with single sign-on's (SSO-only mode, provider logout).
ACCOUNT_ADAPTER = "sso.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "profiles.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Not the login page: in SSO-only mode it would sign the person straight back in.
ACCOUNT_LOGOUT_REDIRECT_URL = "signed_out"
ACCOUNT_SESSION_REMEMBER = True
# Behind a proxy every request comes from its address: allauth's sign-in rate limits count
# per client, read from X-Forwarded-For past this many proxies of ours (0: REMOTE_ADDR).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Sign-up with email and password: open on the embedded default, closed in a deployment
# unless switched on, and then only for the company's email domains when they are listed.
ACCOUNT_ALLOW_REGISTRATION = env.bool("ACCOUNT_ALLOW_REGISTRATION", default=not DEPLOYED)
ACCOUNT_ALLOWED_EMAIL_DOMAINS = [
    d.lower().lstrip("@") for d in env.list("ACCOUNT_ALLOWED_EMAIL_DOMAINS", default=[])
]

# --- Single sign-on (docs/sso.md) -----------------------------------------------------
# Connections live in the admin (Social applications) and, for infrastructure as code, in
# SSO_CONNECTIONS (a JSON list) or the file SSO_CONNECTIONS_FILE; see sso.presets.
try:
    _sso_apps = sso_presets.load(
        text=env.str("SSO_CONNECTIONS", default=""),
        path=env.str("SSO_CONNECTIONS_FILE", default=""),
        allow_http=DEBUG or env.bool("SSO_ALLOW_HTTP", default=False),
    )
except sso_presets.ConfigError as e:
    raise ImproperlyConfigured(str(e)) from None
SOCIALACCOUNT_PROVIDERS: dict = {
    # allauth's providers with what sso adds: a nonce and a verified ID token signature
    # (OIDC), the IdP session kept for single logout (SAML).
    "openid_connect": {
        "provider_class": "sso.oidc.provider.CompanyOpenIDConnectProvider",
        "OAUTH_PKCE_ENABLED": True,
        "APPS": _sso_apps["openid_connect"],
    },
    "saml": {"provider_class": "sso.saml.provider.CompanySAMLProvider", "APPS": _sso_apps["saml"]},
}
SOCIALACCOUNT_ADAPTER = "sso.adapters.SocialAccountAdapter"
# The first sign-in creates the account (just-in-time provisioning); an existing account
# is linked only through an email the provider verified (sso.adapters).
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_REQUIRED = True
# Leaving for the provider is a POST (or the login page's own forward in SSO-only mode).
SOCIALACCOUNT_LOGIN_ON_GET = False
# No password sign-in or sign-up for employees: only SSO. Superusers keep a break-glass
# password sign-in at /accounts/break-glass/.
SSO_ONLY = env.bool("SSO_ONLY", default=False)
# Identity providers at plain http:// addresses: for development and tests only.
SSO_ALLOW_HTTP = DEBUG or env.bool("SSO_ALLOW_HTTP", default=False)

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# The embedded default serves uploads itself; a deployment puts them behind its proxy
# or on object storage.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=not DEPLOYED)
# Files only some people may see (images attached to posts): never under MEDIA_URL, served
# by views that check the reader.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/private-not-served/"},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Files shared in the library (documents and videos).
LIBRARY_MAX_FILE_BYTES = env.int("LIBRARY_MAX_FILE_BYTES", default=25 * 1024 * 1024)
# Microsoft Stream videos may be embedded from these SharePoint hosts (the company's
# tenant, e.g. contoso.sharepoint.com), comma-separated.
VIDEO_STREAM_HOSTS = env.list("VIDEO_STREAM_HOSTS", default=[])
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Email ----------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# How long a failed email task first waits before trying again (doubled each time, at
# most an hour): digests and notification emails.
EMAIL_RETRY_SECONDS = env.int("EMAIL_RETRY_SECONDS", default=60)
# A digest planned this long ago and still not sent was lost with its task (a worker
# killed mid-batch): the next planning hands it out again.
DIGEST_RESEND_AFTER_SECONDS = env.int("DIGEST_RESEND_AFTER_SECONDS", default=15 * 60)
# A question unanswered for this many working hours (09:00-17:00, Monday to Friday, in
# TIME_ZONE) goes to its group's advocates, once.
ESCALATE_AFTER_WORKING_HOURS = env.float("ESCALATE_AFTER_WORKING_HOURS", default=8)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SociaLearn <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- REST API -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "socialearn.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "600/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SociaLearn API",
    "DESCRIPTION": "People, groups, discussions, library and news of SociaLearn.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Security -------------------------------------------------------------------------
# No inline scripts or styles anywhere: every script and stylesheet is a file we serve.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie.
if not DEBUG and DEPLOYED:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Product settings -----------------------------------------------------------------
SITE_NAME = env.str("SITE_NAME", default="SociaLearn")
# The address people open the site at: links in emails are built on it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
PAGE_SIZE = 20
