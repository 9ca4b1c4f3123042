"""cpboard settings: one file, read from the environment (see README "Configuration" and .env.example)."""

from __future__ import annotations

import secrets
from pathlib import Path

import environ

from cpboard.db import EMBEDDED_DB_NAME, EMBEDDED_ENGINE
from cpboard.startup import RefusedToStart, production_refusals, refuse

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# "local" (a laptop, the demo, the tests) or "production" (a council's server).
ENVIRONMENT = env.str("CPBOARD_ENVIRONMENT", default="local")
if ENVIRONMENT not in {"local", "production"}:
    raise RefusedToStart(
        f"cpboard will not start: CPBOARD_ENVIRONMENT must be 'local' or 'production', not {ENVIRONMENT!r}."
    )
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env.bool("CPBOARD_DEBUG", default=False)


def _local_secret_key() -> str:
    """A random key kept in var/ so local sessions survive restarts; never used in production."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY and not PRODUCTION:
    SECRET_KEY = _local_secret_key()
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "template_partials",
    "crispy_forms",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",  # the task queue's table (board packs are built by `manage.py board_worker`)
    "cpboard.core",
    "cpboard.accounts",
    "performance",
    "pledge",
    "training",
    "visits",  # after training: its demo uses the people directory and training records
    "cpboard.actions",
    "cpboard.board",  # last: its packs draw on every other app
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cpboard.core.middleware.PermissionsPolicyMiddleware",
    # /healthz and /readyz answer here: before host checks, sessions, sign-in and the security log.
    "cpboard.core.health.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "cpboard.accounts.middleware.MFARequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "cpboard.core.middleware.NoStoreMiddleware",
    # After messages, CSP and no-store, so the "signed out" redirect carries its message and headers.
    "cpboard.accounts.middleware.SessionLifetimeMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so it runs before any view or process_view (CSRF's reads the body) and its 413 page gets every
    # header above: too large a request is refused from its Content-Length before anything reads the body.
    "cpboard.core.middleware.RequestSizeLimitMiddleware",
]

ROOT_URLCONF = "cpboard.urls"
WSGI_APPLICATION = "cpboard.wsgi.application"

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
                "csp.context_processors.nonce",
                "cpboard.core.context_processors.council",
            ],
        },
    }
]

# --- Database: PostgreSQL always. DATABASE_URL if set, else the embedded server under var/pgdata, which the
# cpboard.db.embedded backend starts on the first connection (importing settings starts nothing).
DATABASE_URL = env.str("DATABASE_URL", default="")
if DATABASE_URL:
    DATABASES = {"default": env.db_url_config(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": EMBEDDED_ENGINE,
            "NAME": EMBEDDED_DB_NAME,
            # Relative to the project directory; an absolute path is used as it is.
            "DATA_DIR": BASE_DIR / env.str("CPBOARD_PGDATA_DIR", default="var/pgdata"),
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Each worker thread keeps its connection for this many seconds (0: a new one per request), saving the connection
# set-up (and, on PostgreSQL, a backend process fork) on every page. 60 in production; 0 locally, where the tests
# and `manage.py` commands would otherwise hold connections open.
DATABASES["default"].setdefault(
    "CONN_MAX_AGE", env.int("CPBOARD_CONN_MAX_AGE", default=60 if PRODUCTION else 0)
)
# A kept connection is checked before reuse, so a database that restarted is reconnected to, not a 503.
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# A database host that does not answer fails a request in seconds (a 503 page), not after minutes.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout", env.int("CPBOARD_DB_CONNECT_TIMEOUT", default=5)
)
DATABASES["default"].setdefault("TEST", {})["NAME"] = env.str(
    "CPBOARD_TEST_DATABASE", default=f"test_{DATABASES['default']['NAME']}"
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background work: board packs are built by a worker, never in a web request (README "Background work").
# Django's tasks API (django.tasks from Django 6; the django-tasks backport on 5.2) with the database backend:
# the queue is a table in our PostgreSQL, so there is no other server, and workers on any number of machines
# share it (each claims a task with SELECT ... FOR UPDATE SKIP LOCKED). `manage.py board_worker` runs one.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# What builds a pack: a function (build, *, progress) -> PackVersion; its module's PackNotReady(message) is a
# refusal shown to the person as it is worded (cpboard/board/services/builds.py).
PACK_BUILDER = env.str("CPBOARD_PACK_BUILDER", default="cpboard.board.services.packs.build_pack")
# A running build whose worker has not shown a sign of life for this long is taken to have stopped (the worker
# writes a heartbeat every PACK_BUILD_HEARTBEAT_SECONDS while it builds): it is started again, or failed with
# a message once it has been tried PACK_BUILD_ATTEMPTS times. A waiting build says so after as long.
PACK_BUILD_STALE_SECONDS = env.int("CPBOARD_PACK_BUILD_STALE_SECONDS", default=120)
PACK_BUILD_HEARTBEAT_SECONDS = env.float(
    "CPBOARD_PACK_BUILD_HEARTBEAT_SECONDS", default=max(1.0, PACK_BUILD_STALE_SECONDS / 6)
)
PACK_BUILD_ATTEMPTS = env.int("CPBOARD_PACK_BUILD_ATTEMPTS", default=2)

# --- People, sign-in, MFA, lockout
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A password reset by an administrator gives a one-time set-password link that works for this long.
PASSWORD_LINK_HOURS = env.int("CPBOARD_PASSWORD_LINK_HOURS", default=24)
PASSWORD_RESET_TIMEOUT = PASSWORD_LINK_HOURS * 3600
# Multi-factor authentication for every staff and councillor account. Only a local demo may turn it off;
# production refuses to start without it (the refusals at the end of this file, and system check cpboard.E001).
MFA_REQUIRED = env.bool("CPBOARD_MFA_REQUIRED", default=True)
OTP_TOTP_ISSUER = env.str("CPBOARD_OTP_ISSUER", default="cpboard")
AXES_FAILURE_LIMIT = env.int("CPBOARD_LOCKOUT_FAILURES", default=5)
AXES_COOLOFF_TIME = env.float("CPBOARD_LOCKOUT_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cpboard.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("CPBOARD_PROXY_COUNT", default=0)
# axes would otherwise use REMOTE_ADDR (django-ipware is not installed), which behind the proxy is the proxy's:
# five failures for a username from anywhere would lock that person out for everyone. Same address as the log.
AXES_CLIENT_IP_CALLABLE = "cpboard.core.security_log.client_ip"
# State that every app server must share lives in PostgreSQL, never in a per-process cache: lockouts (axes'
# database handler), sessions (the database engine) and rate limits (cpboard.core.models.RateLimitWindow).
# The one cache is Django's database cache, in PostgreSQL too, so every server shares it (rendered scorecards,
# cpboard.core.shared_cache; its table is created by migrate). Nothing uses a per-process cache
# (tests/core/test_shared_state.py checks), so adding app servers changes no behaviour.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cpboard_cache",
        # Rendered scorecards: one per quarter, filter and class of person. Beyond this many entries Django
        # deletes a third of them (the oldest expiry first) on the next write.
        "OPTIONS": {"MAX_ENTRIES": env.int("CPBOARD_CACHE_MAX_ENTRIES", default=2000)},
    }
}
# Password spraying: this many failed sign-ins from one address within the cool-off period, whatever the
# usernames, pause that address for the cool-off period (cpboard.accounts.lockout). 0 turns it off.
LOCKOUT_FAILURES_PER_ADDRESS = env.int("CPBOARD_LOCKOUT_FAILURES_PER_ADDRESS", default=20)

# --- Sessions: idle timeout (the session's expiry, refreshed by activity) and absolute lifetime.
SESSION_IDLE_MINUTES = env.int("CPBOARD_SESSION_IDLE_MINUTES", default=30)
SESSION_ABSOLUTE_HOURS = env.float("CPBOARD_SESSION_ABSOLUTE_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# The session is not written on every request (a database write per page): SessionLifetimeMiddleware refreshes
# its expiry at most once every SESSION_REFRESH_SECONDS of activity, so the idle timeout is kept to within that.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "cpboard.core.views.csrf_failure"

# --- Security headers (django-csp 4: no inline scripts or styles).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page uses, switched off for the site and anything it might embed.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
}
# Load balancers probe these over plain HTTP (SECURE_REDIRECT_EXEMPT is matched without the leading slash).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("CPBOARD_SSL_REDIRECT", default=True)
    if not SECURE_SSL_REDIRECT:
        # Only where the proxy itself redirects plain HTTP to HTTPS (docs/production.md): Django's deployment
        # check would otherwise stop `cpboard serve`.
        SILENCED_SYSTEM_CHECKS = ["security.W008"]
    SECURE_HSTS_SECONDS = env.int("CPBOARD_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = (
        ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("CPBOARD_BEHIND_PROXY", default=True) else None
    )

# --- Files
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("CPBOARD_STATIC_ROOT", default=VAR_DIR / "static")
# Uploaded files live in the named storage "uploads" (cpboard.core.storage.upload_storage): every read, write
# and delete goes through it, never a filesystem path. CPBOARD_UPLOAD_STORAGE picks it:
# - "local" (default): a folder, CPBOARD_UPLOAD_ROOT, never served; files 0600, folders 0700. One server, or
#   several sharing one mounted folder;
# - "s3": an S3-compatible object store through django-storages (pip install 'cpboard[s3]'), the option for
#   several app servers (docs/several-servers.md). boto3 is imported only when this is chosen.
UPLOAD_STORAGE = env.str("CPBOARD_UPLOAD_STORAGE", default="local")
UPLOAD_ROOT = env.path("CPBOARD_UPLOAD_ROOT", default=VAR_DIR / "uploads")  # never served directly
MEDIA_ROOT = UPLOAD_ROOT  # nothing of ours uses the default storage; kept pointing at the same private folder
if UPLOAD_STORAGE == "local":
    _uploads: dict = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(UPLOAD_ROOT),
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
elif UPLOAD_STORAGE == "s3":
    _s3_secret = env.str("CPBOARD_S3_SECRET_ACCESS_KEY", default="") or env.str(
        "AWS_SECRET_ACCESS_KEY", default=""
    )
    _uploads = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("CPBOARD_S3_BUCKET"),
            "location": env.str("CPBOARD_S3_PREFIX", default="uploads"),
            # Unset: boto3 finds credentials itself (AWS_* variables, an instance role, ~/.aws).
            "access_key": env.str("CPBOARD_S3_ACCESS_KEY_ID", default="")
            or env.str("AWS_ACCESS_KEY_ID", default="")
            or None,
            "secret_key": _s3_secret or None,
            "endpoint_url": env.str("CPBOARD_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("CPBOARD_S3_REGION", default="")
            or env.str("AWS_DEFAULT_REGION", default="")
            or None,
            "default_acl": "private",
            "querystring_auth": True,  # never a public address: files leave only through the download view
            "file_overwrite": False,
            # e.g. AES256 or aws:kms; empty for stores that encrypt by themselves or do not take the header.
            "object_parameters": {"ServerSideEncryption": _sse}
            if (_sse := env.str("CPBOARD_S3_ENCRYPTION", default=""))
            else {},
            "verify": env.bool("CPBOARD_S3_VERIFY_TLS", default=True),
        },
    }
else:
    raise RefusedToStart(
        f"cpboard will not start: CPBOARD_UPLOAD_STORAGE must be 'local' or 's3', not {UPLOAD_STORAGE!r}."
    )
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
    "uploads": _uploads,
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
UPLOAD_MAX_BYTES = env.int("CPBOARD_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
# Everything in a request but its files: the largest form (a quarter's figures: every indicator's numbers,
# a 200-character reason each and 5,000 characters of commentary) is under 200 KB even in non-Latin text.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# The quarter form has four fields per quarterly indicator (60 in the standard catalogue: about 240 fields).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
# A request larger than this is refused (413) from its Content-Length before its body is read; nginx's
# client_max_body_size should be the same (docs/production.md).
REQUEST_MAX_BYTES = UPLOAD_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE
# Django keeps an upload in memory when the whole request is at most this: every request that passes the
# size check, so uploads are never written to a temporary directory.
FILE_UPLOAD_MAX_MEMORY_SIZE = REQUEST_MAX_BYTES
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
BACKUP_DIR = env.path("CPBOARD_BACKUP_DIR", default=VAR_DIR / "backups")
DFE_DATA_DIR = env.path("CPBOARD_DFE_DATA_DIR", default=BASE_DIR / "data" / "dfe")

# --- The council and its wording
COUNCIL_NAME = env.str("CPBOARD_COUNCIL_NAME", default="Thistledon Council")
BOARD_NAME = env.str("CPBOARD_BOARD_NAME", default="Corporate Parenting Board")
CICC_NAME = env.str("CPBOARD_CICC_NAME", default="Children in Care Council")
CHILDREN_TERM = env.str("CPBOARD_CHILDREN_TERM", default="children in care")
PROTECTIVE_MARKING = env.str("CPBOARD_PROTECTIVE_MARKING", default="OFFICIAL-SENSITIVE")
# The footer's pages (help, privacy notice, accessibility statement): who to contact, in the council's words.
# The defaults are the demo council's; a council sets its own (README, "The council's wording").
HELP_CONTACT = env.str(
    "CPBOARD_HELP_CONTACT", default="the board's support officer, Thistledon Council children's services"
)
HELP_EMAIL = env.str("CPBOARD_HELP_EMAIL", default="cpboard-help@thistledon.example")
HELP_PHONE = env.str("CPBOARD_HELP_PHONE", default="")
# Email (training reminders). No backend is configured unless CPBOARD_EMAIL_HOST is set: reminders are then
# only listed, never sent (training/management/commands/training_reminders.py).
EMAIL_HOST = env.str("CPBOARD_EMAIL_HOST", default="")
EMAIL_PORT = env.int("CPBOARD_EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("CPBOARD_EMAIL_USER", default="")
EMAIL_HOST_PASSWORD = env.str("CPBOARD_EMAIL_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("CPBOARD_EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env.str("CPBOARD_EMAIL_FROM", default="cpboard@thistledon.example")
EMAIL_BACKEND = env.str(
    "CPBOARD_EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.dummy.EmailBackend",
)
DPO_CONTACT = env.str(
    "CPBOARD_DPO_CONTACT", default="The Data Protection Officer, Thistledon Council, dpo@thistledon.example"
)
# The lawful basis the council relies on: the council's decision (its DPIA), so the demo says that it is to be set.
LAWFUL_BASIS = env.str(
    "CPBOARD_LAWFUL_BASIS",
    default=(
        "[The council states its lawful basis here, for example: public task (UK GDPR Article 6(1)(e)), "
        "the council's duties as corporate parent under the Children and Social Work Act 2017.]"
    ),
)
ACCESSIBILITY_CONTACT = env.str("CPBOARD_ACCESSIBILITY_CONTACT", default="accessibility@thistledon.example")
# When the council last checked the service itself (DD/MM/YYYY), and when this statement was prepared.
ACCESSIBILITY_TESTED_ON = env.str("CPBOARD_ACCESSIBILITY_TESTED_ON", default="")
ACCESSIBILITY_STATEMENT_PREPARED_ON = env.str("CPBOARD_ACCESSIBILITY_STATEMENT_PREPARED_ON", default="")
# The council's DfE local-authority code. Never guessed in production (813, North Lincolnshire, is the demo's):
# production refuses to start without it (cpboard/startup.py).
COUNCIL_LA_CODE = env.str("CPBOARD_LA_CODE", default="" if PRODUCTION else "813").strip()
SMALL_NUMBER_THRESHOLD = env.int("CPBOARD_SMALL_NUMBER_THRESHOLD", default=5)
# Four eyes: the person who submitted a quarter may not also sign it off, unless a small team allows it.
SIGNOFF_BY_SUBMITTER = env.bool("CPBOARD_SIGNOFF_BY_SUBMITTER", default=False)

# --- Retention, in days, per kind of record (see SECURITY.md). `manage.py purge_expired` (run daily) applies them.
RETENTION_DAYS = {
    # Security log entries (sign-ins, failures, lockouts, role changes, exports, downloads): deleted.
    "security_events": env.int("CPBOARD_RETAIN_SECURITY_EVENTS_DAYS", default=2 * 365),
    # Uploaded import files: the bytes are deleted; the StoredFile row stays as the figures' provenance.
    "import_files": env.int("CPBOARD_RETAIN_IMPORT_FILES_DAYS", default=365),
    # People deactivated this long ago: name, email, username, organisation and job title are anonymised,
    # in their history too; what they entered stays, attributed to "Former user N".
    "deactivated_people": env.int("CPBOARD_RETAIN_DEACTIVATED_PEOPLE_DAYS", default=2 * 365),
    # django-axes sign-in attempt records (username, IP address, browser): deleted.
    "axes_attempts": env.int("CPBOARD_RETAIN_LOGIN_ATTEMPTS_DAYS", default=90),
    # People in the directory without a sign-in account who left this long ago: name, email, ward, party,
    # job title and organisation are anonymised, in their history too; their training records stay (as
    # "Former person N") so past compliance figures do not change.
    "people_who_left": env.int("CPBOARD_RETAIN_PEOPLE_WHO_LEFT_DAYS", default=2 * 365),
}

# --- Forms, messages, language
CRISPY_ALLOWED_TEMPLATE_PACKS = ("govuk",)
CRISPY_TEMPLATE_PACK = "govuk"
CRISPY_FAIL_SILENTLY = not DEBUG
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# The children's survey pages are drawn in the language the child chooses (pledge/views/answering.py); the rest
# of the product is in English. Interface words are in locale/ (the .mo files are committed).
LANGUAGES = [("en-gb", "English"), ("en", "English"), ("ar", "Arabic")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# No "revert to this version" in the administration site: it would write without save_audited's reason,
# and could restore fields (such as is_superuser) that no form offers.
SIMPLE_HISTORY_REVERT_DISABLED = True

LOG_LEVEL = env.str("CPBOARD_LOG_LEVEL", default="WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A database that cannot be reached is logged as one line per request by cpboard.availability, not as a
    # traceback from django.request, and readiness probes that answer 503 are not logged at all.
    "filters": {"outage": {"()": "cpboard.core.availability.OutageLogFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL},
        "django.request": {"filters": ["outage"]},
        "cpboard": {"handlers": ["console"], "level": LOG_LEVEL},
        "axes": {"handlers": ["console"], "level": "WARNING"},
    },
}

# --- Production refuses to start with settings that would expose people's data. Checked here, when settings
# load, so every way of starting the application refuses (a WSGI server never runs system checks): one line.
if PRODUCTION:
    refuse(
        production_refusals(
            secret_key=SECRET_KEY,
            debug=DEBUG,
            allowed_hosts=ALLOWED_HOSTS,
            mfa_required=MFA_REQUIRED,
            la_code=COUNCIL_LA_CODE,
        )
    )
