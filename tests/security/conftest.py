"""The browser fixtures (Debian's Chromium through Playwright) for the security tests."""

from tests.browser.conftest import browser, browser_context, page, screenshot

__all__ = ["browser", "browser_context", "page", "screenshot"]
