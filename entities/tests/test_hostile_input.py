"""Arbitrary text in the entity forms, the search, the page numbers and the
addresses: never a server error, and what is stored is what the form accepted."""

from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from hypothesis import example, given

from entities.models import Entity
from entities.tests.factories import EntityFactory
from project.tests.hostile import (
    ACCEPTABLE_STATUSES,
    accepted,
    accepted_name,
    get_with,
    hostile_address_text,
    hostile_text,
    path_segment,
    post_form,
    received,
)

# Each example is a request; a few hundred of them take a while.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

VALID = {"name": "A valid name", "content": "Some text"}


def expected(field: str, value: str) -> str:
    """What the form stores: names in their normal form (entities.names)."""
    return accepted_name(value) if field == "name" else accepted(value)


def assert_stored_as_accepted(response, before: int, field: str, value: str) -> None:
    assert response.status_code in ACCEPTABLE_STATUSES
    if response.status_code == HTTPStatus.FOUND:
        assert Entity.objects.count() == before + 1
        entity = Entity.objects.latest("pk")
        assert getattr(entity, field) == expected(field, value)
        assert entity.slug
    else:
        assert Entity.objects.count() == before


@pytest.mark.parametrize("field", ["name", "content"])
@given(value=hostile_text)
def test_any_text_in_the_new_entity_form_is_stored_as_accepted_or_refused(
    editor_client, field, value
):
    before = Entity.objects.count()
    data = {**VALID, field: value}
    if field == "content":  # a fresh name each time, so the content is what decides
        data["name"] = f"Entity {before}"
    response = post_form(editor_client, reverse("entities:create"), data)

    assert_stored_as_accepted(response, before, field, value)
    if response.status_code == HTTPStatus.FOUND:
        assert editor_client.get(response.url).status_code == HTTPStatus.OK


@pytest.mark.parametrize("field", ["name", "content"])
@given(value=hostile_text)
def test_any_text_in_the_edit_form_is_saved_as_accepted_or_refused(editor_client, field, value):
    entity = EntityFactory()
    response = post_form(
        editor_client, reverse("entities:update", args=[entity.slug]), {**VALID, field: value}
    )

    assert response.status_code in ACCEPTABLE_STATUSES
    saved = Entity.objects.get(pk=entity.pk)
    if response.status_code == HTTPStatus.FOUND:
        assert getattr(saved, field) == expected(field, value)
        assert editor_client.get(saved.get_absolute_url()).status_code == HTTPStatus.OK
    else:
        assert (saved.name, saved.content) == (entity.name, entity.content)


@pytest.mark.parametrize("field", ["name", "content"])
@given(value=hostile_text)
def test_any_text_in_the_admin_entity_form_is_stored_as_accepted_or_refused(
    admin_client, field, value
):
    before = Entity.objects.count()
    data = {**VALID, field: value, "comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0"}
    if field == "content":
        data["name"] = f"Entity {before}"
    response = post_form(admin_client, reverse("admin:entities_entity_add"), data)

    assert_stored_as_accepted(response, before, field, value)


@pytest.mark.parametrize("field", ["name", "content"])
def test_nul_character_in_an_entity_field_is_a_form_error(editor_client, field):
    response = post_form(editor_client, reverse("entities:create"), {**VALID, field: "a\x00b"})

    assert response.status_code == HTTPStatus.OK
    assert field in response.context["form"].errors
    assert not Entity.objects.exists()


@given(q=hostile_address_text, page=hostile_address_text)
# A number past the last page, which the search may or may not come upon (it once
# did: "4" after thirty examples had made three pages of entities).
@example(q="", page="2")
def test_any_search_and_page_number_show_a_list(client, q, page):
    EntityFactory()
    response = get_with(client, reverse("entities:list"), {"q": q, "page": page})

    # A page past the end redirects to the last page of the same list.
    if response.status_code == HTTPStatus.FOUND:
        assert urlsplit(response.url).path == reverse("entities:list")
        response = client.get(response.url)
        assert response.context["page_obj"].number == response.context["paginator"].num_pages
    assert response.status_code == HTTPStatus.OK
    if "\x00" in received(q) or len(received(q).strip()) > 200:
        assert response.context["search_form"].errors


def test_nul_character_in_the_search_is_a_form_error(client):
    EntityFactory(name="Findable")

    response = get_with(client, reverse("entities:list"), {"q": "Find\x00"})

    assert response.status_code == HTTPStatus.OK
    assert "q" in response.context["search_form"].errors
    assert b"Null characters are not allowed" in response.content


@given(page=hostile_address_text)
# A number past the last page, which the search may or may not come upon.
@example(page="2")
def test_any_comment_page_number_shows_the_entity(client, page):
    entity = EntityFactory()
    response = get_with(client, entity.get_absolute_url(), {"page": page})

    # A page past the end redirects to the last one; without comments, the first.
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)
    if response.status_code == HTTPStatus.FOUND:
        assert response.url == entity.get_absolute_url()


@pytest.mark.parametrize("suffix", ["", "edit/", "delete/"])
@given(slug=hostile_address_text)
def test_any_entity_address_answers_without_error(editor_client, suffix, slug):
    url = reverse("entities:list") + path_segment(slug) + "/" + suffix
    response = editor_client.get(url)

    assert response.status_code in ACCEPTABLE_STATUSES


@pytest.fixture
def listed_entity() -> Entity:
    """One row for the list, made once for all of a test's examples: a row made per
    example stays for the next ones (one transaction per test), and every row of
    the admin's list links back with the search and page number in it, each of them
    up to 100,000 characters."""
    return EntityFactory()


@given(q=hostile_address_text, page=hostile_address_text)
def test_any_admin_search_and_page_number_answer_without_error(
    admin_client, listed_entity, q, page
):
    response = get_with(
        admin_client, reverse("admin:entities_entity_changelist"), {"q": q, "p": page}
    )

    assert response.status_code in ACCEPTABLE_STATUSES
