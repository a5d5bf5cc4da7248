"""Production settings for the site that ``test_outage.py`` and ``test_production_mail.py``
start in a process of their own.

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
