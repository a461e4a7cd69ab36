"""The browser-test harness: Playwright driving Debian's Chromium against pytest-django's live server, with an
axe-core scan for WCAG 2.2 AA after every page visited.

Use `visit(page, path)` (or `assert_accessible(page)` after any navigation) and `sign_in(page, email, password)`;
`follow(page, locator)` or `press(page, role, name)` to follow a link or submit a form from the keyboard; the `demo`
fixture for the demo data, whose people sign in with `sign_in_demo(page, email)`.
Every test module here carries `pytestmark = BROWSER`, which marks it `browser` and puts it in one xdist group so
that only one Chromium runs at a time. Set BROWSER_SCREENSHOT_DIR to keep a PNG of each page scanned, and
BROWSER_VIEWPORT (such as 390x844) to test at a phone's width.
"""

import os
import re
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

# Playwright's sync API runs an event loop in the test's thread; the ORM calls tests make around it are safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# Never let Playwright fetch a browser of its own: the tests drive Debian's Chromium.
os.environ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"

from playwright.sync_api import Browser, Locator, Page, Playwright, sync_playwright  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BROWSER = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test, even one whose module forgot `pytestmark = BROWSER`."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).resolve().parents and item.get_closest_marker("browser") is None:
            for mark in BROWSER:
                item.add_marker(mark)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"The browser tests need Debian's Chromium at {CHROMIUM}: run `make browser-deps`.")
    if not AXE_SCRIPT.exists():
        pytest.fail(f"The accessibility scan needs {AXE_SCRIPT.relative_to(ROOT)}: run `make setup`.")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    width, height = (int(n) for n in os.environ.get("BROWSER_VIEWPORT", "1280x900").split("x"))
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the pages visited: {errors}"


class AccessibilityViolations(AssertionError):
    pass


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now, for WCAG 2.0, 2.1 and 2.2 A and AA."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        "async (tags) => await window.axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return list(result["violations"])


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(
                f"    at {', '.join(map(str, node['target']))}: {node.get('failureSummary', '').strip()}"
            )
    return "\n".join(lines)


def screenshot(page: Page, name: str | None = None) -> Path | None:
    """Keep a full-page PNG when BROWSER_SCREENSHOT_DIR is set, named after the page path (or `name`)."""
    folder = os.environ.get("BROWSER_SCREENSHOT_DIR")
    if not folder:
        return None
    slug = name or re.sub(r"[^a-z0-9]+", "-", page.url.split("//", 1)[-1].split("/", 1)[-1].lower()).strip(
        "-"
    )
    path = Path(folder) / f"{slug or 'home'}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_accessible(page: Page) -> Page:
    """Fail, listing every violation (rule, impact, help and the elements), unless the page passes WCAG 2.2 AA."""
    page.wait_for_load_state("load")
    screenshot(page)
    violations = axe_violations(page)
    if violations:
        raise AccessibilityViolations(format_violations(page.url, violations))
    return page


def visit(page: Page, path: str) -> Page:
    """Go to a path on the live server, check it answered, and scan it."""
    response = page.goto(path)
    assert response is not None
    return assert_accessible(page)


def sign_in(page: Page, email: str, password: str) -> Page:
    """Sign in through the real form, by keyboard, scanning the sign-in page and the one it lands on."""
    visit(page, "/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Password").press("Enter")
    page.wait_for_load_state("load")
    return assert_accessible(page)


def follow(page: Page, target: Locator) -> Page:
    """Follow a link or press a button from the keyboard (focus it, press Enter) and scan the page it opens."""
    target.focus()
    target.press("Enter")
    page.wait_for_load_state("load")
    return assert_accessible(page)


def press(page: Page, role: str, name: str | re.Pattern[str]) -> Page:
    """`follow` the link or button (`role`) of this accessible name: `press(page, "button", "Save")`."""
    return follow(page, page.get_by_role(role, name=name))  # type: ignore[arg-type]


def sign_out(page: Page) -> Page:
    return press(page, "button", "Sign out")


def sign_in_demo(page: Page, email: str) -> Page:
    """Sign in as one of the demo's people (the `demo` fixture): `sign_in_demo(page, "officer@example.org")`."""
    return sign_in(page, email, settings.DEMO_PASSWORD)


@pytest.fixture
def demo(transactional_db: Any) -> None:  # noqa: ARG001
    """The demo data, as `seed_demo` loads it (its people sign in with `sign_in_demo`)."""
    with override_settings(DEBUG=True):
        call_command("seed_demo", "--quiet-sign-in", stdout=StringIO())


PASSWORD = "browser-Test-password-2026"


@pytest.fixture
def staff_member(make_user: Any) -> Any:
    """Make a person with the given roles who can sign in with PASSWORD: `staff_member(Role.AUDITOR)`."""

    def make(*roles: str, full_name: str | None = None, email: str | None = None) -> Any:
        return make_user(*roles, full_name=full_name, email=email, password=PASSWORD)

    return make
