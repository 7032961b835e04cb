"""One settings module, read from the environment through typed helpers."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.strip().lower() in _TRUE:
        return True
    if raw.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false)")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None


def envsecret(name: str, default: str | None = None) -> str | None:
    """The value of NAME, or the contents of the file named by NAME_FILE."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


DEBUG = envbool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if host.strip()
]
# An HTTPS-only deployment: on when DEBUG is off and the site answers to a name other than
# this machine's loopback. Plain-HTTP local uses — tests and their live server, `make run`
# (DEBUG on), the bench's gunicorn on 127.0.0.1 — keep the default loopback hosts, so they
# are never redirected to https:// nor given cookies a browser only returns over TLS.
# DJANGO_SECURE=true|false overrides the guess (README: "Running it in production").
_LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "[::1]", "testserver"}
SECURE_DEPLOYMENT = envbool(
    "DJANGO_SECURE", not DEBUG and not set(ALLOWED_HOSTS) <= _LOOPBACK_HOSTS
)

SECRET_KEY = envsecret("DJANGO_SECRET_KEY") or ""
if not SECRET_KEY and SECURE_DEPLOYMENT:
    # A made-up key would sign sessions that no other process (or the next restart) accepts.
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) must be set: this is a production "
        "deployment (DEBUG is off and DJANGO_ALLOWED_HOSTS names a public host). For a local "
        "plain-HTTP trial set DJANGO_SECURE=false."
    )
if not SECRET_KEY and DEBUG:
    # A fixed development key only while DEBUG is on.
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
if not SECRET_KEY:
    # Local runs without DEBUG (tests, the bench) get a key unique to this checkout.
    # Written whole, then linked into place: when the web server and the worker start
    # together, the first link wins and both read the same, complete key.
    _key_file = BASE_DIR / ".secret_key"
    if not _key_file.exists():
        import secrets

        _draft = _key_file.with_name(f".secret_key.{os.getpid()}")
        _draft.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        try:
            os.link(_draft, _key_file)
        except FileExistsError:
            pass
        finally:
            _draft.unlink()
    SECRET_KEY = _key_file.read_text(encoding="utf-8").strip()

# Rotating the key (README: "Running it in production"): the old key(s) here, comma-separated,
# keep sessions and password-reset links signed with them valid until they expire.
SECRET_KEY_FALLBACKS = [
    key.strip()
    for key in (envsecret("DJANGO_SECRET_KEY_FALLBACKS") or "").split(",")
    if key.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # Inline partials ({% partialdef %}); built into Django only from 6.0.
    "template_partials",
    # django-ninja's own copy of Swagger UI (static files, no CDN) for /api/v1/docs.
    "ninja",
    "advisor",
    "advisor.jobs",
    # Login lockout after repeated failures (issue 8); its attempts live in the database.
    "axes",
]

