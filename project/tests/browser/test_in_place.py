"""The journeys htmx updates in place where JavaScript runs, with it and without it.

With JavaScript a marker is set on ``window`` before each step: a full page load would
lose it, so finding it afterwards proves the page was updated in place. Without
JavaScript the same steps go through plain links and form posts.
"""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from comments.tests.factories import CommentFactory
from entities.tests.factories import EntityFactory
from project.tests.browser.site import watch_console

pytestmark = pytest.mark.browser

MARK = "() => { window.stillThisPage = true; }"
MARKED = "() => window.stillThisPage === true"
SHORT_SEARCH = "Type at least three letters or digits in a row to search."


@pytest.fixture(params=["javascript", "no javascript"])
def visitor(request, browser: Browser, site) -> Iterator[tuple[Page, bool]]:
    """A page in a browser with JavaScript on, or off; and which it is. Afterwards, the
    browser's console must hold no error, as for every browser test's ``page``."""
    javascript = request.param == "javascript"
    context = browser.new_context(java_script_enabled=javascript, locale="en-US")
    errors: list[str] = []
    try:
        page = context.new_page()
        watch_console(page, errors)
        yield page, javascript
    finally:
        context.close()
    assert not errors, errors


def mark(page: Page, javascript: bool) -> None:
    if javascript:
        page.evaluate(MARK)


def assert_not_reloaded(page: Page, javascript: bool) -> None:
    if javascript:
        assert page.evaluate(MARKED), "the page was loaded again instead of updated in place"


def list_to_search(page: Page, site) -> tuple[Locator, Locator]:
    """Two pages of entities, one of them a bridge, opened: the search box and the
    entities' headings."""
    for number in range(1, 13):
        EntityFactory(name=f"Harbour market {number}")
    EntityFactory(name="Glass bridge")
    page.goto(site.url("entities:list"))
    entries = page.get_by_role("main").get_by_role("heading", level=2)
    return page.get_by_label("Search entities"), entries


def test_search_shows_results_as_people_type_or_when_they_send_it(visitor, site):
    page, javascript = visitor
    box, entries = list_to_search(page, site)
    expect(entries).to_have_count(10)

    mark(page, javascript)
    box.fill("br")
    if not javascript:
        box.press("Enter")
    expect(page.get_by_text(SHORT_SEARCH)).to_be_visible()
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(entries).to_have_count(0)

    box.fill("bridge")
    if not javascript:
        box.press("Enter")
    expect(page.get_by_text("1 entity matches “bridge”.")).to_be_visible()
    expect(page.get_by_text(SHORT_SEARCH)).to_have_count(0)
    expect(box).not_to_have_attribute("aria-invalid", "true")
    expect(entries).to_have_count(1)
    expect(page).to_have_url(site.url("entities:list", query="q=bridge"))
    # The name escaped in the part's <title> (&amp;) reads as the whole page's does.
    expect(page).to_have_title("Search: bridge · Entities & Comments")
    assert_not_reloaded(page, javascript)

    # The address is the search's: loading it again shows the same whole page.
    page.reload()
    expect(box).to_have_value("bridge")
    expect(entries).to_have_count(1)


def clear_with_the_x(box: Locator) -> None:
    """The search box's own clear button, which the browser draws at its right end while
    the box has the focus."""
    box.focus()
    size = box.bounding_box()
    assert size is not None
    box.click(position={"x": size["width"] - 20, "y": size["height"] / 2})
    expect(box).to_have_value("")


def test_enter_and_the_clear_button_search_without_a_console_error(visitor, site):
    # The visitor fixture fails the test on any console error: Enter used to send the
    # search twice (the form's submit and the box's search event), the second aborting
    # the first, which htmx logs as two errors.
    page, javascript = visitor
    box, entries = list_to_search(page, site)

    mark(page, javascript)
    box.press_sequentially("bridge")
    box.press("Enter")
    expect(page.get_by_text("1 entity matches “bridge”.")).to_be_visible()
    expect(entries).to_have_count(1)
    assert_not_reloaded(page, javascript)

    clear_with_the_x(box)
    if not javascript:
        box.press("Enter")
    expect(entries).to_have_count(10)
    expect(page).to_have_url(site.url("entities:list", query="q="))
    assert_not_reloaded(page, javascript)
    page.wait_for_timeout(500)  # for a search sent later than it should be


