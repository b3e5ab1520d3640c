"""The one settings module: every value comes from the environment (see .env.example)."""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from bansou.env import env_bool, env_int, env_list, env_str, read_or_create_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("BANSOU_VAR_DIR", str(BASE_DIR / "var")))
# The test suite runs in parallel (pytest-xdist): each worker keeps its own files (test database,
# uploads, job progress), so that two workers never write the same file. A run without workers
# (-n 0) keeps its own as well, apart from the demo's: the demo's collected static files would
# make the test server's pages name hashed files that it does not serve.
if _xdist_worker := os.environ.get("PYTEST_XDIST_WORKER"):
    VAR_DIR = VAR_DIR / "test-workers" / _xdist_worker
elif os.environ.get("PYTEST_VERSION"):
    VAR_DIR = VAR_DIR / "test-workers" / "main"

DEBUG = env_bool("BANSOU_DEBUG", default=False)
# Without BANSOU_SECRET_KEY a random key is made once and kept in var/secret_key, so that a
# chamber's single-server install needs no configuration and sessions survive restarts.
SECRET_KEY = env_str("BANSOU_SECRET_KEY", "") or read_or_create_secret_key(VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("BANSOU_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("BANSOU_CSRF_TRUSTED_ORIGINS", [])

# bansou's apps come first so that their translations win over Django's for shared msgids
# ("name" is 名称 on a business, not Django's 名前).
INSTALLED_APPS = [
    "bansou.core",
    "bansou.organizations",
    "bansou.accounts",
    "bansou.audit",
    "bansou.businesses",
    "bansou.support",
    "bansou.motivation",
    "bansou.analysis",
    "bansou.business_plans",
    "bansou.followups",
    "bansou.selfreports",
    "bansou.dashboard",
    "bansou.events",
    "bansou.dxmatch",
    "bansou.partners",
    "bansou.programmes",
    "bansou.imise",
    "bansou.vouchers",
    "bansou.surveys",
    "bansou.demand",
    "bansou.evaluation",
    "bansou.committee",
    "bansou.meetings",
    "bansou.dataio",
    "bansou.jobs",
    "bansou.reminders",
    "bansou.demo",
    "bansou.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # The task queue as a table of the same database (django.tasks' database backend).
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # django-ninja's own templates and static files: the API docs are served locally.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "bansou.audit.context.AuditContextMiddleware",
    "bansou.core.middleware.UploadSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Outside the session checks, so that every answer to a logged-in user is marked no-store.
    "bansou.core.middleware.PrivateResponseMiddleware",
    "bansou.accounts.middleware.SessionTimeoutMiddleware",
    "bansou.accounts.middleware.SecondFactorMiddleware",
    "bansou.core.conflicts.VersionConflictMiddleware",
    # Last, as django-axes asks: it turns a lockout into the login page's message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bansou.urls"
WSGI_APPLICATION = "bansou.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
            "builtins": ["bansou.core.templatetags.wareki", "bansou.core.templatetags.formats"],
        },
    },
]

# SQLite by default (a file under var/), PostgreSQL through DATABASE_URL.
_SQLITE_PATH = VAR_DIR / "bansou.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{_SQLITE_PATH}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two writers wait instead of deadlocking.
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("BANSOU_SQLITE_TIMEOUT", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if env_bool("BANSOU_FAST_PASSWORD_HASHER", default=False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
# Each app keeps its own catalogue in <app>/locale (found through INSTALLED_APPS).
LOCALE_PATHS: list = []
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
# WhiteNoise also serves straight from the app and vendor folders, so runserver and the tests
# need no collectstatic step; `bansou serve` (and `make demo`) collect them into STATIC_ROOT with
# a content hash in each name and gzip/brotli copies, which WhiteNoise sends cached for a year.
WHITENOISE_USE_FINDERS = True
WHITENOISE_KEEP_ONLY_HASHED_FILES = True  # the plain names come from the finders
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "bansou.core.staticfiles.StaticFilesStorage"},
}

