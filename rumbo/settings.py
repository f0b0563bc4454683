"""Rumbo's one settings module, configured by environment variables."""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(envstr("RUMBO_DATA_DIR", str(Path.home() / ".local/share/rumbo"))).expanduser()
DEBUG = envbool("DEBUG")


def _secret_key() -> str:
    if key := envstr("SECRET_KEY"):
        return key
    # `rumbo serve` and the other local commands keep a generated key in the data folder;
    # a server started any other way must be given one.
    if DEBUG or envbool("RUMBO_LOCAL"):
        path = DATA_DIR / "secret_key"
        if not path.exists():
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(50))
            path.chmod(0o600)
        return path.read_text().strip()
    raise ImproperlyConfigured(
        "SECRET_KEY no está definida. Defínala en el entorno (o use `rumbo serve`, que guarda una "
        "en la carpeta de datos). / SECRET_KEY is not set."
    )


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in envstr("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in envstr("CSRF_TRUSTED_ORIGINS").split(",") if o]
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "rumbo.accounts",
    "rumbo.files",
    "rumbo.orgs",
    "rumbo.bin",
    "rumbo.kpis",
    "rumbo.api",
    "rumbo.ops",
    "rumbo.okrs",
    "rumbo.choosing",
    "rumbo.imports",
    "rumbo.datasets",
    "rumbo.reports",
    "rumbo.insight",
    "rumbo.hooks",
    "rumbo.federation",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "rumbo.api.middleware.ApiProblemMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "rumbo.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rumbo.urls"
WSGI_APPLICATION = "rumbo.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rumbo.accounts.context.memberships",
            ],
        },
    },
]
# Django's widgets, with the empty choice of a select worded «— Elija —» instead of «---------».
FORM_RENDERER = "rumbo.renderers.FormRenderer"


def _databases() -> dict:
    if url := envstr("DATABASE_URL"):
        return {"default": dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)}
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "rumbo.sqlite3",
            # A connection kept for the next request: opening one (and its PRAGMAs) cost more than a kept page.
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE takes the write
                # lock at the start of a transaction so concurrent writers wait instead of failing.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
        }
    }


DATABASES = _databases()
# Background work (forecasts, lead checks, the weekly digest) is queued in the database itself, on SQLite and
# PostgreSQL alike: `rumbo serve` runs one worker beside the web server, `rumbo worker` runs more anywhere.
TASKS = {
    "default": {"BACKEND": envstr("RUMBO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"), "QUEUES": ["default"]}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rumbo.accounts.gate.PersonBackend",  # Django's ModelBackend, its person read in plain SQL
]
SESSION_ENGINE = "rumbo.accounts.gate"  # Django's database sessions, read in plain SQL
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AXES_FAILURE_LIMIT = envint("RUMBO_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_RESET_ON_SUCCESS = True
# A person at an address (AXES_FAILURE_LIMIT), then the address alone (RUMBO_LOGIN_FAILURES_PER_IP, higher:
# a cooperative's office may share one address); rumbo.accounts.logins reads the two in this order.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
RUMBO_LOGIN_FAILURES_PER_IP = envint("RUMBO_LOGIN_FAILURES_PER_IP", 30)
AXES_HANDLER = "rumbo.accounts.logins.PersonAndAddressHandler"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "rumbo.accounts.logins.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"

LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Español")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = envstr("TIME_ZONE", "America/Tegucigalpa")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["rumbo.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    # Uploads, dataset versions and logos (rumbo/files): with PostgreSQL in the database, so every app server has them.
    "default": {
        "BACKEND": "rumbo.files.storage.DatabaseStorage"
        if "postgresql" in DATABASES["default"]["ENGINE"]
        else "rumbo.files.storage.LocalStorage"
    },
    "staticfiles": {"BACKEND": "rumbo.files.static.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = envbool("RUMBO_STATIC_FINDERS", DEBUG)
WHITENOISE_MAX_AGE = 3600

SESSION_COOKIE_AGE = envint("RUMBO_SESSION_SECONDS", 14 * 24 * 3600)
SESSION_COOKIE_HTTPONLY = True
HTTPS = envbool("RUMBO_HTTPS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

EMAIL_HOST = envstr("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Rumbo <rumbo@localhost>")

# "pages": the parts of pages rendered once per edition of a cooperative's data (orgs/fragments.py);
# "throttle": the password-reset limits. Both are shared by every server process: in files on one
# machine, or in Redis or Valkey (RUMBO_CACHE_URL, redis://host:6379/0) when several machines serve
# one PostgreSQL. An entry's key says exactly what it shows, so no entry is ever stale: a day's expiry
# only frees the room of pages no longer asked for.
RUMBO_CACHE_URL = envstr("RUMBO_CACHE_URL")


def shared_cache(name: str) -> dict:
    if RUMBO_CACHE_URL:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": RUMBO_CACHE_URL,
            "KEY_PREFIX": name,
        }
    return {
        "BACKEND": "rumbo.file_cache.FileCache",
        "LOCATION": DATA_DIR / "cache" / name,
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Each process keeps the pages it read or wrote last in its own memory too (rumbo/near_cache.py).
    "pages": {
        "BACKEND": "rumbo.near_cache.NearCache",
        "LOCATION": "pages",
        "OPTIONS": {"FAR": {**shared_cache("pages"), "TIMEOUT": 24 * 3600}, "MAX_ENTRIES": 300},
    },
    "throttle": shared_cache("throttle"),
}
RUMBO_PASSWORD_RESETS_PER_ADDRESS = envint("RUMBO_PASSWORD_RESETS_PER_ADDRESS", 3)  # an hour
RUMBO_PASSWORD_RESETS_PER_IP = envint("RUMBO_PASSWORD_RESETS_PER_IP", 20)  # an hour

# Webhooks and pushes to a federation on another Rumbo may go to private or loopback addresses (a server in the
# same office network): off by default, as the addresses are typed by cooperatives' admins (rumbo/outbound.py).
# RUMBO_WEBHOOKS_ALLOW_PRIVATE, its name when it covered webhooks alone, is still read.
RUMBO_ALLOW_PRIVATE_ADDRESSES = envbool("RUMBO_ALLOW_PRIVATE_ADDRESSES", envbool("RUMBO_WEBHOOKS_ALLOW_PRIVATE"))
# A push to a federation on another Rumbo that failed is tried again after this, then 5, 30, 120 and 720 times it.
RUMBO_FEDERATION_RETRY_SECONDS = envint("RUMBO_FEDERATION_RETRY_SECONDS", 60)
RUMBO_TRASH_DAYS = envint("RUMBO_TRASH_DAYS", 30)  # days a deleted KPI or objective can be restored
RUMBO_UPLOAD_MAX_BYTES = envint("RUMBO_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}
