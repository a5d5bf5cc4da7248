"""Arbitrary text in every comment field: never a server error, and what is
stored is exactly what the form accepted."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from hypothesis import given

from comments.models import Comment
from entities.tests.factories import EntityFactory
from project.tests.hostile import (
    ACCEPTABLE_STATUSES,
    accepted,
    accepted_name,
    hostile_address_text,
    hostile_text,
    path_segment,
    post_form,
    received,
)

# Each example is a request; a few hundred of them take a while.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

VALID = {"name": "Ann", "email": "ann@example.com", "content": "Hello", "website": ""}


@pytest.fixture
def entity():
    return EntityFactory()


@pytest.fixture(autouse=True)
def _no_rate_limit(settings) -> None:
    settings.COMMENT_RATE_LIMIT = "1000000/m"


@pytest.mark.parametrize("field", ["name", "email", "content", "website"])
@given(value=hostile_text)
def test_any_text_in_a_comment_field_is_stored_as_accepted_or_refused(client, entity, field, value):
    before = Comment.objects.count()
    response = post_form(
        client, reverse("comments:create", args=[entity.slug]), {**VALID, field: value}
    )

    assert response.status_code in ACCEPTABLE_STATUSES
    stored = Comment.objects.count() - before
    if "\x00" in received(value):
        assert (response.status_code, stored) == (HTTPStatus.OK, 0)
    elif field == "website" and accepted(value):
        # A robot: the usual redirect (or 400 for a body over
        # DATA_UPLOAD_MAX_MEMORY_SIZE), nothing stored.
        assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.BAD_REQUEST)
        assert stored == 0
    elif response.status_code == HTTPStatus.FOUND:
        assert stored == 1
        comment = Comment.objects.latest("pk")
        assert {name: getattr(comment, name) for name in ("name", "email", "content")} == {
            name: (accepted_name if name == "name" else accepted)(value) if name == field else text
            for name, text in VALID.items()
            if name != "website"
        }
    else:
        assert stored == 0


@pytest.mark.parametrize("field", ["name", "email", "content", "website"])
def test_nul_character_in_a_comment_field_is_a_form_error(client, entity, field):
    response = post_form(
        client, reverse("comments:create", args=[entity.slug]), {**VALID, field: "a\x00b"}
    )

    assert response.status_code == HTTPStatus.OK
    assert field in response.context["form"].errors
    assert not Comment.objects.exists()


@given(slug=hostile_address_text)
def test_posting_a_comment_to_any_address_never_fails(client, entity, slug):
    url = reverse("entities:list") + path_segment(slug) + "/comments/"
    response = post_form(client, url, VALID)

    assert response.status_code in ACCEPTABLE_STATUSES
    if "\x00" in received(slug):
        assert response.status_code == HTTPStatus.NOT_FOUND
