"""Production: PostgreSQL, Redis, S3, SMTP, JSON logs, HTTPS only.

Everything here is read from the environment; ``.env.example`` lists the variables.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

SECRET_KEY_MIN_LENGTH = 50
# Values that are known to the world: Django's startproject keys and .env.example's.
PUBLISHED_SECRET_KEY_PREFIXES = ("django-insecure", "change-me")


def checked_secret_key(key: str) -> str:
    """``key`` if it can sign sessions and password-reset links in production; otherwise
    the site refuses to start rather than run with a key others know or can guess."""
    problem = None
    if not key:
        problem = "is empty"
    elif key.lower().startswith(PUBLISHED_SECRET_KEY_PREFIXES):
        problem = "is a published example value"
    elif len(key) < SECRET_KEY_MIN_LENGTH:
        problem = f"has {len(key)} characters, fewer than {SECRET_KEY_MIN_LENGTH}"
    elif len(set(key)) < 5:
        problem = "repeats too few characters"
    if problem:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY {problem}. Set it to {SECRET_KEY_MIN_LENGTH} or more random "
            'characters: python -c "import secrets; print(secrets.token_urlsafe(64))"'
        )
    return key


DEBUG = False
DEMO_ALLOWED = False
SECRET_KEY = checked_secret_key(env("DJANGO_SECRET_KEY"))
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# TLS ends at the load balancer, which says so in X-Forwarded-Proto. gunicorn believes that
# header only from FORWARDED_ALLOW_IPS (config/gunicorn_conf.py) and then marks the request
# https; SECURE_PROXY_SSL_HEADER is deliberately not set, because Django would believe the
# header from any client that reaches the app directly.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True

LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT

ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/")
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=True)
