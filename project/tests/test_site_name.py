"""SITE_NAME names the site wherever it shows; unset, the site keeps its own name,
translated into each language."""

import re
from html import unescape

import feedparser
import pytest
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults

from entities.tests.factories import EntityFactory
from project.tests.subprocesses import run_django

pytestmark = pytest.mark.django_db

DEFAULT_NAMES = {"en": "Entities & Comments", "ru": "Сущности и комментарии"}


def text_of(pattern: str, html: str) -> str:
    """The text the first group of ``pattern`` finds in ``html``, as people read it."""
    found = re.search(pattern, html, re.DOTALL)
    assert found, pattern
    return " ".join(unescape(re.sub(r"<[^>]*>", " ", found.group(1))).split())


def title(html: str) -> str:
    return text_of(r"<title>(.*?)</title>", html)


def description(html: str) -> str:
    return text_of(r'<meta name="description" content="(.*?)"', html)


def where_the_name_shows(client: Client, admin_client: Client, language: str) -> dict[str, str]:
    """Every place that names the site, read as a visitor, a feed reader, staff in
    the admin and a person signing up (the mail) read it."""
    entity = EntityFactory(name="Маяк")
    headers = {"accept-language": language}

    def page(url: str, **extra: str) -> str:
        return client.get(url, headers={**headers, **extra}).content.decode()

    def feed(url: str) -> feedparser.FeedParserDict:
        return feedparser.parse(client.get(url, headers=headers).content).feed

    entity_list = page(reverse("entities:list"))
    with translation.override(language):
        server_error = defaults.server_error(RequestFactory().get("/")).content.decode()
    entities_feed = feed(reverse("entities:feed"))
    admin = admin_client.get(reverse("admin:index"), headers=headers).content.decode()
    client.post(
        reverse("account_signup"),
        {"email": "ann@example.com", "name": "Ann", "password1": "a-long-pass-phrase-42"}
        | {"password2": "a-long-pass-phrase-42"},
        headers=headers,
    )
    [message] = mail.outbox
    return {
        "page title": title(entity_list),
        "navigation": text_of(r'class="navbar-brand[^>]*>(.*?)</a>', entity_list),
        "footer": text_of(r"<footer[^>]*>(.*?)</footer>", entity_list),
        "htmx title": title(page(reverse("entities:list"), hx_request="true")),
        "sign-in description": description(page(reverse("account_login"))),
        "404 description": description(page("/entities/nowhere/")),
        "500 title": title(server_error),
        "feed title": entities_feed.title,
        "feed subtitle": entities_feed.subtitle,
        "feed author": entities_feed.author,
        "comments feed title": feed(reverse("comments:feed", args=[entity.slug])).title,
        "admin header": text_of(r'<div id="site-name">(.*?)</div>', admin),
        "admin title": title(admin),
        "mail subject": message.subject,
        "mail body": message.body,
    }


@pytest.mark.parametrize("language", ["en", "ru"])
def test_site_name_names_the_site_everywhere_as_given(language, settings, client, admin_client):
    settings.SITE_NAME = "Acme Reviews"

    places = where_the_name_shows(client, admin_client, language)

    assert [place for place, text in places.items() if "Acme Reviews" not in text] == []
    for default in DEFAULT_NAMES.values():
        assert [place for place, text in places.items() if default in text] == []


@pytest.mark.parametrize("language", ["en", "ru"])
def test_without_site_name_the_site_keeps_its_translated_name(language, client, admin_client):
    places = where_the_name_shows(client, admin_client, language)

    name = DEFAULT_NAMES[language]
    assert [place for place, text in places.items() if name not in text] == []


def test_mail_comes_from_the_site_name_unless_a_sender_is_given():
    code = "from django.conf import settings; print(settings.DEFAULT_FROM_EMAIL)"
    result = run_django(code, SITE_NAME="Acme Reviews")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Acme Reviews <noreply@localhost>"
