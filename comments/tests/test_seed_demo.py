import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from comments.models import Comment
from entities.models import Entity
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def seed(*args: str, **options) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, **options)
    return out.getvalue()


def test_seed_adds_the_entities_and_comments_asked_for():
    seed(entities=20, comments=3)
    assert (Entity.objects.count(), Comment.objects.count()) == (20, 60)


def test_seed_says_what_it_added():
    assert "Added 4 entities and 8 comments." in seed(entities=4, comments=2)


def test_seed_gives_some_entities_russian_names_with_transliterated_slugs():
    seed(entities=16, comments=0)
    russian = Entity.objects.get(name="Северный маяк 8")
    assert russian.slug == "severnyy-mayak-8"
    assert all(slug.isascii() for slug in Entity.objects.values_list("slug", flat=True))


def test_seed_slugs_are_the_ones_saving_would_give():
    seed(entities=16, comments=0)
    for entity in Entity.objects.all():
        slug = entity.slug
        entity.slug = ""
        entity.save()
        assert entity.slug == slug


def test_seed_comments_are_newer_than_their_entity():
    seed(entities=5, comments=3)
    for comment in Comment.objects.select_related("entity"):
        assert comment.created_at > comment.entity.created_at


def test_seed_run_again_adds_nothing():
    seed(entities=10, comments=2)
    output = seed(entities=10, comments=2)
    assert (Entity.objects.count(), Comment.objects.count()) == (10, 20)
    assert "Added 0 entities and 0 comments." in output


def test_seed_run_again_with_more_adds_only_the_new_ones():
    seed(entities=5, comments=1)
    seed(entities=8, comments=1)
    assert (Entity.objects.count(), Comment.objects.count()) == (8, 8)


def test_seed_skips_a_name_that_exists_in_another_case():
    EntityFactory(name="old botanical garden 1")
    seed(entities=2, comments=0)
    assert sorted(Entity.objects.values_list("name", flat=True)) == [
        "City library 2",
        "old botanical garden 1",
    ]


def test_seed_numbers_a_slug_that_is_taken():
    EntityFactory(name="City library 2!")
    seed(entities=2, comments=0)
    assert Entity.objects.get(name="City library 2").slug == "city-library-2-2"


def test_seed_if_empty_fills_an_empty_database():
    seed("--if-empty", entities=3, comments=1)
    assert Entity.objects.count() == 3


def test_seed_if_empty_leaves_a_database_with_entities_alone():
    EntityFactory()
    output = seed("--if-empty", entities=3, comments=1)
    assert Entity.objects.count() == 1
    assert "nothing added" in output


def test_seed_refuses_production_settings(settings):
    settings.ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="--force"):
        seed(entities=3)
    assert not Entity.objects.exists()


def test_seed_runs_under_production_settings_with_force(settings):
    settings.ENVIRONMENT = "production"
    seed("--force", entities=3, comments=0)
    assert Entity.objects.count() == 3


def test_seed_refuses_negative_counts():
    with pytest.raises(CommandError):
        seed(entities=-1)
