"""A comment locks its own entity's row only: writers on other entities never wait."""

import threading
import time
from http import HTTPStatus

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from comments.tests.factories import CommentFactory
from entities.tests.factories import EntityFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite lets one writer in at a time; the PostgreSQL run (as in CI) runs this",
    ),
]


def test_comment_on_b_commits_while_a_comment_on_a_is_still_open():
    a, b = EntityFactory(name="A"), EntityFactory(name="B")
    holding, release = threading.Event(), threading.Event()

    def comment_on_a_and_wait() -> None:
        try:
            with transaction.atomic():
                CommentFactory(entity=a, content="on A")  # A's row locked until commit
                holding.set()
                release.wait(30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=comment_on_a_and_wait)
    holder.start()
    try:
        assert holding.wait(10)
        started = time.monotonic()
        response = Client().post(
            reverse("comments:create", args=[b.slug]), {"name": "Bea", "content": "on B"}
        )
        waited = time.monotonic() - started
        assert response.status_code == HTTPStatus.FOUND
        assert Comment.objects.filter(entity=b, content="on B").exists()
        assert waited < 2, f"the comment on B waited {waited:.1f} s for A's transaction"
        assert not Comment.objects.filter(entity=a).exists()  # A's is not committed yet
    finally:
        release.set()
        holder.join(30)
    assert Comment.objects.filter(entity=a).count() == 1
