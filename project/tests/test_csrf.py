"""Every form that writes refuses a request without the CSRF token."""

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


@pytest.mark.parametrize("headers", [{}, {"hx-request": "true"}], ids=["form", "htmx"])
def test_comment_without_the_token_is_refused_in_the_site_look(csrf_client, headers):
    entity = EntityFactory()
    url = reverse("comments:create", kwargs={"slug": entity.slug})
    response = csrf_client.post(url, {"name": "Anna", "content": "Hi"}, headers=headers)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assertTemplateUsed(response, "403_csrf.html")
    assert_site_look(response)
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
    assert user.display_name.encode() in csrf_client.get(reverse("users:account")).content


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
