"""Posting a comment with htmx: the answer is the part of the entity page that changed."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from comments.models import Comment
from comments.tests.factories import CommentFactory
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
POSTED = "Thank you, your comment was posted."


@pytest.fixture
def entity():
    return EntityFactory(name="Glass bridge")


def post(client, entity, headers=HTMX, **data):
    form = {"name": "Anna", "email": "", "content": "Best view of the old town.", **data}
    return client.post(reverse("comments:create", args=[entity.slug]), form, headers=headers)


def test_an_invalid_comment_comes_back_as_the_form_with_its_errors_and_text(client, entity):
    response = post(client, entity, email="anna@")
    assert response.status_code == HTTPStatus.OK
    assert next(t.name for t in response.templates) == "comments/comment_form_partial.html"
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="comment-form">')
    assert "<html" not in content
    assert "Enter a valid email address." in content
    assert 'value="Anna"' in content
    assert "Best view of the old town.</textarea>" in content
    # htmx puts the focus on the field to correct.
    assert re.search(r'<input type="email" name="email"[^>]* autofocus', content)
    assert 'id="comments"' not in content  # nothing else changed
    assert not Comment.objects.exists()


def test_a_posted_comment_comes_back_with_its_page_an_empty_form_and_the_message(client, entity):
    for _number in range(20):
        CommentFactory(entity=entity)
    response = post(client, entity)
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert f'role="alert" tabindex="-1" autofocus>{POSTED}</div>' in content
    assert "Best view of the old town." in content  # on the comments page, out of band
    assert '<section id="comments" data-hx-swap-oob="innerHTML">' in content
    assert "21 comments" in content
    assert 'value="Anna"' not in content  # a new form
    assert 'name="csrfmiddlewaretoken"' in content
    # The new comment is on the second page: the location bar shows its address.
    assert response["HX-Push-Url"] == entity.get_absolute_url() + "?page=2"
    assert "hx-request" in response["Vary"].lower()


def test_the_message_is_shown_in_place_and_not_again_on_the_next_page(client, entity):
    post(client, entity)
    assert POSTED not in client.get(entity.get_absolute_url()).content.decode()


def test_without_htmx_a_comment_is_still_posted_redirect_and_get(client, entity):
    response = post(client, entity, headers={})
    assert response.status_code == HTTPStatus.FOUND
    assert POSTED in client.get(response["Location"]).content.decode()


def test_a_comment_that_waits_says_so_and_is_not_shown(client, entity, settings):
    settings.COMMENTS_MODERATION = "all"
    response = post(client, entity)
    content = response.content.decode()
    assert "Your comment waits for a moderator&#x27;s approval" in content
    assert "0 comments" in content
    assert "Best view of the old town." not in content
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_a_robot_gets_the_same_answer_and_nothing_is_stored(client, entity):
    response = post(client, entity, website="http://spam.example")
    assert response.status_code == HTTPStatus.OK
    assert POSTED in response.content.decode()
    assert not Comment.objects.exists()


def test_over_the_limit_the_form_comes_back_with_429_and_the_text(client, entity, settings):
    settings.COMMENT_RATE_LIMIT = "1/m"
    post(client, entity)
    response = post(client, entity, content="Second thoughts.")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    content = response.content.decode()
    assert "Second thoughts.</textarea>" in content
    assert "<html" not in content
    assert Comment.objects.count() == 1


def test_without_anonymous_comments_htmx_is_sent_to_sign_in(client, entity, settings):
    settings.COMMENTS_ALLOW_ANONYMOUS = False
    response = post(client, entity)
    # htmx loads the sign-in page as a page, not into the form's place.
    assert response["HX-Redirect"].startswith(reverse("account_login"))
    assert not Comment.objects.exists()
