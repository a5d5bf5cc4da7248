"""Comment posting: limited per client address, and robots caught by a trap field."""

import socket
from http import HTTPStatus

import pytest
from django.urls import reverse

from comments.models import Comment
from entities.tests.factories import EntityFactory
from project.tests.subprocesses import caches_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def entity():
    return EntityFactory()


@pytest.fixture
def post_comment(client, entity):
    url = reverse("comments:create", args=[entity.slug])

    def post(content: str = "Hello", address: str = "203.0.113.7", website: str = "", **meta):
        data = {"name": "Ann", "email": "", "content": content, "website": website}
        return client.post(url, data, REMOTE_ADDR=address, **meta)

    return post


@pytest.fixture(autouse=True)
def _three_a_minute(settings) -> None:
    settings.COMMENT_RATE_LIMIT = "3/m"


def test_comments_within_the_limit_are_posted(post_comment):
    statuses = [post_comment(f"Comment {n}").status_code for n in range(3)]

    assert statuses == [HTTPStatus.FOUND] * 3
    assert Comment.objects.count() == 3


def test_comment_over_the_limit_is_refused_with_429_and_not_stored(post_comment):
    for n in range(3):
        post_comment(f"Comment {n}")

    response = post_comment("One too many")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert response["Retry-After"] == "60"
    assert Comment.objects.count() == 3


def test_comment_over_the_limit_is_kept_in_the_form(post_comment, entity):
    for n in range(3):
        post_comment(f"Comment {n}")

    response = post_comment("My carefully written words")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert response.context["form"]["content"].value() == "My carefully written words"
    html = response.content.decode()
    assert "My carefully written words</textarea>" in html
    assert "not saved yet" in html
    assert entity.name in html


def test_limit_counts_each_client_address_separately(post_comment):
    for n in range(3):
        post_comment(f"Comment {n}", address="203.0.113.7")

    response = post_comment("From elsewhere", address="198.51.100.9")

    assert response.status_code == HTTPStatus.FOUND


def test_limit_is_read_from_settings(post_comment, settings):
    settings.COMMENT_RATE_LIMIT = "1/h"
    post_comment("First")

    response = post_comment("Second")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert response["Retry-After"] == "3600"


def test_behind_a_trusted_proxy_the_forwarded_address_is_limited(post_comment, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(3):
        # The client claims an address; the proxy appends the real one.
        post_comment(
            f"Comment {n}", address="10.0.0.1", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 203.0.113.7"
        )

    blocked = post_comment("Again", address="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = post_comment("Other", address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9")

    assert blocked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert other.status_code == HTTPStatus.FOUND


def test_without_trusted_proxies_a_forged_forwarded_address_changes_nothing(post_comment):
    for n in range(3):
        post_comment(f"Comment {n}", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    response = post_comment("Again", HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_the_limit_holds_while_the_page_cache_fails(post_comment, settings):
    with socket.socket() as never_listening:
        never_listening.bind(("127.0.0.1", 0))
        port = never_listening.getsockname()[1]
        settings.CACHES = caches_for(REDIS_URL=f"redis://127.0.0.1:{port}/0")
        statuses = [post_comment(f"Comment {n}").status_code for n in range(4)]

    assert statuses == [HTTPStatus.FOUND] * 3 + [HTTPStatus.TOO_MANY_REQUESTS]
    assert Comment.objects.count() == 3


def test_a_flood_of_page_views_does_not_evict_the_counter(post_comment, client):
    for n in range(3):
        post_comment(f"Comment {n}")
    # Anonymous pages with distinct query strings, as a robot would send: each
    # one a new entry in the page cache (local memory keeps 300).
    flood = [client.get(reverse("entities:list"), {"ref": n}).status_code for n in range(400)]

    response = post_comment("After the flood")

    assert set(flood) == {HTTPStatus.OK}
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert Comment.objects.count() == 3


@pytest.mark.parametrize(
    "forms",
    [
        ["203.0.113.7", "203.0.113.7:4711", "203.0.113.7:80"],
        ["2001:db8:1:2::1", "2001:DB8:1:2:0:0:0:1", "[2001:db8:1:2::1]:443", "2001:db8:1:2::99"],
        ["2001:db8:1:2::1", "2001:db8:1:2:aaaa:bbbb:cccc:dddd"],
    ],
    ids=["ipv4-with-ports", "ipv6-forms", "ipv6-one-64"],
)
def test_every_form_of_one_client_address_counts_as_one(post_comment, settings, forms):
    # The proxy in front is trusted and passes on what it saw, port and all.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    statuses = [
        post_comment(f"Comment {n}", address="10.0.0.1", HTTP_X_FORWARDED_FOR=form).status_code
        for n, form in enumerate(forms * 2)
    ]

    assert statuses == [HTTPStatus.FOUND] * 3 + [HTTPStatus.TOO_MANY_REQUESTS] * (
        len(forms) * 2 - 3
    )


def test_ipv6_networks_are_counted_separately(post_comment):
    for n in range(3):
        post_comment(f"Comment {n}", address=f"2001:db8:1:2::{n + 1}")

    blocked = post_comment("Same /64", address="2001:db8:1:2::ffff")
    other = post_comment("Next /64", address="2001:db8:1:3::1")

    assert blocked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert other.status_code == HTTPStatus.FOUND


def test_ipv6_prefix_is_read_from_settings(post_comment, settings):
    settings.ALLAUTH_RATE_LIMIT_IPV6_PREFIX = 128
    statuses = [
        post_comment(f"Comment {n}", address=f"2001:db8:1:2::{n + 1}").status_code for n in range(5)
    ]

    assert statuses == [HTTPStatus.FOUND] * 5


def test_robot_filling_the_trap_field_sees_the_usual_redirect(post_comment, entity):
    response = post_comment("Buy pills", website="http://spam.example")

    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(entity.get_absolute_url())


def test_robot_filling_the_trap_field_stores_nothing(post_comment):
    post_comment("Buy pills", website="http://spam.example")

    assert not Comment.objects.exists()


def test_person_leaving_the_trap_field_empty_posts_the_comment(post_comment):
    post_comment("Real words", website="")

    assert Comment.objects.get().content == "Real words"


def test_trap_field_is_hidden_from_keyboards_and_screen_readers(client, entity):
    html = client.get(reverse("comments:create", args=[entity.slug])).content.decode()

    trap = html[html.index('<div class="form-trap"') :]
    trap = trap[: trap.index("</div>")]
    assert 'aria-hidden="true"' in trap
    assert 'tabindex="-1"' in trap
    assert 'autocomplete="off"' in trap
    assert "Leave this field empty" in trap


def test_a_comment_keeps_the_address_the_limit_counts(post_comment):
    post_comment("From a /64", address="2001:db8:1:2::7")

    # As allauth counts an IPv6 client: by its network.
    assert Comment.objects.get().ip_address == "2001:db8:1:2::"