MIDDLEWARE = [
    # Operators' side first (advisor/ops): the request id every log line and job carries,
    # the request metrics, then /healthz, /readyz and /metrics answered before the host
    # check and the HTTPS redirect (a load balancer probes an instance by its address).
    "advisor.ops.request_ids.RequestIdMiddleware",
    "advisor.ops.metrics.RequestMetricsMiddleware",
    "advisor.ops.endpoints.OperatorEndpointsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Serves static files (htmx, our stylesheet) from gunicorn too; no separate web server.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "advisor.middleware.PermissionsPolicyMiddleware",
    "advisor.middleware.RateLimitMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the 429 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out username+address before the password is even checked.
    "advisor.middleware.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "assessment_list"
LOGOUT_REDIRECT_URL = "start"

ROOT_URLCONF = "advisor.urls"
WSGI_APPLICATION = "advisor.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Connections are kept for a minute (one per web thread): opening one costs
        # PostgreSQL a new backend process, milliseconds of CPU on every request otherwise.
        conn_max_age=envint("DJANGO_CONN_MAX_AGE", 60),
        # A kept connection the database dropped (a restart) is replaced before a request
        # uses it, instead of failing that request (tests/faults/test_database_restart.py).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded stack's web server and worker write to one SQLite file. A transaction
    # that reads and then writes (get_or_create) cannot wait for the lock to upgrade and
    # fails at once with "database is locked"; IMMEDIATE takes the write lock at BEGIN and
    # waits for it up to `timeout` seconds (https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-transaction-behavior).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# gunicorn serves static files through WhiteNoise even when `collectstatic` has not run.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

# --- Artefact storage (issue 18; README: "Running it in production") ---------------------
# Artefacts (PDF reports, starter repos) go through Django's storage API: files under
# DJANGO_MEDIA_ROOT by default (nothing to configure), or with USE_S3=true a private
# S3-compatible bucket that every web and worker process on every machine shares.
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
USE_S3 = envbool("USE_S3", False)
# A download is answered with a presigned URL valid this long (the access checks come
# first), or streamed through the web process with ADVISOR_S3_DOWNLOADS=stream (for a
# bucket the browsers cannot reach).
ADVISOR_S3_PRESIGN_S = envint("ADVISOR_S3_PRESIGN_S", 60)
ADVISOR_S3_DOWNLOADS = os.environ.get("ADVISOR_S3_DOWNLOADS", "presigned").strip() or "presigned"
if ADVISOR_S3_DOWNLOADS not in {"presigned", "stream"}:
    raise ImproperlyConfigured(
        f"ADVISOR_S3_DOWNLOADS={ADVISOR_S3_DOWNLOADS!r}: use presigned or stream"
    )
if USE_S3:
    from advisor.s3 import s3_storage

    if not (_bucket := os.environ.get("ADVISOR_S3_BUCKET", "").strip()):
        raise ImproperlyConfigured("USE_S3=true needs ADVISOR_S3_BUCKET (the bucket's name)")
    STORAGES["default"] = s3_storage(
        bucket=_bucket,
        endpoint_url=os.environ.get("ADVISOR_S3_ENDPOINT_URL", "").strip(),
        region=os.environ.get("ADVISOR_S3_REGION", "").strip(),
        # The _FILE forms read a mounted secret; unset, boto3 finds credentials itself.
        access_key=envsecret("AWS_ACCESS_KEY_ID"),
        secret_key=envsecret("AWS_SECRET_ACCESS_KEY"),
        prefix=os.environ.get("ADVISOR_S3_PREFIX", ""),
        addressing_style=os.environ.get("ADVISOR_S3_ADDRESSING_STYLE", "").strip(),
        presign_s=ADVISOR_S3_PRESIGN_S,
        connect_timeout_s=envint("ADVISOR_S3_CONNECT_TIMEOUT_S", 5),
        read_timeout_s=envint("ADVISOR_S3_READ_TIMEOUT_S", 30),
    )

# --- Export jobs on Celery (issue 7) ------------------------------------------------------
VAR_DIR = Path(os.environ.get("ADVISOR_VAR_DIR", BASE_DIR / "var"))
# Embedded default: kombu's filesystem transport needs no server (measured: ~0.1 s per task
# with a 0.1 s poll, like the SQLAlchemy transport, and no extra dependency). Production sets
# CELERY_BROKER_URL=redis://...
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_TASK_TIME_LIMIT = envint("ADVISOR_EXPORT_TIME_LIMIT_S", 300)  # hard: the child is killed
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30  # soft: the job fails in plain words
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker" / os.environ.get("ADVISOR_BROKER_NAME", "default")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "polling_interval": 0.1,
    }
else:
    # Redis redelivers an unacknowledged task after the visibility timeout: it must outlast
    # the hard time limit or a slow but healthy job would be handed to a second worker.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT * 2}
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("ADVISOR_CELERY_QUEUE", "advisor")
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True  # the ExportJob row is the result
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long jobs: never hoard tasks another worker could run
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# A click must not hang when the broker is down: fail fast; the job stays queued and the
# workers' periodic sweep sends it again (advisor/jobs/services.py: export_jobs_requeue).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}
ADVISOR_JOB_SWEEP_INTERVAL_S = envint("ADVISOR_JOB_SWEEP_INTERVAL_S", 15)
ADVISOR_JOB_STALE_RUNNING_S = envint("ADVISOR_JOB_STALE_RUNNING_S", 30)
ADVISOR_JOB_STALE_QUEUED_S = envint("ADVISOR_JOB_STALE_QUEUED_S", 60)
ADVISOR_JOB_MAX_ATTEMPTS = envint("ADVISOR_JOB_MAX_ATTEMPTS", 3)

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# SMTP (DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend) from the environment.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("DJANGO_EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = envbool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "advisor@localhost")

# --- Security (issue 8; README: "Running it in production") ------------------------------
# HTTPS: each switch defaults to on for an HTTPS-only deployment (SECURE_DEPLOYMENT above).
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", SECURE_DEPLOYMENT)
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31_536_000 if SECURE_DEPLOYMENT else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", SECURE_DEPLOYMENT)
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", SECURE_DEPLOYMENT)
SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", SECURE_DEPLOYMENT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from <body hx-headers>, never the cookie
# Behind a TLS-terminating proxy: the header it sets, e.g. X-Forwarded-Proto (value "https").
if _proxy_ssl_header := os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip():
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]
# Proxies in front that append to X-Forwarded-For (0: clients connect directly). Rate limits
# and the login lockout count by this client address (advisor/middleware.py: client_ip).
ADVISOR_TRUSTED_PROXY_COUNT = envint("DJANGO_TRUSTED_PROXY_COUNT", 0)

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
ADVISOR_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=(), fullscreen=(self)"
)

