"""Anonymous pages come from the cache while what they show is unchanged, and only those.

The page cache ("pages") in tests is Django's local-memory cache; ``stored_pages()``
counts what it holds.
"""

import re
import time
from datetime import timedelta
from http import HTTPStatus
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.cache.backends import locmem
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.tests.factories import CommentFactory
from entities.models import Entity
from entities.tests.factories import EntityFactory
from project import pagination

pytestmark = pytest.mark.django_db

LIST = reverse("entities:list")


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    # Development (and so the test settings) keeps no renderings.
    settings.PAGE_CACHE_SECONDS = 600


def stored_pages() -> int:
    return sum(1 for key in caches["pages"]._cache if key.split(":")[2] == "page")


def get(client: Client, path: str = LIST, **headers):
    response = client.get(path, headers=headers)
    assert response.status_code == HTTPStatus.OK
    return response


def rendered(response) -> bool:
    """True when the page was rendered for this request, not taken from the cache."""
    return bool(response.templates)


def test_cached_list_page_is_served_without_rendering(client, django_assert_num_queries):
    EntityFactory()
    assert rendered(get(client))
    with django_assert_num_queries(0):  # the page's rows and their number are kept
        assert not rendered(get(client))


def test_a_deep_list_page_is_kept_and_shows_its_own_rows(client, monkeypatch):
    monkeypatch.setattr(pagination, "DEFERRED_JOIN_FROM", 0)  # its rows by a deferred join
    EntityFactory.create_batch(15)
    first = get(client, f"{LIST}?page=2")
    assert rendered(first)
    names = [entity.name for entity in first.context["entity_list"]]
    assert names == list(
        Entity.objects.order_by("-created_at", "-id")[10:].values_list("name", flat=True)
    )
    again = get(client, f"{LIST}?page=2")
    assert not rendered(again)
    assert again.content == first.content


def test_new_entity_shows_on_the_cached_list_at_once(client):
    EntityFactory(name="Old one")
    get(client)
    EntityFactory(name="Brand new")
    assert b"Brand new" in get(client).content


def test_renamed_entity_shows_its_new_name_on_the_cached_list(client):
    entity = EntityFactory(name="Before")
    get(client)
    entity.name = "After"
    entity.save()
    assert b"After" in get(client).content


def test_deleted_entity_leaves_the_cached_list_at_once(client):
    EntityFactory(name="Stays")
    gone = EntityFactory(name="Goes away")
    get(client)
    gone.delete()
    assert b"Goes away" not in get(client).content


def test_new_comment_updates_the_count_on_the_cached_list(client):
    entity = EntityFactory()
    get(client)
    CommentFactory(entity=entity)
    assert b"1 comment" in get(client).content


def test_comment_on_one_entity_leaves_other_pages_cached(client, django_assert_num_queries):
    # Eleven entities: the oldest is alone on list page 2.
    oldest, *_ = [EntityFactory() for _ in range(11)]
    other = EntityFactory()
    for path in (LIST, f"{LIST}?page=2", oldest.get_absolute_url(), other.get_absolute_url()):
        get(client, path)

    CommentFactory(entity=oldest)

    assert not rendered(get(client, other.get_absolute_url()))
    with django_assert_num_queries(0):  # page 1 does not show the oldest: its rows are kept
        assert not rendered(get(client, LIST))
    assert rendered(get(client, f"{LIST}?page=2"))
    assert rendered(get(client, oldest.get_absolute_url()))


def test_posted_comment_shows_on_the_entity_page_at_once(client):
    entity = EntityFactory()
    CommentFactory(entity=entity, content="First words")
    get(client, entity.get_absolute_url())
    client.post(
        reverse("comments:create", args=[entity.slug]),
        {"name": "Bea", "content": "Second words"},
        follow=True,
    )
    assert b"Second words" in Client().get(entity.get_absolute_url()).content


def test_signed_in_visitor_never_gets_the_anonymous_page(client, user):
    EntityFactory()
    get(client)
    client.force_login(user)
    assert user.get_username().encode() in get(client).content


