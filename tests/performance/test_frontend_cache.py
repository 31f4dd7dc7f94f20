"""CDN purges (wagtail.contrib.frontend_cache): a real HTTP server on 127.0.0.1 stands in for
the CDN and records every PURGE it receives, as Varnish or nginx would."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from wagtail.models import Page

from comments import moderation
from comments.models import CommentStatus
from tests.comments.factories import CommentFactory
from tests.content.factories import (
    ArticlePageFactory,
    TopicFactory,
    argument,
    pros_cons,
    publish,
)
from tests.test_settings_and_headers import read_setting

pytestmark = pytest.mark.django_db


class PurgeRecorder(BaseHTTPRequestHandler):
    """Answers PURGE with 200 and remembers (Host, path) of each."""

    received = None  # set per server

    def do_PURGE(self):
        self.server.received.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield server
    server.shutdown()
    server.server_close()


def purged_paths(cdn):
    return {path for _, path in cdn.received}


@pytest.fixture
def topic():
    return TopicFactory(name="Street cameras")


@pytest.fixture
def article(site_tree, topic):
    page = ArticlePageFactory(
        parent=site_tree.index,
        title="Cameras on every corner",
        slug="cameras",
        body=[pros_cons(pros=[argument("Fewer thefts", [])], cons=[argument("Less privacy", [])])],
        topics=[topic],
    )
    return publish(page)


LISTINGS = {"/", "/feeds/rss/", "/feeds/atom/", "/sitemap.xml"}


def test_publishing_purges_the_article_and_everything_that_lists_it(cdn, site_tree, article):
    cdn.received.clear()
    article.title = "Cameras on every street corner"
    publish(article)

    paths = purged_paths(cdn)
    assert article.url in paths
    assert site_tree.index.url in paths
    assert paths >= LISTINGS
    assert {"/topics/street-cameras/", "/topics/street-cameras/rss/"} <= paths
    # Its pros/cons block's card (content.embeds), by the article's id and by its slug.
    card = article.body[0].id
    assert {f"/embed/{article.pk}/{card}/", f"/embed/cameras/{card}/"} <= paths
    assert {host for host, _ in cdn.received} == {"testserver"}  # SITE_BASE_URL's host name
    assert len(cdn.received) == len(paths)  # each address once


def test_renaming_a_topic_purges_its_pages_and_the_sitemap(cdn, site_tree, article, topic):
    cdn.received.clear()
    topic.slug = "cameras-in-the-street"
    topic.save()

    paths = purged_paths(cdn)
    assert {"/topics/cameras-in-the-street/", "/topics/cameras-in-the-street/rss/"} <= paths
    # The sitemap lists the topic pages (content.sitemaps): its index and topics section too.
    assert {"/sitemap.xml", "/sitemap-topics.xml"} <= paths


def test_every_page_of_the_explainers_index_is_purged(cdn, site_tree, article):
    for number in range(13):  # with the article: 14 explainers, two pages of 12
        publish(ArticlePageFactory(parent=site_tree.index, title=f"Explainer {number}"))
    cdn.received.clear()
    publish(article)
    assert f"{site_tree.index.url}?page=2" in purged_paths(cdn)


def test_unpublishing_purges_the_article_and_its_listings(cdn, site_tree, article):
    cdn.received.clear()
    Page.objects.get(pk=article.pk).specific.unpublish()
    paths = purged_paths(cdn)
    assert {article.url, site_tree.index.url} | LISTINGS <= paths


def test_deleting_and_moving_purge_old_and_new_addresses(cdn, site_tree, article):
    cdn.received.clear()
    Page.objects.get(pk=site_tree.about.pk).move(site_tree.index, pos="last-child")
    assert {"/about/", "/explainers/about/", "/", site_tree.index.url} <= purged_paths(cdn)

    cdn.received.clear()
    Page.objects.get(pk=article.pk).specific.delete()
    assert {article.url, site_tree.index.url} | LISTINGS <= purged_paths(cdn)


def test_a_comment_appearing_or_leaving_purges_the_article(cdn, site_tree, article):
    cdn.received.clear()
    comment = CommentFactory(article=article, status=CommentStatus.PENDING)
    assert cdn.received == []  # waiting for moderation: readers see nothing new
    moderation.approve(comment)
    assert {article.url, site_tree.index.url} <= purged_paths(cdn)
    cdn.received.clear()
    moderation.reject(comment)
    assert article.url in purged_paths(cdn)


def test_nothing_is_sent_without_a_configured_cdn(settings, site_tree, article):
    settings.WAGTAILFRONTENDCACHE = {}
    publish(article)  # would fail on a connection error if it tried to purge anything


# --- Settings from the environment ----------------------------------------------------------


def test_frontend_cache_backends_come_from_the_environment():
    backends = read_setting(
        "explainer.settings.base",
        "sorted((name, b['BACKEND'].rsplit('.', 1)[1]) for name, b in "
        "s.WAGTAILFRONTENDCACHE.items()), s.WAGTAILFRONTENDCACHE['http']['LOCATION'], "
        "s.WAGTAILFRONTENDCACHE['cloudflare']['ZONEID']",
        FRONTEND_CACHE_PURGE_URL="http://varnish.internal:6081",
        CLOUDFLARE_ZONE_ID="zone-123",
        CLOUDFLARE_API_TOKEN="token-456",
        CLOUDFRONT_DISTRIBUTION_ID="E1234",
    )
    assert backends == (
        "[('cloudflare', 'CloudflareBackend'), ('cloudfront', 'CloudfrontBackend'), "
        "('http', 'HTTPBackend')] http://varnish.internal:6081 zone-123"
    )
    assert read_setting("explainer.settings.base", "s.WAGTAILFRONTENDCACHE") == "{}"


# --- What a CDN may keep ---------------------------------------------------------------------


def test_readers_pages_may_be_kept_by_a_cdn_and_editors_pages_may_not(
    client, settings, article, admin_user
):
    settings.HTML_CACHE_SECONDS = 300
    reader = client.get(article.url)
    assert "public" in reader["Cache-Control"]
    assert "s-maxage=300" in reader["Cache-Control"]
    client.force_login(admin_user)
    editor = client.get(article.url)
    assert editor.status_code == 200
    assert "private" in editor["Cache-Control"]
    assert "s-maxage" not in editor["Cache-Control"]
