"""Browser tests: Playwright drives the system's Chromium through the site on ``live_server``.

pytest-playwright supplies the ``page``, ``context`` and ``browser`` fixtures. This file points
them at Debian's Chromium (Playwright's own browser downloads are never used), at the live
server (which serves the real static files through ``django.contrib.staticfiles``), and adds
what every browser test needs: people to sign in as, and checks for accessibility and layout.
"""

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Permission
from playwright.sync_api import BrowserContext, Page, Playwright, expect

from project.tests.browser.site import PASSWORD, Site, watch_console

# Headless and quiet: no GPU, no QUIC, no first-run pages, no background calls home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_CHROMIUM = (
    "Chromium is not installed, so the browser tests cannot run. "
    "Install it with `apt-get install -y chromium` (Debian/Ubuntu)."
)
# A loaded CI machine can be slow to lay a page out; waits end as soon as the page is ready.
expect.set_options(timeout=10_000)
# axe-core's impact levels that fail a test; "minor" is left to review.
FAILING_IMPACTS = {"moderate", "serious", "critical"}
# What Axe.run() of axe-playwright-python runs, the violations alone sent back.
AXE_VIOLATIONS = "() => axe.run({resultTypes: ['violations']}).then(results => results.violations)"


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The Chromium to drive; skips the browser tests when it is missing, unless
    REQUIRE_BROWSER=1 (as in CI) turns that into a failure."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(NO_CHROMIUM + " REQUIRE_BROWSER=1 forbids skipping them.")
        pytest.skip(NO_CHROMIUM)
    return path


@pytest.fixture(scope="session")
def playwright(chromium_executable: str, playwright: Playwright) -> Iterator[Playwright]:
    # The sync API keeps an event loop running in this thread; the ORM calls made by
    # the tests (factories, sessions) are still plain synchronous code.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield playwright


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, chromium_executable: str) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": chromium_executable,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # The tests read the English pages, whatever the machine's language.
    return {**browser_context_args, "locale": "en-US"}


@pytest.fixture(scope="session")
def live_server(live_server):
    """pytest-django's live server, stopped only once it has answered its last request.

    The browser tests run last (the root conftest), so the server stops as soon as the
    last of them ends, while a thread of the server may still be closing the connection
    of the last page Chromium loaded. With SQLite the threads use the tests' in-memory
    database connection, which the server shares with them only until it stops: Django
    then refuses the late close, and pytest warns of an exception in a thread.
    """
    yield live_server
    deadline = time.monotonic() + 10
    for thread in threading.enumerate():
        # socketserver's thread for each connection, named after its target.
        if thread.name.endswith("(process_request_thread)"):
            thread.join(max(0.0, deadline - time.monotonic()))


@pytest.fixture
def console_errors() -> list[str]:
    """What the browser's console logged as errors during the test."""
    return []


@pytest.fixture
def page(page: Page, console_errors: list[str]) -> Iterator[Page]:
    """pytest-playwright's page; the test fails if the console showed an error."""
    watch_console(page, console_errors)
    yield page
    assert not console_errors


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Relative addresses in ``page.goto`` go to the live server."""
    return live_server.url


@pytest.fixture
def site(live_server, context: BrowserContext) -> Site:
    return Site(live_server.url, context)


@pytest.fixture
def staff(django_user_model):
    """A staff member who may add, change and delete entities."""
    user = django_user_model.objects.create_user(username="staff", password=PASSWORD, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="entities",
            codename__in=["add_entity", "change_entity", "delete_entity"],
        )
    )
    return user


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def assert_accessible(axe: Axe, console_errors: list[str]) -> Callable[[Page], None]:
    """Fails with a readable report when axe-core finds a moderate, serious or critical problem."""

    def check(page: Page) -> None:
        # axe.run() evaluates axe-core's 570 kB script before each run; a document checked
        # at a second width already has it.
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(axe.axe_script)
        before = len(console_errors)
        violations = page.evaluate(AXE_VIOLATIONS)
        # axe-core's own, not the page's: on the admin's pages it applies inline styles
        # the CSP refuses, and fails to read a style sheet.
        del console_errors[before:]
        failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        assert not failing, axe_report(failing, page)

    return check


def axe_report(violations: list[dict], page: Page) -> str:
    """Rule, impact, help text and the first offending elements of each violation."""
    width = page.viewport_size["width"]
    lines = [
        f"axe-core found {len(violations)} problem(s) of moderate impact or worse "
        f"on {page.url} at {width} px:"
    ]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node['html'][:160]}" for node in violation["nodes"][:5])
    return "\n".join(lines)
