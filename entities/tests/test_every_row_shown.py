"""Every row appears on exactly one page, whatever wrote it and whatever the
stored counts say: counts only label pages, they never select rows."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from entities.models import Entity
from entities.tests.factories import EntityFactory
from entities.views import EntityListView
from project import pagination

pytestmark = pytest.mark.django_db

LIST = reverse("entities:list")


def listed_names(client) -> list[str]:
    first = client.get(LIST)
    names = []
    for number in range(1, first.context["paginator"].num_pages + 1):
        names += [
            entity.name for entity in client.get(LIST, {"page": number}).context["entity_list"]
        ]
    return names


def listed_comments(client, entity: Entity) -> list[str]:
    """Page after page, as a reader follows "Next", until the page shows no more."""
    url = entity.get_absolute_url()
    contents: list[str] = []
    for number in range(1, 100):
        response = client.get(url, {"page": number})
        if response.status_code != HTTPStatus.OK:  # past the end: to the last page
            break
        html = response.content.decode()
        contents += re.findall(r'<div class="comment-content text-break">(.*?)</div>', html)
        if 'rel="next"' not in html:
            break
    return contents


@pytest.fixture(autouse=True, params=["offsets", "deferred joins"])
def _deep_pages(request, monkeypatch):
    # Each test twice: pages read by OFFSET, and by the deferred join that pages from
    # DEFERRED_JOIN_FROM on use (here from the first row).
    if request.param == "deferred joins":
        monkeypatch.setattr(pagination, "DEFERRED_JOIN_FROM", 0)


@pytest.fixture(autouse=True)
def _render_every_time(settings):
    # What the pages read, not what a cache kept from before the writes below
    # (writes that bypass the models forget no kept rows: see docs/performance.md).
    settings.PAGE_CACHE_SECONDS = 0


def test_comments_written_by_bulk_create_each_appear_once(client):
    entity = EntityFactory()
    now = timezone.now()
    Comment.objects.bulk_create(
        Comment(entity=entity, name="Ann", content=f"c{n}", created_at=now + timedelta(seconds=n))
        for n in range(30)
    )
    Entity.objects.filter(pk=entity.pk).update(comment_count=25)  # a counter left behind

    assert listed_comments(client, entity) == [f"c{n}" for n in range(30)]


def test_comments_written_in_sql_each_appear_once(client):
    entity = EntityFactory()
    table = Comment._meta.db_table
    with connection.cursor() as cursor:
        for n in range(23):
            cursor.execute(
                # The table name is the model's own; the values are parameters.
                f"INSERT INTO {table} (entity_id, name, email, content, created_at) "  # noqa: S608
                "VALUES (%s, 'Ann', '', %s, %s)",
                [entity.pk, f"c{n}", timezone.now() + timedelta(seconds=n)],
            )

    assert listed_comments(client, entity) == [f"c{n}" for n in range(23)]


def test_entities_written_by_bulk_create_and_update_each_appear_once(client):
    EntityFactory.create_batch(7)
    Entity.objects.bulk_create(
        Entity(
            name=f"Bulk {n}",
            name_key=f"bulk {n}",
            look_key=f"Bulk {n}",
            slug=f"bulk-{n}",
            comment_count=99,
        )
        for n in range(18)
    )
    Entity.objects.filter(name__startswith="Bulk 1").update(created_at=timezone.now())

    names = listed_names(client)
    assert sorted(names) == sorted(Entity.objects.values_list("name", flat=True))
    assert len(names) == len(set(names)) == 25


def test_list_deeper_than_the_cap_says_how_far_it_goes(client, monkeypatch):
    monkeypatch.setattr(EntityListView, "max_pages", 2)
    EntityFactory.create_batch(25)
    response = client.get(LIST, {"page": 3}, follow=True)
    assert response.context["page_obj"].number == 2
    assert not response.context["paginator"].exact
    assert "These are the newest 20 entities" in response.content.decode()


def test_old_page_addresses_keep_working(client):
    EntityFactory.create_batch(25)
    for number in ("1", "2", "3"):
        assert client.get(LIST, {"page": number}).context["page_obj"].number == int(number)
