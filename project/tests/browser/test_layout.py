"""No page scrolls sideways on a phone or a desktop, and the site's own CSS is applied."""

from http import HTTPStatus

import pytest
from playwright.sync_api import Page, expect

from project.tests.browser.scenes import ALL_SCENES
from project.tests.browser.site import DESKTOP, PHONE, scrolls_sideways

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
@pytest.mark.parametrize("scene", ALL_SCENES.values(), ids=ALL_SCENES.keys())
def test_page_does_not_scroll_sideways(page: Page, site, scene, viewport):
    page.set_viewport_size(viewport)
    heading = scene(page, site)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert not scrolls_sideways(page)


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
