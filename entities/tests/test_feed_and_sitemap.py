"""The newest entities as Atom, and sitemap.xml: read back as a feed reader and a
crawler read what the site serves."""

from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from xml.etree import ElementTree

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from entities.sitemaps import EntitySitemap
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def read_feed(client: Client, url: str, language: str = "en") -> feedparser.FeedParserDict:
    response = client.get(url, headers={"accept-language": language})
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_feed_lists_the_newest_entities_first(client: Client):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for day in range(25):
        EntityFactory(name=f"Lighthouse {day}", created_at=start + timedelta(days=day))
    feed = read_feed(client, reverse("entities:feed"))
    titles = [entry.title for entry in feed.entries]
    assert titles == [f"Lighthouse {day}" for day in range(24, 4, -1)]
    assert feed.entries[0].link == "http://testserver/entities/lighthouse-24/"
    assert feed.feed.link == "http://testserver" + reverse("entities:list")


def test_feed_speaks_the_reader_language(client: Client):
    EntityFactory(name="Маяк")
    english = read_feed(client, reverse("entities:feed"), "en")
    russian = read_feed(client, reverse("entities:feed"), "ru")
    assert english.feed.language == "en"
    assert russian.feed.language == "ru"
    assert english.feed.title == "Newest entities · Entities & Comments"
    assert russian.feed.title == "Новые сущности · Сущности и комментарии"


def test_feed_varies_by_language_for_caches(client: Client):
    response = client.get(reverse("entities:feed"))
    assert "Accept-Language" in response["Vary"]


def test_feed_shows_text_people_typed_as_text(client: Client):
    EntityFactory(name="<b>Bold</b> & co", content='<script>alert("x")</script>\nline two')
    (entry,) = read_feed(client, reverse("entities:feed")).entries
    assert entry.title == "<b>Bold</b> & co"
    assert "<script>" not in entry.summary
    assert "&lt;script&gt;" in entry.summary
    assert "line two" in entry.summary


def test_entity_page_links_to_the_feed(client: Client):
    entity = EntityFactory()
    for url in [reverse("entities:list"), entity.get_absolute_url()]:
        text = client.get(url).content.decode()
        assert (
            f'<link rel="alternate" type="application/atom+xml" href="{reverse("entities:feed")}"'
            in text
        )


def sitemap_locations(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    root = ElementTree.fromstring(response.content)
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_names_every_entity_and_the_list(client: Client):
    entities = EntityFactory.create_batch(3)
    urls = [
        url
        for section in sitemap_locations(client, reverse("sitemap"))
        for url in sitemap_locations(client, section.removeprefix("http://testserver"))
    ]
    expected = [f"http://testserver{e.get_absolute_url()}" for e in entities]
    assert sorted(urls) == sorted([*expected, "http://testserver" + reverse("entities:list")])
    for url in urls:
        assert client.get(url.removeprefix("http://testserver")).status_code == HTTPStatus.OK


def test_sitemap_is_an_index_of_pages_past_the_protocol_limit(client: Client, monkeypatch):
    # 1,000 a page in real life; two here, so five entities take three pages.
    monkeypatch.setattr(EntitySitemap, "limit", 2)
    entities = EntityFactory.create_batch(5)
    sections = sitemap_locations(client, reverse("sitemap"))
    entity_pages = [url for url in sections if "sitemap-entities" in url]
    assert entity_pages == [
        "http://testserver/sitemap-entities.xml",
        "http://testserver/sitemap-entities.xml?p=2",
        "http://testserver/sitemap-entities.xml?p=3",
    ]
    urls = [
        url
        for page in entity_pages
        for url in sitemap_locations(client, page.removeprefix("http://testserver"))
    ]
    assert urls == [f"http://testserver{e.get_absolute_url()}" for e in entities]


def test_sitemap_is_built_once_and_kept(client: Client, django_assert_num_queries):
    EntityFactory.create_batch(3)
    for path in (reverse("sitemap"), reverse("sitemap-section", args=["entities"])):
        first = client.get(path)
        with django_assert_num_queries(0):
            again = client.get(path)

        assert again.content == first.content
        assert "max-age" in again["Cache-Control"]  # nginx keeps it too
