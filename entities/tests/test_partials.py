"""What htmx gets: the part of a page it replaces, cached and validated apart from the page.

htmx sends ``HX-Request: true``; the list answers with its results, the entity page with
one page of its comments: a ``{% partialdef %}`` of the page's template.
"""

import re
from html import unescape
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from comments.tests.factories import CommentFactory
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

LIST = reverse("entities:list")
HTMX = {"HX-Request": "true"}


def get(client: Client, path: str, **headers):
    response = client.get(path, headers=headers)
    assert response.status_code == HTTPStatus.OK
    return response


def is_whole_page(response) -> bool:
    return response.content.lstrip().lower().startswith(b"<!doctype html>")


def vary(response) -> set[str]:
    return {name.strip().lower() for name in response.get("Vary", "").split(",")}


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def entity():
    entity = EntityFactory(name="Glass bridge")
    for number in range(1, 26):
        CommentFactory(entity=entity, content=f"Comment number {number}.")
    return entity


def test_htmx_gets_the_list_results_alone_with_the_page_title(client):
    EntityFactory(name="Glass bridge")
    response = get(client, LIST + "?q=bridge", **HTMX)
    assert response.template_name == ["entities/entity_list.html#results"]
    assert not is_whole_page(response)
    content = response.content.decode()
    title = re.match(r"\s*<title>(.*?)</title>", content, re.DOTALL)
    assert title and " ".join(unescape(title.group(1)).split()) == (
        "Search: bridge · Entities & Comments"
    )
    assert "1 entity matches “bridge”." in content
    assert 'role="search"' not in content  # the search box stays as people type in it
    # The language switcher goes back to the new address.
    assert 'value="/entities/?q=bridge" id="language-next" data-hx-swap-oob="true"' in content


def test_a_search_too_short_tells_htmx_why(client):
    response = get(client, LIST + "?q=ab", **HTMX)
    content = response.content.decode()
    assert 'id="search-q-error"' in content
    assert "Type at least three letters or digits in a row to search." in content


def test_htmx_gets_one_page_of_the_comments_alone(client, entity):
    response = get(client, entity.get_absolute_url() + "?page=2", **HTMX)
    assert not is_whole_page(response)
    content = response.content.decode()
    assert "Comment number 21." in content
    assert "Comment number 20." not in content
    assert 'id="comments-heading"' in content
    assert "csrfmiddlewaretoken" not in content  # no form: a shared cache may keep it
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize("path", [LIST, LIST + "?q=bridge", "entity"])
def test_page_and_part_both_vary_on_the_headers_htmx_sends(client, entity, path):
    path = entity.get_absolute_url() if path == "entity" else path
    for response in (get(client, path), get(client, path, **HTMX)):
        assert {"hx-request", "hx-history-restore-request"} <= vary(response)


@pytest.mark.parametrize("path", [LIST, "entity"])
def test_the_part_has_an_etag_of_its_own(client, entity, path):
    path = entity.get_absolute_url() + "?page=2" if path == "entity" else path
    page, part = get(client, path), get(client, path, **HTMX)
    assert page["ETag"] != part["ETag"]
    # The page's ETag never validates the part, nor the part's the page.
    assert get(client, path, **HTMX, **{"If-None-Match": page["ETag"]}).content == part.content
    assert is_whole_page(get(client, path, **{"If-None-Match": part["ETag"]}))
    not_modified = client.get(path, headers={**HTMX, "If-None-Match": part["ETag"]})
    assert not_modified.status_code == HTTPStatus.NOT_MODIFIED
    assert "hx-request" in vary(not_modified)


@pytest.mark.parametrize("path", [LIST, "entity"])
def test_page_and_part_are_cached_apart_whichever_comes_first(client, entity, path):
    path = entity.get_absolute_url() if path == "entity" else path
    part = get(client, path, **HTMX)
    page = get(client, path)
    assert is_whole_page(page)
    assert not is_whole_page(part)
    # Both from the cache now, each as itself.
    assert not get(client, path).templates and is_whole_page(get(client, path))
    again = get(client, path, **HTMX)
    assert not again.templates and again.content == part.content


def test_a_history_restore_gets_the_whole_page(client):
    response = get(client, LIST, **HTMX, **{"HX-History-Restore-Request": "true"})
    assert is_whole_page(response)


def test_signed_in_parts_are_stored_by_nobody(client, user, entity):
    client.force_login(user)
    response = get(client, entity.get_absolute_url() + "?page=2", **HTMX)
    assert not is_whole_page(response)
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert "hx-request" in vary(response)
