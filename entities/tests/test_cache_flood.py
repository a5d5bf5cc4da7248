"""Requests nobody chose cannot grow the cache, nor push the limits' counters out.

The floods call the views directly, as an anonymous visitor, to keep their
requests quick; the page cache is all in the views.
"""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse

from entities.tests.factories import EntityFactory
from entities.views import EntityDetailView, EntityListView

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LIST = reverse("entities:list")
# More requests than Django's local-memory cache keeps (MAX_ENTRIES, 300 by default):
# had each stored an entry, the cache would have culled older ones, counters too.
FLOOD = 400


def visit(view, path: str, **params) -> None:
    request = RequestFactory().get(path, params)
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)
    response = view(request, **({"slug": path.split("/")[2]} if view is DETAIL else {}))
    if hasattr(response, "render"):
        response.render()
    # A page number past the end is redirected to the last page.
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)


LIST_VIEW, DETAIL = EntityListView.as_view(), EntityDetailView.as_view()


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    # Development (and so the test settings) keeps no renderings.
    settings.PAGE_CACHE_SECONDS = 600


def cache_entries() -> int:
    # Django's local-memory caches, as in tests: the pages, and the rows they show.
    return len(caches["pages"]._cache) + len(caches["rows"]._cache)


def assert_comment_limit_still_counts(client, entity, settings) -> None:
    settings.COMMENT_RATE_LIMIT = "3/m"
    url = reverse("comments:create", args=[entity.slug])
    statuses = [
        client.post(url, {"name": "Bea", "content": f"Hi {n}"}).status_code for n in range(4)
    ]
    assert statuses == [HTTPStatus.FOUND] * 3 + [HTTPStatus.TOO_MANY_REQUESTS]


def test_distinct_unknown_parameters_add_no_cache_entries(client, settings):
    entity = EntityFactory()
    visit(LIST_VIEW, LIST)
    visit(DETAIL, entity.get_absolute_url())
    before = cache_entries()
    for n in range(FLOOD // 2):
        visit(LIST_VIEW, LIST, utm=n)
        visit(DETAIL, entity.get_absolute_url(), ref=n, page=n)
    assert cache_entries() == before
    assert_comment_limit_still_counts(client, entity, settings)


def test_distinct_searches_add_no_cache_entries(client, settings):
    entity = EntityFactory(name="Harbour")
    visit(LIST_VIEW, LIST, q="harbour")  # keeps the row of the one entity found
    before = cache_entries()
    for n in range(FLOOD):
        visit(LIST_VIEW, LIST, q=f"harbour {n}")
    assert cache_entries() == before
    assert_comment_limit_still_counts(client, entity, settings)
