from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from comments.tests.factories import CommentFactory
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def test_comment_list_shows_entity_name_email_and_date(admin_client):
    comment = CommentFactory(entity__name="Lighthouse", name="Anna", email="anna@example.com")
    response = admin_client.get(reverse("admin:comments_comment_changelist"))
    assert list(response.context["cl"].result_list) == [comment]
    for text in ("Lighthouse", "Anna", "anna@example.com"):
        assertContains(response, text)


def test_comment_list_filters_by_date(admin_client):
    recent = CommentFactory()
    CommentFactory(created_at=timezone.now() - timedelta(days=30))
    url = reverse("admin:comments_comment_changelist")
    changelist = admin_client.get(url).context["cl"]
    [date_filter] = changelist.filter_specs
    past_week = next(c for c in date_filter.choices(changelist) if c["display"] == "Past 7 days")
    response = admin_client.get(url + past_week["query_string"])
    assert list(response.context["cl"].result_list) == [recent]


def test_comment_list_searches_the_text(admin_client):
    found = CommentFactory(content="The view at sunset")
    CommentFactory(content="Crowded at noon")
    response = admin_client.get(reverse("admin:comments_comment_changelist"), {"q": "sunset"})
    assert list(response.context["cl"].result_list) == [found]


def test_comment_change_page_chooses_the_entity_by_autocomplete(admin_client):
    comment = CommentFactory()
    response = admin_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    assertContains(response, "admin-autocomplete")


def test_entity_autocomplete_finds_entities_by_name(admin_client):
    wanted = EntityFactory(name="Lighthouse")
    EntityFactory(name="Bakery")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "comments",
            "model_name": "comment",
            "field_name": "entity",
            "term": "light",
        },
    )
    assert response.json()["results"] == [{"id": str(wanted.pk), "text": "Lighthouse"}]
