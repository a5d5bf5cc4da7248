"""A new person's journey with an account, and a moderator's, in the browser (issue #12)."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from playwright.sync_api import Page, expect

from comments.tests.factories import CommentFactory
from entities.tests.factories import EntityFactory
from project.tests.browser.site import PASSWORD

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a-brand-new-pass-phrase-7"


def link_in_last_mail(root: str) -> str:
    path = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    return root + path


def test_new_person_signs_up_comments_edits_and_resets_the_password(
    page: Page, site, live_server, assert_accessible
):
    entity = EntityFactory(name="Glass bridge")
    other = CommentFactory(entity=entity, name="Somebody", content="Not yours")

    page.goto(site.url("account_signup"))
    page.locator("input[name=email]").fill("ann@example.com")
    page.get_by_label("Your name").fill("Ann Walker")
    page.locator("input[name=password1]").fill(PASSWORD + "-x")
    page.locator("input[name=password2]").fill(PASSWORD + "-x")
    page.locator("form").get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    # The confirmation link, as it appears in the terminal of `make run`.
    page.goto(link_in_last_mail(live_server.url))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("link", name="ann")).to_be_visible()  # signed in

    page.goto(site.url("entities:detail", entity.slug))
    page.get_by_role("link", name="Write a comment").click()
    expect(page.get_by_role("textbox", name=re.compile("^Comment"))).to_be_visible()
    expect(page.get_by_label("Your name")).to_have_count(0)
    page.get_by_role("textbox", name=re.compile("^Comment")).fill("First words")
    page.get_by_role("button", name="Post comment").click()
    mine = page.locator(".comment", has_text="First words")
    expect(mine.get_by_text("Ann Walker")).to_be_visible()

    mine.get_by_role("link", name="Edit").click()
    assert_accessible(page)
    page.get_by_role("textbox", name=re.compile("^Comment")).fill("Better words")
    page.get_by_role("button", name="Save").click()
    mine = page.locator(".comment", has_text="Better words")
    expect(mine.get_by_text("edited")).to_be_visible()

    response = page.goto(site.url("comments:update", entity.slug, other.pk))
    assert response.status == 403

    page.goto(site.url("users:account"))
    expect(page.get_by_text("Better words")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    page.goto(site.url("account_reset_password"))
    page.locator("input[name=email]").fill("ann@example.com")
    page.locator("form").get_by_role("button", name="Reset My Password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)
    page.goto(link_in_last_mail(live_server.url))
    page.locator("input[name=password1]").fill(NEW_PASSWORD)
    page.locator("input[name=password2]").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change Password").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is changed")
    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address or user name").fill("ann@example.com")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="ann")).to_be_visible()


def test_moderator_hides_a_comment_and_visitors_no_longer_see_it(
    page: Page, site, browser, django_user_model
):
    entity = EntityFactory(name="Harbour")
    CommentFactory(entity=entity, name="Troll", content="Something rude")
    moderator = django_user_model.objects.create_user(username="mod", password=PASSWORD)
    moderator.user_permissions.add(Permission.objects.get(codename="moderate_comment"))

    visitor = browser.new_page()
    visitor.goto(site.url("entities:detail", entity.slug))
    expect(visitor.get_by_text("Something rude")).to_be_visible()  # and now in the cache

    site.sign_in(moderator)
    page.goto(site.url("entities:detail", entity.slug))
    page.get_by_role("button", name="Hide").click()
    expect(page.get_by_text("Hidden from visitors", exact=True)).to_be_visible()

    visitor.reload()
    expect(visitor.get_by_text("Something rude")).to_have_count(0)
    expect(visitor.get_by_role("heading", name="0 comments")).to_be_visible()
    visitor.close()
