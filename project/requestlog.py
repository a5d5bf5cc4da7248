"""Log lines as JSON objects, one per line, for a log collector (prod.py, gunicorn.conf.py).

The request id is nginx's ``$request_id``, sent as ``X-Request-ID``
(deploy/nginx/entities-proxy.conf): gunicorn's access line names it (its
``access_log_format``), and so does each record Django logs about a request, a
traceback kept in the same line.
"""

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache

from django.http import HttpRequest

REQUEST_ID_HEADER = "X-Request-ID"
# Polled every few seconds by the load balancer and the service manager: an
# access line for each would drown the lines that matter.
PROBE_URL_NAMES = ("healthz", "readyz")


class JsonFormatter(logging.Formatter):
    """One JSON object per record: no JSON formatter comes with Django or a kept package."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # Django passes the request with what it logs about one (django.request).
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest) and REQUEST_ID_HEADER in request.headers:
            entry["request_id"] = request.headers[REQUEST_ID_HEADER]
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


@cache
def probe_paths() -> frozenset[str]:
    """The paths of the health probes, as the URLconf has them."""
    from django.urls import reverse

    return frozenset(reverse(name) for name in PROBE_URL_NAMES)


class GunicornAccessFilter(logging.Filter):
    """Leaves health probes out of gunicorn's access log, which has no setting for it.

    gunicorn logs each access with its "atoms" (a mapping of the request's
    details) as the record's arguments.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args
        return not (isinstance(atoms, Mapping) and atoms.get("U") in probe_paths())
