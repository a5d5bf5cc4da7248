"""Development: DEBUG on, a fixed insecure key, SQLite by default, the debug toolbar."""

import importlib.util

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, MIDDLEWARE, SECRET_KEY

# GENERAL
# ------------------------------------------------------------------------------
DEBUG = True
# Only for development: never used by prod.py.
SECRET_KEY = SECRET_KEY or "django-insecure-dev-only-0f3b8c1e9a7d4e2b"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

# PAGE CACHE
# ------------------------------------------------------------------------------
# No renderings kept: an edit of a template or of the code shows on the next
# request. Tests of the page cache turn it on for themselves.
PAGE_CACHE_SECONDS = 0

# TASKS AND EMAIL
# ------------------------------------------------------------------------------
# Tasks run at once, in the request: the confirmation mail appears in the
# terminal of `make run` (EMAIL_URL's default, consolemail://).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# COMPRESSION
# ------------------------------------------------------------------------------
# As production sends it (WhiteNoise's precompressed files, nginx), so pages load
# in `make run` as they will there: WhiteNoise serves the static files instead of
# runserver (runserver_nostatic), and GZipMiddleware, first, compresses them and
# the pages. Development only: compressed pages with secrets in them invite BREACH.
# https://whitenoise.readthedocs.io/en/stable/django.html#using-whitenoise-in-development
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]
MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *MIDDLEWARE]

# DJANGO DEBUG TOOLBAR
# ------------------------------------------------------------------------------
# https://django-debug-toolbar.readthedocs.io/en/latest/installation.html
# On whenever it is installed; test.py takes it out again for the test suite.
DEBUG_TOOLBAR = importlib.util.find_spec("debug_toolbar") is not None
if DEBUG_TOOLBAR:
    INSTALLED_APPS = [*INSTALLED_APPS, "debug_toolbar"]
    MIDDLEWARE = [*MIDDLEWARE, "debug_toolbar.middleware.DebugToolbarMiddleware"]
    INTERNAL_IPS = ["127.0.0.1"]
    DEBUG_TOOLBAR_CONFIG = {"SHOW_COLLAPSED": True}
