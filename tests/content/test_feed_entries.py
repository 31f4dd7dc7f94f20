"""Stored feed entries (content.models.feeds): each explainer's feed content is rendered once
and read back, never stale, never missing, and the same as a fresh render."""

import datetime
import re

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale, Page

from content.editorial.source_health import LinkCheckResult, record_check
from content.models import ArticlePage, FeedEntry, FeedGeneration, Source
from tests.content.factories import (
    ArticlePageFactory,
    SourceFactory,
    TopicFactory,
    argument,
    cite,
    paragraph,
    pros_cons,
    publish,
)

pytestmark = pytest.mark.django_db

# The weighing forms' tokens carry the second they were issued: two renders a second apart
# differ there and nowhere else.
_TOKEN = re.compile(rb'name="token" value="[^"]*"|name=&quot;token&quot; value=&quot;[^&]*&quot;')


def without_tokens(content):
    return _TOKEN.sub(b'name="token"', content)


@pytest.fixture
def source():
    return SourceFactory(title="Inside the world's most surveilled city", publisher="Daily Mail")


def explainer(site_tree, source, slug="chongqing", words="Cameras line the streets", day=1):
    return ArticlePageFactory(
        parent=site_tree.index,
        title=f"Explainer {slug}",
        slug=slug,
        first_published=datetime.date(2025, 6, day),
        body=[
            paragraph(f"<p>{words}, {cite(source, 'one report says')}.</p>"),
            pros_cons(
                pros=[argument("Faster response", [source])],
                cons=[argument("No privacy in public", [source])],
            ),
        ],
    )


def fetch_parsed(client, name="feed_rss", path=None):
    response = client.get(path or reverse(name))
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return response, parsed


def feed_content(client, name="feed_rss", path=None):
    response, parsed = fetch_parsed(client, name, path)
    return response, {entry.title: entry.content[0].value for entry in parsed.entries}


def test_publishing_an_explainer_stores_its_feed_entry(
    site_tree, source, django_capture_on_commit_callbacks
):
    page = explainer(site_tree, source)
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    entry = FeedEntry.objects.get(page=page)
    assert entry.revision_id == ArticlePage.objects.get(pk=page.pk).live_revision_id
    assert entry.language == "en-gb"  # the language /feeds/rss/ is served in
    assert entry.base_url == "http://testserver"
    assert entry.generation == FeedGeneration.current()
    assert "Cameras line the streets" in entry.html
    assert 'href="http://testserver/explainers/chongqing/#source-1"' in entry.html


def test_the_feed_serves_what_was_stored_on_publish(
    client, site_tree, source, django_capture_on_commit_callbacks
):
    page = explainer(site_tree, source)
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    # What the feed shows is the stored row: changed behind the renderer's back, it shows.
    FeedEntry.objects.filter(page=page).update(html="<p>Stored copy</p>")
    _, contents = feed_content(client)
    assert contents == {"Explainer chongqing": "<p>Stored copy</p>"}


@pytest.mark.parametrize("name", ["feed_rss", "feed_atom"])
def test_stored_entries_give_the_same_feed_as_a_fresh_render(client, site_tree, source, name):
    for day, slug in enumerate(["chongqing", "shenzhen", "urumqi"], start=1):
        publish(explainer(site_tree, source, slug=slug, day=day))
    FeedEntry.objects.all().delete()
    fresh = client.get(reverse(name)).content  # every entry rendered in this request
    assert FeedEntry.objects.count() == 3
    stored = client.get(reverse(name)).content  # every entry read back
    assert b"Cameras line the streets" in stored
    assert without_tokens(stored) == without_tokens(fresh)


def test_a_republished_explainer_shows_its_new_text(client, site_tree, source):
    page = publish(explainer(site_tree, source))
    _, before = feed_content(client)
    assert "Cameras line the streets" in before["Explainer chongqing"]

    page.body = [paragraph(f"<p>Every lamppost has a lens, {cite(source, 'it says')}.</p>")]
    publish(page)
    _, after = feed_content(client)
    assert "Every lamppost has a lens" in after["Explainer chongqing"]
    assert "Cameras line the streets" not in after["Explainer chongqing"]


def test_editing_a_cited_source_changes_the_feed(client, site_tree, source):
    publish(explainer(site_tree, source))
    _, before = feed_content(client)
    assert "Daily Mail" in before["Explainer chongqing"]

    source.publisher = "The Chongqing Evening Post"
    source.save()
    _, after = feed_content(client)
    assert "The Chongqing Evening Post" in after["Explainer chongqing"]
    assert "Daily Mail" not in after["Explainer chongqing"]


def test_renaming_a_topic_renames_the_entries_category(client, site_tree, source):
    topic = TopicFactory(name="Facial recognition")
    page = explainer(site_tree, source)
    page.topics.set([topic])
    publish(page)
    _, parsed = fetch_parsed(client)
    assert [tag.term for tag in parsed.entries[0].tags] == ["Facial recognition"]

    topic.name = "Face recognition"
    topic.save()
    _, parsed = fetch_parsed(client)
    assert [tag.term for tag in parsed.entries[0].tags] == ["Face recognition"]


