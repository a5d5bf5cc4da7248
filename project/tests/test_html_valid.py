"""Every page is valid HTML to the Nu HTML checker, in both languages, signed in and not.

The pages are those of test_i18n (each as its PAGES entry signs in, mostly as
staff) plus the public ones as an anonymous visitor sees them. Django's admin
is left out: its HTML is Django's, not the site's.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from project.tests import nuchecker
from project.tests.test_i18n import (
    PAGES,
    entity_url,
    get,
    post,
    site,  # noqa: F401 (the fixture with the Russian data)
)

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = {
    "entity list, anonymous": get(lambda s: reverse("entities:list"), who="anonymous"),
    "entity list page 2, anonymous": get(
        lambda s: reverse("entities:list") + "?page=2", who="anonymous"
    ),
    "search, anonymous": get(lambda s: reverse("entities:list") + "?q=маяк", who="anonymous"),
    "search without results, anonymous": get(
        lambda s: reverse("entities:list") + "?q=ничего", who="anonymous"
    ),
    "entity detail, anonymous": get(lambda s: entity_url("entities:detail", s), who="anonymous"),
    "comment page 2, anonymous": get(
        lambda s: entity_url("entities:detail", s, page="2"), who="anonymous"
    ),
    "comment form with errors, anonymous": post(
        lambda s: entity_url("comments:create", s), {"email": "x@"}, who="anonymous"
    ),
    "comment posted, anonymous": post(
        lambda s: entity_url("comments:create", s),
        {"name": "Олег", "content": "Спасибо"},
        who="anonymous",
        follow=True,
    ),
    "404, anonymous": get(lambda s: "/entities/net-takoi/", who="anonymous"),
}
SITE_PAGES = {
    **{name: page for name, page in PAGES.items() if not name.startswith("admin")},
    **ANONYMOUS_PAGES,
}


# What HTML forbids (six digits of fraction in a datetime), checked in the same run of
# Java as the pages, since the JVM takes seconds to start: its error must come out, so
# this check can fail.
FORBIDDEN = (
    b'<!doctype html><html lang="en"><head><title>t</title></head><body>'
    b'<time datetime="2026-12-01T08:44:40.067746+00:00">now</time></body></html>'
)


def test_every_page_is_valid_html_in_both_languages(site: dict):  # noqa: F811
    documents = {}
    for name, page in SITE_PAGES.items():
        for language in ["en", "ru"]:
            with transaction.atomic():
                response = page(Client(), site, language)
                transaction.set_rollback(True)
            assert response["Content-Type"].startswith("text/html"), name
            documents[f"{name} ({language})"] = response.content
    errors = nuchecker.check({**documents, "forbidden": FORBIDDEN})
    forbidden = errors.pop("forbidden", [])
    assert forbidden, "The checker found nothing wrong in what HTML forbids."
    assert "datetime" in forbidden[0], forbidden
    report = "\n".join(
        f"{name}:\n" + "\n".join(f"  {error}" for error in found) for name, found in errors.items()
    )
    assert not errors, f"The Nu HTML checker found errors:\n{report}"
