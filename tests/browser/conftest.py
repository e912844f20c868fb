"""Browser fixtures: the app served on loopback, Debian's Chromium via Playwright, axe-core.

Skipped with a message when no Chromium is installed (`apt-get install chromium`);
Playwright never downloads a browser.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from ..servers import serving

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or ""
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


NO_CHROMIUM = (
    "no Chromium found: install Debian's package (apt-get install chromium) "
    "or set CHROMIUM_PATH to run the browser tests"
)


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason=NO_CHROMIUM)
    for item in items:
        if "tests/browser/" in item.path.as_posix():
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Name every browser test skipped for want of Chromium: they must not pass unseen."""
    skipped = [
        report.nodeid
        for report in terminalreporter.stats.get("skipped", [])
        if "tests/browser/" in report.nodeid and NO_CHROMIUM in str(report.longrepr)
    ]
    if skipped:
        terminalreporter.section(f"{len(skipped)} browser tests NOT RUN (no Chromium)")
        for nodeid in skipped:
            terminalreporter.write_line(nodeid)


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """Serve the app under test on a free loopback port; yield its base URL."""
    with serving(app) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page (own cookies) pointed at the live server."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, email: str, password: str = "correct horse battery staple") -> None:
    """Sign in through the real form, with the keyboard."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Password").press("Enter")
    page.wait_for_load_state()


def assert_accessible(page, context: str = "") -> None:
    """Scan the current page with axe-core; fail on serious or critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n.get("target")) for n in v["nodes"][:3])
        for v in bad
    )
    assert not bad, f"axe-core violations on {context or page.url}:\n{details}"
