"""What crawlers, feed readers and browsers read in a page besides its text: the
description, the canonical and language links, robots.txt, and the headers
that say which features and servers there are."""

import re
from html.parser import HTMLParser
from http import HTTPStatus
from pathlib import Path

import gunicorn.http.wsgi
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from comments.tests.factories import CommentFactory
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)


class Head(HTMLParser):
    """The <meta> and <link> elements of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("name"):
            self.meta[attributes["name"]] = attributes.get("content") or ""
        elif tag == "link":
            self.links.append(attributes)


def head(response) -> Head:
    parser = Head()
    parser.feed(response.content.decode())
    return parser


def canonical(response) -> str:
    (link,) = [link["href"] for link in head(response).links if link.get("rel") == "canonical"]
    return link


def hreflangs(response) -> dict[str, str]:
    return {
        link["hreflang"]: link["href"]
        for link in head(response).links
        if link.get("rel") == "alternate" and link.get("hreflang")
    }


@pytest.fixture
def entity():
    entity = EntityFactory(name="Northern lighthouse", content="A white tower.\nOpen in summer.")
    CommentFactory.create_batch(21, entity=entity)
    EntityFactory.create_batch(10)
    return entity


@pytest.fixture
def pages(entity) -> dict[str, str]:
    return {
        "list": reverse("entities:list"),
        "list page 2": reverse("entities:list") + "?page=2",
        "search": reverse("entities:list") + "?q=tower",
        "entity": entity.get_absolute_url(),
        "entity comments page 2": entity.get_absolute_url() + "?page=2",
        "sign-in": reverse("account_login"),
    }


def test_every_page_has_a_description_of_its_own(client: Client, pages):
    descriptions = {name: head(client.get(url)).meta["description"] for name, url in pages.items()}
    assert all(descriptions.values()), descriptions
    assert len(set(descriptions.values())) == len(descriptions), descriptions
    assert descriptions["entity"] == "A white tower. Open in summer."


def test_description_is_in_the_page_language(client: Client, pages):
    response = client.get(pages["list"], headers={"accept-language": "ru"})
    assert head(response).meta["description"].startswith("Новые сущности")


def test_canonical_link_is_the_page_one_absolute_address(client: Client, pages):
    expected = {name: "http://testserver" + url for name, url in pages.items()}
    assert {name: canonical(client.get(url)) for name, url in pages.items()} == expected


def test_canonical_link_leaves_out_parameters_the_page_ignores(client: Client, entity):
    response = client.get(entity.get_absolute_url() + "?utm_source=mail&page=1")
    assert canonical(response) == "http://testserver" + entity.get_absolute_url()
    response = client.get(reverse("account_login") + "?next=/entities/new/")
    assert canonical(response) == "http://testserver" + reverse("account_login")


def test_cached_page_carries_the_links_of_the_host_it_is_served_on(client: Client, entity):
    url = entity.get_absolute_url()
    assert canonical(client.get(url, HTTP_HOST="localhost")) == "http://localhost" + url
    assert canonical(client.get(url, HTTP_HOST="127.0.0.1")) == "http://127.0.0.1" + url


def test_both_languages_and_the_default_name_the_one_address(client: Client, pages):
    response = client.get(pages["entity"], headers={"accept-language": "ru"})
    address = canonical(response)
    assert hreflangs(response) == {"en": address, "ru": address, "x-default": address}


def test_error_page_has_no_canonical_link(client: Client):
    response = client.get("/entities/no-such-entity/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not [link for link in head(response).links if link.get("rel") == "canonical"]
    assert head(response).meta["description"]


def test_dates_are_valid_html_datetimes(client: Client, entity):
    text = client.get(entity.get_absolute_url()).content.decode()
    datetimes = re.findall(r'<time datetime="([^"]+)"', text)
    assert datetimes
    for value in datetimes:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value), value


# --- robots.txt --------------------------------------------------------------


def robots(client: Client) -> list[str]:
    response = client.get(reverse("robots"))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return response.content.decode().splitlines()


def test_robots_names_the_sitemap(client: Client):
    assert "Sitemap: http://testserver" + reverse("sitemap") in robots(client)


def test_robots_keep_crawlers_out_of_sign_in_forms_and_admin(client: Client):
    lines = robots(client)
    assert lines[0] == "User-agent: *"
    for path in ["/accounts/", "/entities/new/", "/entities/*/edit/", "/entities/*/delete/"]:
        assert f"Disallow: {path}" in lines
    assert f"Disallow: {reverse('admin:index')}" in lines


def disallow_rules(client: Client) -> list[re.Pattern[str]]:
    # A rule matches paths that start with it; "*" stands for any characters.
    return [
        re.compile(re.escape(line.removeprefix("Disallow: ")).replace(r"\*", ".*"))
        for line in robots(client)
        if line.startswith("Disallow: ")
    ]


def test_robots_keep_crawlers_out_of_every_comments_own_forms(client: Client, entity):
    rules = disallow_rules(client)
    for name in ("comments:update", "comments:delete", "comments:moderate"):
        path = reverse(name, args=[entity.slug, 1])
        assert any(rule.match(path) for rule in rules), path


def test_robots_do_not_give_away_a_moved_admin(client: Client, settings):
    settings.ADMIN_URL = "staff-area/"
    assert not any("admin" in line or "staff-area" in line for line in robots(client))


def test_robots_let_crawlers_read_the_entities(client: Client, entity):
    rules = disallow_rules(client)
    for path in [reverse("entities:list"), entity.get_absolute_url(), reverse("entities:feed")]:
        assert not any(rule.match(path) for rule in rules), path


# --- Headers -----------------------------------------------------------------


def test_every_response_turns_off_features_the_site_never_uses(client: Client, pages):
    for url in [*pages.values(), reverse("robots"), reverse("healthz"), "/nowhere/"]:
        features = dict(
            item.strip().split("=", 1) for item in client.get(url)["Permissions-Policy"].split(",")
        )
        for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
            assert features[feature] == "()", (url, feature)


def test_nginx_names_no_version():
    config = (BASE_DIR / "deploy/nginx/entities.conf").read_text()
    assert re.search(r"^server_tokens off;", config, re.MULTILINE)
    proxy = (BASE_DIR / "deploy/nginx/entities-proxy.conf").read_text()
    # nginx drops the instances' Server header unless told to pass it on.
    assert "proxy_pass_header Server" not in proxy


def test_gunicorn_server_header_names_no_version():
    assert not re.search(r"\d", gunicorn.http.wsgi.SERVER)
