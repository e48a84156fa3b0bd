"""Settings for the ketamine clinic directory, read from environment variables.

See README.md and .env.example for every variable. Debug is off by default; a
secret key is then required and the site refuses to start without one.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_rate(name: str, default: str) -> tuple[int, int]:
    value = os.environ.get(name) or default
    try:
        limit, window = (int(part) for part in value.split("/"))
        if limit < 1 or window < 1:
            raise ValueError
    except ValueError:
        raise ImproperlyConfigured(f"{name} must look like 30/60 (requests/seconds), not {value!r}.") from None
    return limit, window


TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-use-in-production"
    else:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string, or set DJANGO_DEBUG=1 for local development."
        )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG or TESTING:
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver", "[::1]"]
elif not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is not set. Set it to the site's host names, comma-separated "
        "(for example example.org,www.example.org), or set DJANGO_DEBUG=1 for local development."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "corsheaders",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "directory",
    "referrals",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.csp.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above everything that answers on its own (CommonMiddleware, CSRF), so a preflight is answered
    # and CORS headers land on every response of the public GET API, errors included.
    "corsheaders.middleware.CorsMiddleware",
    # Above the session and CSRF middleware, so it sees the cookies they set (config/cache_policy.py).
    "config.cache_policy.CachePolicyMiddleware",
    # Compresses pages (whitenoise serves static files pre-compressed). Below the header
    # middleware, so CSP and friends land on the compressed response; Django's own BREACH
    # mitigation (random gzip header bytes) applies. Streaming exports compress chunk by chunk.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# The keyword index is derived data: no dump or load touches it (directory/routers.py).
DATABASE_ROUTERS = ["directory.routers.SearchIndexRouter"]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection is checked before a request reuses it: after the database went away
        # and came back, a worker's stale connection is replaced instead of failing one request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout keep concurrent readers and a writer from failing
    # with "database is locked".
    # Fresh connections by default; DATABASE_CONN_MAX_AGE set explicitly keeps them (a new SQLite
    # connection starts with a cold page cache: about 15 ms more per search, measured).
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE") or 0)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Full-strength PBKDF2 costs ~0.3 s per password; tests only need hashing to work.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Under tests nothing is collected: whitenoise serves from the finders, and a
# collectstatic running beside the suite cannot race it.
STATIC_ROOT = None if TESTING else BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Serve files straight from the app folders when collectstatic has not run
# (development and tests); production runs collectstatic first.
WHITENOISE_USE_FINDERS = DEBUG or TESTING

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/referrals/"
LOGOUT_REDIRECT_URL = "/"

CACHE_URL = os.environ.get("CACHE_URL", "")
# `listings` holds answers derived from the listings (search counts, the filter panel; see
# directory/listing_version.py): its own alias, so many distinct searches cannot push the rate-limit
# and login-throttle counters of `default` out of a local-memory cache.
# Short socket timeouts: a Redis that stops answering (rather than refusing) must cost a request
# a fraction of a second, not hang it; every cache user then goes on without the cache.
REDIS_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}
if CACHE_URL.startswith("redis://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": REDIS_OPTIONS,
        },
        "listings": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "listings",
            "OPTIONS": REDIS_OPTIONS,
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
        "listings": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "listings",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }

# No default when debug is off: the console backend would print every e-mail, password-reset
# links included, to stdout (not through logging, so past the redaction filter). The console
# backend may still be chosen on purpose; choosing nothing stops the site.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "")
if not EMAIL_BACKEND:
    if DEBUG or TESTING:
        EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    else:
        raise ImproperlyConfigured(
            "EMAIL_BACKEND is not set. Set it to django.core.mail.backends.smtp.EmailBackend (with EMAIL_HOST and "
            "friends) to send mail, or to django.core.mail.backends.console.EmailBackend on purpose (it prints every "
            "e-mail, password-reset links included, to stdout), or set DJANGO_DEBUG=1 for local development."
        )
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Ketamine Clinic Finder <no-reply@example.org>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# Online street-address geocoding through geopy (Nominatim). Off by default:
# ZIP codes, "City, ST" and "lat,lng" are resolved offline.
GEOCODER_ONLINE = env_bool("GEOCODER_ONLINE", False)
GEOCODER_USER_AGENT = os.environ.get("GEOCODER_USER_AGENT", "ketamine-clinic-finder")

if not DEBUG and not TESTING:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# CORS (django-cors-headers): any origin may read the public GET API (clinics, places, the HSDS
# API and export), without credentials. Nothing else is opened: not the pre-screen or referral
# POSTs, not the authenticated referral API, not FHIR, not the pages.
CORS_URLS_REGEX = r"^/api/(clinics|places|hsds|export)(/|$)"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "if-none-match")
CORS_EXPOSE_HEADERS = ("ETag", "Link", "Count-Exact")
CORS_PREFLIGHT_MAX_AGE = 86400

# config/csp.py sends these on every response. The clinic map draws OpenStreetMap tiles;
# everything else (scripts, styles, Leaflet) is served from our own static files.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:", "https://*.tile.openstreetmap.org"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
PERMISSIONS_POLICY = {"geolocation": ["self"], "camera": [], "microphone": [], "payment": []}

# Rate limits (config/ratelimit.py): scope -> (requests, window in seconds), per client IP.
# Override one with e.g. RATELIMIT_REFERRAL=20/3600; RATELIMIT_ENABLED=0 turns them off.
RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
RATELIMITS = {
    "prescreen": env_rate("RATELIMIT_PRESCREEN", "30/60"),
    "referral": env_rate("RATELIMIT_REFERRAL", "10/3600"),
    "report": env_rate("RATELIMIT_REPORT", "10/3600"),
    "login": env_rate("RATELIMIT_LOGIN", "5/900"),  # failed logins per IP + username (config/throttle.py)
    "password_reset": env_rate("RATELIMIT_PASSWORD_RESET", "5/3600"),  # reset e-mails asked for, per IP
    "lost_link": env_rate("RATELIMIT_LOST_LINK", "5/3600"),  # 'lost your link?' requests per IP
    "lost_link_address": env_rate("RATELIMIT_LOST_LINK_ADDRESS", "3/3600"),  # fresh links per email address
}
# The 'lost your link?' page answers after at least this long, found or not (referrals/lost_link.py).
LOST_LINK_RESPONSE_SECONDS = float(os.environ.get("LOST_LINK_RESPONSE_SECONDS", "0" if TESTING else "1.0"))
# Only behind a proxy that overwrites X-Forwarded-For: the rightmost entry is then the client.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)
AUTHENTICATION_BACKENDS = ["config.throttle.ThrottledModelBackend"]

# Retention (docs/OPERATIONS.md, purge_referrals): closed or declined referrals are
# anonymised after REFERRAL_RETENTION_DAYS; never-sent or unconsented data is deleted
# after REFERRAL_UNSENT_RETENTION_DAYS.
REFERRAL_RETENTION_DAYS = int(os.environ.get("REFERRAL_RETENTION_DAYS", "365"))
REFERRAL_UNSENT_RETENTION_DAYS = int(os.environ.get("REFERRAL_UNSENT_RETENTION_DAYS", "30"))

# Every handler carries the patient-data filter (config/privacy.py). The "django" logger
# loses Django's default handlers (console only in debug, mail_admins whose e-mails would
# carry request bodies) and propagates to the filtered root handler instead.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_patient_data": {"()": "config.privacy.RedactPatientDataFilter"},
        "database_outage": {"()": "config.outages.DatabaseOutageFilter"},
    },
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["database_outage", "redact_patient_data"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_patient_data"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
