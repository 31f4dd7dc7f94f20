"""Fixtures shared by the whole suite, including the browser fixtures.

Browser tests drive Debian's Chromium through Playwright (never a downloaded browser).
Outside CI they skip when /usr/bin/chromium is missing; in CI (CI=true) they fail instead,
so a missing browser can never turn the browser tests silently green. The fixtures live
here, once, so that one Chromium serves every folder of tests: a second Playwright
session in the same run would fail.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _public_address_is_the_live_server(request, settings):
    """A test served by live_server is read at its address, as `make run` sets SITE_BASE_URL
    to the address it serves on: the links the site writes (core.site_url) lead there."""
    if "live_server" in request.fixturenames:
        address = request.getfixturevalue("live_server").url
        settings.SITE_BASE_URL = settings.WAGTAILADMIN_BASE_URL = address


@pytest.fixture
def demo_site(db):
    """The demo content, loaded exactly as `make run` loads it."""
    from tests.content.factories import ensure_wagtail_base

    ensure_wagtail_base()
    call_command("load_demo", verbosity=0)


CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
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
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    # Every test that drives Chromium carries the "browser" marker, wherever it lives.
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()) or "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    return browser_context.new_page()


@pytest.fixture
def screenshot(page):
    """Save a full-page PNG under test-artifacts/ (and return its path)."""

    def take(name, target=None):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        (target or page).screenshot(path=str(path), full_page=True)
        return path

    return take
