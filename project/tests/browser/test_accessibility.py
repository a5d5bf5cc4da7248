"""axe-core finds nothing moderate, serious or critical on any page, in English and in
Russian, on a desktop or a phone."""

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import Page, expect

from project.tests.browser.scenes import ALL_SCENES
from project.tests.browser.site import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("scene", ALL_SCENES.values(), ids=ALL_SCENES.keys())
def test_page_has_no_accessibility_problem(page: Page, site, scene, language, assert_accessible):
    # The switcher's cookie: the live site speaks Russian to this browser from the first page.
    site.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": site.root}]
    )
    page.set_viewport_size(DESKTOP)
    with translation.override(language):
        heading = scene(page, site)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)
    # The phone layout hides and shows other things (the collapsed menu, its button).
    page.set_viewport_size(PHONE)
    assert_accessible(page)
