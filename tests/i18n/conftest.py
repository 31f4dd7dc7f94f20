"""Fixtures for the translation tests: the compiled catalogue, and a small site to render."""

import sys
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import trans_real

from explainer import locale as locale_middleware
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
def chinese(monkeypatch, client):
    """Everything rendered inside the test is in Simplified Chinese, the English test pages
    included, so the interface can be checked on the small English site these tests build:
    the client asks for a reader's address under /zh-hans/ (where a page with no Chinese
    translation is served from the English tree), and every other address is read as a
    Chinese one (explainer.locale). What a reader of the real Chinese pages sees is
    tests/i18n/test_content_locales.py's."""
    monkeypatch.setattr(locale_middleware, "language_of_path", lambda path_info: "zh-hans")
    generic = client.generic

    def in_chinese(method, path, *args, **kwargs):
        # An address inside i18n_patterns (explainer.urls) resolves only with the prefix.
        if path.startswith("/") and not path.startswith("/zh-hans/"):
            try:
                resolve(path.split("?")[0])
            except Resolver404:
                path = f"/zh-hans{path}"
        return generic(method, path, *args, **kwargs)

    monkeypatch.setattr(client, "generic", in_chinese)
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
