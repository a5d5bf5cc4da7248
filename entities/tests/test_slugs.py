import re
from http import HTTPStatus

import pytest
from django.urls import reverse

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


def test_rename_keeps_the_slug_so_the_published_address_keeps_working(editor_client):
    entity = EntityFactory(name="Old name")
    old_url = entity.get_absolute_url()

    response = editor_client.post(
        reverse("entities:update", args=[entity.slug]), {"name": "New name", "content": ""}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert Entity.objects.get(pk=entity.pk).slug == "old-name"
    assert editor_client.get(old_url).status_code == HTTPStatus.OK


def test_old_address_of_a_renamed_entity_is_never_given_to_another():
    first = EntityFactory(name="Old name")
    first.name = "New name"
    first.save()

    second = EntityFactory(name="Old name")

    assert (first.slug, second.slug) == ("old-name", "old-name-2")


def test_saving_without_rename_keeps_the_slug():
    EntityFactory(name="Twin")
    entity = EntityFactory(name="Twin!")
    entity.content = "changed"
    entity.save()
    entity.refresh_from_db()
    assert entity.slug == "twin-2"


def test_slug_never_shadows_the_create_page():
    assert EntityFactory(name="New").slug == "new-2"


SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


@pytest.mark.parametrize(
    "name",
    [
        "東京タワー",
        "🎉 party 🎉",
        "🎉",
        "Ωμέγα",
        "مرحبا",
        "नमस्ते",
        "Straße",
        "Z̤͔ͧ̑̓ä͖̭̈̇lg̮͉o",
    ],
)
def test_slug_of_a_name_in_any_script_is_lowercase_ascii(name):
    slug = EntityFactory(name=name).slug
    assert SLUG_PATTERN.fullmatch(slug), slug


def test_cjk_name_is_transliterated():
    assert EntityFactory(name="東京タワー").slug == "dongjingtawa"


def test_emoji_name_is_spelt_out():
    assert EntityFactory(name="🎉 party").slug == "tada-party"


def test_slug_of_the_longest_name_fits_its_column():
    entity = EntityFactory(name="Щ" * Entity._meta.get_field("name").max_length)
    assert len(entity.slug) <= Entity._meta.get_field("slug").max_length


def test_long_names_with_the_same_beginning_get_numbered_suffixes():
    first = EntityFactory(name="Щ" * 199 + "а")
    second = EntityFactory(name="Щ" * 199 + "б")
    assert second.slug == f"{first.slug}-2"
    assert len(second.slug) <= Entity._meta.get_field("slug").max_length


def test_long_slug_does_not_end_with_a_hyphen():
    # "a " repeated: the cut at the slug's base length falls on a separator.
    entity = EntityFactory(name="a " * 100)
    assert not entity.slug.endswith("-")


def test_rename_onto_another_entitys_slug_keeps_its_own():
    EntityFactory(name="Harbour")
    entity = EntityFactory(name="Market")
    entity.name = "Harbour!"
    entity.save()
    assert entity.slug == "market"


def test_rename_to_the_same_slug_keeps_it_without_a_suffix():
    entity = EntityFactory(name="Harbour")
    entity.name = "Harbour!"
    entity.save()
    assert entity.slug == "harbour"


def test_entity_page_opens_at_a_transliterated_slug(client):
    entity = EntityFactory(name="Привет, мир")
    assert client.get(entity.get_absolute_url()).status_code == HTTPStatus.OK
