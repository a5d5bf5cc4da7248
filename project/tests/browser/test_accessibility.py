"""axe-core finds nothing serious or critical on any page."""

import pytest
from playwright.sync_api import Page, expect

from project.tests.browser.scenes import ALL_SCENES
from project.tests.browser.site import PHONE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scene", ALL_SCENES.values(), ids=ALL_SCENES.keys())
def test_page_has_no_serious_accessibility_problem_on_desktop(
    page: Page, site, scene, assert_accessible
):
    heading = scene(page, site)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


@pytest.mark.parametrize("scene", ALL_SCENES.values(), ids=ALL_SCENES.keys())
def test_page_has_no_serious_accessibility_problem_on_a_phone(
    page: Page, site, scene, assert_accessible
):
    page.set_viewport_size(PHONE)
    heading = scene(page, site)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)
