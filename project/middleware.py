"""A 503 page, rendered without the database, when it cannot answer now (not for a
bug such as a missing table); a 400 page for a body the site cannot read."""

import logging
import sqlite3
import sys
from http import HTTPStatus
from typing import Any

from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.deprecation import MiddlewareMixin
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER = 30  # seconds

OUTAGE = "outage"  # the database cannot be reached
TOO_SLOW = "too_slow"  # a query ran past the statement timeout, or SQLite stayed locked

# PostgreSQL's SQLSTATEs: class 08, shutting down, starting up, too many connections.
OUTAGE_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "53300"})
TOO_SLOW_SQLSTATES = frozenset({"57014"})  # query_canceled: statement_timeout
SQLITE_OUTAGE_MESSAGES = ("unable to open database file", "disk i/o error")
SQLITE_TOO_SLOW_MESSAGES = ("database is locked", "database table is locked")
NEVER_ECHOED = ("csrfmiddlewaretoken", "password")


def typed_fields(request: HttpRequest) -> list[tuple[str, str]]:
    """What the person typed into the form they posted, without secrets."""
    if request.method != "POST":
        return []
    try:
        posted = request.POST
    except Exception:  # an unreadable body: there is nothing to give back
        return []
    return [
        (name, value)
        for name, values in posted.lists()
        if not any(secret in name.lower() for secret in NEVER_ECHOED)
        for value in values
        if value.strip()
    ]


def database_trouble(exception: BaseException | None) -> str | None:
    """``OUTAGE``, ``TOO_SLOW`` or None (not the database's availability: a bug)."""
    if isinstance(exception, InterfaceError):
        return OUTAGE  # the connection is closed or unusable
    if not isinstance(exception, OperationalError):
        return None
    driver_error = exception.__cause__ or exception
    if isinstance(driver_error, sqlite3.Error):
        message = str(driver_error).lower()
        if message.startswith(SQLITE_OUTAGE_MESSAGES):
            return OUTAGE
        if message.startswith(SQLITE_TOO_SLOW_MESSAGES):
            return TOO_SLOW
        return None  # "no such table", "no such column", …: the code or the schema
    sqlstate = getattr(driver_error, "sqlstate", None)
    if sqlstate is None:
        return OUTAGE  # no server answer at all: refused, lost, timed out
    if sqlstate.startswith("08") or sqlstate in OUTAGE_SQLSTATES:
        return OUTAGE
    if sqlstate in TOO_SLOW_SQLSTATES:
        return TOO_SLOW
    return None  # a deadlock, a serialization failure, …


def resend_path(request: HttpRequest) -> str | None:
    """The path posted to, if this site answers it (not "//evil.example/steal")."""
    try:
        resolve(request.path_info)
    except Resolver404:
        return None
    return request.path


def database_unavailable(request: HttpRequest, trouble: str = OUTAGE) -> HttpResponse:
    """The 503 page; after a POST it says nothing was saved and gives back the text."""
    context = {
        "too_slow": trouble == TOO_SLOW,
        "typed_fields": typed_fields(request),
        "form_action": resend_path(request),
        "csrf_token": get_token(request),  # in a cookie, not the database
    }
    body = loader.render_to_string("503.html", context)  # no request: no database
    response = HttpResponse(body, status=HTTPStatus.SERVICE_UNAVAILABLE)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware(MiddlewareMixin):
    """Answers 503 when a view or its template cannot reach the database."""

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        trouble = database_trouble(exception)
        if trouble is None:
            return None
        if trouble == TOO_SLOW:
            first_line = (str(exception).strip().splitlines() or [""])[0]
            logger.warning(
                "Query too slow: %s %s answered 503 (%s)", request.method, request.path, first_line
            )
        else:
            logger.error(
                "Database unavailable: %s %s answered 503",
                request.method,
                request.path,
                exc_info=exception,
            )
        return database_unavailable(request, trouble)


class UnreadableBodyMiddleware(MiddlewareMixin):
    """400 for a form not in UTF-8, before anything reads it: Django 5.2 raises on every
    read of such a body (ticket #34709), and CSRF turned the 400 into a 500."""

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        charset = request.content_params.get("charset") if request.content_params else None
        if (
            request.content_type == "application/x-www-form-urlencoded"
            and charset is not None
            and charset.lower() != "utf-8"
        ):
            return defaults.bad_request(request, exception=BadRequest(f"form in {charset}"))
        return None


def server_error(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """``handler500``: the 503 page for a database error outside a view, else Django's."""
    trouble = database_trouble(sys.exc_info()[1])
    if trouble is not None:
        return database_unavailable(request, trouble)
    return defaults.server_error(request, *args, **kwargs)
