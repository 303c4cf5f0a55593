"""Settings for jartracker, driven by the environment (see the README's table).

Development defaults (DEBUG, a throw-away secret key, SQLite) apply only when
DJANGO_DEBUG is on, which `make run` sets; production refuses to start without
a real secret key.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """`X-Forwarded-Proto` or `X-Forwarded-Proto: https` as Django's SECURE_PROXY_SSL_HEADER."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    header, _, secure = (part.strip() for part in value.partition(":"))
    if not header or not all(c.isalnum() or c == "-" for c in header):
        raise ImproperlyConfigured(f"{name} must be a header name such as X-Forwarded-Proto, not {value!r}")
    return "HTTP_" + header.upper().replace("-", "_"), secure or "https"


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for development).")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "simple_history",
    "django_tables2",
    "django_filters",
    "django_tasks",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "actionplan",
    # After actionplan: an app's management command hides a later app's of the same name, and
    # actionplan's `db_worker` (the library's, plus the lease that lets a dead worker's task be
    # recovered) must be the one `manage.py db_worker` runs.
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /healthz for load balancers and monitoring: answered before sessions, sign-in and lock-outs.
    "actionplan.middleware.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Renews a signed-in session on the pages read, so it ends after JARTRACKER_SESSION_IDLE_HOURS idle.
    "actionplan.middleware.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Records the signed-in user on every history row written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    # A view that cannot reach the database answers with the 503 page (actionplan/views/errors.py).
    "actionplan.middleware.DatabaseUnavailableMiddleware",
    # A page read's view runs in a transaction without SQLite's write lock and may not write
    # (jartracker/db/reads.py); it wraps only the view, so the session and messages are saved outside it.
    "actionplan.middleware.ReadRequestMiddleware",
    # Sign-in lock-outs (django-axes): last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jartracker.urls"

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
                "actionplan.context_processors.council",
                "actionplan.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "jartracker.wsgi.application"

# SQLite is the embedded default; DATABASE_URL (postgres://…) is what a council deploys.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=env_int("DB_CONN_MAX_AGE", 60)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, except that a page read's transaction starts DEFERRED (jartracker/db/reads.py).
    DATABASES["default"]["ENGINE"] = "jartracker.db.sqlite3"
    # Connections are kept between requests (DB_CONN_MAX_AGE, as on PostgreSQL): a new SQLite connection
    # reads the whole schema (about 280 tables and indexes) at its first statement, 1.5 ms of every request
    # when each request opened its own (28 Nov 2026, the benchmark's database).
    # WAL lets readers run beside a writer; IMMEDIATE takes the write lock up front so concurrent
    # read-then-write transactions (forms, tasks, commands) queue instead of failing "database is locked".
    # Page reads start DEFERRED instead and take no lock (reads.py), so they never queue behind each other.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A persistent connection is checked before each request reuses it, so a restarted database is reconnected
# rather than answering the next request with an error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"

# Sign-in (actionplan/signin.py): django-axes locks out a username after JARTRACKER_LOGIN_FAILURES_PER_USERNAME
# failed sign-ins, and an address (a council's staff may share one) after JARTRACKER_LOGIN_FAILURES_PER_ADDRESS,
# each until JARTRACKER_LOGIN_LOCKOUT_MINUTES have passed since the failures that made the lock.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_FAILURES_PER_USERNAME = env_int("JARTRACKER_LOGIN_FAILURES_PER_USERNAME", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("JARTRACKER_LOGIN_FAILURES_PER_ADDRESS", 50)
if min(LOGIN_FAILURES_PER_USERNAME, LOGIN_FAILURES_PER_ADDRESS) < 1:
    raise ImproperlyConfigured("JARTRACKER_LOGIN_FAILURES_PER_USERNAME and _PER_ADDRESS must be at least 1")
