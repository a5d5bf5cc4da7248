"""Lookalike and invisible names: one normal form (entities.names), uniqueness
decided on its keys by plain unique constraints on both databases (names that look
the same, in any script, are one), and a clear form error, in both languages, for a
name that shows nothing or mixes alphabets."""

import importlib
from http import HTTPStatus

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from comments.models import Comment
from entities.models import Entity
from entities.names import look_key, name_key
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


TAKEN = {
    "en": "An entity with this name, or with one that looks the same, already exists.",
    "ru": "Сущность с таким же или неотличимым на вид названием уже есть.",
}
# All in Cyrillic: A, ER, ER, PALOCHKA, IE; and EN, O, ER, IE.
CYRILLIC_APPLE = "\u0410\u0440\u0440\u04cf\u0435"
CYRILLIC_HOPE = "\u041d\u043e\u0440\u0435"
MIXED = {"en": "mixes letters of different alphabets", "ru": "смешаны буквы разных алфавитов"}
INVISIBLE = {
    "en": "The name needs at least one visible letter, digit or symbol.",
    "ru": "В названии должна быть хотя бы одна видимая буква, цифра или знак.",
}


def create(client, name: str, language: str = "en"):
    return client.post(
        reverse("entities:create"),
        {"name": name, "content": ""},
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.mark.parametrize(
    "lookalike",
    [
        "Apple\u200b",
        "\ufeffApple",
        "\uff21pple",
        "\U0001d400pple",
        "Apple\u202e",
        "A\u00adpple",
        "APPLE",
        CYRILLIC_APPLE,
        CYRILLIC_APPLE.lower(),
    ],
    ids=[
        "zero-width space",
        "BOM",
        "fullwidth",
        "math bold",
        "RTL override",
        "soft hyphen",
        "case",
        "Cyrillic",
        "Cyrillic in lower case",
    ],
)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_lookalike_of_a_taken_name_is_refused(editor_client, lookalike, language):
    EntityFactory(name="Apple")

    response = create(editor_client, lookalike, language)

    assert response.status_code == HTTPStatus.OK
    assert TAKEN[language] in response.content.decode()
    assert Entity.objects.count() == 1


@pytest.mark.parametrize(
    ("taken", "lookalike"),
    [(CYRILLIC_APPLE, "Apple"), ("Hope", CYRILLIC_HOPE), (CYRILLIC_HOPE, "Hope")],
    ids=["Latin beside Cyrillic", "Cyrillic beside Latin", "the other way"],
)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_name_in_another_alphabet_that_looks_the_same_is_refused(
    editor_client, taken, lookalike, language
):
    # CYRILLIC_HOPE looks like "Hope" as written, though not in lower case.
    EntityFactory(name=taken)

    response = create(editor_client, lookalike, language)

    assert response.status_code == HTTPStatus.OK
    assert TAKEN[language] in response.content.decode()
    assert Entity.objects.count() == 1


@pytest.mark.parametrize("language", ["en", "ru"])
def test_word_mixing_alphabets_is_refused(editor_client, language):
    response = create(editor_client, "\u0410pple", language)  # Cyrillic A, Latin pple

    assert response.status_code == HTTPStatus.OK
    assert MIXED[language] in response.content.decode()
    assert not Entity.objects.exists()


@pytest.mark.parametrize(
    "name", ["\u200b\u200b", "\ufeff", "\u0301\u0301\u0301", "\u202e\u200d", "\u2800", "\ufffc"]
)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_name_with_nothing_visible_is_refused(editor_client, name, language):
    response = create(editor_client, name, language)

    assert response.status_code == HTTPStatus.OK
    assert INVISIBLE[language] in response.content.decode()
    assert not Entity.objects.exists()


NAMES_THAT_LOOK_DIFFERENT = [
    *["Mayak", "Маяк", "東京タワー", "Straße 5", "iPhone手机"],
    # Russian names, and a Latin one that looks like the Cyrillic Moskva in capitals
    # only: as written, and in lower case, the two differ.
    *["Москва", "Mockba", "Северный маяк", "Рыбный рынок"],
    # Spellings that differ by what shows: the dots of "ё", an "l" and an "i".
    *["Ёлка", "Елка", "Mall", "Mali"],
]


def test_names_that_look_different_stay_allowed_side_by_side(editor_client):
    for name in NAMES_THAT_LOOK_DIFFERENT:
        assert create(editor_client, name).status_code == HTTPStatus.FOUND, name
    assert Entity.objects.count() == len(NAMES_THAT_LOOK_DIFFERENT)


def test_name_is_stored_in_its_normal_form(editor_client):
    create(editor_client, "\ufeff\uff21pple\u200b  pie")
    assert Entity.objects.get().name == "Apple pie"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Apple", "\uff21PPLE"),
        ("Маяк", "МАЯК"),
        ("Straße", "STRASSE"),
        ("Apple", "Apple\u200b"),
        ("Apple", CYRILLIC_APPLE),
        ("Hope", CYRILLIC_HOPE),
    ],
)
def test_the_database_refuses_a_second_name_with_the_same_key(first, second):
    # Through the ORM, past every form: the unique constraint decides.
    EntityFactory(name=first)
    with pytest.raises(IntegrityError), transaction.atomic():
        Entity.objects.create(name=second)


