"""A real headless Chromium (Debian's, driven by Playwright) on the demo shop page, with every
request that does not go to 127.0.0.1 blocked. Skips without chromium, unless REQUIRE_BROWSER=1."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("Debian's chromium is not installed and REQUIRE_BROWSER=1", pytrace=False)
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser profile per test; outside requests are blocked and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.blocked = []

    def only_loopback(route):
        if route.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1")):
            route.continue_()
        else:
            page.blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_loopback)
    yield page
    context.close()