AXES_HANDLER = "actionplan.signin.LoginAttempts"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = LOGIN_FAILURES_PER_USERNAME
AXES_COOLOFF_TIME = timedelta(minutes=env_int("JARTRACKER_LOGIN_LOCKOUT_MINUTES", 15))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "actionplan.views.signin.locked_out"
AXES_CLIENT_IP_CALLABLE = "actionplan.signin.client_address"
# Password-reset links (actionplan/services/reset_limits.py): so many per email address and per client
# address within the window.
RESET_LINKS_PER_EMAIL = env_int("JARTRACKER_RESET_LINKS_PER_EMAIL", 3)
RESET_LINKS_PER_ADDRESS = env_int("JARTRACKER_RESET_LINKS_PER_ADDRESS", 20)
RESET_LIMIT_MINUTES = env_int("JARTRACKER_RESET_LIMIT_MINUTES", 60)
# A session ends after this long without a page read (a working day), and, if chosen, when the browser closes.
SESSION_COOKIE_AGE = env_int("JARTRACKER_SESSION_IDLE_HOURS", 8) * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("JARTRACKER_SESSION_EXPIRE_AT_BROWSER_CLOSE", False)
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

# Evidence lives outside the static tree and is served only through a permission-checked view.
MEDIA_ROOT = Path(os.environ.get("JARTRACKER_MEDIA_ROOT", BASE_DIR / "media"))
EVIDENCE_MAX_BYTES = env_int("JARTRACKER_EVIDENCE_MAX_MB", 20) * 1024 * 1024
# Workbook imports: the upload, what its zip may unpack to (zip bombs), and rows read.
IMPORT_MAX_BYTES = env_int("JARTRACKER_IMPORT_MAX_MB", 10) * 1024 * 1024
IMPORT_MAX_UNPACKED_BYTES = env_int("JARTRACKER_IMPORT_MAX_UNPACKED_MB", 100) * 1024 * 1024
IMPORT_MAX_ROWS = env_int("JARTRACKER_IMPORT_MAX_ROWS", 20_000)

# "Due soon": the dashboard's upcoming list and an officer's home page look this many days ahead.
DUE_SOON_DAYS = env_int("JARTRACKER_DUE_SOON_DAYS", 30)
# Dashboards: an open action with no progress note for this many days is "stale";
# an indicator within this percentage of its target is Amber rather than Red.
DASHBOARD_STALE_DAYS = env_int("JARTRACKER_DASHBOARD_STALE_DAYS", 28)
INDICATOR_TOLERANCE_PCT = env_int("JARTRACKER_INDICATOR_TOLERANCE_PCT", 5)

# Email (password resets, sign-off notices, the daily reminders): Django's SMTP backend when EMAIL_HOST is
# set, else the console; DJANGO_EMAIL_BACKEND chooses any backend (`make run`: the file backend, EMAIL_FILE_PATH).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS (STARTTLS, usually port 587) or EMAIL_USE_SSL (port 465), not both")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "jartracker@localhost"
)
# Where the service is reached, for links in emails (which are sent without a request).
SITE_URL = os.environ.get("JARTRACKER_SITE_URL", "http://127.0.0.1:8000")
# The reporting cycle: leads are asked for a round's returns from this many days before its deadline;
# an action overdue by more than this many days is escalated to plan managers (twice as many: directors);
# the scheduler started by `make run` queues the day's reminders at this local time.
RETURN_REMINDER_DAYS = env_int("JARTRACKER_RETURN_REMINDER_DAYS", 14)
ESCALATE_OVERDUE_DAYS = env_int("JARTRACKER_ESCALATE_OVERDUE_DAYS", 28)
REMINDERS_AT = os.environ.get("JARTRACKER_REMINDERS_AT", "07:00")

# The organisation running the service: shown in the header (councils may use the
# GOV.UK Design System but not the GOV.UK brand).
COUNCIL_NAME = os.environ.get("JARTRACKER_COUNCIL_NAME", "Herefordshire Council")
SERVICE_NAME = os.environ.get("JARTRACKER_SERVICE_NAME", "Improvement plan tracker")

# RAG scheme: "rag" is the seeds' own (Green completed, Amber on target, Red not on target);
# "bgrag" adds Blue for completed and Grey for not yet started.
RAG_SCHEME = os.environ.get("JARTRACKER_RAG_SCHEME", "rag")
if RAG_SCHEME not in {"rag", "bgrag"}:
    raise ImproperlyConfigured(f"JARTRACKER_RAG_SCHEME must be 'rag' or 'bgrag', not {RAG_SCHEME!r}")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Background tasks (django-tasks): papers' PDFs are made by `manage.py db_worker` (started by
