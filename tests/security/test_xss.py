"""Every XSS payload, typed into every comment field and into search, comes out as text.

This is the fast, HTML-level check that runs with the suite; test_xss_browser.py confirms
in Chromium that nothing runs on the article, the moderation queue, the feeds and search.
"""

import time

import feedparser
import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import Site

from comments.models import Comment, CommentReport, CommentSettings, CommentStatus
from comments.tokens import issue_form_token
from tests.content.factories import ArticlePageFactory, build_site_tree
from tests.security.xss import injected_markup, load_payloads

PAYLOADS = load_payloads()
SAME_SITE = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}


def test_the_corpus_holds_at_least_a_hundred_distinct_payloads():
    assert len(set(PAYLOADS)) >= 100


def test_the_inertness_check_catches_a_payload_that_became_markup():
    assert injected_markup('<p><img src=x onerror="alert(1)"></p>')
    assert injected_markup('<b id="xss-marker">x</b>')
    assert injected_markup('<a href=" javascript:alert(1)">x</a>')
    assert not injected_markup("<p>&lt;img src=x onerror=alert(1)&gt;</p>")


@pytest.fixture
def article(db):
    cache.clear()
    tree = build_site_tree()
    comment_settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    comment_settings.rate_limit_per_article = 10_000
    comment_settings.rate_limit_per_client = 10_000
    comment_settings.save()
    return ArticlePageFactory(parent=tree.index, title="Cameras", slug="cameras")


def post(client, article, number, **fields):
    data = {
        "article": str(article.pk),
        "form_token": issue_form_token(article.pk, started=time.time() - 60, unique=True),
        "display_name": "Reader",
        "body": "A comment.",
        "email": "",
        "website": "",
        **fields,
    }
    return client.post(
        "/comments/post/",
        data,
        headers=SAME_SITE,
        REMOTE_ADDR=f"10.{number // 250}.{number % 250}.1",
    )


def test_payloads_in_every_comment_field_are_shown_as_text(article, admin_client):
    client = Client()
    for number, payload in enumerate(PAYLOADS):
        for field in ("display_name", "body", "email"):
            response = post(
                client,
                article,
                number * 3 + ["display_name", "body", "email"].index(field),
                **{field: payload[:50] if field == "display_name" else payload},
            )
            assert response.status_code < 500, (field, payload)
            if response.status_code >= 400:
                # The form comes back with the reader's text: as text.
                assert injected_markup(response.content.decode()) == [], (field, payload)
    posted = Comment.objects.filter(article=article)
    assert posted.count() >= len(PAYLOADS)
    for comment in posted:
        CommentReport.objects.create(comment=comment, reason="other", details=comment.body[:500])
    held = list(posted.values_list("pk", flat=True))

    queue = admin_client.get("/admin/snippets/comments/comment/?status=all")
    assert queue.status_code == 200
    assert injected_markup(queue.content.decode()) == []

    posted.update(status=CommentStatus.APPROVED)
    page = Client().get(article.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert injected_markup(html) == []
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in html or "&lt;script&gt;" in html
    assert len(held) >= len(PAYLOADS)


def test_payloads_in_search_are_shown_as_text(article):
    client = Client()
    for payload in PAYLOADS:
        response = client.get("/search/", {"q": payload})
        assert response.status_code == 200, payload
        assert injected_markup(response.content.decode()) == [], payload


def test_a_standfirst_reaches_feed_readers_as_text_not_markup(article):
    """Feed readers render a description as HTML: plain-text fields must arrive escaped."""
    article.standfirst = "<img src=x onerror=alert(1)> & <b id=xss-marker>bold</b>"
    article.save_revision().publish()
    for feed in ("/feeds/rss/", "/feeds/atom/"):
        parsed = feedparser.parse(Client().get(feed).content, sanitize_html=False)
        description = parsed.entries[0].summary
        assert injected_markup(description) == [], feed
        assert "&lt;img src=x onerror=alert(1)&gt;" in description, feed
