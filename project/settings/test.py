"""The test suite's settings (pytest.ini): development's, made fast and quiet."""

from .dev import *  # noqa: F403
from .dev import INSTALLED_APPS, MIDDLEWARE

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
