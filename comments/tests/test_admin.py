from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from comments.admin import NewestCommentsFormSet
from comments.models import Comment
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
    [date_filter] = [spec for spec in changelist.filter_specs if spec.field_path == "created_at"]
    past_week = next(c for c in date_filter.choices(changelist) if c["display"] == "Past 7 days")
    response = admin_client.get(url + past_week["query_string"])
    assert list(response.context["cl"].result_list) == [recent]


def test_comment_list_searches_the_text(admin_client):
    found = CommentFactory(content="The view at sunset")
    CommentFactory(content="Crowded at noon")
    response = admin_client.get(reverse("admin:comments_comment_changelist"), {"q": "sunset"})
    assert list(response.context["cl"].result_list) == [found]


def test_comment_list_shows_the_text_shortened_newest_first(admin_client):
    older = CommentFactory(
        content="The view at sunset", created_at=timezone.now() - timedelta(hours=1)
    )
    newer = CommentFactory(content="Long " + "word " * 100)
    response = admin_client.get(reverse("admin:comments_comment_changelist"))
    assert list(response.context["cl"].result_list) == [newer, older]
    assertContains(response, '<td class="field-text">The view at sunset</td>', html=True)
    assertContains(response, "Long word word")
    assertNotContains(response, "word " * 30)


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


def test_entity_change_page_shows_only_the_newest_comments_inline(admin_client):
    entity = EntityFactory()
    comments = CommentFactory.create_batch(NewestCommentsFormSet.limit + 5, entity=entity)
    response = admin_client.get(reverse("admin:entities_entity_change", args=[entity.pk]))
    formset = response.context["inline_admin_formsets"][0].formset
    shown = {form.instance.pk for form in formset.forms}
    assert len(shown) == NewestCommentsFormSet.limit
    assert comments[-1].pk in shown and comments[0].pk not in shown


def test_editing_a_comment_inline_saves_it(admin_client):
    comment = CommentFactory(content="Before")
    entity = comment.entity
    response = admin_client.post(
        reverse("admin:entities_entity_change", args=[entity.pk]),
        {
            "name": entity.name,
            "content": entity.content,
            "comments-TOTAL_FORMS": "1",
            "comments-INITIAL_FORMS": "1",
            "comments-0-id": str(comment.pk),
            "comments-0-entity": str(entity.pk),
            "comments-0-name": comment.name,
            "comments-0-email": comment.email,
            "comments-0-content": "After",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    comment.refresh_from_db()
    assert comment.content == "After"


def change_comment_name(admin_client, comment, name: str):
    return admin_client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]),
        {
            "entity": str(comment.entity.pk),
            "name": name,
            "email": comment.email,
            "content": comment.content,
            "user": "",
        },
    )


def test_comment_admin_stores_the_name_in_its_normal_form(admin_client):
    comment = CommentFactory(name="Ann")
    response = change_comment_name(admin_client, comment, "\uff22ob\u200b")
    assert response.status_code == HTTPStatus.FOUND
    comment.refresh_from_db()
    assert comment.name == "Bob"


def test_comment_admin_refuses_a_name_mixing_alphabets(admin_client):
    comment = CommentFactory(name="Ann")
    response = change_comment_name(admin_client, comment, "\u0410nn")  # Cyrillic A
    assertContains(response, "mixes letters of different alphabets")
    comment.refresh_from_db()
    assert comment.name == "Ann"


def test_deleting_comments_in_bulk_in_the_admin_takes_them_off_the_counts(admin_client):
    kept = CommentFactory()
    gone = [CommentFactory(entity=kept.entity), CommentFactory()]
    response = admin_client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "delete_selected", "_selected_action": [c.pk for c in gone], "post": "yes"},
    )
    assert response.status_code == HTTPStatus.FOUND
    kept.entity.refresh_from_db()
    gone[1].entity.refresh_from_db()
    assert (kept.entity.comment_count, gone[1].entity.comment_count) == (1, 0)


def test_a_comment_added_in_the_admin_is_posted_as_on_the_site(admin_client, admin_user):
    entity = EntityFactory()
    data = {"entity": entity.pk, "name": "Typed", "email": "", "content": "From the admin"}
    response = admin_client.post(reverse("admin:comments_comment_add"), data)
    assert response.status_code == HTTPStatus.FOUND
    comment = Comment.objects.get()
    # comments.services.post_comment: the staff member's own, under their name.
    assert comment.user == admin_user
    assert comment.name == admin_user.display_name
    entity.refresh_from_db()
    assert entity.comment_count == 1