# Django's built-in Content Security Policy: no inline script, no third-party origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
CSRF_FAILURE_VIEW = "bansou.core.error_views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("BANSOU_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# HTTPS in production (.env.example): the proxy in front terminates TLS and says so in
# X-Forwarded-Proto, which only a proxy that sets it on every request may be trusted for.
if env_bool("BANSOU_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("BANSOU_SSL_REDIRECT", default=False)
# Uptime checks on the machine itself ask the server directly, without TLS.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env_int("BANSOU_HSTS_SECONDS", 0)
if SECURE_HSTS_SECONDS < 0:
    raise ImproperlyConfigured("BANSOU_HSTS_SECONDS must be 0 (off) or more")
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("BANSOU_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("BANSOU_HSTS_PRELOAD", default=False)

# Sessions (ASVS 3.3): closed after BANSOU_SESSION_IDLE_MINUTES without a request and, whatever
# the activity, BANSOU_SESSION_MAX_HOURS after the login (bansou.accounts.middleware).
BANSOU_SESSION_IDLE_MINUTES = env_int("BANSOU_SESSION_IDLE_MINUTES", 30)
BANSOU_SESSION_MAX_HOURS = env_int("BANSOU_SESSION_MAX_HOURS", 12)
if BANSOU_SESSION_IDLE_MINUTES < 1 or BANSOU_SESSION_MAX_HOURS < 1:
    raise ImproperlyConfigured(
        "BANSOU_SESSION_IDLE_MINUTES and BANSOU_SESSION_MAX_HOURS must be at least 1"
    )
SESSION_COOKIE_AGE = BANSOU_SESSION_MAX_HOURS * 3600

# Login throttling (ASVS 2.2.1) with django-axes: BANSOU_LOCKOUT_FAILURES wrong passwords for one
# user name from one address lock that pair for BANSOU_LOCKOUT_MINUTES. One address (a chamber's
# office shares one) and one user name (tried from many addresses) have their own, higher limits.
BANSOU_LOCKOUT_FAILURES = env_int("BANSOU_LOCKOUT_FAILURES", 5)
BANSOU_LOCKOUT_MINUTES = env_int("BANSOU_LOCKOUT_MINUTES", 15)
BANSOU_LOCKOUT_ACCOUNT_FAILURES = env_int("BANSOU_LOCKOUT_ACCOUNT_FAILURES", 20)
BANSOU_LOCKOUT_ADDRESS_FAILURES = env_int("BANSOU_LOCKOUT_ADDRESS_FAILURES", 30)
if (
    min(
        BANSOU_LOCKOUT_FAILURES,
        BANSOU_LOCKOUT_MINUTES,
        BANSOU_LOCKOUT_ACCOUNT_FAILURES,
        BANSOU_LOCKOUT_ADDRESS_FAILURES,
    )
    < 1
):
    raise ImproperlyConfigured("the BANSOU_LOCKOUT_* variables must be at least 1")
# The client's address is REMOTE_ADDR unless this many reverse proxies (each appending to
# X-Forwarded-For) stand in front of bansou; never trust the header without them.
BANSOU_TRUSTED_PROXY_COUNT = env_int("BANSOU_TRUSTED_PROXY_COUNT", 0)
if BANSOU_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("BANSOU_TRUSTED_PROXY_COUNT must be 0 or more")
AXES_FAILURE_LIMIT = BANSOU_LOCKOUT_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=BANSOU_LOCKOUT_MINUTES)
# The order matches the limits in bansou.accounts.lockout.LockoutHandler.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_HANDLER = "bansou.accounts.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "bansou.accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "bansou.accounts.lockout.lockout_response"
# A lockout lasts its minutes from the failure that caused it, however often it is retried.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Successful logins are recorded by the audit trail; axes keeps only the failures.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Second factor (django-otp): the name authenticator apps show next to the code.
OTP_TOTP_ISSUER = env_str("BANSOU_OTP_ISSUER", "bansou")

BANSOU_PAGE_SIZES = (25, 50, 100)
# The address report links printed on letters start with (https://bansou.example.jp); without
# it a link is shown as the address of the page it is shown on.
BANSOU_PUBLIC_URL = env_str("BANSOU_PUBLIC_URL", "")
# Days an upload that was never imported is kept (with its job) before it is deleted.
BANSOU_IMPORT_RETENTION_DAYS = env_int("BANSOU_IMPORT_RETENTION_DAYS", 14)
if BANSOU_IMPORT_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("BANSOU_IMPORT_RETENTION_DAYS must be at least 1")
# Bounds on an import file, checked before it is read (see dataio/limits.py and .env.example).
# The defaults take a 100,000-row history file with long narratives and refuse zip bombs.
BANSOU_UPLOAD_MAX_MB = env_int("BANSOU_UPLOAD_MAX_MB", 200)
BANSOU_XLSX_MAX_UNCOMPRESSED_MB = env_int("BANSOU_XLSX_MAX_UNCOMPRESSED_MB", 1024)
BANSOU_XLSX_MAX_COMPRESSION_RATIO = env_int("BANSOU_XLSX_MAX_COMPRESSION_RATIO", 100)
BANSOU_XLSX_MAX_SHARED_STRINGS_MB = env_int("BANSOU_XLSX_MAX_SHARED_STRINGS_MB", 128)
BANSOU_IMPORT_MAX_ROWS = env_int("BANSOU_IMPORT_MAX_ROWS", 1_048_576)
BANSOU_IMPORT_MAX_CELLS_PER_ROW = env_int("BANSOU_IMPORT_MAX_CELLS_PER_ROW", 16_384)
BANSOU_CSV_MAX_ROW_KB = env_int("BANSOU_CSV_MAX_ROW_KB", 4096)
for _name in (
    "BANSOU_UPLOAD_MAX_MB",
    "BANSOU_XLSX_MAX_UNCOMPRESSED_MB",
    "BANSOU_XLSX_MAX_COMPRESSION_RATIO",
    "BANSOU_XLSX_MAX_SHARED_STRINGS_MB",
    "BANSOU_IMPORT_MAX_ROWS",
    "BANSOU_IMPORT_MAX_CELLS_PER_ROW",
    "BANSOU_CSV_MAX_ROW_KB",
):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1")

# Days an audit entry is kept before `bansou purge_audit` deletes it (5 years by default).
BANSOU_AUDIT_RETENTION_DAYS = env_int("BANSOU_AUDIT_RETENTION_DAYS", 1825)
if BANSOU_AUDIT_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("BANSOU_AUDIT_RETENTION_DAYS must be at least 1")

# Background jobs (bansou.jobs) through Django's tasks framework: the queue is a table of the
# database, run by `bansou worker` (make demo starts it; deploy/bansou-worker.service).
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    # Runs the job inside the request that starts it (tests; a machine without a worker).
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
}
BANSOU_JOBS_BACKEND = env_str("BANSOU_JOBS_BACKEND", "default")
if BANSOU_JOBS_BACKEND not in TASKS:
    raise ImproperlyConfigured("BANSOU_JOBS_BACKEND must be default or immediate")
