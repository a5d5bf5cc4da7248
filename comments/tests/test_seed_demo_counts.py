"""seed_demo writes counts that match the comments, on either path."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from entities.models import Entity
from entities.names import name_key

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


def index_names() -> set[str]:
    with connection.cursor() as cursor:
        tables = [Entity._meta.db_table, "comments_comment"]
        return {
            name
            for table in tables
            for name in connection.introspection.get_constraints(cursor, table)
        }


@postgresql_only
def test_interrupted_fast_seed_leaves_every_index_and_key_in_place(monkeypatch):
    before = index_names()

    def interrupt(self, text: str) -> None:
        if text.startswith("index "):  # the first index rebuilt: Ctrl-C
            raise KeyboardInterrupt

    monkeypatch.setattr("comments.management.commands.seed_demo.Command.progress", interrupt)
    with pytest.raises(KeyboardInterrupt):
        call_command("seed_demo", entities=20, comments=2, fast=True, verbosity=2)

    assert index_names() == before
    assert Entity.objects.count() == 0


@postgresql_only
def test_fast_seed_gives_the_demo_entities_their_name_keys():
    call_command("seed_demo", entities=20, comments=0, fast=True)
    assert all(entity.name_key == name_key(entity.name) for entity in Entity.objects.all())
