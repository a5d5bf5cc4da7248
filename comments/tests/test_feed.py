"""One entity's comments as Atom, read back as a feed reader reads what the site serves."""

from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from comments.tests.factories import CommentFactory
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def feed_url(entity) -> str:
    return reverse("comments:feed", kwargs={"slug": entity.slug})


def read_feed(client: Client, url: str, language: str = "en") -> feedparser.FeedParserDict:
    response = client.get(url, headers={"accept-language": language})
    assert response.status_code == HTTPStatus.OK
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.fixture
def entity():
    entity = EntityFactory(name="Маяк")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for number in range(1, 26):
        CommentFactory(
            entity=entity,
            name=f"Reader {number}",
            email=f"reader{number}@example.com",
            content=f"Comment number {number}",
            created_at=start + timedelta(hours=number),
        )
    return entity


def test_feed_lists_the_newest_comments_first(client: Client, entity):
    feed = read_feed(client, feed_url(entity))
    assert [e.author for e in feed.entries[:3]] == ["Reader 25", "Reader 24", "Reader 23"]
    assert len(feed.entries) == 25
    assert feed.feed.title == "Comments on “Маяк” · Entities & Comments"


def test_each_comment_links_to_the_page_that_shows_it(client: Client, entity):
    links = {e.author: e.link for e in read_feed(client, feed_url(entity)).entries}
    base = "http://testserver" + entity.get_absolute_url()
    newest, first = entity.comments.get(name="Reader 25"), entity.comments.get(name="Reader 1")
    # Twenty a page: the 21st comment on is on page 2.
    assert links["Reader 25"] == f"{base}?page=2#comment-{newest.pk}"
    assert links["Reader 1"] == f"{base}#comment-{first.pk}"
    page = client.get(links["Reader 25"].removeprefix("http://testserver")).content.decode()
    assert f'id="comment-{newest.pk}"' in page


def test_feed_never_shows_email_addresses(client: Client, entity):
    content = client.get(feed_url(entity)).content.decode()
    assert "@example.com" not in content


def test_feed_speaks_the_reader_language(client: Client, entity):
    feed = read_feed(client, feed_url(entity), "ru")
    assert feed.feed.language == "ru"
    assert feed.feed.title == "Комментарии к «Маяк» · Сущности и комментарии"
    assert feed.entries[0].title == "Комментарий (автор: Reader 25)"


def test_comment_text_is_text(client: Client):
    comment = CommentFactory(content="<img src=x onerror=alert(1)> hi")
    (entry,) = read_feed(client, feed_url(comment.entity)).entries
    assert "&lt;img" in entry.summary


def test_unknown_entity_has_no_feed(client: Client):
    response = client.get(reverse("comments:feed", kwargs={"slug": "no-such-entity"}))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_entity_page_links_to_its_comments_feed(client: Client, entity):
    text = client.get(entity.get_absolute_url()).content.decode()
    assert f'type="application/atom+xml" href="{feed_url(entity)}"' in text
