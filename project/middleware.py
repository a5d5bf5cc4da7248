"""When the database is unreachable: a short 503 page instead of a server error.

Both paths render without the database: no request context, so no context
processor can load the user or the session. The next request tries the database
again (Django drops broken connections when a request finishes), so the site
recovers by itself when the database is back.
"""

import logging
import sys
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template import loader
from django.views import defaults

logger = logging.getLogger(__name__)

# What the database layer raises when it cannot be reached or cannot answer now
# (connection refused or lost, server shutting down, SQLite locked).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# Seconds a client is asked to wait before trying again.
RETRY_AFTER = 30
# Posted fields never shown back on the page.
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


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 page; after a POST it says nothing was saved and gives back the text."""
    context = {
        "typed_fields": typed_fields(request),
        "form_action": request.path,
        # The CSRF token lives in a cookie, not in the database, so the text can be
        # sent again from this page.
        "csrf_token": get_token(request),
    }
    body = loader.render_to_string("503.html", context)  # no request: no database
    response = HttpResponse(body, status=HTTPStatus.SERVICE_UNAVAILABLE)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Answers 503 when a view or its template cannot reach the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        logger.error(
            "Database unavailable: %s %s answered 503",
            request.method,
            request.path,
            exc_info=exception,
        )
        return database_unavailable(request)


def server_error(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """``handler500``: the 503 page when the error came from the database outside a
    view (a middleware, saving the session), Django's 500 page otherwise."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    return defaults.server_error(request, *args, **kwargs)
