"""Production: DEBUG off, required configuration, secure defaults, WhiteNoise."""

from project.requestlog import JSON_FORMATTER

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    DATABASE_URL,
    LOGGING,
    SECRET_KEY,
    TRUSTED_PROXY_COUNT,
    config_error,
    env,
)

# GENERAL
# ------------------------------------------------------------------------------
DEBUG = False
ENVIRONMENT = "production"
if not SECRET_KEY:
    raise config_error(
        "SECRET_KEY",
        "is not set",
        "production needs a long random value, for example the output of "
        'python -c "import secrets; print(secrets.token_urlsafe(50))"',
    )
if not ALLOWED_HOSTS:
    raise config_error(
        "ALLOWED_HOSTS",
        "is not set",
        "list the host names the site answers to, separated by commas, "
        "for example ALLOWED_HOSTS=example.com,www.example.com",
    )
if not DATABASE_URL:
    raise config_error(
        "DATABASE_URL",
        "is not set",
        "production needs a database URL such as postgres://user:password@127.0.0.1:5432/entities",
    )

# SECURITY
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
# Behind a proxy that terminates TLS and redirects by itself, set
# DJANGO_SECURE_SSL_REDIRECT=False; the proxy must send X-Forwarded-Proto. Without
# a proxy the deploy names (TRUSTED_PROXY_COUNT), the header is the client's word.
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# HSTS starts low: a browser that saw the header refuses plain HTTP to the site
# for that long, so a certificate or proxy mistake would lock visitors out. Raise
# it step by step (an hour, a week, a month, a year), then consider subdomains
# and preloading, which are hard to undo: docs/deploy.md, "HTTPS strictly".
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [
    # Chosen off, as above; `check --deploy` would otherwise warn.
    *([] if SECURE_SSL_REDIRECT else ["security.W008"]),
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
# The load balancer and the service manager probe the instances over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# STATIC FILES
# ------------------------------------------------------------------------------
# https://whitenoise.readthedocs.io/en/stable/django.html
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# LOGGING
# ------------------------------------------------------------------------------
# One JSON object per line on stdout, tracebacks included, with the id of the
# request nginx gave it: what log collectors read without parsing rules.
LOGGING = {
    **LOGGING,
    "formatters": {"json": JSON_FORMATTER},
    "filters": {"request_id": {"()": "project.requestlog.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
            "stream": "ext://sys.stdout",
        },
    },
}