def test_signed_in_pages_are_not_shareable_and_nothing_of_theirs_is_stored(client, user):
    entity = EntityFactory()
    client.force_login(user)
    for path in (LIST, entity.get_absolute_url()):
        response = get(client, path)
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
        assert not response.has_header("ETag")
    # What they read is kept as everyone sees it: neither their name nor a token.
    stored = [value for key, value in caches["pages"]._cache.items() if ":page:" in key]
    assert len(stored) == 2
    for value in stored:
        assert user.display_name.encode() not in value
        assert b"csrfmiddlewaretoken" not in value


def test_signed_in_readers_get_the_comments_rendered_for_everyone(
    client, user, django_assert_num_queries
):
    entity = EntityFactory()
    CommentFactory.create_batch(3, entity=entity, content="Worth the trip.")
    get(client, entity.get_absolute_url())  # an anonymous visit renders them
    client.force_login(user)
    client.get(entity.get_absolute_url())  # the user and their permissions are kept
    # The entity and the page come from the cache, the page an anonymous reader got,
    # with their own navigation bar.
    with django_assert_num_queries(0):
        response = get(client, entity.get_absolute_url())
    assert response.content.count(b"Worth the trip.") == 3
    assert user.display_name.encode() in response.content
    assert b"Sign in" not in response.content


def test_a_writer_gets_the_controls_of_their_comment_where_others_get_the_kept_part(
    client, user, django_user_model, django_assert_num_queries
):
    entity = EntityFactory()
    comment = CommentFactory(entity=entity, user=user)
    edit = reverse("comments:update", args=[entity.slug, comment.pk]).encode()
    get(client, entity.get_absolute_url())
    other = Client()
    other.force_login(django_user_model.objects.create_user("other", "other@example.com"))
    other.get(LIST)  # the user and their permissions are kept
    with django_assert_num_queries(0):
        content = get(other, entity.get_absolute_url()).content
    assert b"other" in content
    assert edit not in content
    mark = content.partition(b'data-writer="')[2].partition(b'"')[0]
    assert mark and mark != str(user.pk).encode()  # a keyed hash, not the account's number
    client.force_login(user)
    assert edit in get(client, entity.get_absolute_url()).content


def test_a_writer_past_the_edit_window_gets_the_kept_page(client, user):
    entity = EntityFactory()
    CommentFactory(entity=entity, user=user, created_at=timezone.now() - timedelta(hours=1))
    get(client, entity.get_absolute_url())
    client.force_login(user)
    content = get(client, entity.get_absolute_url()).content
    assert b"data-writer" not in content
    assert b"Edit" not in content
    assert user.display_name.encode() in content


def test_a_moderator_gets_the_hidden_comments_where_others_get_the_kept_part(client, user):
    entity = EntityFactory()
    CommentFactory(entity=entity, content="Shown to all.")
    hidden = CommentFactory(entity=entity, content="Hidden words.")
    Comment.objects.filter(pk=hidden.pk).hide()
    get(client, entity.get_absolute_url())
    user.user_permissions.add(Permission.objects.get(codename="moderate_comment"))
    client.force_login(user)
    content = get(client, entity.get_absolute_url()).content
    assert b"Shown to all." in content
    assert b"Hidden words." in content


def with_flash_message(client, text: str) -> None:
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies[storage.cookie_name] = storage._encode([Message(constants.SUCCESS, text)])


def test_flash_message_shows_on_a_cached_list_page(client):
    EntityFactory()
    get(client)
    with_flash_message(client, "It was saved")
    assert b"It was saved" in get(client).content


def test_page_with_a_flash_message_is_neither_stored_nor_shareable(client):
    EntityFactory()
    with_flash_message(client, "It was saved")
    response = get(client)
    assert "no-store" in response["Cache-Control"]
    assert stored_pages() == 0
    client.cookies.clear()
    assert b"It was saved" not in get(client).content


def test_entity_page_for_anonymous_visitors_holds_no_csrf_token_and_sets_no_cookie(client):
    entity = EntityFactory()
    for response in (
        get(client, entity.get_absolute_url()),
        get(Client(), entity.get_absolute_url()),
    ):
        assert "csrftoken" not in response.cookies
        assert b"csrfmiddlewaretoken" not in response.content


