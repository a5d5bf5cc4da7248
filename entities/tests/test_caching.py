"""Anonymous pages come from the cache until something changes, and only those."""

import re
from http import HTTPStatus

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.urls import reverse

from comments.tests.factories import CommentFactory
from entities.models import Entity
from entities.tests.factories import EntityFactory
from entities.views import EntityListView

pytestmark = pytest.mark.django_db

LIST = reverse("entities:list")


def list_page(client) -> str:
    response = client.get(LIST)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_cached_list_page_is_served_with_one_query(client, django_assert_num_queries):
    EntityFactory()
    list_page(client)
    with django_assert_num_queries(1):  # the content versions
        list_page(client)


def test_new_entity_shows_on_the_cached_list_at_once(client):
    EntityFactory(name="Old one")
    list_page(client)
    EntityFactory(name="Brand new")
    assert "Brand new" in list_page(client)


def test_renamed_entity_shows_its_new_name_on_the_cached_list(client):
    entity = EntityFactory(name="Before")
    list_page(client)
    entity.name = "After"
    entity.save()
    assert "After" in list_page(client)


def test_deleted_entity_leaves_the_cached_list_at_once(client):
    EntityFactory(name="Stays")
    gone = EntityFactory(name="Goes away")
    list_page(client)
    gone.delete()
    assert "Goes away" not in list_page(client)


def test_new_comment_updates_the_count_on_the_cached_list(client):
    entity = EntityFactory()
    list_page(client)
    CommentFactory(entity=entity)
    assert "1 comment" in list_page(client)


def test_posted_comment_shows_on_the_entity_page_at_once(client):
    entity = EntityFactory()
    CommentFactory(entity=entity, content="First words")
    client.get(entity.get_absolute_url())
    client.post(
        reverse("comments:create", args=[entity.slug]),
        {"name": "Bea", "content": "Second words"},
        follow=True,
    )
    assert "Second words" in client.get(entity.get_absolute_url()).content.decode()


def test_signed_in_visitor_never_gets_the_anonymous_page(client, user):
    EntityFactory()
    list_page(client)
    client.force_login(user)
    assert user.get_username() in list_page(client)


def test_signed_in_pages_are_not_cached(client, user):
    EntityFactory()
    client.force_login(user)
    list_page(client)
    EntityFactory(name="Seen at once")
    assert "Seen at once" in list_page(client)


def with_flash_message(client, text: str) -> None:
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies[storage.cookie_name] = storage._encode([Message(constants.SUCCESS, text)])


def test_flash_message_shows_on_a_cached_list_page(client):
    EntityFactory()
    list_page(client)
    with_flash_message(client, "It was saved")
    assert "It was saved" in list_page(client)


def test_page_with_a_flash_message_is_not_cached_for_the_next_visitor(client):
    EntityFactory()
    with_flash_message(client, "It was saved")
    list_page(client)
    client.cookies.clear()
    assert "It was saved" not in list_page(client)


def csrf_token_in(html: bytes) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()


def test_entity_page_gives_each_visitor_their_own_csrf_token(client):
    entity = EntityFactory()
    CommentFactory(entity=entity)
    first = client.get(entity.get_absolute_url())
    client.cookies.clear()
    second = client.get(entity.get_absolute_url())
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert csrf_token_in(first.content) != csrf_token_in(second.content)


def test_cached_list_page_follows_the_language(client, settings):
    settings.LANGUAGES = [("en", "English"), ("ru", "Russian")]
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:3],
        "django.middleware.locale.LocaleMiddleware",
        *settings.MIDDLEWARE[3:],
    ]
    EntityFactory()
    english = client.get(LIST, headers={"accept-language": "en"}).content
    russian = client.get(LIST, headers={"accept-language": "ru"}).content
    assert b'lang="ru"' in russian and b'lang="en"' in english


def test_list_counts_created_and_deleted_entities(client):
    entities = EntityFactory.create_batch(12)
    entities[0].delete()
    response = client.get(LIST)
    assert response.context["paginator"].count == 11
    assert response.context["paginator"].num_pages == 2


def names_on_page(client, page: int) -> list[str]:
    response = client.get(LIST, {"page": page})
    return [entity.name for entity in response.context["entity_list"]]


def test_deep_pages_stay_right_after_an_entity_is_created(client, user, monkeypatch):
    # Anchors every 3 rows, so 25 entities are "deep".
    monkeypatch.setattr(EntityListView, "anchor_stride", 3)
    client.force_login(user)
    EntityFactory.create_batch(25)
    names_on_page(client, 2)  # computes and caches the anchors
    EntityFactory(name="Newest")
    expected = [e.name for e in Entity.objects.order_by("-created_at", "-id")[10:20]]
    assert names_on_page(client, 2) == expected


def test_comment_form_with_errors_shows_them_after_an_empty_form_was_cached(client):
    entity = EntityFactory()
    client.get(entity.get_absolute_url())
    response = client.post(reverse("comments:create", args=[entity.slug]), {"name": "Bea"})
    assert response.status_code == HTTPStatus.OK
    assert b"is-invalid" in response.content
    assert b'value="Bea"' in response.content


def test_with_page_cache_off_every_visit_reads_the_rows(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    EntityFactory()
    list_page(client)
    with django_assert_num_queries(2):  # the content versions, the rows
        list_page(client)
