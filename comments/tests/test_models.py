import pytest

from comments.models import Comment
from comments.tests.factories import CommentFactory
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def test_deleting_an_entity_deletes_its_comments():
    entity = EntityFactory()
    CommentFactory.create_batch(3, entity=entity)
    entity.delete()
    assert not Comment.objects.exists()


def test_deleting_an_entity_keeps_the_comments_of_others():
    entity, other = EntityFactory(), EntityFactory()
    CommentFactory(entity=entity)
    kept = CommentFactory(entity=other)
    entity.delete()
    assert list(Comment.objects.all()) == [kept]


def test_deleting_a_queryset_of_entities_deletes_their_comments():
    CommentFactory.create_batch(2)
    EntityFactory._meta.model.objects.all().delete()
    assert not Comment.objects.exists()


def test_a_template_cannot_hide_or_publish_comments():
    # Django's alters_data: a template that names the methods does not call them.
    from django.template import Context, Template

    shown, hidden = CommentFactory(), CommentFactory(status=Comment.Status.HIDDEN)
    template = Template("{{ shown.hide }}{{ hidden.publish }}")
    template.render(
        Context(
            {
                "shown": Comment.objects.filter(pk=shown.pk),
                "hidden": Comment.objects.filter(pk=hidden.pk),
            }
        )
    )

    assert Comment.objects.get(pk=shown.pk).status == Comment.Status.PUBLISHED
    assert Comment.objects.get(pk=hidden.pk).status == Comment.Status.HIDDEN
