"""Every page, in English and in Russian, as a visitor, a member and staff see it where
they differ: axe-core finds nothing moderate, serious or critical, nothing scrolls
sideways, no placeholder or page links are cut off or broken over lines, on a phone or a
desktop, and the console shows no error (the ``page`` fixture).

One test a scene: its data is made once and the page visited in each language, and each
visit is checked at both widths by resizing the loaded page. English loads the page at
phone width and widens it, Russian loads it at desktop width and narrows it, so a layout
that only comes right after a resize in one direction shows up too.
"""

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import Page, expect

from project.tests.browser.scenes import ALL_SCENES, Scene
from project.tests.browser.site import DESKTOP, PHONE, Site, layout_problems, scrolls_sideways

pytestmark = pytest.mark.browser

# The language, the width the page is loaded at, and the width it is then resized to.
VISITS = [("en", PHONE, DESKTOP), ("ru", DESKTOP, PHONE)]


@pytest.mark.parametrize("scene", ALL_SCENES.values(), ids=ALL_SCENES.keys())
def test_page_is_accessible_and_fits_a_phone_and_a_desktop_in_both_languages(
    page: Page, site: Site, scene: Scene, assert_accessible
):
    prepared = scene.prepare(site)
    for language, loaded_at, resized_to in VISITS:
        # The switcher's cookie: the live site speaks this language to the browser.
        site.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": site.root}]
        )
        page.set_viewport_size(loaded_at)
        with translation.override(language):
            heading = scene.visit(page, site, prepared)
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        # The phone layout hides and shows other things (the collapsed menu, its button).
        for size in (loaded_at, resized_to):
            page.set_viewport_size(size)
            assert_accessible(page)
            width = size["width"]
            assert not scrolls_sideways(page), f"{language}: sideways scrolling at {width} px"
            assert not layout_problems(page), f"{language} at {width} px"
