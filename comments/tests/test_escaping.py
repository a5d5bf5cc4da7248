"""What visitors type comes back as text on every page and in the admin."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from comments.tests.factories import CommentFactory
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('typed')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;typed&#x27;)&lt;/script&gt;"


@pytest.fixture
def comment():
    entity = EntityFactory(name=f"Name {SCRIPT}", content=f"Text {SCRIPT}")
    return CommentFactory(entity=entity, name=f"Ann {SCRIPT}", content=f"Hi {SCRIPT}")


def assert_shown_as_text(response, times: int = 1) -> None:
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert SCRIPT not in html
    assert html.count(ESCAPED) >= times


def test_entity_list_shows_a_typed_script_as_text(client, comment):
    assert_shown_as_text(client.get(reverse("entities:list")), times=2)


def test_search_shows_the_typed_script_as_text(client, comment):
    assert_shown_as_text(client.get(reverse("entities:list"), {"q": SCRIPT}), times=3)


def test_entity_page_shows_typed_scripts_as_text(client, comment):
    assert_shown_as_text(client.get(comment.entity.get_absolute_url()), times=4)


def test_comment_form_with_errors_shows_the_typed_script_as_text(client, comment):
    url = reverse("comments:create", args=[comment.entity.slug])
    response = client.post(url, {"name": SCRIPT, "email": SCRIPT, "content": ""})

    assert_shown_as_text(response, times=2)


def test_edit_and_delete_pages_show_the_typed_script_as_text(editor_client, comment):
    slug = comment.entity.slug
    assert_shown_as_text(editor_client.get(reverse("entities:update", args=[slug])), times=2)
    assert_shown_as_text(editor_client.get(reverse("entities:delete", args=[slug])), times=2)


def test_admin_lists_show_typed_scripts_as_text(admin_client, comment):
    assert_shown_as_text(admin_client.get(reverse("admin:entities_entity_changelist")))
    assert_shown_as_text(admin_client.get(reverse("admin:comments_comment_changelist")))


def test_admin_change_pages_show_typed_scripts_as_text(admin_client, comment):
    entity_page = reverse("admin:entities_entity_change", args=[comment.entity.pk])
    comment_page = reverse("admin:comments_comment_change", args=[comment.pk])
    assert_shown_as_text(admin_client.get(entity_page), times=3)
    assert_shown_as_text(admin_client.get(comment_page), times=2)
