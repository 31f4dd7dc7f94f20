"""Fixtures for the translation tests: the compiled catalogue, and a small site to render."""

import sys
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from tests.content.factories import (
    ArticlePageFactory,
    SourceFactory,
    TopicFactory,
    argument,
    build_site_tree,
    cite,
    heading,
    paragraph,
    pros_cons,
)

LOCALE = Path(__file__).resolve().parents[2] / "locale"
sys.path.insert(0, str(LOCALE))

from msgfmt import compile_file  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues():
    """`make test` compiles the catalogues first; a bare `pytest` run may not have: build
    any .mo that is missing or older than its .po, as `make compilemessages` would."""
    for po_path in LOCALE.glob("*/LC_MESSAGES/django.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            compile_file(po_path, mo_path)
    # Catalogues read before the .mo existed would be cached empty for the whole run.
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture
def chinese():
    """Everything rendered inside the test is in Simplified Chinese."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def site_tree(db):
    return build_site_tree()


@pytest.fixture
def article(site_tree):
    source = SourceFactory(publisher="Chongqing Daily")
    topic = TopicFactory(name="Facial recognition", slug="facial-recognition")
    return ArticlePageFactory(
        parent=site_tree.index,
        title="How Chongqing watches its people",
        slug="chongqing",
        topics=[topic],
        discussion_question="How much watching is too much?",
        body=[
            heading("The city"),
            paragraph(f"<p>Chongqing is {cite(source, 'a megacity')} in China.</p>"),
            pros_cons(
                pros=[argument("Faster response", [source])],
                cons=[argument("No privacy in public", [source], evidence="alleged")],
            ),
        ],
    )
