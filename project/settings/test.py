"""The test suite: the development settings, made fast and quiet.

pytest uses it through ``DJANGO_SETTINGS_MODULE`` in pytest.ini. Tests that
start Django in a new process choose their own settings module.
"""

from .dev import *  # noqa: F403
from .dev import INSTALLED_APPS, MIDDLEWARE

# DJANGO DEBUG TOOLBAR
# ------------------------------------------------------------------------------
# Left out, as its documentation recommends: it would add its own markup and
# queries to the pages the tests look at.
# https://django-debug-toolbar.readthedocs.io/en/latest/installation.html#disable-the-toolbar-when-running-tests-optional
DEBUG_TOOLBAR = False
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "debug_toolbar"]
MIDDLEWARE = [name for name in MIDDLEWARE if not name.startswith("debug_toolbar.")]

# PASSWORDS
# ------------------------------------------------------------------------------
# A deliberately weak hasher: each sign-in and user creation costs microseconds
# instead of the tenth of a second PBKDF2 spends on purpose.
# https://docs.djangoproject.com/en/5.2/topics/testing/overview/#password-hashing
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# EMAIL
# ------------------------------------------------------------------------------
# Mail stays in django.core.mail.outbox, where tests read it; nothing is sent.
# pytest-django sets EMAIL_BACKEND so (Django's setup_test_environment); tests of
# the task (project/mail.py) put it back and send through this one.
EMAIL_SENDING_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
