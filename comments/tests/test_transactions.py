"""Every write is one transaction: a failure half-way leaves nothing behind.

A receiver that fails after the first row is written stands for any failure in
the middle (a lost connection, a bug in a later step).
"""

from collections.abc import Iterator

import pytest
from django.db.models.signals import post_delete, post_save
from django.urls import reverse

from comments.models import Comment
from comments.tests.factories import CommentFactory
from entities.models import Entity
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


class HalfWayFailure(Exception):
    pass


def fail(**kwargs) -> None:
    raise HalfWayFailure


@pytest.fixture
def failing_after(request) -> Iterator:
    """``failing_after(signal, model)``: that signal fails until the test ends."""
    connected = []

    def connect(signal, model) -> None:
        signal.connect(fail, sender=model, weak=False)
        connected.append((signal, model))

    yield connect
    for signal, model in connected:
        signal.disconnect(fail, sender=model)


def test_entity_creation_failing_after_the_insert_leaves_no_entity(editor_client, failing_after):
    failing_after(post_save, Entity)

    with pytest.raises(HalfWayFailure):
        editor_client.post(reverse("entities:create"), {"name": "Half", "content": "x"})

    assert not Entity.objects.exists()


def test_rename_failing_after_the_update_keeps_the_old_name_and_slug(editor_client, failing_after):
    entity = EntityFactory(name="Before")
    failing_after(post_save, Entity)

    with pytest.raises(HalfWayFailure):
        editor_client.post(reverse("entities:update", args=[entity.slug]), {"name": "After"})

    assert Entity.objects.values_list("name", "slug").get() == ("Before", "before")


# A real transaction, as in production: Django's deletion makes its own (without a
# savepoint, so inside the test's transaction nothing would be rolled back).
@pytest.mark.django_db(transaction=True)
def test_delete_failing_after_the_comments_went_leaves_entity_and_comments(
    editor_client, failing_after
):
    comment = CommentFactory()
    failing_after(post_delete, Entity)

    with pytest.raises(HalfWayFailure):
        editor_client.post(reverse("entities:delete", args=[comment.entity.slug]))

    assert Entity.objects.filter(pk=comment.entity.pk).exists()
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_completed_delete_leaves_no_orphan_comments(editor_client):
    comment = CommentFactory()
    CommentFactory(entity=comment.entity)

    editor_client.post(reverse("entities:delete", args=[comment.entity.slug]))

    assert not Comment.objects.exists()


def test_comment_failing_after_the_insert_leaves_no_comment(client, failing_after):
    entity = EntityFactory()
    failing_after(post_save, Comment)

    with pytest.raises(HalfWayFailure):
        client.post(
            reverse("comments:create", args=[entity.slug]), {"name": "Ann", "content": "Hi"}
        )

    assert not Comment.objects.exists()
