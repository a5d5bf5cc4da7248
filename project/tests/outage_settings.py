"""Production settings for the server that ``test_outage.py`` starts.

Only the static files storage differs: files are served from the app folders,
so the test needs no ``collectstatic``.
"""

from project.settings.prod import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The test talks plain HTTP to 127.0.0.1, so cookies cannot be HTTPS-only.
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_SECURE = False
