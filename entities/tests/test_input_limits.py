"""What one request may ask of the database and store: a search needs three
letters or digits in a row (shorter words are in nearly every entity), an entity's text at
most 20,000 characters."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from entities.models import Entity
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


TOO_SHORT = {
    "en": "Type at least three letters or digits in a row to search.",
    "ru": "Для поиска введите хотя бы три буквы или цифры подряд.",
}


@pytest.mark.parametrize("query", ["a", "ab", "%%%", "a b c", "__", "!!!!!!", "a-b-c"])
@pytest.mark.parametrize("language", ["en", "ru"])
def test_search_without_three_letters_in_a_row_is_a_form_error(client, query, language):
    EntityFactory(name="ab")

    response = client.get(reverse("entities:list"), {"q": query}, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == HTTPStatus.OK
    assert TOO_SHORT[language] in response.content.decode()
    assert list(response.context["entity_list"]) == []


@pytest.mark.parametrize("query", ["abc", "Маяк", "東京タ", "x abc"])
def test_search_with_three_letters_in_a_row_searches(client, query):
    entity = EntityFactory(name=f"The {query} place")

    response = client.get(reverse("entities:list"), {"q": query})

    assert list(response.context["entity_list"]) == [entity]


def test_text_over_20000_characters_is_refused_with_a_message(editor_client):
    response = editor_client.post(
        reverse("entities:create"), {"name": "Long", "content": "a" * 20_001}
    )

    assert response.status_code == HTTPStatus.OK
    assert "at most 20000 characters" in response.content.decode()
    assert not Entity.objects.exists()


def test_text_of_20000_characters_is_saved(editor_client):
    response = editor_client.post(
        reverse("entities:create"), {"name": "Long", "content": "a" * 20_000}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert len(Entity.objects.get().content) == 20_000


@pytest.mark.parametrize(
    ("language", "says"), [("en", "Up to {} characters."), ("ru", "До {} символов.")]
)
def test_the_form_states_the_limit_the_model_keeps(editor_client, language, says):
    limit = Entity._meta.get_field("content").max_length
    response = editor_client.get(reverse("entities:create"), HTTP_ACCEPT_LANGUAGE=language)
    assert says.format(limit) in response.content.decode()
