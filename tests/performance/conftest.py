"""Fixtures for the performance tests: the same small page tree as the content tests."""

import pytest

from tests.content.factories import build_site_tree


@pytest.fixture
def site_tree(db):
    """Home (the default Site's root), the explainers index and an About page."""
    return build_site_tree()
