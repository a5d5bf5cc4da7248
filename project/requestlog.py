"""JSON log lines with nginx's request id; no access line for the health probes."""

import logging
from collections.abc import Mapping
from functools import cache

REQUEST_ID_HEADER = "X-Request-ID"
PROBE_URL_NAMES = ("healthz", "readyz")

JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(levelname)s %(name)s %(message)s",
    "rename_fields": {"levelname": "level", "name": "logger", "exc_info": "traceback"},
    "timestamp": "time",
}


class RequestIdFilter(logging.Filter):
    """nginx's request id on each record about a request: no package reads it from there."""

    def filter(self, record: logging.LogRecord) -> bool:
        headers = getattr(getattr(record, "request", None), "headers", {})
        if REQUEST_ID_HEADER in headers:
            record.request_id = headers[REQUEST_ID_HEADER]
        return True


@cache
def probe_paths() -> frozenset[str]:
    """The paths of the health probes, as the URLconf has them."""
    from django.urls import reverse

    return frozenset(reverse(name) for name in PROBE_URL_NAMES)


class GunicornAccessFilter(logging.Filter):
    """The health probes out of gunicorn's access log, which has no setting for it."""

    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args
        return not (isinstance(atoms, Mapping) and atoms.get("U") in probe_paths())
