"""Repeated failed sign-ins pause signing in, on the site and in the admin."""

from http import HTTPStatus

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAUSED = "Too many failed attempts to sign in to this account"
PAUSED_NETWORK = "Too many failed attempts to sign in from your network"


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

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert PAUSED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_many_user_names_from_one_address_pause_that_address(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = "4/15m"
    statuses = [sign_in(client, "wrong", username=f"guess{n}").status_code for n in range(6)]

    response = sign_in(client, "wrong", username="yet-another")

    assert statuses == [HTTPStatus.OK] * 4 + [HTTPStatus.TOO_MANY_REQUESTS] * 2
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert PAUSED_NETWORK in response.content.decode()
    other = sign_in(client, "wrong", username="guess0", address="198.51.100.9")
    assert other.status_code == HTTPStatus.OK


def test_one_account_guessed_from_many_addresses_is_paused(client, user, settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = "4/15m"
    statuses = [
        sign_in(client, "wrong", address=f"198.51.100.{n}").status_code for n in range(1, 7)
    ]

    assert statuses == [HTTPStatus.OK] * 4 + [HTTPStatus.TOO_MANY_REQUESTS] * 2
    assert sign_in(client, "wrong", username="other", address="192.0.2.1").status_code == (
        HTTPStatus.OK
    )


def test_hashing_one_client_can_cause_is_bounded(client, user, settings, counting_hasher):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = "4/15m"
    # Known and unknown user names: Django hashes the password for both.
    for n in range(30):
        sign_in(client, "wrong", username="reader" if n % 2 else f"nobody{n}")

    assert counting_hasher.calls == 4


def test_successful_sign_ins_do_not_use_up_the_address_limit(client, user, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = "2/15m"
    for _ in range(4):
        assert sign_in(client, "pass-word-123").status_code == HTTPStatus.FOUND
        client.logout()

    assert sign_in(client, "wrong").status_code == HTTPStatus.OK
