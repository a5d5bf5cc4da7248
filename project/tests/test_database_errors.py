"""Which database errors are an outage (the 503 page) and which are bugs to see:
only a database that cannot be reached, or a query past the statement timeout,
gets a 503; a missing table or a deadlock is Django's error page under DEBUG
and the 500 page otherwise."""

import logging
import sqlite3
from http import HTTPStatus

import psycopg
import psycopg.errors
import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from entities.tests.factories import EntityFactory
from project.middleware import OUTAGE, TOO_SLOW, database_trouble, database_unavailable

pytestmark = pytest.mark.django_db


def wrapped(driver_error: Exception) -> OperationalError:
    """What Django raises: its own OperationalError caused by the driver's."""
    error = OperationalError(str(driver_error))
    error.__cause__ = driver_error
    return error


@pytest.mark.parametrize(
    ("error", "trouble"),
    [
        (wrapped(psycopg.OperationalError("connection refused")), OUTAGE),
        (wrapped(psycopg.errors.AdminShutdown("terminating connection")), OUTAGE),
        (wrapped(psycopg.errors.ConnectionFailure("lost")), OUTAGE),
        (wrapped(sqlite3.OperationalError("unable to open database file")), OUTAGE),
        (InterfaceError("connection already closed"), OUTAGE),
        (wrapped(psycopg.errors.QueryCanceled("canceling statement")), TOO_SLOW),
        (wrapped(sqlite3.OperationalError("database is locked")), TOO_SLOW),
        (wrapped(psycopg.errors.DeadlockDetected("deadlock detected")), None),
        (wrapped(sqlite3.OperationalError("no such table: entities_entity")), None),
        (RuntimeError("a bug"), None),
    ],
    ids=lambda value: value if isinstance(value, str | type(None)) else type(value).__name__,
)
def test_only_connection_failures_are_an_outage(error, trouble):
    assert database_trouble(error) == trouble


def raise_in_the_list(monkeypatch, error: Exception) -> None:
    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr("entities.views.EntityListView.get_queryset", broken)


def test_unmigrated_sqlite_under_debug_shows_djangos_error_page(monkeypatch, settings):
    settings.DEBUG = True
    raise_in_the_list(monkeypatch, wrapped(sqlite3.OperationalError("no such table: x_y")))

    response = Client(raise_request_exception=False).get(reverse("entities:list"))

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert "no such table: x_y" in response.content.decode()
    assert "cannot reach its database" not in response.content.decode()


def test_deadlock_is_a_server_error_not_an_outage(monkeypatch, settings):
    settings.DEBUG = False
    raise_in_the_list(monkeypatch, wrapped(psycopg.errors.DeadlockDetected("deadlock detected")))

    response = Client(raise_request_exception=False).get(reverse("entities:list"))

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert "cannot reach its database" not in response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "This took too long"), ("ru", "Это заняло слишком много времени")],
)
def test_query_past_the_timeout_answers_the_too_slow_page(
    monkeypatch, client, language, heading, caplog
):
    raise_in_the_list(monkeypatch, wrapped(psycopg.errors.QueryCanceled("canceling statement")))

    response = client.get(reverse("entities:list"), HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    html = response.content.decode()
    assert heading in html
    assert "bootstrap.min.css" in html  # the site's look
    assert response["Retry-After"] == "30"
    slow = [r for r in caplog.records if r.name == "project.middleware"]
    assert len(slow) == 1 and slow[0].exc_info is None  # one line, no traceback


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
def test_statement_timeout_is_set_on_every_connection():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "5s"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
def test_a_real_query_past_the_statement_timeout_answers_503(monkeypatch, client):
    def slow(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 50")
            cursor.execute("SELECT pg_sleep(2)")

    monkeypatch.setattr("entities.views.EntityListView.get_queryset", slow)

    response = client.get(reverse("entities:list"))

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "This took too long" in response.content.decode()


def resend_form_action(path_info: str) -> str:
    request = RequestFactory().post("/", {"content": "Words worth keeping"}, PATH_INFO=path_info)
    with translation.override("en"):
        return database_unavailable(request).content.decode()


def test_503_page_never_sends_the_text_to_a_path_no_view_answers():
    html = resend_form_action("//evil.example/steal")

    assert "evil.example" not in html
    assert "Send again" not in html
    assert ">Words worth keeping</textarea>" in html  # still given back to copy


def test_503_page_sends_the_text_again_to_the_view_it_was_posted_to():
    entity = EntityFactory(name="Lighthouse")
    url = reverse("comments:create", args=[entity.slug])

    assert f'action="{url}"' in resend_form_action(url)


def test_too_slow_warning_is_logged_at_warning_level(caplog, monkeypatch, client):
    raise_in_the_list(monkeypatch, wrapped(sqlite3.OperationalError("database is locked")))
    with caplog.at_level(logging.WARNING):
        client.get(reverse("entities:list"))
    assert any("Query too slow" in r.getMessage() for r in caplog.records)
