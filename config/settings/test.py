"""pytest: SQLite and eager tasks by default.

The second pass of `make test` sets ``TEST_DATABASE_URL`` (PostgreSQL) and
``TEST_REDIS_URL`` so the whole suite also runs on the production database, and the
tests marked ``services`` send tasks through Redis to a real worker process.
"""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
DEMO_ALLOWED = True
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
VAR_DIR = Path(env("VAR_DIR", default=tempfile.mkdtemp(prefix="recruiting-test-")))
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))

DATABASES = {"default": env.db("TEST_DATABASE_URL", default="sqlite:///:memory:")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the browser tests' live server then gives each request thread
    # its own connection instead of sharing one across threads.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_recruiting")}

STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": "/media/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CELERY_BROKER_URL = env("TEST_REDIS_URL", default="memory://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING["root"]["level"] = env("LOG_LEVEL", default="WARNING")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The live-worker fixture gives each run its own queue, and the worker publishes the next
# step of a chain to the same one.
CELERY_TASK_DEFAULT_QUEUE = env("TEST_CELERY_QUEUE", default="celery")

# AI: the offline scorer unless a test points the SDK at the fake Messages API server; no
# real waiting between retries; a per-process cache for semaphores and re-rank coalescing.
AI_PROVIDER = "local"
ANTHROPIC_API_KEY = ""
ANTHROPIC_BASE_URL = ""
AI_BATCH_ENABLED = False
AI_RERANK_DELAY_SECONDS = 0
AI_BATCH_COLLECT_SECONDS = 0
AI_TIMEOUT_SECONDS = 5
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Voice: the simulator, a fixed public address, and a Twilio token the tests sign with.
VOICE_PROVIDER = "simulator"
VOICE_PUBLIC_BASE_URL = "https://recruiting.example.com"
TWILIO_ACCOUNT_SID = "AC" + "0" * 32
TWILIO_AUTH_TOKEN = "test-twilio-token"  # noqa: S105
TWILIO_FROM_NUMBER = "+15005550006"
VOICE_SIMULATOR_SCRIPT = ""
