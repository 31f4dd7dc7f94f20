"""Fixtures for the performance tests: the same small page tree as the content tests."""

import pytest
from django.core.cache import cache

from tests.content.factories import build_site_tree


@pytest.fixture
def site_tree(db):
    """Home (the default Site's root), the explainers index and an About page."""
    return build_site_tree()


@pytest.fixture
def fragments_on(settings):
    """As the bench's "uncached" runs: no page cache, fragments on (as in production)."""
    settings.HTML_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()
