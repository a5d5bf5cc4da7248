"""The test suite's settings (pytest.ini): development's, made fast and quiet."""

from .dev import *  # noqa: F403
from .dev import CACHES, INSTALLED_APPS, MIDDLEWARE

# DJANGO DEBUG TOOLBAR
# ------------------------------------------------------------------------------
# https://django-debug-toolbar.readthedocs.io/en/latest/installation.html#disable-the-toolbar-when-running-tests-optional
DEBUG_TOOLBAR = False
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "debug_toolbar"]
MIDDLEWARE = [name for name in MIDDLEWARE if not name.startswith("debug_toolbar.")]

# PASSWORDS
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/testing/overview/#password-hashing
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# EMAIL
# ------------------------------------------------------------------------------
# Tests of the mail task (project/mail.py) send through this, to the outbox.
EMAIL_SENDING_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# CACHES AND SESSIONS
# ------------------------------------------------------------------------------
# As with Redis in production (base.py): sessions and permissions from a cache, here
# the process's own memory, which is safe in one process.
CACHES = {**CACHES, "sessions": {**CACHES["pages"], "KEY_PREFIX": "session"}}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"
