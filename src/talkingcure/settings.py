"""The one settings module. Every value that differs between machines comes from the
environment through the typed helpers in :mod:`talkingcure.config.env`.

``TALKINGCURE_ENV`` is ``development`` (default) or ``production``. In production the
secrets (``SECRET_KEY``, ``TALKINGCURE_ENCRYPTION_KEYS``, ``TALKINGCURE_AUDIT_KEY``) are
required; in development they are created once under ``TALKINGCURE_DATA_DIR``.
See docs/configuration.md for every setting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext

from talkingcure.config import env
from talkingcure.config.broker import default_broker_url
from talkingcure.config.env import SettingError
from talkingcure.config.secrets import (
    dev_audit_key,
    dev_secret_key,
    local_secret,
    new_encryption_key,
)

django_stubs_ext.monkeypatch()  # ModelForm[Model] and friends work at run time too

BASE_DIR = Path(__file__).resolve().parent
ENVIRONMENT = env.choice("TALKINGCURE_ENV", "development", ("development", "production"))
PRODUCTION = ENVIRONMENT == "production"
DATA_DIR = Path(env.string("TALKINGCURE_DATA_DIR", str(Path.cwd() / "var")) or "var").resolve()


def _secret(name: str, dev_file: str, make: str) -> str:
    if PRODUCTION:
        value = env.string(name, required=True)
        assert value is not None
        return value
    return env.string(name) or local_secret(DATA_DIR, dev_file, make)


SECRET_KEY = _secret("SECRET_KEY", "secret_key", dev_secret_key())
TALKINGCURE_ENCRYPTION_KEYS = _secret(
    "TALKINGCURE_ENCRYPTION_KEYS", "encryption_keys", new_encryption_key()
)
TALKINGCURE_AUDIT_KEY = _secret("TALKINGCURE_AUDIT_KEY", "audit_key", dev_audit_key())

DEBUG = env.boolean("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.csv_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.csv_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "talkingcure.accounts",
    "talkingcure.audit",
    "talkingcure.crypto",
    "talkingcure.programmes",
    "talkingcure.clients",
    "talkingcure.scheduling",
    "talkingcure.consents",
    "talkingcure.disclosure",
    "talkingcure.notifications",
    "talkingcure.plans",
    "talkingcure.coping",
    "talkingcure.risk",
    "talkingcure.notes",
    "talkingcure.intake",
    "talkingcure.outcomes",
    "talkingcure.insights",
    "talkingcure.patterns",
    "talkingcure.api",
    "talkingcure.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "talkingcure.audit.context.AuditContextMiddleware",
    "talkingcure.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "talkingcure.urls"
WSGI_APPLICATION = "talkingcure.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "talkingcure.web.context.product",
            ],
        },
    }
]

DATABASE_URL = env.string("DATABASE_URL", f"sqlite:///{DATA_DIR / 'talkingcure.sqlite3'}")
DATABASES: dict[str, Any] = {"default": dj_database_url.parse(DATABASE_URL or "", conn_max_age=60)}
# SQLite (the default) serves the pages and the embedded analysis worker from one file. Without
# these, a request that reads and then writes (every audited read does) while the worker is
# writing fails at once with "database is locked" (seen in the browser tests): transactions
# take the write lock when they begin (IMMEDIATE), a writer waits up to 20 s for another, and
# WAL lets pages read while the worker writes.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Analysis pipeline the product runs: "default", "embeddings" (needs the extra) or a TOML path.
ANALYSIS_CONFIG = env.string("TALKINGCURE_ANALYSIS_CONFIG", "default") or "default"

# Background queue (Celery): see docs/configuration.md and docs/design/task-queue.md.
BROKER_URL = env.string("TALKINGCURE_BROKER_URL") or default_broker_url(
    DATABASE_URL or "", DATA_DIR
)
QUEUE_NAME = env.string("TALKINGCURE_QUEUE_NAME", "talkingcure") or "talkingcure"
QUEUE_LEASE_SECONDS = env.integer("TALKINGCURE_QUEUE_LEASE_SECONDS", 120, minimum=2)
QUEUE_SWEEP_SECONDS = env.integer("TALKINGCURE_QUEUE_SWEEP_SECONDS", 10, minimum=1)
QUEUE_MAX_ATTEMPTS = env.integer("TALKINGCURE_QUEUE_MAX_ATTEMPTS", 3, minimum=1)
TASK_TIME_LIMIT = env.integer("TALKINGCURE_TASK_TIME_LIMIT", 600, minimum=10)
BROKER_VISIBILITY_TIMEOUT = env.integer("TALKINGCURE_BROKER_VISIBILITY_TIMEOUT", 900, minimum=20)
if TASK_TIME_LIMIT >= BROKER_VISIBILITY_TIMEOUT:
    raise SettingError(
        "TALKINGCURE_TASK_TIME_LIMIT must be below TALKINGCURE_BROKER_VISIBILITY_TIMEOUT "
        f"({TASK_TIME_LIMIT} >= {BROKER_VISIBILITY_TIMEOUT})"
    )

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock-out after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env.integer("TALKINGCURE_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env.integer("TALKINGCURE_LOGIN_COOLOFF_MINUTES", 30, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Sessions: idle timeout (15 minutes by default), renewed by each request.
SESSION_IDLE_MINUTES = env.integer("TALKINGCURE_SESSION_IDLE_MINUTES", 15, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SUDO_MINUTES = env.integer("TALKINGCURE_SUDO_MINUTES", 10, minimum=1)

SECURE_COOKIES = env.boolean("TALKINGCURE_SECURE_COOKIES", default=PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
SECURE_HSTS_SECONDS = env.integer("TALKINGCURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_SSL_REDIRECT = env.boolean("TALKINGCURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.boolean("TALKINGCURE_BEHIND_PROXY", False) else None
)
# HSTS preloading commits a domain for years: the centre decides, so it is not a failure.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
# "same-origin": a stricter "no-referrer" makes browsers send "Origin: null" on form posts,
# which CSRF protection then (rightly) refuses.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: only this origin; no third-party scripts, styles, fonts or frames.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.string("TALKINGCURE_TIME_ZONE", "UTC") or "UTC"
USE_I18N = True
USE_TZ = True

AUDIT_RETENTION_DAYS = env.integer("TALKINGCURE_AUDIT_RETENTION_DAYS", 6 * 365 + 2, minimum=1)
NOTIFICATION_SENDER = env.string(
    "TALKINGCURE_NOTIFICATION_SENDER", "talkingcure.notifications.senders.ConsoleSender"
)
# Public inquiries: crisis numbers shown on every intake page, abuse limits, retention.
CRISIS_LINE = env.string("TALKINGCURE_CRISIS_LINE", "988 (call or text)") or ""
EMERGENCY_NUMBER = env.string("TALKINGCURE_EMERGENCY_NUMBER", "911") or ""
INTAKE_SUBMISSIONS_PER_HOUR = env.integer("TALKINGCURE_INTAKE_SUBMISSIONS_PER_HOUR", 5, minimum=1)
INTAKE_ESCALATION_MINUTES = env.integer("TALKINGCURE_INTAKE_ESCALATION_MINUTES", 15, minimum=1)
INQUIRY_RETENTION_DAYS = env.integer("TALKINGCURE_INQUIRY_RETENTION_DAYS", 90, minimum=1)
# Session transcripts are deleted (words removed from their analyses) after this many days.
TRANSCRIPT_RETENTION_DAYS = env.integer("TALKINGCURE_TRANSCRIPT_RETENTION_DAYS", 365, minimum=1)
# Scheduling: how far ahead weekly series are generated.
SCHEDULE_HORIZON_WEEKS = env.integer("TALKINGCURE_SCHEDULE_HORIZON_WEEKS", 26, minimum=1)
# Questionnaires: link lifetime, the "not on track" rule, and the address links point to.
MEASURE_LINK_HOURS = env.integer("TALKINGCURE_MEASURE_LINK_HOURS", 72, minimum=1)
NOT_ON_TRACK_AFTER = env.integer("TALKINGCURE_NOT_ON_TRACK_AFTER", 6, minimum=2)
PUBLIC_BASE_URL = env.string("TALKINGCURE_PUBLIC_BASE_URL", "http://127.0.0.1:8000") or ""
CENTRE_NAME = env.string("TALKINGCURE_CENTRE_NAME", "") or ""
DEMO_MODE = env.boolean("TALKINGCURE_DEMO", default=False)
# An open risk flag not acknowledged within this time escalates to the supervisor(s).
RISK_ESCALATION_MINUTES = env.integer("TALKINGCURE_RISK_ESCALATION_MINUTES", 60, minimum=1)

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env.string("EMAIL_HOST", "localhost") or "localhost"
EMAIL_PORT = env.integer("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "talkingcure@localhost")

# Logs hold no client data: request bodies are never logged and the "django.request"
# logger's messages carry only paths with opaque identifiers.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO")},
}