def test_entity_page_for_anonymous_visitors_may_be_kept_by_shared_caches(client, settings):
    settings.HTTP_CACHE_SECONDS = 7
    entity = EntityFactory()
    for _ in range(2):  # rendered, then from the cache
        response = get(client, entity.get_absolute_url())
        assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=0", "s-maxage=7"}


def test_anonymous_list_page_may_be_kept_by_shared_caches_for_a_few_seconds(client, settings):
    settings.HTTP_CACHE_SECONDS = 7
    EntityFactory()
    response = get(client)
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=0", "s-maxage=7"}
    assert {"Accept-Language", "Cookie"} <= set(response["Vary"].split(", "))


def test_repeated_visit_gets_not_modified_until_the_page_changes(client):
    entity = EntityFactory()
    etag = get(client)["ETag"]
    assert client.get(LIST, headers={"if-none-match": etag}).status_code == 304
    CommentFactory(entity=entity)
    response = client.get(LIST, headers={"if-none-match": etag})
    assert response.status_code == HTTPStatus.OK
    assert response["ETag"] != etag


def test_repeated_visit_to_an_entity_page_gets_not_modified(client):
    entity = EntityFactory()
    etag = get(client, entity.get_absolute_url())["ETag"]
    response = client.get(entity.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 304


def test_pages_differ_by_language(client):
    EntityFactory()
    english = get(client, accept_language="en").content
    russian = get(client, accept_language="ru").content
    assert b'lang="ru"' in russian and b'lang="en"' in english


def test_unknown_query_parameters_add_no_entries_and_change_nothing(client):
    EntityFactory()
    plain = get(client).content
    before = stored_pages()
    for n in range(200):
        assert get(client, f"{LIST}?utm_source={n}&page=1").content == plain
    assert stored_pages() == before == 1


def test_page_numbers_past_the_end_redirect_to_the_last_page_and_add_no_entries(client):
    entity = EntityFactory()
    CommentFactory(entity=entity)
    for n in range(2, 50):
        for path in (LIST, entity.get_absolute_url()):
            response = client.get(f"{path}?page={n}", follow=True)
            assert response.redirect_chain == [(path, HTTPStatus.FOUND)]
    assert stored_pages() == 2


def test_searches_are_not_stored(client):
    EntityFactory(name="Harbour")
    for n in range(50):
        get(client, f"{LIST}?q=harbour+{n}")
    assert stored_pages() == 0


def test_a_search_shows_each_row_as_it_is_now_in_the_readers_language(client):
    # Searches are rendered for each request from rows kept in each process ("rows").
    entity = EntityFactory(name="Glass bridge")
    search = f"{LIST}?q=bridge"
    assert "0 comments" in get(client, search).text
    CommentFactory(entity=entity)
    assert "1 comment" in get(client, search).text
    entity.name = "Stone bridge"
    entity.save()
    assert "Stone bridge" in get(client, search).text
    assert "1 комментарий" in get(client, search, accept_language="ru").text


def test_head_stores_nothing_and_get_after_it_has_the_whole_page(client):
    EntityFactory()
    assert client.head(f"{LIST}?x=1").status_code == HTTPStatus.OK
    assert stored_pages() == 0
    assert b'name="next" value="/entities/"' in get(client, f"{LIST}?x=1").content


def test_head_after_get_describes_the_same_page(client):
    EntityFactory()
    page = get(client)
    head = client.head(LIST)
    assert head["ETag"] == page["ETag"]
    assert head["Content-Length"] == page["Content-Length"]


def test_with_page_cache_off_every_visit_renders(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    EntityFactory()
    get(client)
    assert rendered(get(client))
    assert stored_pages() == 0


def test_comment_form_with_errors_is_never_a_kept_rendering(client):
    entity = EntityFactory()
    get(client, entity.get_absolute_url())
    response = client.post(reverse("comments:create", args=[entity.slug]), {"name": "Bea"})
    assert response.status_code == HTTPStatus.OK
    assert b"is-invalid" in response.content
    assert b'value="Bea"' in response.content


def test_the_comment_form_is_kept_and_each_visitor_posts_with_their_own_token():
    entity = EntityFactory(name="Old name")
    url = reverse("comments:create", args=[entity.slug])
    assert rendered(get(Client(), url))
    tokens = set()
    for name in ("Bea", "Cem"):
        visitor = Client(enforce_csrf_checks=True)
        page = get(visitor, url)
        assert not rendered(page)
        assert "no-store" in page["Cache-Control"]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
        tokens.add(token)
        form = {"name": name, "content": "Hello", "csrfmiddlewaretoken": token}
        assert visitor.post(url, form).status_code == HTTPStatus.FOUND
    assert len(tokens) == 2
    assert entity.comments.count() == 2
    entity.name = "New name"
    entity.save()
    assert b"New name" in get(Client(), url).content


def test_the_kept_comment_form_carries_no_visitors_query_string():
    entity = EntityFactory()
    url = reverse("comments:create", args=[entity.slug])
    get(Client(), f"{url}?utm_source=someone-else")
    content = get(Client(), url).content.decode()
    assert "someone-else" not in content
    assert f'name="next" value="{url}"' in content


def test_a_later_comment_page_from_the_cache_counts_no_comments(client, django_assert_num_queries):
    entity = EntityFactory()
    CommentFactory.create_batch(21, entity=entity)
    url = f"{entity.get_absolute_url()}?page=2"
    assert rendered(get(client, url))
    with django_assert_num_queries(0):  # the entity and the page come from the cache
        assert not rendered(get(client, url))


def test_entity_page_without_comments_names_its_own_address(client):
    entity = EntityFactory()
    page = get(client, entity.get_absolute_url())
    assert f'name="next" value="{entity.get_absolute_url()}"'.encode() in page.content


def test_an_entity_renamed_or_deleted_shows_so_at_once(client):
    entity = EntityFactory(name="Old harbour")
    assert b"Old harbour" in get(client, entity.get_absolute_url()).content
    entity.name = "New harbour"
    entity.save()
    assert b"New harbour" in get(client, entity.get_absolute_url()).content
    entity.delete()
    assert client.get(entity.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_a_kept_entity_page_is_found_without_a_query_long_after_its_row_was_read(
    client, settings, monkeypatch, django_assert_num_queries
):
    entity = EntityFactory()
    assert rendered(get(client, entity.get_absolute_url()))
    later = time.time() + settings.HTTP_CACHE_SECONDS + 60  # within PAGE_CACHE_SECONDS
    monkeypatch.setattr(locmem, "time", SimpleNamespace(time=lambda: later))
    with django_assert_num_queries(0):
        assert not rendered(get(client, entity.get_absolute_url()))


@pytest.mark.parametrize("kept_before", [False, True], ids=["first visit", "kept page"])
def test_a_rename_while_a_reader_renders_the_old_row_shows_at_once(
    client, monkeypatch, kept_before
):
    entity = EntityFactory(name="Old harbour")
    if kept_before:
        get(client, entity.get_absolute_url())
        CommentFactory(entity=entity)  # a new generation: the next reader renders
    read = Entity.objects.get

    def read_then_renamed(*args, **kwargs):
        row = read(*args, **kwargs)
        monkeypatch.setattr(Entity.objects, "get", read)
        renamed = Entity.objects.filter(pk=row.pk).get()
        renamed.name = "New harbour"
        renamed.save()
        return row

    monkeypatch.setattr(Entity.objects, "get", read_then_renamed)
    assert b"Old harbour" in get(client, entity.get_absolute_url()).content  # rendered meanwhile
    assert b"New harbour" in get(client, entity.get_absolute_url()).content


def test_the_kept_number_of_entities_follows_each_one_added_or_deleted(client):
    entities = EntityFactory.create_batch(10)
    assert client.get(f"{LIST}?page=2").status_code == HTTPStatus.FOUND  # one page
    EntityFactory()
    assert get(client, f"{LIST}?page=2")  # a second page at once
    entities[0].delete()
    assert client.get(f"{LIST}?page=2").status_code == HTTPStatus.FOUND
