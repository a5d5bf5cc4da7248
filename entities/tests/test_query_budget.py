"""Every page runs a fixed number of queries, whatever the amount of data.

The same budget holds at 1 entity and at 30 entities with 45 comments each (three
pages of entities, three of comments: a query per row would show as 10 or 20 more),
for anonymous and signed-in visitors, with an empty cache (the worst case).
Signed in adds, with the cache empty, the user and their two permission lookups (the
session comes from the cache); with the cache warm, nothing.
"""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from entities.models import Entity

pytestmark = pytest.mark.django_db

SIGNED_IN_EXTRA = 3  # user, user permissions, group permissions
LIST_BUDGET = 2  # the capped count, the page's rows
DETAIL_BUDGET = 3  # the entity, the number of its comments, the page's comments
# Anonymous: the entity, the comment limit's count of the address's recent comments,
# then (in a savepoint) the comment and its entity's count, with the
# savepoint statements around them, the entity's slug and new count (its kept row is
# forgotten), and the comments after the new one: its place is that count less those.
# Posted by htmx, the answer is the same redirect in a header.
POST_BUDGET = 8
HTMX = {"HX-Request": "true"}
# A page number past the end redirects to the last page (in the budget too).
SHOWN = (HTTPStatus.OK, HTTPStatus.FOUND)


def assert_shown(response, marker: bytes) -> None:
    assert response.status_code in SHOWN
    if response.status_code == HTTPStatus.OK:
        assert marker in response.content


def make_entities(count: int, comments_each: int) -> list[Entity]:
    now = timezone.now()
    entities = Entity.objects.bulk_create(
        Entity(
            name=f"Place {n}",
            name_key=f"place {n}",
            look_key=f"Place {n}",
            slug=f"place-{n}",
            comment_count=comments_each,
        )
        for n in range(count)
    )
    Comment.objects.bulk_create(
        Comment(entity=entity, name="Ann", content=f"Comment {k}", created_at=now)
        for entity in entities
        for k in range(comments_each)
    )
    return entities


@pytest.fixture(params=[(1, 1), (30, 45)], ids=["1 entity", "30 entities x 45 comments"])
def entity(request) -> Entity:
    count, comments_each = request.param
    return make_entities(count, comments_each)[0]


@pytest.fixture(params=["anonymous", "signed in", "signed in, kept"])
def visitor(request, client, user):
    if request.param == "anonymous":
        return client, 0
    client.force_login(user)
    if request.param == "signed in":
        return client, SIGNED_IN_EXTRA
    client.get(reverse("users:account"))  # the user and their permissions are kept
    return client, 0


@pytest.mark.parametrize("query", ["", "?page=2", "?page=999", "?q=place"])
def test_list_page_query_budget(entity, visitor, query, django_assert_max_num_queries):
    client, extra = visitor
    with django_assert_max_num_queries(LIST_BUDGET + extra):
        response = client.get(reverse("entities:list") + query)
    assert_shown(response, b"list-group-item")


def test_search_for_a_word_nothing_contains_query_budget(
    entity, visitor, django_assert_max_num_queries
):
    client, extra = visitor
    with django_assert_max_num_queries(LIST_BUDGET + extra):
        response = client.get(reverse("entities:list") + "?q=zzzzz")
    assert b"Nothing matches" in response.content


@pytest.mark.parametrize("query", ["", "?page=2", "?page=999"])
def test_detail_page_query_budget(entity, visitor, query, django_assert_max_num_queries):
    client, extra = visitor
    with django_assert_max_num_queries(DETAIL_BUDGET + extra):
        response = client.get(entity.get_absolute_url() + query)
    assert_shown(response, b'class="comment card')


def test_comment_post_query_budget(entity, visitor, django_assert_max_num_queries):
    client, extra = visitor
    data = {"name": "Bea", "email": "", "content": "Nice."}
    with django_assert_max_num_queries(POST_BUDGET + extra):
        response = client.post(reverse("comments:create", args=[entity.slug]), data)
    assert response.status_code == HTTPStatus.FOUND


@pytest.mark.parametrize("query", ["", "?page=2", "?q=place"])
def test_list_part_for_htmx_query_budget(entity, visitor, query, django_assert_max_num_queries):
    client, extra = visitor
    with django_assert_max_num_queries(LIST_BUDGET + extra):
        response = client.get(reverse("entities:list") + query, headers=HTMX)
    assert_shown(response, b"list-group-item")


@pytest.mark.parametrize("query", ["", "?page=2"])
def test_comments_part_for_htmx_query_budget(entity, visitor, query, django_assert_max_num_queries):
    client, extra = visitor
    with django_assert_max_num_queries(DETAIL_BUDGET + extra):
        response = client.get(entity.get_absolute_url() + query, headers=HTMX)
    assert_shown(response, b'class="comment card')


def test_comment_post_by_htmx_query_budget(entity, visitor, django_assert_max_num_queries):
    client, extra = visitor
    data = {"name": "Bea", "email": "", "content": "Nice."}
    url = reverse("comments:create", args=[entity.slug])
    with django_assert_max_num_queries(POST_BUDGET + extra):
        response = client.post(url, data, headers=HTMX)
    assert response["HX-Redirect"].endswith(f"#comment-{entity.comments.latest('id').pk}")


def test_comment_form_page_query_budget(entity, visitor, django_assert_max_num_queries):
    client, extra = visitor
    url = reverse("comments:create", args=[entity.slug])
    with django_assert_max_num_queries(1 + extra):  # the entity
        response = client.get(url, headers=HTMX)
    assert b'name="content"' in response.content
