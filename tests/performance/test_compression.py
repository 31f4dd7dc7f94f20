"""Compressed HTML (core.middleware.CompressionMiddleware and the HTML cache's compressed
copies): what readers get for each Accept-Encoding, and what is never compressed (BREACH)."""

import gzip
import re

import brotli
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache

from tests.comments.factories import CommentFactory, post_comment
from tests.content.factories import ArticlePageFactory, paragraph, publish

pytestmark = pytest.mark.django_db

BROWSER = "gzip, deflate, br, zstd"


def without_form_tokens(html):
    """The page minus its comment-form tokens, which name the second they were signed."""
    return re.sub(rb'name="form_token" value="[^"]*"', b'name="form_token"', html)


def decoded(response):
    body = response.content
    encoding = response.headers.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(body)
    if encoding == "gzip":
        return gzip.decompress(body)
    assert encoding is None, encoding
    return body


@pytest.fixture
def article(site_tree):
    page = ArticlePageFactory(
        parent=site_tree.index,
        title="Cameras on every corner",
        body=[paragraph("<p>The city installed cameras on every street corner.</p>")] * 20,
    )
    return publish(page)


@pytest.fixture(params=[0, 300], ids=["uncached", "html-cache"])
def html_cache(request, settings):
    settings.HTML_CACHE_SECONDS = request.param
    cache.clear()
    yield request.param
    cache.clear()


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (BROWSER, "br"),
        ("gzip", "gzip"),
        ("gzip;q=1.0, br;q=0.5", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("*", "br"),
        ("identity", None),
        ("", None),
        ("gzip;q=0, br;q=0", None),
    ],
)
def test_each_client_gets_the_encoding_it_asked_for(client, article, html_cache, accept, expected):
    plain = client.get(article.url).content  # the first request renders (and may cache) it
    for _ in range(2):  # a miss, then a hit when the HTML cache is on
        response = client.get(article.url, headers={"Accept-Encoding": accept})
        assert response.status_code == 200
        assert response.headers.get("Content-Encoding") == expected
        assert "Accept-Encoding" in response.headers["Vary"]
        assert without_form_tokens(decoded(response)) == without_form_tokens(plain)
        assert int(response.headers["Content-Length"]) == len(response.content)


def test_the_html_cache_never_serves_compressed_bytes_to_a_client_that_did_not_ask(
    client, article, settings
):
    settings.HTML_CACHE_SECONDS = 300
    client.get(article.url)  # the first view ever creates the comment settings: a purge
    cache.clear()
    first = client.get(article.url, headers={"Accept-Encoding": "br"})
    assert first["X-Cache"] == "miss"
    assert first["Content-Encoding"] == "br"
    for accept in ("", "gzip"):
        response = client.get(article.url, headers={"Accept-Encoding": accept})
        assert response["X-Cache"] == "hit"  # compressed from the plain copy, not rendered
        assert response.headers.get("Content-Encoding") == (accept or None)
        assert b"Cameras on every corner" in decoded(response)


def test_compressed_article_is_much_smaller(client, article):
    plain = client.get(article.url)
    compressed = client.get(article.url, headers={"Accept-Encoding": BROWSER})
    assert len(compressed.content) < len(plain.content) / 3


# --- Never compressed: anything that may hold a secret (BREACH) ------------------------------


def test_pages_for_a_signed_in_editor_are_not_compressed(client, article, admin_user):
    client.force_login(admin_user)
    for url in [article.url, "/admin/", "/admin/pages/"]:
        response = client.get(url, headers={"Accept-Encoding": BROWSER})
        assert response.status_code == 200, url
        assert "Content-Encoding" not in response, url


def test_a_page_holding_a_csrf_token_is_not_compressed(client, db):
    response = client.get("/admin/login/", headers={"Accept-Encoding": BROWSER})
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response


def test_a_comment_form_sent_back_is_not_compressed(client, article):
    """A form sent back holds what its sender wrote, their private key included."""
    response = post_comment(
        client,
        article,
        body="",  # refused: the form comes back with the reader's words
        headers={"Accept-Encoding": BROWSER},
    )
    assert response.status_code == 400
    assert "Content-Encoding" not in response


def test_the_private_link_page_is_not_compressed(client, article):
    response = post_comment(client, article, body="Who keeps the footage, and for how long?")
    assert response.status_code == 302
    receipt = client.get(response["Location"], headers={"Accept-Encoding": BROWSER})
    assert receipt.status_code == 200
    assert b"/comments/manage/" in receipt.content  # the private link
    assert "Content-Encoding" not in receipt


def test_public_pages_and_feeds_are_compressed(client, article):
    CommentFactory(article=article)
    for url in [article.url, "/", "/explainers/", "/feeds/rss/", "/search/?q=cameras"]:
        response = client.get(url, headers={"Accept-Encoding": BROWSER})
        assert response.status_code == 200, url
        assert response["Content-Encoding"] == "br", url


# --- First-load weight (issue 6: HTML + CSS + JS at most 60 KB compressed) -------------------


def test_the_demo_article_with_its_css_and_js_is_at_most_60_kb_compressed(client, demo_site):
    """What a first visit downloads as text: the HTML as this middleware sends it, and each
    stylesheet and script as WhiteNoise sends it (brotli, compressed by collectstatic)."""
    response = client.get(
        "/explainers/chongqing-surveillance/", headers={"Accept-Encoding": BROWSER}
    )
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    html = decoded(response).decode()
    assets = re.findall(r'(?:href|src)="/static/([^"?]+\.(?:css|js))"', html)
    assert assets, "no stylesheet or script found"
    total = len(response.content)
    for asset in assets:
        with open(finders.find(asset), "rb") as file:
            total += len(brotli.compress(file.read()))
    assert total <= 60 * 1024, f"{total / 1024:.1f} KB"
    assert settings.STATIC_URL == "/static/"
