"""Security headers on every response, and a policy the site and the admin obey."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from comments.tests.factories import CommentFactory
from project.tests.subprocesses import run_django

pytestmark = pytest.mark.django_db

EXPECTED_HEADERS = {
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def policy(response) -> dict[str, list[str]]:
    directives = [part.split() for part in response["Content-Security-Policy"].split(";")]
    return {words[0]: words[1:] for words in directives if words}


@pytest.fixture
def comment():
    return CommentFactory()


@pytest.fixture
def pages(comment) -> list[str]:
    return [
        reverse("entities:list"),
        comment.entity.get_absolute_url(),
        reverse("account_login"),
        "/no-such-page/",
        reverse("healthz"),
    ]


def test_every_page_sends_the_security_headers(client, pages):
    for url in pages:
        response = client.get(url)
        for header, value in EXPECTED_HEADERS.items():
            assert response[header] == value, (url, header)
        assert "Content-Security-Policy" in response, url


def test_policy_allows_scripts_and_styles_from_the_site_only(client):
    directives = policy(client.get(reverse("entities:list")))

    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    sources = [source for values in directives.values() for source in values]
    assert not any("unsafe" in source or "nonce" in source for source in sources)


def inline_code(html: str) -> list[str]:
    """Script, style and event-handler code written in the page, which the policy blocks."""
    problems = []
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        if "application/json" not in attributes and (body.strip() or "src=" not in attributes):
            problems.append(f"inline script: {attributes} {body[:60]}")
        src = re.search(r'src="([^"]+)"', attributes)
        if src and (not src[1].startswith("/") or src[1].startswith("//")):
            problems.append(f"script from another site: {src[1]}")
    problems += [f"inline style: {m}" for m in re.findall(r"<style[ >]", html)]
    problems += [f"style attribute: {m}" for m in re.findall(r"\sstyle=\"[^\"]*\"", html)]
    problems += [f"event handler: {m}" for m in re.findall(r"\son[a-z]+=\"", html)]
    problems += [f"javascript URL: {m}" for m in re.findall(r"javascript:", html)]
    return problems


def test_site_pages_need_nothing_the_policy_blocks(editor_client, comment):
    for url in [
        reverse("entities:list"),
        comment.entity.get_absolute_url(),
        reverse("entities:create"),
        reverse("entities:update", args=[comment.entity.slug]),
        reverse("entities:delete", args=[comment.entity.slug]),
    ]:
        response = editor_client.get(url)
        assert response.status_code == HTTPStatus.OK
        assert inline_code(response.content.decode()) == [], url


def test_admin_pages_render_under_the_policy_with_their_scripts_allowed(admin_client, comment):
    for url in [
        reverse("admin:index"),
        reverse("admin:entities_entity_changelist"),
        reverse("admin:entities_entity_change", args=[comment.entity.pk]),
        reverse("admin:comments_comment_change", args=[comment.pk]),
        reverse("admin:comments_comment_add"),
    ]:
        response = admin_client.get(url)
        assert response.status_code == HTTPStatus.OK
        assert "Content-Security-Policy" in response
        html = response.content.decode()
        assert inline_code(html) == [], url
        assert re.search(r'<script src="/static/admin/js/[^"]+"', html), url


def test_admin_change_page_saves_under_the_policy(admin_client, comment):
    url = reverse("admin:entities_entity_change", args=[comment.entity.pk])
    data = {
        "name": "Renamed in the admin",
        "content": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
    }

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    comment.entity.refresh_from_db()
    assert comment.entity.name == "Renamed in the admin"


def test_admin_address_is_moved_by_the_environment():
    result = run_django(
        "from django.urls import reverse; print(reverse('admin:index'))", ADMIN_URL="staff-area/"
    )

    assert result.stdout.strip() == "/staff-area/"


def test_admin_address_without_a_trailing_slash_stops_with_one_clear_sentence():
    result = run_django("pass", ADMIN_URL="/staff")

    assert result.returncode != 0
    assert "ADMIN_URL is '/staff', which is not a relative path ending in a slash" in result.stderr


@pytest.mark.parametrize(
    ("proxies", "believed"), [("0", "None"), ("1", "('HTTP_X_FORWARDED_PROTO', 'https')")]
)
def test_the_forwarded_scheme_is_believed_only_behind_a_proxy_the_deploy_names(proxies, believed):
    # Without a proxy in front, X-Forwarded-Proto is whatever the client sent.
    from project.tests.test_configuration import PROD

    result = run_django(
        "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)",
        **PROD,
        TRUSTED_PROXY_COUNT=proxies,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == believed
