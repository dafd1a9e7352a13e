"""Upheld settings: everything comes from the environment (12-factor).

DATABASE_URL     default: sqlite file in UPHELD_DATA_DIR
SECRET_KEY       default: generated once and kept in UPHELD_DATA_DIR/secret_key
DEBUG            off unless DEBUG=1
EMAIL_URL        smtp://user:pass@host:port (or the usual EMAIL_* settings)
"""

import os
import secrets
from pathlib import Path

import dj_database_url
import dj_email_url


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("UPHELD_DATA_DIR", Path.cwd() / "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public address of links sent out (tracking links, API URLs). Unset, it is the address
# the server listens on: `upheld serve --port 8101` sets UPHELD_HOST/UPHELD_PORT for itself
# and its worker (upheld/ops/server.py), so links follow `PORT=8101 make run`.
SITE_URL = os.environ.get("UPHELD_SITE_URL", "").rstrip("/") or (
    "http://{}:{}".format(
        os.environ.get("UPHELD_HOST", "127.0.0.1"), os.environ.get("UPHELD_PORT", "8000")
    )
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # /api/v1/docs: Swagger UI from the package's static files, not a CDN
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "upheld.core",
    "upheld.organisation",
    "upheld.web",
    "upheld.deadlines",
    "upheld.taxonomy",
    "upheld.complaints",
    "upheld.notify",
    "upheld.letters",
    "upheld.survey",
    "upheld.intake.web",
    "upheld.intake.mail",
    "upheld.intake.bulk",
    "upheld.portal",
    "upheld.desk",
    "upheld.desk.complaint",
    "upheld.desk.queues",
    "upheld.desk.notices",
    "upheld.assurance",
    "upheld.desk.letters",
    "upheld.api",
    "upheld.insight",
    "upheld.improve",
    "upheld.demo",
    "upheld.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every page (security.py)
    "upheld.core.unstorable.RefuseUnstorableText",  # NUL in the address or query → 4xx
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "upheld.core.localtime.LocalTimeMiddleware",  # instants in the organisation's zone
    "django.middleware.common.CommonMiddleware",
    "upheld.api.middleware.JsonMethodNotAllowed",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "upheld.web.second_factor.RequireSecondFactor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out sign-in
]

ROOT_URLCONF = "upheld.project.urls"
WSGI_APPLICATION = "upheld.project.wsgi.application"

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
                "upheld.web.context.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'upheld.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
    # BEGIN, so two lifecycle moves on SQLite queue up instead of failing half-way.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file, not shared-cache memory: threads then see real SQLite locking.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("UPHELD_TEST_SQLITE", str(DATA_DIR / "test.sqlite3"))
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it is made for long analytical queries, and here it compiled
    # for a quarter of a second before a page's read that the planner guessed costly
    # (a filtered queue at a million: 252 ms of a 1,017 ms statement).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail"],
    }
}

# The model backend with each user's permission set kept per process (core/auth.py).
# Axes first: it refuses a locked-out sign-in before any password is hashed.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "upheld.core.auth.CachedModelBackend",
]
# Outside requests (worker, commands), how often a process checks whether the look-ups it
# keeps changed elsewhere (core/lookups.py); in a request it checks once, at the first.
UPHELD_LOOKUPS_RECHECK_SECONDS = 1.0

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# Signing in lands on a page that works for each role (upheld/web/accounts.py).
LOGIN_REDIRECT_URL = "web:signed_in"
LOGOUT_REDIRECT_URL = "login"

LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing one
MEDIA_ROOT = Path(os.environ.get("UPHELD_MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# E-mail: EMAIL_URL wins; otherwise Django's EMAIL_* variables; otherwise the console.
if os.environ.get("EMAIL_URL"):
    _email = dj_email_url.parse(os.environ["EMAIL_URL"])
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "complaints@upheld.localhost")

# Delivery of outbound messages: attempts and back-off (seconds) before a message is
# marked visibly failed. The base is small in tests, through the environment.
UPHELD_DELIVERY_MAX_ATTEMPTS = int(os.environ.get("UPHELD_DELIVERY_MAX_ATTEMPTS", "10"))
UPHELD_DELIVERY_BACKOFF_BASE = float(os.environ.get("UPHELD_DELIVERY_BACKOFF_BASE", "30"))
UPHELD_DELIVERY_BACKOFF_CAP = float(os.environ.get("UPHELD_DELIVERY_BACKOFF_CAP", "3600"))
# Periodic jobs of `upheld worker` (upheld/core/periodic.py): "name=seconds,…", 0 = off.
UPHELD_PERIODIC_JOBS = os.environ.get("UPHELD_PERIODIC_JOBS", "")
# A worker's claims are leases it renews by beating every third of this (upheld/core/
# workers.py): the messages and jobs of a worker killed mid-way are taken again this long
# after its last beat, plus one sweep period.
UPHELD_WORKER_LEASE_SECONDS = float(os.environ.get("UPHELD_WORKER_LEASE_SECONDS", "30"))

# Files held while a public or staff form is corrected: bytes per client address at a time.
UPHELD_HELD_BYTES_PER_ADDRESS = int(os.environ.get("UPHELD_HELD_BYTES_PER_ADDRESS", "20971520"))

# The Ed25519 key that signs trail checkpoints (`upheld trail-checkpoint`): a PEM file kept
# outside the database; `upheld trail-checkpoint --make-key` writes one.
UPHELD_TRAIL_SIGNING_KEY = os.environ.get(
    "UPHELD_TRAIL_SIGNING_KEY", str(DATA_DIR / "trail-signing-key.pem")
)

# Attachments (every channel): size limit and the types allowed, checked by content.
UPHELD_ATTACHMENT_MAX_BYTES = int(os.environ.get("UPHELD_ATTACHMENT_MAX_BYTES", "10485760"))
UPHELD_ATTACHMENT_TYPES = env_list(
    "UPHELD_ATTACHMENT_TYPES",
    "application/pdf,image/png,image/jpeg,image/gif,image/webp,text/plain,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
    "application/vnd.oasis.opendocument.text,application/vnd.oasis.opendocument.spreadsheet,"
    "audio/mpeg,audio/wav,audio/ogg,audio/mp4",
)
# Files one web form may carry (memory and storage per request stay bounded).
UPHELD_ATTACHMENT_MAX_FILES = int(os.environ.get("UPHELD_ATTACHMENT_MAX_FILES", "10"))
# Public complaint form: submissions accepted per client address per hour (spam, abuse);
# behind a reverse proxy, trust the last X-Forwarded-For address instead of REMOTE_ADDR.
UPHELD_WEB_SUBMISSIONS_PER_HOUR = int(os.environ.get("UPHELD_WEB_SUBMISSIONS_PER_HOUR", "10"))
UPHELD_TRUST_X_FORWARDED_FOR = env_bool("UPHELD_TRUST_X_FORWARDED_FOR")
# The complainant who lost the private link (portal): requests per client address per hour,
# and new links sent per complaint per day (a stranger who knows the reference and the
# e-mail address cannot flood the mailbox or keep killing the link).
UPHELD_LINK_RECOVERIES_PER_HOUR = int(os.environ.get("UPHELD_LINK_RECOVERIES_PER_HOUR", "5"))
UPHELD_LINK_RECOVERIES_PER_DAY = int(os.environ.get("UPHELD_LINK_RECOVERIES_PER_DAY", "3"))
# Satisfaction survey (ISO 10004): invited this many hours after closure, reminded once
# this many days after, for complaints closed within the window (days).
UPHELD_SURVEY_DELAY_HOURS = float(os.environ.get("UPHELD_SURVEY_DELAY_HOURS", "0"))
UPHELD_SURVEY_REMINDER_DAYS = float(os.environ.get("UPHELD_SURVEY_REMINDER_DAYS", "7"))
UPHELD_SURVEY_WINDOW_DAYS = float(os.environ.get("UPHELD_SURVEY_WINDOW_DAYS", "30"))

# E-mail in (ISO 10002 7.2): the mailbox `upheld fetch-mail` reads. Off while no host is set.
# UPHELD_IMAP_URL (imaps://user:pass@host:993/INBOX) or the separate UPHELD_IMAP_* variables;
# the separate ones win. TLS: none | starttls | ssl. See upheld/intake/mail/imap_url.py.
from upheld.intake.mail.imap_url import DEFAULT_PORTS, parse_imap_url  # noqa: E402

_imap = parse_imap_url(os.environ["UPHELD_IMAP_URL"]) if os.environ.get("UPHELD_IMAP_URL") else {}
UPHELD_IMAP_HOST = os.environ.get("UPHELD_IMAP_HOST", _imap.get("HOST", ""))
UPHELD_IMAP_TLS = os.environ.get("UPHELD_IMAP_TLS", _imap.get("TLS", "ssl")).strip().lower()
UPHELD_IMAP_PORT = int(
    os.environ.get("UPHELD_IMAP_PORT", _imap.get("PORT", DEFAULT_PORTS.get(UPHELD_IMAP_TLS, 993)))
)
UPHELD_IMAP_USER = os.environ.get("UPHELD_IMAP_USER", _imap.get("USER", ""))
UPHELD_IMAP_PASSWORD = os.environ.get("UPHELD_IMAP_PASSWORD", _imap.get("PASSWORD", ""))
UPHELD_IMAP_FOLDER = os.environ.get("UPHELD_IMAP_FOLDER", _imap.get("FOLDER", "INBOX"))
UPHELD_IMAP_PROCESSED_FOLDER = os.environ.get("UPHELD_IMAP_PROCESSED_FOLDER", "Upheld/Processed")
UPHELD_IMAP_QUARANTINE_FOLDER = os.environ.get("UPHELD_IMAP_QUARANTINE_FOLDER", "Upheld/Quarantine")
UPHELD_IMAP_CA_FILE = os.environ.get("UPHELD_IMAP_CA_FILE", "")  # a private CA, if any
UPHELD_IMAP_TIMEOUT = float(os.environ.get("UPHELD_IMAP_TIMEOUT", "30"))
UPHELD_IMAP_POLL_SECONDS = float(os.environ.get("UPHELD_IMAP_POLL_SECONDS", "60"))  # worker
UPHELD_IMAP_MAX_MESSAGE_BYTES = int(os.environ.get("UPHELD_IMAP_MAX_MESSAGE_BYTES", "52428800"))
UPHELD_IMAP_QUARANTINE_KEEP_BYTES = int(
    os.environ.get("UPHELD_IMAP_QUARANTINE_KEEP_BYTES", "1048576")
)

from .security import *  # noqa: E402, F403 — signing in and throttling

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

if not DEBUG and env_bool("UPHELD_SECURE", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("UPHELD_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("UPHELD_HSTS_PRELOAD", False)
