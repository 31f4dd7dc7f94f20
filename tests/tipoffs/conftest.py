"""Fixtures for the tip-off tests: an empty cache (the network counters live there)."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()
