"""Production: DEBUG off, required configuration, secure defaults, WhiteNoise."""

from project.requestlog import JSON_FORMATTER

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    DATABASE_URL,
    DEFAULT_FROM_EMAIL,
    EMAIL_SENDING_BACKEND,
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

# EMAIL
# ------------------------------------------------------------------------------
# Nobody can sign up without the confirmation mail. (A provider's HTTP API instead
# of SMTP, through django-anymail: docs/deploy.md.)
if EMAIL_SENDING_BACKEND == "django.core.mail.backends.console.EmailBackend":
    raise config_error(
        "EMAIL_URL",
        "is not set or is consolemail://, which only prints mail",
        "production needs a mail server, for example "
        "EMAIL_URL=smtp+tls://user:password@smtp.example.com:587",
    )
if "@localhost" in DEFAULT_FROM_EMAIL:
    raise config_error(
        "DEFAULT_FROM_EMAIL",
        "is not set or names localhost, whose mail other servers refuse",
        "name the site's sender, for example DEFAULT_FROM_EMAIL=Entities <noreply@example.com>",
    )

# ERROR REPORTS
# ------------------------------------------------------------------------------
# https://docs.sentry.io/platforms/python/integrations/django/
# Errors and their context to Sentry as well as to ADMINS, when a DSN is given.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(dsn=SENTRY_DSN, integrations=[DjangoIntegration()])

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
# Server errors are mailed to ADMINS as in every environment (base.py).
LOGGING = {
    **LOGGING,
    "formatters": {"json": JSON_FORMATTER},
    "filters": {**LOGGING["filters"], "request_id": {"()": "project.requestlog.RequestIdFilter"}},
    "handlers": {
        **LOGGING["handlers"],
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
            "stream": "ext://sys.stdout",
        },
    },
}
