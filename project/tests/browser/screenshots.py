"""Pictures of the main pages for the README, at phone and desktop width.

Not part of ``make test`` (the file name does not start with ``test_``): ``make screenshots``
runs it and writes ``docs/screenshots/<page>-<phone|desktop>.png``.
"""

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from project.tests.browser.scenes import SCENES
from project.tests.browser.site import DESKTOP, PHONE

pytestmark = pytest.mark.browser

OUTPUT = settings.BASE_DIR / "docs" / "screenshots"
PICTURED = [
    "entity-list",
    "entity-detail",
    "create-form-errors",
    "delete-confirmation",
    "sign-in",
    "not-found",
]


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("name", PICTURED)
def test_take_screenshot(page: Page, site, name: str, width: str):
    page.set_viewport_size(DESKTOP if width == "desktop" else PHONE)
    heading = SCENES[name](page, site)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=OUTPUT / f"{name}-{width}.png", full_page=True, animations="disabled")
