"""Fixtures shared by the whole suite, including the browser fixtures.

Browser tests drive Debian's Chromium through Playwright (never a downloaded browser).
Outside CI they skip when /usr/bin/chromium is missing; in CI (CI=true) they fail instead,
so a missing browser can never turn the browser tests silently green. The fixtures live
here, once, so that one Chromium serves every folder of tests: a second Playwright
session in the same run would fail.
"""

import contextlib
import os
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test.testcases import LiveServerThread


def _one_request_at_a_time_on_a_shared_sqlite_connection():
    """The live server answers each request in its own thread, and with SQLite's in-memory
    test database every thread shares the test's one connection. Two requests at once (the
    admin fetches its icon sprite while the dashboard renders) then collide inside sqlite3
    ("bad parameter or other API misuse") and one of them gets the outage page. PostgreSQL
    gives each thread its own connection; for SQLite the server runs one request at a time,
    its response read to the end inside the lock, while keep-alive connections stay open."""
    create_server = LiveServerThread._create_server

    def _create_server(self, connections_override=None):
        server = create_server(self, connections_override=connections_override)
        if not connections_override:
            return server
        lock = _SHARED_SQLITE_REQUEST
        set_app = server.set_app

        def set_serialised_app(application):
            def serialised(environ, start_response):
                with lock:
                    result = application(environ, start_response)
                    try:
                        return list(result)
                    finally:
                        if hasattr(result, "close"):
                            result.close()

            set_app(serialised)

        server.set_app = set_serialised_app
        return server

    LiveServerThread._create_server = _create_server


#: Held while the live server answers a request on the shared SQLite connection, and while a
#: test's database is emptied after it: a request the browser left behind (the editor's
#: preview, a late Checks panel, a page closed mid-answer) then finishes before the flush
#: starts, and one arriving during the flush waits for it. Without it SQLite refused the
#: flush now and then ("database table is locked") and the next test began on this one's
#: rows; waiting for the browser to go quiet could not see a request the server was still
#: answering after the page had closed.
_SHARED_SQLITE_REQUEST = threading.Lock()


def _no_request_while_the_database_is_emptied():
    from django.test import TransactionTestCase

    fixture_teardown = TransactionTestCase._fixture_teardown

    def _fixture_teardown(self):
        if not _SHARED_SQLITE_REQUEST.acquire(timeout=120):
            raise RuntimeError("the live server was still answering a request after 2 minutes")
        try:
            fixture_teardown(self)
        finally:
            _SHARED_SQLITE_REQUEST.release()

    TransactionTestCase._fixture_teardown = _fixture_teardown


_one_request_at_a_time_on_a_shared_sqlite_connection()
_no_request_while_the_database_is_emptied()


@pytest.fixture(autouse=True)
def _public_address_is_the_live_server(request, settings):
    """A test served by live_server is read at its address, as `make run` sets SITE_BASE_URL
    to the address it serves on: the links the site writes (core.site_url) lead there."""
    if "live_server" in request.fixturenames:
        address = request.getfixturevalue("live_server").url
        settings.SITE_BASE_URL = settings.WAGTAILADMIN_BASE_URL = address


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language():
    """A request to a /zh-hans/ address activates Chinese for the thread (LocaleMiddleware,
    as Django does, does not switch back after the response): the next test would read its
    messages in Chinese. Each test starts in settings.LANGUAGE_CODE."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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
# Screenshots and reports the tests leave behind. TEST_ARTIFACTS gives each of two suites
# running side by side (.ci/run) a folder of its own.
ARTIFACTS = Path(
    os.environ.get("TEST_ARTIFACTS") or Path(__file__).resolve().parents[1] / "test-artifacts"
)

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


#: How long a browser step or an expectation may wait. Playwright's defaults (30 s a step,
#: 5 s an expectation) are for a quiet machine; CI runs three suites at once on two cores,
#: with gunicorn, Varnish and Chromium beside them, and an admin page may take longer than
#: 5 s to answer there. A test that fails still fails, only later.
BROWSER_STEP_MS = 60_000
EXPECTATION_MS = 20_000


@pytest.fixture
def page(browser_context):
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect

    browser_context.set_default_timeout(BROWSER_STEP_MS)
    # Each test starts with the same patience (some raise it for one slow step, then reset).
    expect.set_options(timeout=EXPECTATION_MS)
    page = browser_context.new_page()
    yield page
    # No test ends with a request still being answered: the live server would be reading
    # the database while the test's own is emptied (SQLite then refuses the flush, "table is
    # locked", and the next test starts on this one's rows). The editor's preview and its
    # Checks panel keep loading after the last expectation has passed.
    # A page that never goes quiet (a timeout) is closed anyway.
    with contextlib.suppress(PlaywrightError):
        page.wait_for_load_state("networkidle", timeout=15_000)
    page.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page PNG under test-artifacts/ (and return its path)."""

    def take(name, target=None):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        (target or page).screenshot(path=str(path), full_page=True)
        return path

    return take