# `make run`) so that no request waits on WeasyPrint. JARTRACKER_TASKS_BACKEND=immediate runs each
# task inside the request instead (no worker needed; long papers then block the request again).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_tasks_backend = os.environ.get("JARTRACKER_TASKS_BACKEND", "database")
if _tasks_backend not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"JARTRACKER_TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {_tasks_backend!r}"
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[_tasks_backend], "QUEUES": ["default"]}}
# Recovery (actionplan/services/task_leases.py): each worker renews a lease of this many seconds while it
# lives; a task whose worker's lease ran out is marked failed ("The PDF could not be finished; try again").
# Finished task results and draft PDFs are kept this many days (actionplan/services/task_pruning.py).
TASK_LEASE_SECONDS = env_int("JARTRACKER_TASK_LEASE_SECONDS", 60)
TASK_KEEP_DAYS = env_int("JARTRACKER_TASK_KEEP_DAYS", 14)
if TASK_LEASE_SECONDS < 2:
    raise ImproperlyConfigured(f"JARTRACKER_TASK_LEASE_SECONDS must be at least 2, not {TASK_LEASE_SECONDS}")
if TASK_KEEP_DAYS < 1:
    raise ImproperlyConfigured(f"JARTRACKER_TASK_KEEP_DAYS must be at least 1, not {TASK_KEEP_DAYS}")

# A strict content security policy: scripts only from our origin and with the per-request
# nonce (the GOV.UK js-enabled snippet); no inline styles or handlers.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# The API (actionplan/api, README "API"): personal access tokens first (so a call without credentials is
# answered 401 with a Bearer challenge), the session for the documentation page; JSON only; one error shape.
# The API's calls a minute for each token (actionplan/api/auth.py) are counted in a table of the database,
# so every gunicorn worker (and every machine) counts the same calls; `migrate` makes the table
# (migration 0021 runs createcachetable). Everything else cached stays in each process's memory.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "jartracker_api_calls",
        # One row per token (or signed-in person) that called in the last minute; the default cap of 300
        # would cull live counts once more than 300 were calling.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "actionplan.api.auth.PersonalTokenAuthentication",
        # The signed-in session, for the documentation page's "Try it out" (CSRF-checked on writes).
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["actionplan.api.auth.ReadsPlans"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["actionplan.api.auth.PerTokenThrottle"],
    # Calls a minute for each token (each signed-in person using the documentation page counts as one).
    "DEFAULT_THROTTLE_RATES": {"token": f"{env_int('JARTRACKER_API_CALLS_PER_MINUTE', 120)}/min"},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "actionplan.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "jartracker API",
    "DESCRIPTION": "Read any plan as at any date and record progress on actions. Every read takes `as_at=YYYY-MM-DD`. "
    "Authenticate with a personal access token: `Authorization: Bearer jt_…` (made on your account page).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["actionplan.api.auth.ReadsPlans"],
    # The documentation page's scripts and styles served from our own static files (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"DatePrecision": ["day", "month"]},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "actionplan.api.schema.add_error_responses",  # the one error shape, on every operation
    ],
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
# A form refused by the CSRF check gets the service's own page (an expired page, or sent from elsewhere).
CSRF_FAILURE_VIEW = "actionplan.views.errors.csrf_failure"

# TLS, from the environment (docs/jartracker.env.example holds the production values the README documents;
# with them `manage.py check --deploy --fail-level WARNING` is clean). Behind the council's TLS proxy, Django
# sees plain HTTP: DJANGO_SECURE_PROXY_SSL_HEADER names the header the proxy sets on HTTPS requests (it must
# also strip that header from what clients send), so that HSTS is sent and the SSL redirect does not loop.
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
# A load balancer probes the service directly, over plain HTTP: /healthz answers it rather than redirecting.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = proxy_ssl_header("DJANGO_SECURE_PROXY_SSL_HEADER")
# How many proxies in front of the service append the client's address to X-Forwarded-For: the address
# sign-in lock-outs and password-reset limits count is the one the nearest of them saw (0: REMOTE_ADDR).
PROXY_COUNT = env_int("JARTRACKER_PROXY_COUNT", 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
