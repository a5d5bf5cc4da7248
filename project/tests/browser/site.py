"""What the browser tests do on the site: addresses, signing in, the keyboard, the layout,
the console."""

from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import BrowserContext, ConsoleMessage, Locator, Page

# Every test user's password.
PASSWORD = "pass-word-123"

# True when the focused element shows an outline or a box-shadow ring.
HAS_VISIBLE_FOCUS = """el => {
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const ring = style.boxShadow !== "" && style.boxShadow !== "none";
  return el === document.activeElement && (outline || ring);
}"""
SCROLLS_SIDEWAYS = (
    "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
)
# What a page shows cut off or broken up although nothing scrolls sideways: a search
# box's placeholder wider than the box, page links on more than one line.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const context = document.createElement("canvas").getContext("2d");
  for (const input of document.querySelectorAll("input[placeholder]")) {
    const style = getComputedStyle(input);
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (input.checkVisibility() && context.measureText(input.placeholder).width > room) {
      problems.push(`the placeholder "${input.placeholder}" is cut off`);
    }
  }
  for (const links of document.querySelectorAll(".pagination")) {
    const lines = new Set([...links.children].map((item) => item.offsetTop)).size;
    if (lines > 1) {
      problems.push(`the page links take ${lines} lines: ${links.innerText.replace(/\\s+/g, " ")}`);
    }
  }
  return problems;
}"""
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}


class Site:
    """The live site as one browser context sees it."""

    def __init__(self, root: str, context: BrowserContext) -> None:
        self.root = root
        self.context = context

    def url(self, name: str, *args: object, query: str = "") -> str:
        """The absolute address of the URL pattern ``name``."""
        return self.root + reverse(name, args=args) + (f"?{query}" if query else "")

    def sign_in(self, user) -> None:
        """Sign ``user`` in without the form: the session cookie a real sign-in sets."""
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        self.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": self.root}])


def tab_to(page: Page, target: Locator, most: int = 60) -> int:
    """Press Tab until ``target`` has the focus; the number of presses it took."""
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return presses
    raise AssertionError(f"{target} was not reached with {most} presses of Tab")


def focus_is_visible(page: Page) -> bool:
    return page.evaluate(f"() => ({HAS_VISIBLE_FOCUS})(document.activeElement)")


def scrolls_sideways(page: Page) -> bool:
    return page.evaluate(SCROLLS_SIDEWAYS)


def layout_problems(page: Page) -> list[str]:
    return page.evaluate(LAYOUT_PROBLEMS)


def watch_console(page: Page, errors: list[str]) -> None:
    """Collect into ``errors`` what the console logs as an error: a script or style the
    CSP refused, a failed request, an exception in a script. An error page's own status
    (404, 403, 429) is not one: it is the page being tested."""

    def on_console(message: ConsoleMessage) -> None:
        own_status = message.text.startswith("Failed to load resource")
        if message.type == "error" and not (own_status and message.location["url"] == page.url):
            errors.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
