"""The browser tests: their fixtures (browser, page, screenshot…) are in tests/conftest.py."""

from tests.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

__all__ = ["ARTIFACTS", "CHROMIUM", "CHROMIUM_ARGS"]
