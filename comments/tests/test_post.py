"""Posting a comment lands on the page that shows it."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from comments.models import Comment
from comments.tests.factories import CommentFactory
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def test_new_comment_after_twenty_lands_on_the_second_page(client):
    entity = EntityFactory()
    CommentFactory.create_batch(20, entity=entity)
    response = client.post(
        reverse("comments:create", args=[entity.slug]), {"name": "Bea", "content": "Hello"}
    )
    comment = Comment.objects.latest("id")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{entity.get_absolute_url()}?page=2#comment-{comment.pk}"


def test_new_comment_is_on_the_page_it_lands_on(client):
    entity = EntityFactory()
    CommentFactory.create_batch(20, entity=entity)
    response = client.post(
        reverse("comments:create", args=[entity.slug]),
        {"name": "Bea", "content": "Right here"},
        follow=True,
    )
    assert "Right here" in response.content.decode()
