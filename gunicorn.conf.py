"""gunicorn settings for one instance of the site; read by ``gunicorn project.wsgi``.

Environment: ``GUNICORN_BIND`` (default 127.0.0.1:8000; several addresses are
separated by spaces), ``GUNICORN_WORKERS`` (default 2 * cores + 1),
``GUNICORN_TIMEOUT``, ``GUNICORN_GRACEFUL_TIMEOUT``, ``GUNICORN_MAX_REQUESTS``.
https://docs.gunicorn.org/en/stable/settings.html
"""

import gc
import multiprocessing
import os
import sys
from pathlib import Path

# The project folder, wherever gunicorn is started from.
chdir = str(Path(__file__).resolve().parent)
sys.path.insert(0, chdir)

from django.core.exceptions import ImproperlyConfigured  # noqa: E402

from project.envvars import configure_settings_module  # noqa: E402
from project.requestlog import JSON_FORMATTER  # noqa: E402

wsgi_app = "project.wsgi:application"

# Read the settings before anything starts, so that a configuration mistake (a
# missing SECRET_KEY, say) stops gunicorn with its one sentence, not a traceback.
configure_settings_module("project.settings.prod")
try:
    from django.conf import settings

    settings.INSTALLED_APPS  # noqa: B018 (reading a setting loads them all)
except ImproperlyConfigured as error:
    raise SystemExit(f"Configuration error: {error}") from None

# SOCKETS AND WORKERS
# ------------------------------------------------------------------------------
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split()
# gunicorn's own rule of thumb for synchronous workers.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
# Load the site once in the master: workers share the loaded code's memory, and
# a site that cannot load stops the start instead of every worker failing.
preload_app = True


def when_ready(server: object) -> None:
    """Once the site is loaded, before the workers fork. What Django loads on first use
    (the URL patterns, each language's catalogues, the site's templates) is loaded here
    once, so a new worker's first page takes 10-20 ms, not 100: workers are replaced
    all the time (``max_requests``, below), with requests waiting for them.
    https://uwsgi-docs.readthedocs.io/en/latest/articles/TheArtOfGracefulReloading.html#dealing-with-ultra-lazy-apps-like-django
    Then the site's objects, which live as long as the process, are frozen: the garbage
    collector stops walking them, so a full collection of a worker pauses it for about
    3 ms, not 40, and fewer of the pages it shares are copied.
    https://docs.python.org/3/library/gc.html#gc.freeze"""
    from django.template.loader import get_template
    from django.urls import reverse
    from django.utils import translation

    reverse("healthz")  # builds the lookups of every URL pattern
    for code, _name in settings.LANGUAGES:
        translation.activate(code)
    translation.deactivate()
    templates = Path(chdir, "templates")
    for template in templates.rglob("*.html"):
        get_template(template.relative_to(templates).as_posix())
    gc.freeze()


# TIMEOUTS
# ------------------------------------------------------------------------------
# A worker silent for this long is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
# On stop or restart, requests under way get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
# nginx opens a new connection per request (synchronous workers do not keep
# connections alive); this only bounds a client talking to gunicorn directly.
keepalive = 2

# WORKER RECYCLING
# ------------------------------------------------------------------------------
# Each worker is replaced after about this many requests, which bounds slow
# memory growth; the jitter keeps the workers from restarting all at once. A
# worker serves up to a thousand cached pages a second, so a lower number would
# restart workers every few seconds under load.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 10

# CONTROL SOCKET
# ------------------------------------------------------------------------------
# Several instances on one machine would share the default socket path; the
# service manager controls them with signals instead.
control_socket_disable = True

# LOGGING
# ------------------------------------------------------------------------------
# gunicorn's own messages and its access log on stdout, as JSON objects like the
# site's (project/requestlog.py); health probes are left out of the access log.
# One access line per request, with the id nginx sent (its access log has it too).
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}i)s'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER},
    "filters": {"access": {"()": "project.requestlog.GunicornAccessFilter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        },
        "access": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["access"],
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
    },
}
