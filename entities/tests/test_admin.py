from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from comments.tests.factories import CommentFactory
from entities.models import Entity
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entity():
    return EntityFactory(name="Lighthouse")


def test_entity_list_shows_comment_counts(admin_client, entity):
    CommentFactory.create_batch(2, entity=entity)
    response = admin_client.get(reverse("admin:entities_entity_changelist"))
    assertContains(response, '<td class="field-comment_count">2</td>', html=True)


def test_entity_list_sorts_by_comment_count(admin_client, entity):
    CommentFactory.create_batch(2, entity=entity)
    EntityFactory(name="Quiet")
    response = admin_client.get(reverse("admin:entities_entity_changelist"), {"o": "-3"})
    assert [e.name for e in response.context["cl"].result_list] == ["Lighthouse", "Quiet"]


def test_entity_search_finds_by_name(admin_client, entity):
    EntityFactory(name="Bakery")
    response = admin_client.get(reverse("admin:entities_entity_changelist"), {"q": "light"})
    assert [e.name for e in response.context["cl"].result_list] == ["Lighthouse"]


def test_entity_change_page_shows_its_comments_inline(admin_client, entity):
    CommentFactory(entity=entity, content="Inline comment")
    response = admin_client.get(reverse("admin:entities_entity_change", args=[entity.pk]))
    assertContains(response, "Inline comment")
    assertContains(response, 'name="comments-TOTAL_FORMS"')


def test_entity_change_page_shows_the_slug_read_only(admin_client, entity):
    response = admin_client.get(reverse("admin:entities_entity_change", args=[entity.pk]))
    assertContains(response, '<div class="readonly">lighthouse</div>', html=True)
    assert 'name="slug"' not in response.content.decode()


def test_entity_added_in_the_admin_gets_a_slug(admin_client):
    response = admin_client.post(
        reverse("admin:entities_entity_add"),
        {
            "name": "Привет, мир",
            "content": "",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Entity.objects.get().slug == "privet-mir"


@pytest.mark.parametrize(
    ("taken", "name"),
    [("Lighthouse", "LIGHTHOUSE"), ("Apple", "\u0410\u0440\u0440\u04cf\u0435")],
    ids=["case", "Cyrillic"],
)
def test_admin_refuses_a_name_differing_only_in_case_or_look(admin_client, taken, name):
    EntityFactory(name=taken)
    response = admin_client.post(
        reverse("admin:entities_entity_add"),
        {
            "name": name,
            "content": "",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
        },
    )
    assertContains(
        response, "An entity with this name, or with one that looks the same, already exists."
    )
    assert Entity.objects.count() == 1


def test_admin_is_closed_to_non_staff(user_client):
    response = user_client.get(reverse("admin:entities_entity_changelist"))
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("admin:login"))
