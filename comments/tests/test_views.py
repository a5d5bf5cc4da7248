import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects, assertTemplateUsed

from comments.models import Comment
from comments.tests.factories import CommentFactory
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

VALID = {"name": "Anna", "email": "anna@example.com", "content": "Worth the trip."}

INVALID = {
    "missing name": ({**VALID, "name": ""}, "name"),
    "bad email": ({**VALID, "email": "anna-at-example"}, "email"),
    "missing content": ({**VALID, "content": ""}, "content"),
    "content too long": ({**VALID, "content": "y" * (Comment.MAX_LENGTH + 1)}, "content"),
}


@pytest.fixture
def entity():
    return EntityFactory(name="Lighthouse")


def comment_url(entity) -> str:
    return reverse("comments:create", kwargs={"slug": entity.slug})


def test_anonymous_visitor_can_comment(client, entity):
    client.post(comment_url(entity), VALID)
    assert entity.comments.get().content == VALID["content"]


def test_signed_in_user_can_comment(user_client, entity):
    user_client.post(comment_url(entity), VALID)
    assert entity.comments.count() == 1


def test_email_is_optional(client, entity):
    client.post(comment_url(entity), {**VALID, "email": ""})
    assert entity.comments.get().email == ""


def test_comment_goes_back_to_the_entity_at_the_new_comment(client, entity):
    response = client.post(comment_url(entity), VALID)
    comment = entity.comments.get()
    assertRedirects(
        response,
        f"{entity.get_absolute_url()}#comment-{comment.pk}",
        fetch_redirect_response=False,
    )


def test_comment_shows_a_thank_you_message(client, entity):
    response = client.post(comment_url(entity), VALID, follow=True)
    assertContains(response, "Thank you, your comment was posted.")


@pytest.mark.parametrize(("existing", "page"), [(19, 1), (20, 2), (39, 2), (40, 3)])
def test_comment_redirect_opens_the_last_page_where_it_shows(client, entity, existing, page):
    CommentFactory.create_batch(existing, entity=entity)
    response = client.post(comment_url(entity), VALID, follow=True)
    new = entity.comments.latest("created_at", "id")
    query = f"?page={page}" if page > 1 else ""
    assert response.redirect_chain[-1][0] == f"{entity.get_absolute_url()}{query}#comment-{new.pk}"
    assertContains(response, f'id="comment-{new.pk}"')


def test_comment_redirect_counts_a_later_comment_after_the_new_one(client, entity):
    # 19 before it and one stamped later (posted meanwhile): the new one is 20th, page 1.
    CommentFactory.create_batch(19, entity=entity)
    CommentFactory(entity=entity, created_at=timezone.now() + timedelta(minutes=1))
    response = client.post(comment_url(entity), VALID)
    new = entity.comments.get(content=VALID["content"])
    assert response.url == f"{entity.get_absolute_url()}#comment-{new.pk}"


def test_comment_on_a_missing_entity_is_not_found(client):
    response = client.post(reverse("comments:create", kwargs={"slug": "gone"}), VALID)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Comment.objects.exists()


def test_the_form_has_a_page_of_its_own_with_a_token_that_no_cache_keeps(client, entity):
    response = client.get(comment_url(entity))
    assert response.status_code == HTTPStatus.OK
    assertContains(response, 'name="csrfmiddlewaretoken"')
    assertContains(response, "Post comment")
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_the_entity_page_links_to_the_form(client, entity):
    response = client.get(entity.get_absolute_url())
    assertContains(response, f'href="{comment_url(entity)}"')
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_the_form_is_posted_with_one_press_and_its_own_token(entity):
    client = Client(enforce_csrf_checks=True)
    page = client.get(comment_url(entity)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(comment_url(entity), {**VALID, "csrfmiddlewaretoken": token})
    assert response.status_code == HTTPStatus.FOUND
    assert entity.comments.get().content == VALID["content"]


@pytest.mark.parametrize(("data", "field"), INVALID.values(), ids=INVALID.keys())
def test_invalid_comment_shows_the_form_again_with_the_error(client, entity, data, field):
    response = client.post(comment_url(entity), data)
    assert response.status_code == HTTPStatus.OK
    assertTemplateUsed(response, "comments/comment_form.html")
    assert list(response.context["form"].errors) == [field]
    assertContains(response, "Lighthouse")


@pytest.mark.parametrize(("data", "field"), INVALID.values(), ids=INVALID.keys())
def test_invalid_comment_keeps_everything_typed(client, entity, data, field):
    response = client.post(comment_url(entity), data)
    html = response.content.decode()
    for name in ("name", "email"):
        if data[name]:
            assert f'name="{name}" value="{data[name]}"' in html
    textarea = re.search(r'<textarea name="content"[^>]*>\n?(.*?)</textarea>', html, re.DOTALL)
    assert textarea.group(1) == data["content"]


@pytest.mark.parametrize(("data", "field"), INVALID.values(), ids=INVALID.keys())
def test_invalid_comment_is_not_stored(client, entity, data, field):
    client.post(comment_url(entity), data)
    assert not Comment.objects.exists()


def test_comment_text_is_escaped(client, entity):
    client.post(comment_url(entity), {**VALID, "content": "<script>alert(1)</script>"})
    response = client.get(entity.get_absolute_url())
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
    assert "<script>alert(1)" not in response.content.decode()


def test_email_is_never_shown_on_the_site(client, entity):
    CommentFactory(entity=entity, email="secret@example.com")
    response = client.get(entity.get_absolute_url())
    assert "secret@example.com" not in response.content.decode()