# Content-Security-Policy (django-csp): no inline script, no eval, nothing from elsewhere.
# Inline `style=` attributes (allowed by style-src-attr only, which cannot run code) are
# what the pages' own markup uses; pictures are images of their own, with no <style>.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],  # the diagram's AWS icons are embedded as data: URIs
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if SECURE_DEPLOYMENT:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

# Shared cache: rate-limit counters. Local memory by default (one process: tests, make run);
# several web processes need one shared store, e.g. DJANGO_CACHE_URL=redis://host:6379/1.
_cache_url = os.environ.get("DJANGO_CACHE_URL", "").strip()
if _cache_url and not _cache_url.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"DJANGO_CACHE_URL={_cache_url!r} is not a redis:// URL")
# What saved assessments compute and draw is kept once for every web process, by content
# (advisor/pictures.py): the engine's answer for a revision ("results") and its pictures
# ("pictures"). Files by default under var/, each written to a temporary file and renamed
# into place, at most ADVISOR_SHARED_CACHE_ENTRIES of each (past that Django's file cache
# deletes a third, at random); with DJANGO_CACHE_URL, in that Redis, each entry kept for
# ADVISOR_SHARED_CACHE_DAYS (give Redis a maxmemory with an LRU policy to bound it by size).
_SHARED_CACHE_S = envint("ADVISOR_SHARED_CACHE_DAYS", 30) * 24 * 3600
_SHARED_CACHE_ENTRIES = envint("ADVISOR_SHARED_CACHE_ENTRIES", 3000)


def _shared_cache(name: str) -> dict[str, object]:
    if _cache_url:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": name,
            "TIMEOUT": _SHARED_CACHE_S,
        }
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / name),
        "TIMEOUT": _SHARED_CACHE_S,
        "OPTIONS": {"MAX_ENTRIES": _SHARED_CACHE_ENTRIES},
    }


CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    "pictures": _shared_cache("pictures"),
    "results": _shared_cache("results"),
}

# Rate limits, "COUNT/PERIOD" (period: s, m, h, d, e.g. 10m), counted per client address
# (sign-up, log-in) or per user, else address (export creation). The live questionnaire is
# never limited: typing sends a request per pause. A limited request gets templates/429.html.
ADVISOR_RATE_LIMITS = {
    "signup": os.environ.get("ADVISOR_RATE_LIMIT_SIGNUP", "20/h"),
    "login": os.environ.get("ADVISOR_RATE_LIMIT_LOGIN", "30/5m"),
    "export": os.environ.get("ADVISOR_RATE_LIMIT_EXPORT", "20/m"),
}
RATELIMIT_IP_META_KEY = "advisor.middleware.client_ip"

# Login lockout (django-axes): 5 failed log-ins for one username from one address within
# 15 minutes lock that pair out for 15 minutes (each further try restarts the wait).
AXES_FAILURE_LIMIT = envint("ADVISOR_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("ADVISOR_LOGIN_LOCKOUT_MINUTES", 15))
AXES_USE_ATTEMPT_EXPIRATION = True  # failures older than the cool-off no longer count
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "advisor.middleware.client_ip"
AXES_LOCKOUT_CALLABLE = "advisor.middleware.lockout_response"
AXES_VERBOSE = False

# --- Operators (issue 18; README: "Running it in production") ------------------------------
# /readyz gives each dependency this long; /metrics answers only `Authorization: Bearer
# METRICS_TOKEN` (or the contents of METRICS_TOKEN_FILE) and is a 404 while neither is set.
ADVISOR_READY_TIMEOUT_S = envint("ADVISOR_READY_TIMEOUT_S", 2)
ADVISOR_METRICS_TOKEN = envsecret("METRICS_TOKEN") or ""

# Logs: one JSON object a line in production (python-json-logger: a plain logging.Formatter,
# so Django's, Celery's and our loggers all use it unchanged), plain text elsewhere; every
# record carries the request id (advisor/ops/request_ids.py), in a worker the id of the
# request that started its job.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "json" if SECURE_DEPLOYMENT else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT={LOG_FORMAT!r}: use json or text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "advisor.ops.request_ids.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
