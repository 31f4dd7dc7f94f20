"""In Chromium: no XSS payload runs on the article, the moderation queue, the feeds or search.

Every payload of xss_payloads.txt is stored in a comment's name and text, in article titles,
standfirsts and a topic name (what reaches the feeds), and typed into search. A payload that
ran would open a dialog or add an element with id="xss-marker"; the test listens for both,
and also looks for any payload that became markup (an event handler, a javascript: link).
"""

from urllib.parse import quote, urlencode

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from comments.models import Comment, CommentStatus, HeldReason
from tests.content.factories import ArticlePageFactory, TopicFactory, build_site_tree
from tests.security.xss import MARKER_ID, load_payloads

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = load_payloads()
PASSWORD = "a long and correct password"

# The same idea as tests/security/xss.py, in the page: what a payload that ran left behind.
FIND_INJECTED = """
(marker) => {
    const runs = /alert\\(|prompt\\(|confirm\\(|eval\\(|fetch\\(|atob\\(/;
    const found = [];
    for (const element of document.querySelectorAll('*')) {
        if (element.id === marker) found.push(element.outerHTML.slice(0, 100));
        for (const attribute of element.attributes) {
            const name = attribute.name.toLowerCase();
            if (name.startsWith('on') && runs.test(attribute.value))
                found.push(name + ' on <' + element.localName + '>');
            if (['href', 'src', 'action', 'formaction', 'data'].includes(name)
                && /^\\s*(javascript|vbscript|data:text\\/html)/i.test(attribute.value))
                found.push(name + '=' + attribute.value.slice(0, 60));
        }
    }
    return found;
}
"""


@pytest.fixture
def hostile_site():
    """An article whose comments, and explainers whose titles and standfirsts, are payloads."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(django_settings.LANGUAGE_CODE)
    )
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
    tree = build_site_tree()
    topic = TopicFactory(name="<img src=x onerror=alert('topic')>")
    article = ArticlePageFactory(parent=tree.index, title="Cameras", slug="cameras")
    for number in range(0, len(PAYLOADS), 12):
        chunk = PAYLOADS[number : number + 12]
        explainer = ArticlePageFactory(
            parent=tree.index,
            title=chunk[0][:250],
            slug=f"hostile-{number}",
            standfirst=" ".join(chunk)[:400],
        )
        explainer.topics.add(topic)
        explainer.save_revision().publish()
    Comment.objects.bulk_create(
        Comment(
            article=article,
            display_name=payload[:50],
            body=payload,
            status=CommentStatus.PENDING,
            held_reason=HeldReason.FIRST_TIME,
        )
        for payload in PAYLOADS
    )
    return article


def watch(page):
    """Collect every dialog the page opens (and dismiss it, so nothing blocks)."""
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def assert_nothing_ran(page, dialogs, where):
    page.wait_for_timeout(300)  # let onload/onerror handlers fire, if any could
    assert dialogs == [], f"{where}: {dialogs}"
    assert page.evaluate(FIND_INJECTED, MARKER_ID) == [], where


def test_no_payload_runs_in_the_moderation_queue_or_on_the_article(
    page, live_server, hostile_site, screenshot
):
    dialogs = watch(page)
    get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")

    page.goto(f"{live_server.url}/admin/snippets/comments/comment/?status=pending")
    assert_nothing_ran(page, dialogs, "moderation queue")
    # One payload searched for (the queue's first page shows the newest 50 of them): there,
    # as text.
    page.goto(
        f"{live_server.url}/admin/snippets/comments/comment/?status=pending&q="
        + quote("onerror=alert(11)")
    )
    expect(page.locator("#listing-results tbody")).to_contain_text("<img src=x onerror=alert(11)>")
    assert_nothing_ran(page, dialogs, "moderation queue, searched")
    screenshot("xss-moderation-queue")
    first = Comment.objects.filter(article=hostile_site).order_by("pk").first()
    page.goto(f"{live_server.url}/admin/snippets/comments/comment/inspect/{first.pk}/")
    assert_nothing_ran(page, dialogs, "comment in its thread")

    Comment.objects.filter(article=hostile_site).update(status=CommentStatus.APPROVED)
    page.goto(f"{live_server.url}{hostile_site.url}")
    assert page.locator("text=<script>alert('xss')</script>").count() >= 1
    assert_nothing_ran(page, dialogs, "article with approved comments")
    screenshot("xss-article-comments")


def test_no_payload_runs_from_the_feeds(page, live_server, hostile_site):
    dialogs = watch(page)
    for feed in ("/feeds/rss/", "/feeds/atom/"):
        page.goto(f"{live_server.url}{feed}")  # the XML itself, as the browser shows it
        assert_nothing_ran(page, dialogs, f"{feed} as XML")

        # What a feed reader does: titles as text, descriptions and content as HTML, here in
        # a page with no Content-Security-Policy to hide behind.
        xml = Client().get(feed).content.decode()
        page.set_content("<!doctype html><title>reader</title><main></main>")
        count = page.evaluate(
            """(xml) => {
                const feed = new DOMParser().parseFromString(xml, 'application/xml');
                const main = document.querySelector('main');
                const entries = feed.querySelectorAll('item, entry');
                for (const entry of entries) {
                    const article = document.createElement('article');
                    const title = entry.querySelector('title');
                    const heading = document.createElement('h2');
                    heading.textContent = title ? title.textContent : '';
                    article.append(heading);
                    const parts = 'description, summary, content, encoded';
                    for (const part of entry.querySelectorAll(parts)) {
                        const body = document.createElement('div');
                        body.innerHTML = part.textContent;
                        article.append(body);
                    }
                    main.append(article);
                }
                return entries.length;
            }""",
            xml,
        )
        assert count >= len(PAYLOADS) // 12
        assert_nothing_ran(page, dialogs, f"{feed} rendered as a feed reader would")


def test_no_payload_runs_on_the_search_page(page, live_server, hostile_site):
    dialogs = watch(page)
    for payload in PAYLOADS:
        page.goto(f"{live_server.url}/search/?{urlencode({'q': payload})}")
        assert_nothing_ran(page, dialogs, f"search for {payload!r}")
