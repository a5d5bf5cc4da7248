"""Repeated failed sign-ins pause signing in, on the site and in the admin."""

from http import HTTPStatus

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAUSED = "Too many failed attempts to sign in to this account"


@pytest.fixture(autouse=True)
def _three_failures_in_fifteen_minutes(settings) -> None:
    settings.LOGIN_FAILURE_LIMIT = "3/15m"


def sign_in(client, password: str, username: str = "reader", address: str = "203.0.113.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_failures_within_the_limit_show_the_usual_error(client, user):
    responses = [sign_in(client, "wrong") for _ in range(3)]

    assert [r.status_code for r in responses] == [HTTPStatus.OK] * 3
    assert PAUSED not in responses[1].content.decode()


def test_failure_over_the_limit_pauses_signing_in_with_a_clear_message(client, user):
    for _ in range(3):
        sign_in(client, "wrong")

    response = sign_in(client, "wrong")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert f"{PAUSED}. For your security, signing in is paused for 15 minutes" in (
        response.content.decode()
    )


def test_while_paused_even_the_right_password_is_refused(client, user):
    for _ in range(3):
        sign_in(client, "wrong")

    response = sign_in(client, "pass-word-123")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "_auth_user_id" not in client.session


def test_pause_does_not_lock_the_account_for_other_addresses(client, user):
    for _ in range(4):
        sign_in(client, "wrong", address="203.0.113.7")

    response = sign_in(client, "pass-word-123", address="198.51.100.9")

    assert response.status_code == HTTPStatus.FOUND


def test_successful_sign_in_forgets_earlier_failures(client, user):
    for _ in range(2):
        sign_in(client, "wrong")
    sign_in(client, "pass-word-123")
    client.logout()

    responses = [sign_in(client, "wrong") for _ in range(2)]

    assert [r.status_code for r in responses] == [HTTPStatus.OK] * 2


def test_user_name_case_does_not_dodge_the_limit(client, user):
    for name in ["reader", "READER", "Reader"]:
        sign_in(client, "wrong", username=name)

    assert sign_in(client, "wrong", username="rEaDeR").status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_admin_sign_in_is_paused_after_the_same_failures(client, admin_user):
    url = reverse("admin:login")
    for _ in range(3):
        client.post(url, {"username": "admin", "password": "wrong"})

    response = client.post(url, {"username": "admin", "password": "password"})

    assert PAUSED in response.content.decode()
    assert "_auth_user_id" not in client.session
