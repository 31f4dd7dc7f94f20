"""Fixtures for the performance tests: the same small page tree as the content tests, and
the article the page-cache and fragment-cache tests read."""

import pytest
from django.core.cache import cache

from tests.content.factories import (
    ArticlePageFactory,
    SourceFactory,
    TopicFactory,
    argument,
    build_site_tree,
    cite,
    paragraph,
    pros_cons,
    publish,
)


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


@pytest.fixture
def source():
    return SourceFactory(title="Cameras per thousand people", publisher="Comparitech")


@pytest.fixture
def topic():
    return TopicFactory(name="Street cameras")


@pytest.fixture
def article(site_tree, source, topic):
    page = ArticlePageFactory(
        parent=site_tree.index,
        title="Cameras on every corner",
        body=[
            paragraph(f"<p>The city installed {cite(source)} cameras.</p>"),
            pros_cons(pros=[argument("Fewer thefts", [source])], cons=[argument("No", [source])]),
        ],
        topics=[topic],
    )
    return publish(page)


@pytest.fixture
def neighbour(site_tree, topic):
    """An explainer sharing the article's topic: its first related explainer."""
    return publish(
        ArticlePageFactory(parent=site_tree.index, title="Faces in the crowd", topics=[topic])
    )
