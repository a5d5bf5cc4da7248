"""Arbitrary text in the sign-in forms: a form error, never a server error."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse
from hypothesis import given

from project.tests.hostile import ACCEPTABLE_STATUSES, encode, hostile_text, post_form, received

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _no_sign_in_limit(settings) -> None:
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.mark.parametrize("field", ["login", "password"])
@given(value=hostile_text)
def test_any_text_in_a_sign_in_field_is_refused_politely(client, user, field, value):
    data = {"login": "reader", "password": "wrong", field: value}
    response = post_form(client, reverse("account_login"), data)

    assert response.status_code in ACCEPTABLE_STATUSES
    if len(encode(data)) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        assert response.status_code == HTTPStatus.BAD_REQUEST  # refused unread
        return
    assert response.status_code == HTTPStatus.OK  # no such user, no such password
    if "\x00" in received(value):
        assert b"Null characters are not allowed" in response.content
