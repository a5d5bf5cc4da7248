"""Repeated failed sign-ins pause signing in (allauth's ``login_failed`` limit), on
the site and so in the admin, which signs in through the same page."""

from http import HTTPStatus
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAUSED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def _limits(settings) -> None:
    # Per client address, then per account whatever the addresses.
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "4/15m/ip,3/15m/key"}


def sign_in(client, password: str, login: str = "reader", address: str = "203.0.113.7"):
    return client.post(
        reverse("account_login"), {"login": login, "password": password}, REMOTE_ADDR=address
    )


def test_failures_within_the_limit_show_the_usual_error(client, user):
    responses = [sign_in(client, "wrong") for _ in range(3)]

    assert [r.status_code for r in responses] == [HTTPStatus.OK] * 3
    assert PAUSED not in responses[-1].content.decode()


def test_failure_over_the_limit_is_a_429_in_the_sites_look(client, user):
    for _ in range(3):
        sign_in(client, "wrong")

    response = sign_in(client, "wrong")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert PAUSED in response.content.decode()
    assert "navbar" in response.content.decode()


def test_while_paused_even_the_right_password_is_refused(client, user):
    for _ in range(3):
        sign_in(client, "wrong")

    response = sign_in(client, "pass-word-123")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "_auth_user_id" not in client.session


def test_user_name_case_does_not_dodge_the_limit(client, user):
    for name in ["reader", "READER", "Reader"]:
        sign_in(client, "wrong", login=name)

    assert sign_in(client, "wrong", login="rEaDeR").status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_many_user_names_from_one_address_pause_that_address(client):
    statuses = [sign_in(client, "wrong", login=f"guess{n}").status_code for n in range(6)]

    assert statuses == [HTTPStatus.OK] * 4 + [HTTPStatus.TOO_MANY_REQUESTS] * 2
    other = sign_in(client, "wrong", login="guess5", address="198.51.100.9")
    assert other.status_code == HTTPStatus.OK


def test_one_account_guessed_from_many_addresses_is_paused(client, user):
    statuses = [
        sign_in(client, "wrong", address=f"198.51.100.{n}").status_code for n in range(1, 6)
    ]

    assert statuses == [HTTPStatus.OK] * 3 + [HTTPStatus.TOO_MANY_REQUESTS] * 2
    assert sign_in(client, "wrong", login="other", address="192.0.2.1").status_code == (
        HTTPStatus.OK
    )


def test_hashing_one_client_can_cause_is_bounded(client, user, counting_hasher):
    # Known and unknown user names: Django hashes the password for both.
    for n in range(20):
        sign_in(client, "wrong", login="reader" if n % 2 else f"nobody{n}")

    assert counting_hasher.calls == 4


def test_successful_sign_ins_do_not_use_up_the_limit(client, user):
    for _ in range(5):
        assert sign_in(client, "pass-word-123").status_code == HTTPStatus.FOUND
        client.logout()

    assert sign_in(client, "wrong").status_code == HTTPStatus.OK


def test_the_admin_signs_in_through_the_sites_page(client):
    admin = reverse("admin:index")

    response = client.get(reverse("admin:login"), {"next": admin})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == f"{reverse('account_login')}?next={quote(admin, safe='')}"


def test_staff_signed_in_on_the_sites_page_reach_the_admin(client, admin_user):
    assert sign_in(client, "password", login="admin").status_code == HTTPStatus.FOUND

    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK


def test_guessing_the_password_on_the_password_change_page_is_limited(user_client):
    # A held session must not become a way round the sign-in limits.
    guesses = [
        user_client.post(
            reverse("account_change_password"),
            {
                "oldpassword": f"guess-{n}",
                "password1": "N3w-pass-word",
                "password2": "N3w-pass-word",
            },
        ).status_code
        for n in range(12)
    ]

    assert guesses.count(HTTPStatus.OK) <= 5
    assert guesses[-1] == HTTPStatus.TOO_MANY_REQUESTS


def test_guesses_from_one_address_cannot_lock_the_owner_out(client, user, settings):
    # Once the address is paused, its attempts no longer count against the account.
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "20/15m/ip,50/15m/key"}
    for _ in range(60):
        sign_in(client, "wrong", address="203.0.113.7")

    response = sign_in(Client(), "pass-word-123", address="198.51.100.20")

    assert response.status_code == HTTPStatus.FOUND


def test_guesses_from_many_addresses_cannot_lock_out_a_browser_that_signed_in_before(client, user):
    assert sign_in(client, "pass-word-123").status_code == HTTPStatus.FOUND
    client.post(reverse("account_logout"))  # (the test client's logout() drops every cookie)
    for n in range(1, 6):
        sign_in(Client(), "wrong", address=f"198.51.100.{n}")

    # A browser new to the account waits; the owner's own gets in.
    assert sign_in(Client(), "pass-word-123", address="192.0.2.50").status_code == 429
    assert sign_in(client, "pass-word-123").status_code == HTTPStatus.FOUND


def test_a_browser_known_to_one_account_gets_no_way_round_the_limit_of_another(client, user):
    sign_in(client, "pass-word-123")
    client.post(reverse("account_logout"))
    statuses = [sign_in(client, "wrong", login="someone-else").status_code for _ in range(4)]

    assert statuses[-1] == HTTPStatus.TOO_MANY_REQUESTS


def test_refused_attempts_add_no_counter_rows(client, user):
    for n in range(4):  # the address limit of the fixture: paused from here on
        sign_in(client, "wrong", login=f"someone-{n}")
    rows = cache_rows()

    for n in range(100):
        assert sign_in(client, "wrong", login=f"other-{n}").status_code == 429

    assert cache_rows() - rows <= 10


def cache_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_cache")
        return cursor.fetchone()[0]
