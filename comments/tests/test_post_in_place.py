"""The comment form in place with htmx: loaded with its own token, sent, and swapped
back with its errors; once posted, the browser goes to the new comment."""

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


def url(entity) -> str:
    return reverse("comments:create", args=[entity.slug])


def post(client, entity, headers=HTMX, **data):
    form = {"name": "Anna", "email": "", "content": "Best view of the old town.", **data}
    return client.post(url(entity), form, headers=headers)


def test_htmx_gets_the_form_alone_with_its_own_token(client, entity):
    response = client.get(url(entity), headers=HTMX)
    assert response.status_code == HTTPStatus.OK
    assert response.template_name == ["comments/comment_form.html#form"]
    content = response.content.decode()
    assert content.lstrip().startswith("<form")
    assert "<html" not in content
    assert re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', content)
    assert "no-store" in response["Cache-Control"]
    assert "hx-request" in response["Vary"].lower()


def test_an_invalid_comment_comes_back_as_the_form_with_its_errors_and_text(client, entity):
    response = post(client, entity, email="anna@")
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert content.lstrip().startswith("<form")
    assert "<html" not in content
    assert "Enter a valid email address." in content
    assert 'value="Anna"' in content
    assert "Best view of the old town.</textarea>" in content
    # The field to correct is marked; site.js puts the focus there (browser tests).
    assert re.search(r'<input type="email" name="email"[^>]* is-invalid', content)
    assert not Comment.objects.exists()


def test_a_posted_comment_sends_the_browser_to_it_with_the_message(client, entity):
    CommentFactory.create_batch(20, entity=entity)
    response = post(client, entity)
    comment = Comment.objects.latest("id")
    assert response["HX-Redirect"] == f"{entity.get_absolute_url()}?page=2#comment-{comment.pk}"
    page = client.get(response["HX-Redirect"]).content.decode()
    assert POSTED in page
    assert "Best view of the old town." in page


def test_without_htmx_a_comment_is_still_posted_redirect_and_get(client, entity):
    response = post(client, entity, headers={})
    assert response.status_code == HTTPStatus.FOUND
    assert POSTED in client.get(response["Location"]).content.decode()


def test_a_comment_that_waits_says_so_and_is_not_shown(client, entity, settings):
    settings.COMMENTS_MODERATION = "all"
    response = post(client, entity)
    content = client.get(response["HX-Redirect"]).content.decode()
    assert "Your comment waits for a moderator&#x27;s approval" in content
    assert "0 comments" in content
    assert "Best view of the old town." not in content
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_a_robot_gets_the_same_message_and_nothing_is_stored(client, entity):
    response = post(client, entity, website="http://spam.example")
    assert POSTED in client.get(response["HX-Redirect"]).content.decode()
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
    for response in (client.get(url(entity), headers=HTMX), post(client, entity)):
        # htmx loads the sign-in page as a page, not into the form's place.
        assert response["HX-Redirect"].startswith(reverse("account_login"))
    assert not Comment.objects.exists()
