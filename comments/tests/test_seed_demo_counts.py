"""seed_demo writes counts that match the comments, on either path."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from entities.models import Entity

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="--fast writes with PostgreSQL's generate_series"
)


def counts_match_comments() -> bool:
    entities = Entity.objects.annotate(real=Count("comments"))
    return all(entity.comment_count == entity.real for entity in entities)


def test_seeded_entities_have_their_comments_counted():
    call_command("seed_demo", entities=5, comments=3, busy_entity=30)
    assert Entity.objects.count() == 6
    assert counts_match_comments()


def test_busy_entity_has_the_comments_asked_for():
    call_command("seed_demo", entities=0, busy_entity=40)
    assert Entity.objects.get().comment_count == 40


@postgresql_only
def test_fast_seed_writes_the_same_entities_as_the_slow_one():
    call_command("seed_demo", entities=20, comments=2, fast=True, busy_entity=25)
    fast = set(Entity.objects.values_list("name", "slug"))
    assert counts_match_comments()
    Entity.objects.all().delete()
    call_command("seed_demo", entities=20, comments=2, busy_entity=25)
    assert set(Entity.objects.values_list("name", "slug")) == fast


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is for other databases")
def test_fast_seed_says_it_needs_postgresql():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("seed_demo", entities=1, fast=True)
