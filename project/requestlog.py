"""Request ids and log lines as JSON objects, one per line, for a log collector.

``RequestLogMiddleware`` gives every request an id (the ``X-Request-ID`` header
the proxy sent, or a new one), returns it in the response and writes one line per
request. ``JsonFormatter`` turns any log record into one line of JSON, a
traceback included, with the id of the request being served.
``GunicornAccessFilter`` does the same for gunicorn's access log.
"""

import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import cache

from django.contrib.auth import SESSION_KEY
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# Anything else in the header (spaces, quotes, newlines, kilobytes) is replaced:
# the id is copied into every log line, so it must not be able to forge one.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# Polled every few seconds by the load balancer and the service manager: logging
# each hit at INFO would drown the lines that matter.
PROBE_URL_NAMES = frozenset({"healthz", "readyz"})

# The id of the request this thread is serving, for every record logged meanwhile.
current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)

logger = logging.getLogger("project.request")


def request_id_from(header: str | None) -> str:
    """The id sent by the proxy when it is well-formed, otherwise a new one."""
    if header and VALID_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """Tag each request with an id and log it: method, path, status, duration, user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        # An attribute of Django's own class: views and error pages read it.
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            match = request.resolver_match
            quiet = match is not None and match.url_name in PROBE_URL_NAMES
            logger.log(
                logging.DEBUG if quiet else logging.INFO,
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": None if quiet else signed_in_user_id(request),
                },
            )
            return response
        finally:
            current_request_id.reset(token)


def signed_in_user_id(request: HttpRequest) -> str | None:
    """The signed-in user's id, read from the session.

    The session rather than ``request.user``: no user row is fetched for a line
    of log, and a visitor without a session cookie costs no query at all.
    """
    session = getattr(request, "session", None)
    if session is None:
        return None
    try:
        return session.get(SESSION_KEY)
    except DatabaseError:
        # The database is down and the page said so (503); the log line must
        # not turn that into a server error.
        return None


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request fields, traceback."""

    EXTRA_FIELDS = (
        "method",
        "path",
        "status",
        "duration_ms",
        "user_id",
        "remote_addr",
        "bytes",
        "user_agent",
    )

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or current_request_id.get()
        if request_id:
            entry["request_id"] = request_id
        for field in self.EXTRA_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


@cache
def probe_paths() -> frozenset[str]:
    """The paths of the health probes, as the URLconf has them."""
    from django.urls import reverse

    return frozenset(reverse(name) for name in PROBE_URL_NAMES)


class GunicornAccessFilter(logging.Filter):
    """Drop gunicorn's access lines for health probes; give the others the JSON fields.

    gunicorn logs each access with its "atoms" (a mapping of the request's
    details) as the record's arguments.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args
        if not isinstance(atoms, Mapping):
            return True
        path = atoms.get("U")
        if path in probe_paths():
            return False
        record.request_id = atoms.get("{x-request-id}o")
        record.remote_addr = atoms.get("h")
        record.method = atoms.get("m")
        record.path = path
        record.status = int(str(atoms.get("s")))
        record.bytes = atoms.get("B")
        record.duration_ms = atoms.get("M")
        record.user_agent = atoms.get("a")
        return True
