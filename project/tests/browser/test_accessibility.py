"""axe-core finds nothing serious or critical on any page, on a desktop or a phone."""

import pytest
from playwright.sync_api import Page, expect

from project.tests.browser.scenes import ALL_SCENES
from project.tests.browser.site import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scene", ALL_SCENES.values(), ids=ALL_SCENES.keys())
def test_page_has_no_serious_accessibility_problem(page: Page, site, scene, assert_accessible):
    page.set_viewport_size(DESKTOP)
    heading = scene(page, site)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)
    # The phone layout hides and shows other things (the collapsed menu, its button).
    page.set_viewport_size(PHONE)
    assert_accessible(page)
