"""Every form that writes refuses a request without the CSRF token."""

import re
from http import HTTPStatus

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertTemplateUsed

from comments.models import Comment
from entities.models import Entity
from entities.tests.factories import EntityFactory
from project.tests.site_look import assert_site_look

pytestmark = pytest.mark.django_db


@pytest.fixture
def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def csrf_editor_client(csrf_client: Client, editor) -> Client:
    csrf_client.force_login(editor)
    return csrf_client


def test_comment_without_the_token_is_not_stored(csrf_client):
    entity = EntityFactory()
    url = reverse("comments:create", kwargs={"slug": entity.slug})
    response = csrf_client.post(url, {"name": "Anna", "content": "Hi"})
    # The form again, to be sent with the token it now carries (below).
    assertTemplateUsed(response, "entities/entity_detail.html")
    assert not Comment.objects.exists()


def token_in(html: bytes) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()


@pytest.mark.parametrize("visit", ["first", "from the cache"])
def test_comment_with_the_token_from_the_cookie_is_accepted(csrf_client, visit):
    # What static/js/site.js does on a page kept for every anonymous visitor.
    entity = EntityFactory()
    if visit == "from the cache":
        Client().get(entity.get_absolute_url())  # another visitor's visit renders it
    page = csrf_client.get(entity.get_absolute_url())
    assert b'name="csrfmiddlewaretoken" value=""' in page.content
    assert csrf_client.get(reverse("csrf_cookie")).status_code == HTTPStatus.NO_CONTENT
    token = csrf_client.cookies[settings.CSRF_COOKIE_NAME].value
    url = reverse("comments:create", kwargs={"slug": entity.slug})
    csrf_client.post(url, {"name": "Anna", "content": "Hi", "csrfmiddlewaretoken": token})
    assert Comment.objects.count() == 1


def test_comment_sent_without_javascript_comes_back_as_typed_with_a_token(csrf_client):
    entity = EntityFactory()
    url = reverse("comments:create", kwargs={"slug": entity.slug})
    typed = {
        "name": "Anna <3",
        "email": "anna@example.com",
        "content": "Long thoughts\nin two lines",
    }
    response = csrf_client.post(url, {**typed, "csrfmiddlewaretoken": ""})
    assert response.status_code == HTTPStatus.OK
    assert not Comment.objects.exists()
    html = response.content.decode()
    assert "please press “Post comment” once more" in html
    assert 'value="Anna &lt;3"' in html and 'value="anna@example.com"' in html
    assert "Long thoughts\nin two lines</textarea>" in html
    assert_site_look(response)
    # Sent again from that page, it is posted.
    response = csrf_client.post(url, {**typed, "csrfmiddlewaretoken": token_in(response.content)})
    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.get().content == typed["content"]


def test_comment_sent_in_place_without_a_token_comes_back_in_place(csrf_client):
    entity = EntityFactory()
    url = reverse("comments:create", kwargs={"slug": entity.slug})
    response = csrf_client.post(
        url, {"name": "Anna", "content": "Kept"}, headers={"hx-request": "true"}
    )
    assert response.status_code == HTTPStatus.OK
    assertTemplateUsed(response, "comments/comment_form_partial.html")
    assert b"Kept</textarea>" in response.content
    assert token_in(response.content)
    assert not Comment.objects.exists()


def test_signed_in_comment_without_the_token_is_refused_with_nothing_to_resend(csrf_client, user):
    csrf_client.force_login(user)
    entity = EntityFactory()
    url = reverse("comments:create", kwargs={"slug": entity.slug})
    response = csrf_client.post(url, {"content": "Forged"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assertTemplateUsed(response, "403_csrf.html")
    assert b"Forged" not in response.content
    assert not Comment.objects.exists()


def test_create_without_the_token_is_refused(csrf_editor_client):
    response = csrf_editor_client.post(reverse("entities:create"), {"name": "Forged"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Entity.objects.exists()


def test_edit_without_the_token_is_refused(csrf_editor_client):
    entity = EntityFactory(name="Original")
    url = reverse("entities:update", kwargs={"slug": entity.slug})
    response = csrf_editor_client.post(url, {"name": "Forged"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    entity.refresh_from_db()
    assert entity.name == "Original"


def test_delete_without_the_token_is_refused(csrf_editor_client):
    entity = EntityFactory()
    response = csrf_editor_client.post(reverse("entities:delete", kwargs={"slug": entity.slug}))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Entity.objects.filter(pk=entity.pk).exists()


def test_sign_out_without_the_token_is_refused(csrf_client, user):
    csrf_client.force_login(user)
    response = csrf_client.post(reverse("account_logout"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert csrf_client.get(reverse("entities:list")).context["user"] == user


def test_csrf_failure_page_uses_the_site_look(csrf_editor_client):
    response = csrf_editor_client.post(reverse("entities:create"), {"name": "Forged"})
    assertTemplateUsed(response, "403_csrf.html")
    assert_site_look(response)


def test_language_switcher_needs_no_csrf_token():
    # Deliberate: the switcher posts from pages cached for every anonymous visitor.
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    assert response.status_code == HTTPStatus.FOUND
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
