"""Fixtures for the comments tests: a published article on the default site, and settings."""

import pytest
from django.core.cache import cache
from wagtail.models import Site

from comments.models import CommentSettings
from tests.content.factories import ArticlePageFactory, build_site_tree


@pytest.fixture(autouse=True)
def _empty_cache():
    """Used form tokens are remembered in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tree(db):
    return build_site_tree()


@pytest.fixture
def article(tree):
    return ArticlePageFactory(
        parent=tree.index,
        title="Chongqing: a city of cameras",
        slug="chongqing",
        discussion_question="How much watching is too much?",
    )


@pytest.fixture
def other_article(tree):
    return ArticlePageFactory(parent=tree.index, title="Shenzhen's buses", slug="shenzhen")


@pytest.fixture
def comment_settings(tree):
    """The site's comment settings; change fields and .save() in a test."""
    return CommentSettings.for_site(Site.objects.get(is_default_site=True))