def test_pages_of_the_list_are_shown_in_place(visitor, site):
    page, javascript = visitor
    for number in range(1, 13):
        EntityFactory(name=f"Harbour market {number}")
    page.goto(site.url("entities:list"))
    entries = page.get_by_role("main").get_by_role("heading", level=2)

    mark(page, javascript)
    page.get_by_role("navigation", name="Entity pages").get_by_role("link", name="Next").click()
    expect(entries).to_have_count(2)
    expect(entries.last).to_have_text("Harbour market 1")
    expect(page).to_have_url(site.url("entities:list", query="page=2"))
    assert_not_reloaded(page, javascript)

    page.go_back()
    expect(page).to_have_url(site.url("entities:list"))
    expect(entries).to_have_count(10)


def test_paging_through_comments_changes_the_address_and_back_goes_back(visitor, site):
    page, javascript = visitor
    entity = EntityFactory(name="Glass bridge")
    for number in range(1, 26):
        CommentFactory(entity=entity, content=f"Comment number {number}.")
    page.goto(site.url("entities:detail", entity.slug))
    comments = page.locator("#comments")
    expect(comments.get_by_text("Comment number 20.")).to_be_visible()
    expect(comments.get_by_text("Comment number 21.")).to_have_count(0)

    mark(page, javascript)
    page.get_by_role("navigation", name="Comment pages").get_by_role("link", name="Next").click()
    expect(comments.get_by_text("Comment number 21.")).to_be_visible()
    expect(comments.get_by_text("Comment number 20.")).to_have_count(0)
    expect(page).to_have_url(site.url("entities:detail", entity.slug, query="page=2#comments"))
    assert_not_reloaded(page, javascript)
    if javascript:
        # The link followed is gone: the focus is at the start of the new comments.
        expect(comments).to_be_focused()

    page.go_back()
    expect(page).to_have_url(site.url("entities:detail", entity.slug))
    expect(comments.get_by_text("Comment number 20.")).to_be_visible()
    page.go_forward()
    expect(comments.get_by_text("Comment number 21.")).to_be_visible()


def open_the_form(page: Page, javascript: bool) -> None:
    """ "Write a comment": with JavaScript the form comes in place of the link (htmx),
    without it the form's own page opens."""
    mark(page, javascript)
    page.get_by_role("link", name="Write a comment").click()
    expect(page.get_by_label("Your name")).to_be_visible()
    assert_not_reloaded(page, javascript)
    if javascript:
        expect(page.get_by_label("Your name")).to_be_focused()


def test_posting_a_comment_keeps_the_text_on_an_error_and_shows_it_once_posted(visitor, site):
    page, javascript = visitor
    entity = EntityFactory(name="Glass bridge")
    for number in range(1, 21):
        CommentFactory(entity=entity, content=f"Comment number {number}.")
    page.goto(site.url("entities:detail", entity.slug))
    open_the_form(page, javascript)

    mark(page, javascript)
    page.get_by_label("Your name").fill("Anna")
    page.get_by_label("Email").fill("anna@")
    page.get_by_role("textbox", name="Comment").fill("Best view of the old town.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Enter a valid email address.")).to_be_visible()
    expect(page.get_by_label("Your name")).to_have_value("Anna")
    expect(page.get_by_role("textbox", name="Comment")).to_have_value("Best view of the old town.")
    assert_not_reloaded(page, javascript)
    if javascript:
        expect(page.get_by_label("Email")).to_be_focused()

    # One press posts it, and the entity page opens at the new comment.
    page.get_by_label("Email").fill("anna@example.com")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Thank you, your comment was posted.")).to_be_visible()
    # The 21st comment is the first of the second page, which now shows.
    expect(page.get_by_role("heading", name="21 comments")).to_be_visible()
    new = page.locator("#comments").get_by_role("listitem").filter(has_text="Best view")
    expect(new).to_contain_text("Anna")
    expect(page).to_have_url(
        re.compile(re.escape(entity.get_absolute_url()) + r"\?page=2#comment-\d+$")
    )

    # A second comment, from a new form, is accepted too.
    open_the_form(page, javascript)
    page.get_by_label("Your name").fill("Boris")
    page.get_by_role("textbox", name="Comment").fill("Slippery when it rains.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("heading", name="22 comments")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="22 comments")).to_be_visible()
    expect(page.get_by_text("Thank you, your comment was posted.")).to_have_count(0)


def test_a_comment_that_waits_for_approval_says_so(visitor, site, settings):
    page, javascript = visitor
    settings.COMMENTS_MODERATION = "all"
    entity = EntityFactory(name="Glass bridge")
    page.goto(site.url("entities:detail", entity.slug))
    open_the_form(page, javascript)

    page.get_by_label("Your name").fill("Anna")
    page.get_by_role("textbox", name="Comment").fill("Best view of the old town.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment waits for a moderator's approval")).to_be_visible()
    expect(page.get_by_role("heading", name="0 comments")).to_be_visible()
    expect(page.get_by_text("Best view of the old town.")).to_have_count(0)
