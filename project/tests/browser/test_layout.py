"""How pages are laid out: styles and scripts loaded, the phone menu, dates.

That no page scrolls sideways, on a phone or a desktop, test_accessibility.py checks on
every scene in the same visits as axe-core."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Browser, Page, expect

from entities.tests.factories import EntityFactory
from entities.views import EntityListView
from project.tests.browser.site import DESKTOP, PHONE, layout_problems, scrolls_sideways

pytestmark = pytest.mark.browser


def test_pages_load_their_styles_and_scripts_from_the_site(page: Page, site):
    loaded = []
    page.on("response", lambda response: loaded.append((response.url, response.status)))
    page.goto(site.url("entities:list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Entities")
    static = {url.rsplit("/", 1)[-1]: status for url, status in loaded if "/static/" in url}
    assert {"bootstrap.min.css", "site.css", "bootstrap.bundle.min.js"} <= static.keys()
    assert set(static.values()) == {HTTPStatus.OK}
    assert all(url.startswith(site.root) for url, _ in loaded), "nothing comes from elsewhere"
    # Bootstrap's CSS is applied: its container is centred with a fixed maximum width.
    expect(page.get_by_role("main")).to_have_css("max-width", "1140px")


@pytest.mark.parametrize("url_name", ["entities:list", "account_reset_password"])
def test_the_page_is_one_column_in_the_middle_of_a_desktop_window(page: Page, site, url_name):
    # An allauth page puts its heading, text and form in <main> one by one.
    page.set_viewport_size(DESKTOP)
    page.goto(site.url(url_name))
    window = page.evaluate("() => document.documentElement.clientWidth")
    blocks = [block.bounding_box() for block in page.locator("main > *").all()]
    assert blocks
    for box in blocks:
        assert box is not None
        assert abs(box["x"] - (window - box["x"] - box["width"])) <= 1, (box, window)
    assert {box["x"] for box in blocks} == {blocks[0]["x"]}, "one left edge"


def test_page_links_keep_to_one_line_on_a_phone_however_deep(page: Page, site, monkeypatch):
    # A hundred pages, the most the list offers, with one entity each; the middle one
    # has the most links: page numbers of three digits, two ellipses.
    monkeypatch.setattr(EntityListView, "paginate_by", 1)
    EntityFactory.create_batch(100)
    page.set_viewport_size(PHONE)
    for language in ("en", "ru"):
        site.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": site.root}]
        )
        page.goto(site.url("entities:list", query="page=50"))
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert not layout_problems(page), language


def test_menu_button_opens_the_navigation_on_a_phone(page: Page, site):
    page.set_viewport_size(PHONE)
    page.goto(site.url("entities:list"))
    sign_in = page.get_by_role("link", name="Sign in")
    expect(sign_in).to_be_hidden()
    page.get_by_role("button", name="Toggle navigation").click()
    expect(sign_in).to_be_visible()
    assert not scrolls_sideways(page)


def test_dates_say_how_long_ago_in_russian_on_a_russian_page(page: Page, site):
    EntityFactory(name="Стеклянный мост", created_at=timezone.now() - timedelta(hours=5))
    site.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ru", "url": site.root}]
    )
    page.goto(site.url("entities:list"))
    item = page.get_by_role("listitem").filter(has_text="Стеклянный мост")
    expect(item.get_by_text("5 часов назад")).to_be_visible()


def test_dates_say_how_long_ago_with_the_exact_time_on_hover(page: Page, site):
    created = timezone.now() - timedelta(days=3)
    EntityFactory(name="Glass bridge", created_at=created)
    page.goto(site.url("entities:list"))
    when = page.get_by_role("listitem").filter(has_text="Glass bridge").get_by_text("3 days ago")
    expect(when).to_be_visible()
    full = date_format(timezone.localtime(created), "DATETIME_FORMAT")
    expect(when).to_have_attribute("title", f"{full} UTC")


def test_a_kept_page_still_says_how_long_ago_as_time_goes_by(page: Page, site):
    # The rendering is kept for minutes (PAGE_CACHE_SECONDS): what it prints must stay
    # true, so the browser, not the server, says how long ago.
    page.clock.install(time=timezone.now())
    EntityFactory(name="Glass bridge", created_at=timezone.now() - timedelta(minutes=5))
    page.goto(site.url("entities:list"))
    item = page.get_by_role("listitem").filter(has_text="Glass bridge")
    expect(item.get_by_text("5 minutes ago")).to_be_visible()
    page.clock.fast_forward("02:00:00")
    expect(item.get_by_text("2 hours ago")).to_be_visible()
    page.reload()  # the same rendering, from the cache
    expect(item.get_by_text("2 hours ago")).to_be_visible()


def test_without_javascript_dates_are_shown_in_full(browser: Browser, site):
    created = timezone.now() - timedelta(days=3)
    EntityFactory(name="Glass bridge", created_at=created)
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    try:
        page = context.new_page()
        page.goto(site.url("entities:list"))
        item = page.get_by_role("listitem").filter(has_text="Glass bridge")
        full = date_format(timezone.localtime(created), "DATETIME_FORMAT")
        expect(item.get_by_text(f"{full} UTC")).to_be_visible()
    finally:
        context.close()


def test_without_javascript_the_phone_menu_is_open(browser: Browser, site):
    context = browser.new_context(java_script_enabled=False, locale="en-US", viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(site.url("entities:list"))
        # Bootstrap's collapse needs its script: without it the menu is shown open.
        expect(page.get_by_role("link", name="Sign in")).to_be_visible()
        expect(page.get_by_role("button", name="Toggle navigation")).to_be_hidden()
        assert not scrolls_sideways(page)
    finally:
        context.close()
