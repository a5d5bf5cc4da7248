"""Site-wide pages: the home redirect, the health check, signing in and out, error pages."""

from http import HTTPStatus

import pytest
from django.db import DatabaseError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import (
    assertContains,
    assertNotContains,
    assertRedirects,
    assertTemplateUsed,
)

from entities.views import EntityListView
from project.tests.site_look import assert_site_look

PASSWORD = "pass-word-123"  # the password of the user fixtures in conftest.py


# No django_db mark below: pytest-django raises on any database access, so these
# tests prove the health check and the 500 page need no database.


def test_health_check_answers_ok_without_the_database(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == HTTPStatus.OK
    assert response.content == b"ok"


def test_health_check_is_never_cached(client):
    assert "no-cache" in client.get(reverse("healthz"))["Cache-Control"]


def test_server_error_page_renders_when_the_database_is_down(monkeypatch):
    def database_down(self):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(EntityListView, "get_queryset", database_down)
    response = Client(raise_request_exception=False).get(reverse("entities:list"))
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assertTemplateUsed(response, "500.html")
    assert_site_look(response)


def test_server_error_template_renders_without_context():
    html = render_to_string("500.html")
    assert "Something went wrong" in html


@pytest.mark.django_db
def test_home_redirects_to_the_entity_list(client):
    assertRedirects(client.get("/"), reverse("entities:list"))


@pytest.mark.django_db
def test_sign_in_page_uses_the_site_look(client):
    response = client.get(reverse("account_login"))
    assertTemplateUsed(response, "account/login.html")
    assert_site_look(response)


@pytest.mark.django_db
def test_sign_in_page_offers_the_password_reset_and_the_sign_up(client):
    response = client.get(reverse("account_login"))

    assertContains(response, f'href="{reverse("account_reset_password")}"')
    assertContains(response, "Forgot your password?")
    assertContains(response, f'href="{reverse("account_signup")}"')


@pytest.mark.django_db
def test_sign_in_page_does_not_ask_to_sign_in_as_if_a_page_needed_it(client):
    # The navigation's "Sign in" link passes the page it was clicked on.
    response = client.get(reverse("account_login"), {"next": reverse("entities:list")})

    assert "Please sign in to see that page" not in response.content.decode()


@pytest.mark.django_db
def test_signing_in_without_next_goes_to_the_list(client, user):
    response = client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    assertRedirects(response, reverse("entities:list"))


@pytest.mark.django_db
def test_wrong_password_shows_an_error(client, user):
    response = client.post(reverse("account_login"), {"login": user.username, "password": "wrong"})
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_sign_in_refuses_a_next_to_another_site(client, user):
    response = client.post(
        reverse("account_login"),
        {"login": user.username, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assertRedirects(response, reverse("entities:list"))


@pytest.mark.django_db
def test_sign_out_by_post_signs_out(user_client):
    response = user_client.post(reverse("account_logout"))
    assertRedirects(response, reverse("entities:list"))
    assert "_auth_user_id" not in user_client.session


@pytest.mark.django_db
def test_sign_out_by_get_only_asks_to_confirm(user_client):
    response = user_client.get(reverse("account_logout"))
    assert response.status_code == HTTPStatus.OK
    assert "_auth_user_id" in user_client.session


@pytest.mark.django_db
def test_navigation_offers_new_entity_only_with_permission(editor_client):
    assert reverse("entities:create") not in Client().get(reverse("entities:list")).content.decode()
    assertContains(editor_client.get(reverse("entities:list")), reverse("entities:create"))


@pytest.mark.django_db
def test_navigation_shows_the_admin_link_to_staff(admin_client):
    assertContains(admin_client.get(reverse("entities:list")), reverse("admin:index"))


@pytest.mark.django_db
def test_navigation_hides_the_admin_link_from_others(user_client):
    response = user_client.get(reverse("entities:list"))
    assert reverse("admin:index") not in response.content.decode()


# --- Error pages -------------------------------------------------------------------


@pytest.mark.django_db
def test_bad_request_page_uses_the_site_look(client):
    response = client.get(reverse("entities:list"), headers={"host": "evil.example"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assertTemplateUsed(response, "400.html")
    assert_site_look(response)


@pytest.mark.django_db
def test_forbidden_page_uses_the_site_look(user_client):
    response = user_client.get(reverse("entities:create"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assertTemplateUsed(response, "403.html")
    assert_site_look(response)


@pytest.mark.django_db
def test_not_found_page_uses_the_site_look(client):
    response = client.get("/no/such/page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assertTemplateUsed(response, "404.html")
    assert_site_look(response)


def test_too_many_requests_page_for_nginx_uses_the_site_look_in_the_visitors_language(client):
    # The page nginx answers with past its limits (deploy/nginx): no database needed.
    response = client.get(reverse("too_many_requests"), headers={"accept-language": "ru"})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assertTemplateUsed(response, "429.html")
    assert_site_look(response)
    assertContains(response, "Слишком много запросов", status_code=429)
    # Only nginx may ask for that address: no link (sign in, the language switch) leads there.
    assertNotContains(response, reverse("too_many_requests"), status_code=429)


def test_too_many_requests_page_takes_the_place_of_the_page_for_htmx(client):
    response = client.get(reverse("too_many_requests"), headers={"hx-request": "true"})
    # As for every other error (base.html's htmx-config): the error page's <main>.
    assert (response["HX-Retarget"], response["HX-Reselect"]) == ("main", "main")
    assert response["HX-Reswap"] == "outerHTML"


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["account_login", "account_signup", "account_reset_password"])
def test_pages_with_a_form_token_are_kept_by_nobody(client, url_name):
    cache_control = client.get(reverse(url_name))["Cache-Control"]
    assert {"private", "no-store"} <= set(cache_control.split(", "))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["users:account", "account_email", "account_change_password", "entities:create"]
)
def test_pages_for_a_signed_in_person_are_kept_by_nobody(admin_client, url_name):
    cache_control = admin_client.get(reverse(url_name))["Cache-Control"]
    assert {"private", "no-store"} <= set(cache_control.split(", "))
