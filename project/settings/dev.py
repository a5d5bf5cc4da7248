"""Development: DEBUG on, a fixed insecure key, SQLite by default, the debug toolbar."""

import importlib.util

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, MIDDLEWARE, SECRET_KEY

# GENERAL
# ------------------------------------------------------------------------------
DEBUG = True
SECRET_KEY = SECRET_KEY or "django-insecure-dev-only-0f3b8c1e9a7d4e2b"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

# PAGE CACHE
# ------------------------------------------------------------------------------
# No renderings kept: an edit shows on the next request.
PAGE_CACHE_SECONDS = 0

# TASKS AND EMAIL
# ------------------------------------------------------------------------------
# Tasks run at once: mail appears in the terminal of `make run`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# COMPRESSION
# ------------------------------------------------------------------------------
# Compressed as production sends it, so pages load in `make run` as they will
# there. Development only: compressed pages with secrets in them invite BREACH.
# https://whitenoise.readthedocs.io/en/stable/django.html#using-whitenoise-in-development
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]
MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *MIDDLEWARE]

# DJANGO DEBUG TOOLBAR
# ------------------------------------------------------------------------------
# https://django-debug-toolbar.readthedocs.io/en/latest/installation.html
DEBUG_TOOLBAR = importlib.util.find_spec("debug_toolbar") is not None
if DEBUG_TOOLBAR:
    INSTALLED_APPS = [*INSTALLED_APPS, "debug_toolbar"]
    MIDDLEWARE = [*MIDDLEWARE, "debug_toolbar.middleware.DebugToolbarMiddleware"]
    INTERNAL_IPS = ["127.0.0.1"]
    DEBUG_TOOLBAR_CONFIG = {"SHOW_COLLAPSED": True}
