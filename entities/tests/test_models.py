import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from comments.tests.factories import CommentFactory
from entities.models import Entity
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_a_name_differing_only_in_case():
    EntityFactory(name="Lighthouse")
    with pytest.raises(IntegrityError), transaction.atomic():
        EntityFactory(name="LIGHTHOUSE")


def test_database_refuses_a_russian_name_differing_only_in_case():
    EntityFactory(name="Маяк")
    with pytest.raises(IntegrityError), transaction.atomic():
        EntityFactory(name="МАЯК")


def test_form_refuses_a_russian_name_differing_only_in_case(editor_client):
    EntityFactory(name="Маяк")
    response = editor_client.post(reverse("entities:create"), {"name": "МАЯК"})
    assert response.context["form"].errors["name"] == [
        "An entity with this name, or with one that looks the same, already exists."
    ]


def test_comment_counts_are_zero_without_comments():
    EntityFactory()
    assert Entity.objects.get().comment_count == 0


def test_an_edit_saved_after_a_comment_was_added_keeps_it_counted():
    # The edit was read before the comment came: its save must not write the old count.
    entity = EntityFactory()
    edited = Entity.objects.get(pk=entity.pk)
    CommentFactory(entity=entity)
    edited.name = "Renamed"
    edited.save()
    assert Entity.objects.get(pk=entity.pk).comment_count == 1
