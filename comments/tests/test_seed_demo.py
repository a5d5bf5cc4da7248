"""seed_demo: a small demo in both languages, safe to run again, kept out of production."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from comments.models import Comment
from entities.models import Entity
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def seed(*args: str, **options) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, **options)
    return out.getvalue()


def test_seed_adds_a_few_dozen_entities_with_comments():
    seed()
    assert 20 <= Entity.objects.count() <= 40
    assert Comment.objects.count() >= Entity.objects.count()


def test_seed_says_what_it_added():
    output = seed()
    assert (
        f"Added {Entity.objects.count()} entities and {Comment.objects.count()} comments." in output
    )


def test_seed_writes_in_english_and_in_russian():
    seed()
    names = list(Entity.objects.values_list("name", flat=True))
    assert any(CYRILLIC.search(name) for name in names)
    assert any(not CYRILLIC.search(name) for name in names)
    assert all(slug.isascii() for slug in Entity.objects.values_list("slug", flat=True))


def test_seed_names_and_comments_do_not_repeat_a_few_sentences():
    seed()
    assert len(set(Entity.objects.values_list("content", flat=True))) == Entity.objects.count()
    # Each comment is about its own place, as on a real site: none is said twice.
    assert len(set(Comment.objects.values_list("content", flat=True))) == Comment.objects.count()


def test_seed_gives_the_same_demo_on_every_run():
    def demo() -> list:
        entities = Entity.objects.order_by("created_at").prefetch_related("comments")
        return [
            (entity.name, [(c.name, c.content) for c in entity.comments.order_by("created_at")])
            for entity in entities
        ]

    seed()
    first = demo()
    Entity.objects.all().delete()
    seed()
    assert demo() == first


def test_seed_comments_are_newer_than_their_entity_and_counted():
    seed()
    for comment in Comment.objects.select_related("entity"):
        assert comment.created_at > comment.entity.created_at
    for entity in Entity.objects.annotate(real=Count("comments")):
        assert entity.comment_count == entity.real


def test_seed_run_again_adds_nothing():
    seed()
    counts = (Entity.objects.count(), Comment.objects.count())
    output = seed()
    assert (Entity.objects.count(), Comment.objects.count()) == counts
    assert "Added 0 entities and 0 comments." in output


def test_seed_skips_a_name_that_exists_in_another_case():
    EntityFactory(name="northern lighthouse")
    seed()
    assert Entity.objects.filter(name__iexact="Northern Lighthouse").count() == 1


def test_seed_if_empty_fills_an_empty_database():
    seed("--if-empty")
    assert Entity.objects.exists()


def test_seed_if_empty_leaves_a_database_with_entities_alone():
    EntityFactory()
    assert "nothing added" in seed("--if-empty")
    assert Entity.objects.count() == 1


def test_seed_refuses_production_settings(settings):
    settings.ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="--force"):
        seed()
    assert not Entity.objects.exists()


def test_seed_runs_under_production_settings_with_force(settings):
    settings.ENVIRONMENT = "production"
    seed("--force")
    assert Entity.objects.exists()
