"""Fixtures for the weighing tests: a published article with two arguments a side."""

import pytest
from django.core.cache import cache

from tests.content.factories import (
    ArticlePageFactory,
    SourceFactory,
    argument,
    build_site_tree,
    pros_cons,
)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Network counters and cached tallies live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tree(db):
    return build_site_tree()


def weighing_body():
    source = SourceFactory()
    return [
        pros_cons(
            [argument("Faster response to crime", [source]), argument("Deters theft", [source])],
            [argument("No privacy left in public", [source]), argument("Errors", [source])],
        )
    ]


@pytest.fixture
def article(tree):
    return ArticlePageFactory(
        parent=tree.index,
        title="Chongqing: a city of cameras",
        slug="chongqing",
        body=weighing_body(),
        discussion_question="How much watching is too much?",
    )


@pytest.fixture
def other_article(tree):
    return ArticlePageFactory(
        parent=tree.index, title="Shenzhen's buses", slug="shenzhen", body=weighing_body()
    )
