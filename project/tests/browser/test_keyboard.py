"""The forms work with the keyboard alone, and the focused control is always visible."""

import pytest
from playwright.sync_api import Page, expect

from entities.tests.factories import EntityFactory
from project.tests.browser.site import focus_is_visible, tab_to

pytestmark = pytest.mark.browser


def test_comment_form_can_be_filled_and_sent_with_the_keyboard(page: Page, site):
    entity = EntityFactory(name="Glass bridge")
    page.goto(entity.get_absolute_url())

    tab_to(page, page.get_by_role("link", name="Write a comment"))
    page.keyboard.press("Enter")
    # The form comes in place of the link, the focus in its first field.
    expect(page.get_by_role("textbox", name="Your name")).to_be_focused()
    page.keyboard.type("Anna")
    page.keyboard.press("Tab")
    expect(page.get_by_role("textbox", name="Email")).to_be_focused()
    page.keyboard.type("anna@example.com")
    page.keyboard.press("Tab")
    expect(page.get_by_role("textbox", name="Comment")).to_be_focused()
    page.keyboard.type("Typed without a mouse.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Post comment")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("alert")).to_have_text("Thank you, your comment was posted.")
    expect(page.get_by_text("Typed without a mouse.")).to_be_visible()


def test_create_form_can_be_filled_and_sent_with_the_keyboard(page: Page, site, staff):
    site.sign_in(staff)
    page.goto(site.url("entities:create"))

    tab_to(page, page.get_by_role("textbox", name="Name"))
    page.keyboard.type("Keyboard garden")
    page.keyboard.press("Tab")
    expect(page.get_by_role("textbox", name="Text")).to_be_focused()
    page.keyboard.type("Made with Tab and Enter.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Create entity")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("alert")).to_have_text("“Keyboard garden” was created.")
    expect(page.get_by_role("heading", name="Keyboard garden", level=1)).to_be_visible()


def test_first_tab_shows_the_skip_link_which_jumps_to_the_content(page: Page, site):
    page.goto(site.url("entities:list"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(site.url("entities:list") + "#main")


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "staff"])
def test_every_focusable_control_on_the_entity_page_shows_where_the_focus_is(
    page: Page, site, staff, signed_in
):
    entity = EntityFactory(name="Glass bridge")
    if signed_in:
        site.sign_in(staff)
    page.goto(entity.get_absolute_url())

    last = page.get_by_role("link", name="Write a comment")
    unmarked = []
    for _ in range(60):
        page.keyboard.press("Tab")
        if not focus_is_visible(page):
            unmarked.append(page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)"))
        if last.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the Write a comment link")
    assert unmarked == []
