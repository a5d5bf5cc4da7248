"""Lookalike and invisible names: one normal form (entities.names), uniqueness
decided on it by one plain unique constraint on both databases, and a clear form
error, in both languages, for a name that shows nothing or mixes alphabets."""

import importlib
from http import HTTPStatus

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from comments.models import Comment
from entities.models import Entity
from entities.names import name_key
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


TAKEN = {
    "en": "An entity with this name already exists.",
    "ru": "Сущность с таким названием уже есть.",
}
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
    ],
    ids=[
        "zero-width space",
        "BOM",
        "fullwidth",
        "math bold",
        "RTL override",
        "soft hyphen",
        "case",
    ],
)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_lookalike_of_a_taken_name_is_refused(editor_client, lookalike, language):
    EntityFactory(name="Apple")

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


def test_names_each_in_one_alphabet_stay_allowed_side_by_side(editor_client):
    for name in ["Mayak", "Маяк", "東京タワー", "Straße 5", "iPhone手机"]:
        assert create(editor_client, name).status_code == HTTPStatus.FOUND, name
    assert Entity.objects.count() == 5


def test_name_is_stored_in_its_normal_form(editor_client):
    create(editor_client, "\ufeff\uff21pple\u200b  pie")
    assert Entity.objects.get().name == "Apple pie"


@pytest.mark.parametrize(
    ("first", "second"),
    [("Apple", "\uff21PPLE"), ("Маяк", "МАЯК"), ("Straße", "STRASSE"), ("Apple", "Apple\u200b")],
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


def test_migration_names_the_two_entities_whose_names_collide():
    migration = importlib.import_module("entities.migrations.0005_name_key")
    first = EntityFactory(name="Apple")
    second = EntityFactory(name="Pear")
    # As rows written before the key existed could be.
    Entity.objects.filter(pk=second.pk).update(name="APPLE")

    class SchemaEditor:
        pass

    editor = SchemaEditor()
    editor.connection = connection
    from django.apps import apps

    with pytest.raises(RuntimeError) as refused:
        migration.fill_name_keys(apps, editor)

    message = str(refused.value)
    assert f"Entities {first.pk} ('Apple') and {second.pk} ('APPLE')" in message
    assert "rename one of them" in message


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


def test_name_key_is_the_case_folded_normal_form():
    assert name_key("\uff21PPLE\u200b") == name_key("apple") == "apple"
