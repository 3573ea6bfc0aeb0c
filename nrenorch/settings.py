# Over 300 lines on purpose: every setting in one place, as docs/configuration.md lists them.
"""Settings for nrenorch, read from environment variables with safe defaults.

Every variable is listed, with its default and meaning, in docs/configuration.md.
The defaults give an embedded set-up for a laptop (SQLite, the ORM broker for
django-q2); production sets DATABASE_URL (PostgreSQL) and REDIS_URL.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


# --- Secret key and debug mode (docs/configuration.md, "Development runs") ------------
# The key in this file is public, so it must never sign a real deployment's sessions and
# queue payloads. It is used only when SECRET_KEY is unset, and then only in a development
# run: `manage.py runserver`, `manage.py test`, `manage.py netbox_sandbox` (the local NetBox,
# docs/netbox.md), or NRENORCH_DEVELOPMENT=1 (which `make demo`,
# `make test` and the test settings set). Anything else (gunicorn via nrenorch.wsgi/asgi,
# qcluster, other commands) refuses to start. `manage.py check` is let through so that
# `check --deploy` can report the key (nrenorch.checks) instead of failing to load.
DEVELOPMENT_SECRET_KEY = "nrenorch-insecure-development-key-change-me-in-production-0123456789"
# The placeholder of deploy/nrenorch.env.example: as public as the built-in key.
EXAMPLE_SECRET_KEY = "change-me-to-50-random-characters"
PUBLIC_SECRET_KEYS = {DEVELOPMENT_SECRET_KEY, EXAMPLE_SECRET_KEY}
DEVELOPMENT_COMMANDS = {"runserver", "test", "netbox_sandbox"}


def _management_command() -> str:
    """The `manage.py` subcommand this process runs, or "" (a WSGI/ASGI server, a script)."""
    if len(sys.argv) > 1 and Path(sys.argv[0]).name in {"manage.py", "django-admin"}:
        return sys.argv[1]
    return ""


NRENORCH_DEVELOPMENT = (
    env_bool("NRENORCH_DEVELOPMENT", False) or _management_command() in DEVELOPMENT_COMMANDS
)
SECRET_KEY = env("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
if SECRET_KEY in PUBLIC_SECRET_KEYS and not NRENORCH_DEVELOPMENT and _management_command() != "check":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        (
            "SECRET_KEY is the placeholder from deploy/nrenorch.env.example"
            if SECRET_KEY == EXAMPLE_SECRET_KEY
            else "SECRET_KEY is not set"
        )
        + ": nrenorch will not sign sessions and queue payloads with a key that is public in its repository. "
        "Set SECRET_KEY to a long random string, the same on every web and worker host, e.g. the output of "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))' — or, on a laptop, set "
        "NRENORCH_DEVELOPMENT=1 to use the built-in development key (docs/configuration.md)."
    )
# Debug pages show settings and source: on only in a development run unless DEBUG says otherwise.
DEBUG = env_bool("DEBUG", NRENORCH_DEVELOPMENT)
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "nrenorch.apps.ConsoleAdminConfig",  # django.contrib.admin with the console site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_q",
    "simple_history",
    # Ours, from the ground up (docs/architecture.md); common/ and workflows/ are plain
    # packages, no apps.
    "netbox_integration",
    "subscriptions",
    "products",  # before the engine: its rows exist when the engine syncs the workflows' products
    "engine",  # app label "workflows" (engine/apps.py)
    "lifecycle",
    "monitoring",
    # The REST and GraphQL APIs (docs/api.md)
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "graphene_django",
]

# The product catalogue: one module per product, its product type's (docs/writing-a-product.md).
NRENORCH_PRODUCTS = [
    "products.product_types.node",
    "products.product_types.port",
    "products.product_types.core_link",
    "products.product_types.l2vpn",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "nrenorch.urls"

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

WSGI_APPLICATION = "nrenorch.wsgi.application"

# --- Database -----------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
# Persistent connections: workers run many short transactions, a new connection per task costs more.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool(
    "DB_SYNCHRONOUS_COMMIT", True
):
    # Opt-in: a commit returns before its WAL reaches disk. A PostgreSQL crash may then
    # lose the last few hundred ms of commits; the engine re-runs those steps (they are
    # idempotent), so processes stay correct, at the cost of repeating external calls.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Workers are separate processes: wait for the write lock instead of failing, and
    # take it when a transaction begins so two writers never deadlock on an upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"  # graphene-django's relay filters break on 64-bit ids

# --- Workers (django-q2) ------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
Q_TASK_TIMEOUT = env_int("Q_TASK_TIMEOUT", 1800)
Q_CLUSTER = {
    "name": env("Q_CLUSTER_NAME", "nrenorch"),
    "workers": env_int("Q_WORKERS", 2),
    "timeout": Q_TASK_TIMEOUT,
    # Must exceed the timeout, or the ORM broker hands a still-running task out again.
    "retry": Q_TASK_TIMEOUT + 60,
    "max_attempts": 1,
    "save_limit": env_int("Q_SAVE_LIMIT", 500),
    "catch_up": False,
    "label": "Task queue",
    "sync": env_bool("Q_SYNC", False),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
    Q_CLUSTER["poll"] = float(env("Q_POLL", "0.05"))

# --- Workflow engine ----------------------------------------------------------------
# A worker holds a lease on the process it runs and renews it while a step runs; a
# lease that is not renewed in time means the worker died and the process is recovered.
ENGINE_LEASE_SECONDS = env_int("ENGINE_LEASE_SECONDS", 60)
ENGINE_MAX_RECOVERIES = env_int("ENGINE_MAX_RECOVERIES", 3)
ENGINE_TASK_RETENTION_DAYS = env_int("ENGINE_TASK_RETENTION_DAYS", 30)
# When the nightly "Validate all subscriptions" schedule runs (cron, in TIME_ZONE); set on the
# first migrate, then edited in the admin or over the API.
ENGINE_VALIDATE_ALL_CRON = env("ENGINE_VALIDATE_ALL_CRON", "0 2 * * *")
# Exceptions that mean "an external API is unreachable": the process is retryable.
ENGINE_API_UNAVAILABLE_EXCEPTIONS = [
    "engine.errors.ApiUnavailable",
    "netbox_integration.errors.NetBoxUnavailable",
    "netbox_integration.errors.NetBoxNotConfigured",  # no NetBox at all, as in the demo without PostgreSQL
    "requests.exceptions.ConnectionError",
    "requests.exceptions.Timeout",
]


def _code_version() -> str:
    if env("CODE_VERSION"):
        return env("CODE_VERSION")
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True, timeout=5
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"0.1.0+{commit}" if commit else "0.1.0"


CODE_VERSION = _code_version()

# --- Monitoring (docs/operations.md) ------------------------------------------------
# What the readiness check (/api/health/ready/) covers, and how long each check may take.
HEALTH_READY_CHECKS = [c for c in env("HEALTH_READY_CHECKS", "database,broker,netbox").split(",") if c]
HEALTH_CHECK_TIMEOUT = float(env("HEALTH_CHECK_TIMEOUT", "3"))
# When set, /api/metrics wants `Authorization: Bearer <METRICS_TOKEN>`.
METRICS_TOKEN = env("METRICS_TOKEN")
# Step rows are counted into the duration histogram once they are this old (all committed).
METRICS_STEP_SETTLE_SECONDS = env_int("METRICS_STEP_SETTLE_SECONDS", 10)

# --- NetBox -------------------------------------------------------------------------
# NETBOX_URL/NETBOX_TOKEN point at any NetBox; unset, the local sandbox's file is used.
NRENORCH_CACHE_DIR = Path(env("NRENORCH_CACHE_DIR", str(Path.home() / ".cache" / "nrenorch")))
NETBOX_SANDBOX_FILE = NRENORCH_CACHE_DIR / "netbox-sandbox.json"


def _sandbox_setting(key: str) -> str:
    try:
        return json.loads(NETBOX_SANDBOX_FILE.read_text()).get(key, "")
    except (OSError, ValueError):
        return ""


NETBOX_URL = env("NETBOX_URL") or _sandbox_setting("url")
NETBOX_TOKEN = env("NETBOX_TOKEN") or _sandbox_setting("token")
NETBOX_TIMEOUT = env_int("NETBOX_TIMEOUT", 30)

# --- Auth, i18n, static -------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the console's stylesheet and script

SIMPLE_HISTORY_REVERT_DISABLED = True

# One JSON object per line (LOG_FORMAT=json, the default) with the process id, step and user
# of engine events and of anything logged inside a step; LOG_FORMAT=text for a terminal.
LOG_FORMAT = env("LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "monitoring.logs.JsonFormatter"},
        "text": {
            "()": "monitoring.logs.ContextTextFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# Modules with workflows outside the workflows app (tests add theirs), comma-separated.
ENGINE_WORKFLOW_MODULES = [m for m in env("ENGINE_WORKFLOW_MODULES").split(",") if m]
# The packages whose every module the engine imports at start, to find the workflows they declare.
WORKFLOW_PACKAGES = ["workflows"]
# Schedules besides the engine's own housekeeping (name -> (function, minutes between runs or
# a cron expression)), created on migrate (engine/sync.py).
SCHEDULES = {
    "Validate all subscriptions": (
        "workflows.tasks.validate_subscriptions.start_nightly_validation",
        ENGINE_VALIDATE_ALL_CRON,
    ),
}

# --- REST and GraphQL APIs (docs/api.md) ---------------------------------------------
REST_FRAMEWORK = {
    # Token first: an anonymous request then gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "nrenorch.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "common.api.pagination.ApiPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "common.api.search.SubquerySearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "nrenorch API",
    "DESCRIPTION": "Network service orchestration: processes, subscriptions, products, workflows.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The API's description is public (the data behind it is not): clients and tools fetch it unauthenticated.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # The docs page is served from our own static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "nrenorch.api.schema.document_common_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ProcessStatusEnum": "engine.models.ProcessStatus",
        "SubscriptionStatusEnum": "subscriptions.lifecycle.SubscriptionLifecycle",
        "ProductStatusEnum": "products.models.ProductStatus",
        "StepStatusEnum": "engine.models.StepStatus",
        "WorkflowTargetEnum": "engine.api.serializers.TARGETS",
        "AssigneeEnum": "engine.api.serializers.ASSIGNEES",
    },
}
GRAPHENE = {"SCHEMA": "nrenorch.graphql.schema.schema", "RELAY_CONNECTION_MAX_LIMIT": 500}
