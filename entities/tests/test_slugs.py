import pytest

from entities.models import Entity
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def test_russian_name_is_transliterated():
    assert EntityFactory(name="Привет, мир").slug == "privet-mir"


def test_clashing_slugs_get_numbered_suffixes():
    slugs = [EntityFactory(name=name).slug for name in ["Привет, мир", "Привет мир", "привет-мир!"]]
    assert slugs == ["privet-mir", "privet-mir-2", "privet-mir-3"]


def test_name_without_letters_or_digits_still_gets_a_slug():
    first, second = EntityFactory(name="!!!"), EntityFactory(name="???")
    assert (first.slug, second.slug) == ("entity", "entity-2")


def test_slug_follows_a_rename():
    entity = EntityFactory(name="Old name")
    entity.name = "New name"
    entity.save()
    assert Entity.objects.get(pk=entity.pk).slug == "new-name"


def test_saving_without_rename_keeps_the_slug():
    EntityFactory(name="Twin")
    entity = EntityFactory(name="Twin!")
    entity.content = "changed"
    entity.save()
    entity.refresh_from_db()
    assert entity.slug == "twin-2"


def test_slug_never_shadows_the_create_page():
    assert EntityFactory(name="New").slug == "new-2"