# A running job writes a sign of life every few seconds; one silent for longer than
# BANSOU_JOB_STALE_SECONDS lost its worker and is reported failed.
BANSOU_JOB_HEARTBEAT_SECONDS = env_int("BANSOU_JOB_HEARTBEAT_SECONDS", 5)
BANSOU_JOB_STALE_SECONDS = env_int("BANSOU_JOB_STALE_SECONDS", 60)
if BANSOU_JOB_STALE_SECONDS <= BANSOU_JOB_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured("BANSOU_JOB_STALE_SECONDS must exceed BANSOU_JOB_HEARTBEAT_SECONDS")

# E-mail (reminders): Django's mail settings. The demo's backend prints each message on the
# terminal, readable (bansou.core.mail); production sets SMTP.
_EMAIL_BACKEND = env_str("BANSOU_EMAIL_BACKEND", "bansou.core.mail.ConsoleBackend")
_SMTP = _EMAIL_BACKEND.endswith("smtp.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": {
            "host": env_str("BANSOU_EMAIL_HOST", "localhost"),
            "port": env_int("BANSOU_EMAIL_PORT", 25),
            "username": env_str("BANSOU_EMAIL_HOST_USER", ""),
            "password": env_str("BANSOU_EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("BANSOU_EMAIL_USE_TLS", default=False),
        }
        if _SMTP
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("BANSOU_EMAIL_FROM", "bansou@localhost")
# The address the e-mails link to.
BANSOU_SITE_URL = env_str("BANSOU_SITE_URL", "http://127.0.0.1:8000/")
# The daily digest goes out on weekdays from this time of day (TIME_ZONE), sent by the worker.
BANSOU_DIGEST_AT = env_str("BANSOU_DIGEST_AT", "07:30")
if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", BANSOU_DIGEST_AT):
    raise ImproperlyConfigured("BANSOU_DIGEST_AT must be a time of day as HH:MM, e.g. 07:30")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_traceback_below_500": {"()": "bansou.core.error_views.NoTracebackBelow500"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # A 403 or 404 is an answer, not a fault: one line in the log, no traceback.
    "loggers": {
        "django.request": {"filters": ["no_traceback_below_500"]},
        # bansou.accounts.lockout writes one line per failed login; axes' own lines repeat it.
        "axes": {"level": "ERROR"},
    },
    "root": {"handlers": ["console"], "level": env_str("BANSOU_LOG_LEVEL", "WARNING")},
}
