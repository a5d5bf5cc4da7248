"""Entity.comment_count follows every way a comment is written or deleted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from comments.tests.factories import CommentFactory
from entities.models import Entity
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def count_of(entity: Entity) -> int:
    return Entity.objects.values_list("comment_count", flat=True).get(pk=entity.pk)


def test_new_comments_are_counted():
    entity = EntityFactory()
    CommentFactory.create_batch(3, entity=entity)
    assert count_of(entity) == 3


def test_deleted_comment_is_no_longer_counted():
    comment = CommentFactory()
    CommentFactory(entity=comment.entity)
    comment.delete()
    assert count_of(comment.entity) == 1


def test_deleting_a_queryset_of_comments_updates_each_entity():
    first, second = EntityFactory(), EntityFactory()
    CommentFactory.create_batch(3, entity=first)
    CommentFactory.create_batch(2, entity=second)
    Comment.objects.filter(entity__in=[first, second]).exclude(
        pk=first.comments.first().pk
    ).delete()
    assert (count_of(first), count_of(second)) == (1, 0)


def test_comment_moved_to_another_entity_counts_there():
    comment = CommentFactory()
    old_entity, new_entity = comment.entity, EntityFactory()
    comment.entity = new_entity
    comment.save()
    assert (count_of(old_entity), count_of(new_entity)) == (0, 1)


def test_editing_a_comment_keeps_the_count():
    comment = CommentFactory()
    comment.content = "Edited"
    comment.save()
    assert count_of(comment.entity) == 1


def queries_to_delete(entity: Entity) -> int:
    with CaptureQueriesContext(connection) as queries:
        entity.delete()
    return len(queries)


def test_deleting_an_entity_takes_as_many_queries_with_30_comments_as_with_1():
    small, big = EntityFactory(), EntityFactory()
    CommentFactory(entity=small)
    CommentFactory.create_batch(30, entity=big)
    assert queries_to_delete(big) == queries_to_delete(small)
    assert not Comment.objects.exists()
