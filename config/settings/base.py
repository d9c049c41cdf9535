"""Settings shared by every environment.

Every deployment knob is read from the environment (django-environ). ``FileAwareEnv``
also reads ``NAME_FILE`` when set, so secrets can come from mounted files (Docker
secrets, Kubernetes) instead of plain variables. ``.env.example`` lists them all.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.FileAwareEnv()
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"))

# Writable state of the embedded defaults (SQLite file, uploaded files, broker queue).
VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Absolute URL of the site, used in emails and links sent to candidates.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_celery_beat",
    "recruiting",
    "ai",
    "voice",
    "interviews",
]

MIDDLEWARE = [
    "config.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "recruiting.accounts.RequireTwoFactorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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

# --- Database ---------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # The web server, the worker and beat share the file: wait for locks instead of
    # failing, and let readers run beside the single writer.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -------------------------------------------------------------------------------
AUTH_USER_MODEL = "recruiting.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "jobs"
# Staff sign in with their email. There is no public sign-up: an admin invites them and
# they choose a password from the emailed link.
ACCOUNT_ADAPTER = "recruiting.accounts.StaffAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Recruiting] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# Behind a proxy every request comes from the proxy's address, so per-address limits would
# be one limit for everyone. Say how many proxies you run (allauth then takes the client
# from that many entries from the end of X-Forwarded-For, the part your proxies wrote), or
# name a header your proxy sets to the client's address (X-Real-IP, CF-Connecting-IP).
# Only when the app cannot be reached except through those proxies: anyone who can reach it
# directly writes these headers themselves.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", default="") or None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Recruiting")
# When true, every signed-in member of staff must turn on TOTP before using any page.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=False)
# `load_demo` creates a superuser with a published password: local and test settings only.
DEMO_ALLOWED = False

# Pages load scripts, styles, images and frames only from this site. Inline style
# attributes stay allowed (progress bars set widths); inline scripts and eval do not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
X_FRAME_OPTIONS = "DENY"

# --- I18N -------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static files and uploads -----------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # Resumes are personal data: private objects, encrypted at rest, and only reachable
    # through short-lived signed URLs handed out after a permission check.
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            # Buckets made since 2020 refuse SigV2-signed URLs.
            "signature_version": "s3v4",
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            "file_overwrite": False,
            "object_parameters": {"ServerSideEncryption": "AES256"},
            "location": env("AWS_LOCATION", default=""),
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": MEDIA_URL},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Celery -----------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
# Without Redis the broker is kombu's filesystem transport: a real worker process and
# beat, with no server to install.
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for _folder in ("queue", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
        # kombu polls the folder once a second by default, which leaves a prefork worker
        # idle between files; a tenth of a second keeps it busy at negligible cost.
        "polling_interval": 0.1,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# Task state lives in our own rows (each pipeline step has a status), not in a result
# backend: nothing reads Celery results.
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
# A task is acknowledged after it ran, and re-queued if its worker dies mid-task; the
# services it calls claim their row first, so a redelivery does nothing twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "requeue-stuck-resumes": {
        "task": "recruiting.tasks.requeue_stuck_resumes",
        "schedule": 300.0,
    },
}

# --- Email ------------------------------------------------------------------------------
if env("EMAIL_URL", default=""):
    EMAIL_CONFIG = env.email_url("EMAIL_URL")
    vars().update(EMAIL_CONFIG)
    if EMAIL_CONFIG.get("EMAIL_FILE_PATH"):
        # django-environ drops the leading slash of filemail:///var/mail.
        EMAIL_FILE_PATH = "/" + EMAIL_CONFIG["EMAIL_FILE_PATH"].lstrip("/")
else:
    # No mail server configured: every email is written to a file in VAR_DIR/mail.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Recruiting <recruiting@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- REST API ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {"TITLE": "Recruiting API", "VERSION": "1.0.0"}

# --- Product settings -------------------------------------------------------------------
# Largest resume file accepted, in bytes.
RESUME_MAX_BYTES = env.int("RESUME_MAX_BYTES", default=10 * 1024 * 1024)
# Largest total of uncompressed files accepted from one zip.
RESUME_ZIP_MAX_BYTES = env.int("RESUME_ZIP_MAX_BYTES", default=200 * 1024 * 1024)
# Largest upload request (every file of one upload together). Counted as the bytes arrive
# (recruiting/uploads.py), so a larger upload is refused without being held anywhere.
RESUME_UPLOAD_MAX_BYTES = env.int("RESUME_UPLOAD_MAX_BYTES", default=200 * 1024 * 1024)

# --- Request limits ---------------------------------------------------------------------
# Uploaded files past this size are spooled to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
# Largest body of ordinary form fields (files excluded) Django reads into memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
# Most files in one request; a larger set is refused (put them in a zip instead).
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("DATA_UPLOAD_MAX_NUMBER_FILES", default=500)
# Region used to read phone numbers written without a country code.
PHONE_DEFAULT_REGION = env("PHONE_DEFAULT_REGION", default="US")

# --- Logging ----------------------------------------------------------------------------
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOG_FORMAT = env("LOG_FORMAT", default="text")  # "text" for people, "json" for collectors
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.request_id.RequestIdLogFilter"}},
    "formatters": {
        "text": {
            "format": "%(asctime)s %(levelname)-7s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "celery": {"level": LOG_LEVEL},
    },
}

# --- AI: providers, prompts, cost and throughput ------------------------------------------
# "anthropic" (Claude through the Messages API), "bedrock" (Claude on AWS Bedrock, boto3
# credentials) or "local" (the offline scorer: no key, no network). Local unless a key is set.
ANTHROPIC_API_KEY = env("ANTHROPIC_API_KEY", default="")
AI_PROVIDER = env("AI_PROVIDER", default="anthropic" if ANTHROPIC_API_KEY else "local")
ANTHROPIC_MODEL = env("ANTHROPIC_MODEL", default="claude-sonnet-5-5")
# Empty: Anthropic's API. Tests point it at a fake server on loopback.
ANTHROPIC_BASE_URL = env("ANTHROPIC_BASE_URL", default="")
AI_BEDROCK_MODEL = env("AI_BEDROCK_MODEL", default="us.anthropic.claude-sonnet-5-5")
AI_BEDROCK_REGION = env("AI_BEDROCK_REGION", default="us-east-1")
# Seconds one model call may take before it counts as a (retryable) timeout.
AI_TIMEOUT_SECONDS = env.int("AI_TIMEOUT_SECONDS", default=60)
AI_MAX_OUTPUT_TOKENS = env.int("AI_MAX_OUTPUT_TOKENS", default=8192)
# Retries of one call inside the worker (429, 529, 5xx, timeouts), with exponential backoff
# and jitter, honouring retry-after up to AI_RETRY_MAX_WAIT_SECONDS; after that the task
# itself is retried later.
AI_RETRY_ATTEMPTS = env.int("AI_RETRY_ATTEMPTS", default=3)
AI_RETRY_BASE_SECONDS = env.int("AI_RETRY_BASE_SECONDS", default=2)
AI_RETRY_MAX_WAIT_SECONDS = env.int("AI_RETRY_MAX_WAIT_SECONDS", default=30)
# At most this many model calls at once for one job, across all workers.
AI_MAX_CONCURRENCY_PER_JOB = env.int("AI_MAX_CONCURRENCY_PER_JOB", default=4)
# Message Batches: half the price, results within 24 hours. Used when enabled and at least
# AI_BATCH_THRESHOLD screenings of one job are waiting.
AI_BATCH_ENABLED = env.bool("AI_BATCH_ENABLED", default=False)
AI_BATCH_THRESHOLD = env.int("AI_BATCH_THRESHOLD", default=20)
AI_BATCH_COLLECT_SECONDS = env.int("AI_BATCH_COLLECT_SECONDS", default=60)
AI_BATCH_POLL_SECONDS = env.int("AI_BATCH_POLL_SECONDS", default=300)
# Screenings finishing together cause one re-rank of their job, this many seconds later.
AI_RERANK_DELAY_SECONDS = env.int("AI_RERANK_DELAY_SECONDS", default=5)
# USD per million tokens, matched by the longest key contained in the model name (so dated
# and Bedrock model ids find their family). Batch calls cost AI_BATCH_DISCOUNT of these.
AI_PRICES = {
    "claude-sonnet-5-5": {"input": 2.0, "output": 10.0, "cache_write": 2.5, "cache_read": 0.1},
    "claude-sonnet-5": {"input": 2.0, "output": 10.0, "cache_write": 2.5, "cache_read": 0.2},
    "claude-sonnet-4": {"input": 3.0, "output": 15.0, "cache_write": 3.75, "cache_read": 0.3},
    "claude-haiku-4-5": {"input": 1.0, "output": 5.0, "cache_write": 1.25, "cache_read": 0.1},
    "claude-opus-4-5": {"input": 5.0, "output": 25.0, "cache_write": 6.25, "cache_read": 0.5},
    "local": {"input": 0.0, "output": 0.0, "cache_write": 0.0, "cache_read": 0.0},
}
AI_BATCH_DISCOUNT = 0.5
# Semaphores, re-rank coalescing: a cache every worker shares (Redis when there is one,
# else files in VAR_DIR, which the embedded worker's processes share).
CACHES = {
    "default": env.cache(
        "CACHE_URL",
        default=REDIS_URL or f"filecache://{VAR_DIR / 'cache'}",
    )
}
CELERY_BEAT_SCHEDULE["requeue-stuck-screenings"] = {
    "task": "ai.tasks.requeue_stuck_screenings",
    "schedule": 300.0,
}
CELERY_BEAT_SCHEDULE["poll-screening-batches"] = {
    "task": "ai.tasks.poll_open_batches",
    "schedule": float(AI_BATCH_POLL_SECONDS),
}

# --- Voice: automated phone screens -------------------------------------------------------
# "simulator" (the default: calls are played through our own webhooks, no keys, no phone)
# or "twilio" (real calls through Twilio's REST API).
VOICE_PROVIDER = env("VOICE_PROVIDER", default="simulator")
TWILIO_ACCOUNT_SID = env("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env("TWILIO_AUTH_TOKEN", default="")
# The number calls come from, which is also the number candidates are told to call back.
TWILIO_FROM_NUMBER = env("TWILIO_FROM_NUMBER", default="")
# The address Twilio reaches us at: webhook URLs are built on it and signatures are checked
# against it, so it must be what Twilio requested, also behind a proxy that rewrites hosts.
VOICE_PUBLIC_BASE_URL = env("VOICE_PUBLIC_BASE_URL", default=SITE_URL)
# Said in the greeting: "This is <company> calling about the <job> role".
VOICE_COMPANY_NAME = env("VOICE_COMPANY_NAME", default="the hiring team")
# Calls are placed only inside this window, in the candidate's own timezone.
VOICE_CALLING_WINDOW_START = env("VOICE_CALLING_WINDOW_START", default="09:00")
VOICE_CALLING_WINDOW_END = env("VOICE_CALLING_WINDOW_END", default="19:00")
VOICE_CALLING_DAYS = env.list("VOICE_CALLING_DAYS", default=["mon", "tue", "wed", "thu", "fri"])
VOICE_MAX_ATTEMPTS = env.int("VOICE_MAX_ATTEMPTS", default=3)
# Wait before the next attempt after an unanswered one; doubles with every attempt.
VOICE_RETRY_BACKOFF_SECONDS = env.int("VOICE_RETRY_BACKOFF_SECONDS", default=2 * 3600)
VOICE_RING_TIMEOUT_SECONDS = env.int("VOICE_RING_TIMEOUT_SECONDS", default=25)
# Record calls (only ever those of candidates who agreed to recording).
VOICE_RECORD_CALLS = env.bool("VOICE_RECORD_CALLS", default=True)
# Delete each recording at Twilio once it is copied into our storage.
VOICE_DELETE_PROVIDER_RECORDINGS = env.bool("VOICE_DELETE_PROVIDER_RECORDINGS", default=True)
# An attempt placed this long ago with no word from Twilio is looked up, then given up.
VOICE_RECONCILE_AFTER_SECONDS = env.int("VOICE_RECONCILE_AFTER_SECONDS", default=600)
# Longest transcript kept per answer; Twilio's own are far shorter.
VOICE_MAX_TRANSCRIPT_CHARS = env.int("VOICE_MAX_TRANSCRIPT_CHARS", default=4000)
# The simulator answers from the candidate's resume, or from this JSON file of replies.
VOICE_SIMULATOR_SCRIPT = env("VOICE_SIMULATOR_SCRIPT", default="")
# Due attempts are placed by this sweep, so a call waits at most this long past its time.
CELERY_BEAT_SCHEDULE["place-due-phone-screen-calls"] = {
    "task": "voice.tasks.phone_screens_due",
    "schedule": 60.0,
}
# Scorings whose worker died mid-run are queued again (or, after a few tries, failed).
CELERY_BEAT_SCHEDULE["requeue-stuck-phone-screen-scorings"] = {
    "task": "voice.tasks.requeue_stuck_phone_screen_scorings",
    "schedule": 300.0,
}