def test_search_ignores_case_in_every_script():
    entity = EntityFactory(name="Северный Маяк", content="Старый ДОМ")
    assert list(Entity.objects.search("маяк")) == [entity]
    assert list(Entity.objects.search("дом")) == [entity]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's LOWER() only")
def test_sqlite_lower_is_sqlites_own_so_every_client_agrees():
    # Any other SQLite client (the sqlite3 shell, a backup tool) has the built-in
    # LOWER, which folds ASCII only; no index may depend on a replaced one.
    with connection.cursor() as cursor:
        cursor.execute("SELECT lower('МАЯК')")
        assert cursor.fetchone()[0] == "МАЯК"
        cursor.execute("SELECT sql FROM sqlite_master WHERE tbl_name = 'entities_entity'")
        assert not any("lower" in (sql or "").lower() for (sql,) in cursor.fetchall())


def fill_keys(migration: str, *fills: str) -> None:
    """Run the migration's code that fills keys, on the rows of the test database."""
    module = importlib.import_module(f"entities.migrations.{migration}")
    editor = type("SchemaEditor", (), {"connection": connection})()
    for fill in fills:
        getattr(module, fill)(django_apps, editor)


LOOK_ALIKE_0007 = "0007_names_that_look_the_same"


@pytest.mark.parametrize(
    ("migration", "fill", "first", "second", "key"),
    [
        ("0005_name_key", "fill_name_keys", "Apple", "APPLE", "name key"),
        (LOOK_ALIKE_0007, "fill_name_keys", "Apple", CYRILLIC_APPLE.lower(), "name key"),
        (LOOK_ALIKE_0007, "fill_look_keys", "Hope", CYRILLIC_HOPE, "look key"),
    ],
)
def test_migration_names_the_two_entities_whose_names_collide(migration, fill, first, second, key):
    one = EntityFactory(name=first)
    other = EntityFactory(name="Pear")
    # As rows written before the key existed could be.
    Entity.objects.filter(pk=other.pk).update(name=second)

    with pytest.raises(RuntimeError) as refused:
        fill_keys(migration, fill)

    message = str(refused.value)
    assert f"Entities {one.pk} ({first!r}) and {other.pk} ({second!r}) have one {key}" in message
    assert "rename one of them" in message


def test_the_migration_fills_the_keys_and_keeps_the_slugs():
    entity = EntityFactory(name="Northern Lighthouse")
    Entity.objects.filter(pk=entity.pk).update(name_key="northern lighthouse", look_key="")

    fill_keys(LOOK_ALIKE_0007, "fill_name_keys", "fill_look_keys")

    entity.refresh_from_db()
    assert entity.name_key == name_key("Northern Lighthouse")
    assert entity.look_key == look_key("Northern Lighthouse")
    assert entity.slug == "northern-lighthouse"


def test_comment_author_name_is_normalised(client):
    entity = EntityFactory(name="Lighthouse")
    client.post(
        reverse("comments:create", args=[entity.slug]),
        {"name": "\uff21nn\u200b", "content": "Hello"},
    )
    assert Comment.objects.get().name == "Ann"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_comment_author_name_mixing_alphabets_is_refused(client, language):
    entity = EntityFactory(name="Lighthouse")
    response = client.post(
        reverse("comments:create", args=[entity.slug]),
        {"name": "\u0410nn", "content": "Hello"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert MIXED[language] in response.content.decode()
    assert not Comment.objects.exists()


def test_keys_are_one_length_whatever_the_name():
    # A Hangul syllable's skeleton is six characters long; the keys are hashes.
    assert name_key("\ucb94" * 200) != name_key("\ucb94" * 199)
    assert {len(name_key("\ucb94" * 200)), len(look_key("A"))} == {64}


def test_keys_of_case_and_lookalikes():
    assert name_key("\uff21PPLE\u200b") == name_key("apple") == name_key(CYRILLIC_APPLE.lower())
    assert look_key("Apple") != look_key("apple")
    assert look_key("Hope") == look_key(CYRILLIC_HOPE)
    assert name_key("Hope") != name_key(CYRILLIC_HOPE)


def test_the_migration_computes_the_applications_keys():
    # Its copy of the keys, as 0005's, is what the application computed when it ran.
    migration = importlib.import_module(f"entities.migrations.{LOOK_ALIKE_0007}")
    for name in [*NAMES_THAT_LOOK_DIFFERENT, CYRILLIC_APPLE, "\u2800A\ufffc", "\ucb94"]:
        assert migration.name_key(name) == name_key(name), name
        assert migration.look_key(name) == look_key(name), name