def test_a_page_it_links_to_given_a_new_address_is_linked_there(client, site_tree, source):
    """A change to another page (here: its slug) renders the entries again."""
    about = publish(site_tree.about)
    page = explainer(site_tree, source)
    page.body = [paragraph(f'<p>See <a linktype="page" id="{about.pk}">our methods</a>.</p>')]
    publish(page)
    _, before = feed_content(client)
    assert 'href="http://testserver/about/"' in before["Explainer chongqing"]

    about.slug = "methods"
    publish(about)
    _, after = feed_content(client)
    assert 'href="http://testserver/methods/"' in after["Explainer chongqing"]
    assert 'href="http://testserver/about/"' not in after["Explainer chongqing"]


def test_a_feed_with_no_stored_entries_renders_and_stores_them(client, site_tree, source):
    for day in range(1, 4):
        publish(explainer(site_tree, source, slug=f"city-{day}", day=day))
    FeedEntry.objects.all().delete()
    _, contents = feed_content(client)
    assert len(contents) == 3
    assert FeedEntry.objects.count() == 3
    assert all("Cameras line the streets" in html for html in contents.values())


def test_entries_of_an_older_generation_are_rendered_again(client, site_tree, source):
    page = publish(explainer(site_tree, source))
    feed_content(client)
    FeedEntry.objects.filter(page=page).update(html="<p>Old generation</p>")
    FeedGeneration.advance()
    _, contents = feed_content(client)
    assert "Cameras line the streets" in contents["Explainer chongqing"]
    assert FeedEntry.objects.get(page=page).generation == FeedGeneration.current()


def test_entries_follow_the_public_address(client, settings, site_tree, source):
    publish(explainer(site_tree, source))
    feed_content(client)
    settings.SITE_BASE_URL = "https://explained.example"
    _, contents = feed_content(client)
    html = contents["Explainer chongqing"]
    assert 'href="https://explained.example/explainers/chongqing/#source-1"' in html
    assert "http://testserver" not in html
    assert set(FeedEntry.objects.values_list("base_url", flat=True)) == {
        "http://testserver",
        "https://explained.example",
    }


def feed_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_a_stored_feed_costs_few_queries_whatever_its_length(client, site_tree, source):
    publish(explainer(site_tree, source, slug="first"))
    feed_content(client)  # renders and stores
    one = feed_queries(client, reverse("feed_rss"))
    for day in range(2, 23):
        publish(explainer(site_tree, source, slug=f"city-{day}", day=day % 28 + 1))
    feed_content(client)
    twenty = feed_queries(client, reverse("feed_rss"))
    assert twenty == one
    assert twenty <= 8


def test_the_chinese_feed_stores_chinese_entries(client, demo_site):
    english, chinese_path = feed_content(client), "/zh-hans/feeds/rss/"
    response, chinese = feed_content(client, path=chinese_path)
    assert chinese, "the demo has Chinese explainers"
    zh_pages = ArticlePage.objects.live().filter(locale=Locale.objects.get(language_code="zh-hans"))
    stored = FeedEntry.objects.filter(page__in=zh_pages)
    assert set(stored.values_list("language", flat=True)) == {"zh-hans"}
    assert "来源" in response.content.decode()  # "Sources", in Chinese
    again, _ = feed_content(client, path=chinese_path)
    assert without_tokens(again.content) == without_tokens(response.content)
    assert english[1] and not set(english[1]) & set(chinese)


def test_render_feed_entries_renders_every_live_explainer(site_tree, source):
    from django.core.management import call_command

    for day in range(1, 4):
        publish(explainer(site_tree, source, slug=f"city-{day}", day=day))
    ArticlePageFactory(parent=site_tree.index, slug="draft", live=False)
    FeedEntry.objects.all().delete()
    call_command("render_feed_entries", verbosity=0)
    live = set(ArticlePage.objects.live().values_list("pk", flat=True))
    assert set(FeedEntry.objects.values_list("page_id", flat=True)) == live
    assert Page.objects.filter(pk__in=live).count() == 3


def test_an_entry_carries_the_arguments_but_no_weighing_form(client, site_tree, source):
    """A feed reader cannot weigh an argument: the entry has the arguments, not the forms
    (nor a time-stamped token frozen into the stored copy)."""
    publish(explainer(site_tree, source))
    for _ in range(2):  # rendered, then read back from the store
        _, contents = feed_content(client)
        entry = contents["Explainer chongqing"]
        assert "Faster response" in entry and "No privacy in public" in entry
        assert "<form" not in entry and 'name="token"' not in entry


def test_a_source_found_dead_sends_feed_readers_to_the_archived_copy(client, site_tree):
    source = SourceFactory(
        url="https://news.example.org/gone", archive_url="https://archive.example.org/copy"
    )
    publish(explainer(site_tree, source))
    _, before = feed_content(client)
    assert "Original link dead" not in before["Explainer chongqing"]

    # The daily check stores its result with an update(), which sends no signal.
    record_check(source, LinkCheckResult(Source.LinkStatus.DEAD, 404, source.url, "gone"))
    _, after = feed_content(client)
    assert "Original link dead" in after["Explainer chongqing"]
