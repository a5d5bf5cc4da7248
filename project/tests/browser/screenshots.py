"""Pictures of the main pages for the README, at phone and desktop width.

Not part of ``make test`` (the file name does not start with ``test_``): ``make screenshots``
runs it and writes ``docs/screenshots/<page>-<phone|desktop>.png``.
"""

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import Page, expect

from project.tests.browser.scenes import ALL_SCENES
from project.tests.browser.site import DESKTOP, PHONE

pytestmark = pytest.mark.browser

OUTPUT = settings.BASE_DIR / "docs" / "screenshots"
PICTURED = [
    ("entity-list", "en"),
    ("entity-detail", "en"),
    ("entity-detail-staff", "en"),
    ("own-account", "en"),
    ("create-form-errors", "en"),
    ("delete-confirmation", "en"),
    ("sign-in", "en"),
    ("not-found", "en"),
    ("entity-list", "ru"),
    ("entity-detail-staff", "ru"),
]


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize(("name", "language"), PICTURED)
def test_take_screenshot(page: Page, site, name: str, language: str, width: str):
    page.set_viewport_size(DESKTOP if width == "desktop" else PHONE)
    site.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": site.root}]
    )
    with translation.override(language):
        heading = ALL_SCENES[name](page, site)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    suffix = "" if language == "en" else f"-{language}"
    path = OUTPUT / f"{name}{suffix}-{width}.png"
    page.screenshot(path=path, full_page=True, animations="disabled")
