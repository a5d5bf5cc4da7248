"""What people do on the site, step by step, checked by what they see."""

import re
from http import HTTPStatus

import pytest
from playwright.sync_api import Browser, Page, expect

from comments.tests.factories import CommentFactory
from entities.tests.factories import EntityFactory
from project.tests.browser.site import PASSWORD

pytestmark = pytest.mark.browser


def sign_in_with_the_form(page: Page, username: str, password: str = PASSWORD) -> None:
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Email address or user name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_visitor_browses_pages_searches_and_comments(page: Page, site):
    browse_search_and_comment(page, site)


def test_the_same_journey_works_without_javascript(browser: Browser, site):
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    try:
        browse_search_and_comment(context.new_page(), site)
    finally:
        context.close()


def browse_search_and_comment(page: Page, site) -> None:
    """Pages through the list, searches, opens an entity, posts a comment with a
    mistake and then without: what people see at each step."""
    for number in range(1, 15):
        EntityFactory(name=f"Harbour market {number}")
    EntityFactory(name="Glass bridge", content="A footbridge over the river.")

    page.goto(site.url("entities:list"))
    expect(page.get_by_role("heading", name="Entities", level=1)).to_be_visible()
    entries = page.get_by_role("heading", level=2)
    expect(entries).to_have_count(10)
    expect(entries.first).to_have_text("Glass bridge")

    page.get_by_role("link", name="Next").click()
    expect(entries).to_have_count(5)
    expect(entries.last).to_have_text("Harbour market 1")
    expect(page.get_by_role("link", name="Previous")).to_be_visible()

    page.get_by_label("Search entities").fill("bridge")
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 entity matches “bridge”.")).to_be_visible()
    expect(entries).to_have_count(1)

    page.get_by_role("link", name="Glass bridge").click()
    expect(page.get_by_role("heading", name="Glass bridge", level=1)).to_be_visible()
    expect(page.get_by_text("A footbridge over the river.")).to_be_visible()
    expect(page.get_by_role("heading", name="0 comments")).to_be_visible()
    expect(page.get_by_text("No comments yet. Be the first to write one.")).to_be_visible()

    page.get_by_role("link", name="Write a comment").click()
    page.get_by_label("Your name").fill("Anna")
    page.get_by_label("Email").fill("anna@")
    page.get_by_role("textbox", name="Comment").fill("Best view of the old town.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Enter a valid email address.")).to_be_visible()
    expect(page.get_by_label("Your name")).to_have_value("Anna")
    expect(page.get_by_role("textbox", name="Comment")).to_have_value("Best view of the old town.")

    page.get_by_label("Email").fill("anna@example.com")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("alert")).to_have_text("Thank you, your comment was posted.")
    expect(page.get_by_role("heading", name="1 comment", exact=True)).to_be_visible()
    comments = page.get_by_role("listitem").filter(has_text="Best view of the old town.")
    expect(comments).to_have_count(1)
    expect(comments).to_contain_text("Anna")
    expect(comments).not_to_contain_text("anna@example.com")


def test_staff_create_edit_and_delete_an_entity(page: Page, site, staff):
    page.goto(site.url("entities:list"))
    page.get_by_role("link", name="Sign in").click()
    sign_in_with_the_form(page, "staff")
    expect(page.get_by_role("navigation", name="Main navigation")).to_contain_text("staff")
    expect(page.get_by_text("There are no entities yet.")).to_be_visible()

    page.get_by_role("main").get_by_role("link", name="New entity").click()
    expect(page.get_by_role("heading", name="New entity")).to_be_visible()
    page.get_by_label("Name").fill("Привет, мир")
    page.get_by_label("Text").fill("Первая запись.")
    page.get_by_role("button", name="Create entity").click()
    expect(page).to_have_url(site.url("entities:detail", "privet-mir"))
    expect(page.get_by_role("alert")).to_have_text("“Привет, мир” was created.")
    expect(page.get_by_role("heading", name="Привет, мир", level=1)).to_be_visible()

    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", name="Edit “Привет, мир”")).to_be_visible()
    expect(page.get_by_label("Text")).to_have_value("Первая запись.")
    page.get_by_label("Text").fill("Исправленная запись.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("alert")).to_have_text("“Привет, мир” was saved.")
    expect(page.get_by_text("Исправленная запись.")).to_be_visible()

    page.get_by_role("link", name="Delete").click()
    expect(page.get_by_role("heading", name="Delete “Привет, мир”?")).to_be_visible()
    expect(page.get_by_text("It has no comments. This cannot be undone.")).to_be_visible()
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page).to_have_url(site.url("entities:list"))
    expect(page.get_by_role("alert")).to_have_text("“Привет, мир” was deleted.")
    expect(page.get_by_text("There are no entities yet.")).to_be_visible()

    response = page.goto(site.url("entities:detail", "privet-mir"))
    assert response.status == HTTPStatus.NOT_FOUND
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()


def test_anonymous_visitor_signs_in_and_comes_back_to_the_new_entity_form(page: Page, site, editor):
    page.goto(site.url("entities:create"))
    expect(page).to_have_url(re.compile(re.escape(site.url("account_login")) + r"\?next="))

    sign_in_with_the_form(page, editor.username)
    expect(page).to_have_url(site.url("entities:create"))
    expect(page.get_by_role("heading", name="New entity")).to_be_visible()
    expect(page.get_by_label("Name")).to_be_editable()


def test_unknown_address_shows_the_not_found_page(page: Page, site):
    response = page.goto(site.root + "/entities/no-such-entity/")
    assert response.status == HTTPStatus.NOT_FOUND
    expect(page).to_have_title(re.compile("^Page not found"))
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_text("There is nothing at this address.")).to_be_visible()

    page.get_by_role("link", name="Back to the entities").click()
    expect(page.get_by_role("heading", name="Entities", level=1)).to_be_visible()


def test_admin_shows_an_entity_with_its_comments(page: Page, site, admin_user):
    entity = EntityFactory(name="Glass bridge")
    CommentFactory(entity=entity, name="Anna", content="Best view of the old town.")
    CommentFactory(entity=entity, name="Boris", content="Slippery when it rains.")

    page.goto(site.url("admin:entities_entity_change", entity.pk))
    # The admin signs in on the site's page (allauth's).
    sign_in_with_the_form(page, admin_user.username, "password")

    expect(page.get_by_role("heading", name="Change entity")).to_be_visible()
    expect(page.get_by_role("textbox", name="Name:").first).to_have_value("Glass bridge")
    # Newest first: moderators look at what came in last.
    comments = page.get_by_role("group", name="Newest comments")
    names = comments.get_by_role("textbox", name="Name:")
    texts = comments.get_by_role("textbox", name="Comment:")
    expect(names).to_have_count(2)
    assert [box.input_value() for box in names.all()] == ["Boris", "Anna"]
    assert [box.input_value() for box in texts.all()] == [
        "Slippery when it rains.",
        "Best view of the old town.",
    ]
