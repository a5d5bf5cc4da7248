"""While the database cannot be reached: a 503 page in the site's look, made
without the database, that gives back what the person typed.

Here every query fails in-process; ``test_outage.py`` stops a real PostgreSQL.
"""

from http import HTTPStatus

import pytest
from django.db import OperationalError, connections
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

UNAVAILABLE = "Temporarily unavailable"


@pytest.fixture
def entity():
    return EntityFactory(name="Lighthouse")


@pytest.fixture
def database_down(monkeypatch):
    """Every query from now on fails as with a stopped server."""

    def refuse() -> None:
        raise OperationalError("connection refused: is the server running?")

    monkeypatch.setattr(connections["default"], "ensure_connection", refuse)
    return monkeypatch


def assert_unavailable_page(response) -> str:
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert UNAVAILABLE in html
    assert "bootstrap.min.css" in html  # the site's look
    assert "Traceback" not in html
    assert "OperationalError" not in html
    return html


def test_page_answers_503_while_the_database_is_down(client, entity, database_down):
    assert_unavailable_page(client.get(reverse("entities:list")))


def test_entity_page_answers_503_while_the_database_is_down(client, entity, database_down):
    assert_unavailable_page(client.get(entity.get_absolute_url()))


def test_signed_in_visitor_gets_the_503_page_without_loading_the_session(
    editor_client, entity, database_down
):
    html = assert_unavailable_page(editor_client.get(reverse("entities:create")))
    assert "editor" not in html


def test_comment_posted_while_the_database_is_down_is_given_back(client, entity, database_down):
    url = reverse("comments:create", args=[entity.slug])

    response = client.post(url, {"name": "Ann", "email": "", "content": "Words worth keeping"})

    html = assert_unavailable_page(response)
    assert "What you sent was not saved" in html
    assert ">Words worth keeping</textarea>" in html
    assert f'action="{url}"' in html


def test_resending_from_the_503_page_posts_the_comment_once_the_database_is_back(
    client, entity, database_down
):
    url = reverse("comments:create", args=[entity.slug])
    client.post(url, {"name": "Ann", "email": "", "content": "Words worth keeping"})
    database_down.undo()

    response = client.post(url, {"name": "Ann", "content": "Words worth keeping"})

    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.get().content == "Words worth keeping"


def test_password_posted_while_the_database_is_down_is_never_shown(client, database_down):
    response = client.post(reverse("account_login"), {"login": "ann", "password": "s3cret-Value"})

    html = assert_unavailable_page(response)
    assert "s3cret-Value" not in html
    assert ">ann</textarea>" in html


def test_site_answers_again_when_the_database_is_back(client, entity, database_down):
    client.get(reverse("entities:list"))
    database_down.undo()

    assert client.get(reverse("entities:list")).status_code == HTTPStatus.OK


@pytest.fixture
def signed_in_browser(editor) -> Client:
    """A signed-in client that gets the error page instead of the exception."""
    browser = Client(raise_request_exception=False)
    browser.force_login(editor)
    return browser


def test_database_error_outside_a_view_also_answers_503(signed_in_browser, settings, database_down):
    # Saving the session happens in a middleware, after the view.
    settings.SESSION_SAVE_EVERY_REQUEST = True

    assert_unavailable_page(signed_in_browser.get(reverse("healthz")))


def test_other_errors_still_answer_500(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("entities.views.EntityListView.get_queryset", broken)
    client = Client(raise_request_exception=False)

    response = client.get(reverse("entities:list"))

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert UNAVAILABLE not in response.content.decode()
