"""The anonymous page cache (core.page_cache): what is cached, for whom, and that every change
a reader could see is visible on the very next request."""

import pytest
from django.core.cache import cache
from wagtail.models import Page

from comments import moderation
from comments.models import CommentSettings, CommentStatus
from tests.comments.factories import CommentFactory
from tests.content.factories import (
    publish,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def html_cache_on(settings):
    settings.HTML_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def served(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_an_anonymous_page_is_served_from_the_cache_the_second_time(client, article):
    client.get(article.url)  # the first view ever creates the comment settings: a purge
    cache.clear()
    first = served(client, article.url)
    second = served(client, article.url)
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert "s-maxage=300" in second["Cache-Control"]
    assert "Content-Security-Policy" in second  # the security headers still apply to hits
    assert not second.cookies


def test_nothing_is_cached_when_the_setting_is_zero(client, article, settings):
    settings.HTML_CACHE_SECONDS = 0
    served(client, article.url)
    assert "X-Cache" not in served(client, article.url)


def test_editors_posts_search_and_comment_views_are_never_cached(client, article, admin_user):
    for url in ["/search/?q=cameras", "/comments/post/"]:
        client.get(url)
        assert "X-Cache" not in client.get(url), url
    client.force_login(admin_user)
    served(client, article.url)
    assert "X-Cache" not in served(client, article.url)


def test_publishing_a_change_is_visible_on_the_next_request(client, site_tree, article):
    served(client, article.url)
    served(client, site_tree.index.url)
    article.title = "Cameras on every street corner"
    publish(article)
    assert "Cameras on every street corner" in served(client, article.url).content.decode()
    assert "Cameras on every street corner" in served(client, site_tree.index.url).content.decode()
    assert "Cameras on every street corner" in served(client, "/feeds/rss/").content.decode()


def test_unpublishing_removes_the_article_from_listings_at_once(client, site_tree, article):
    served(client, site_tree.index.url)
    served(client, "/sitemap.xml")
    Page.objects.get(pk=article.pk).specific.unpublish()
    assert article.title not in served(client, site_tree.index.url).content.decode()
    assert article.url not in served(client, "/sitemap.xml").content.decode()
    assert client.get(article.url).status_code == 404


def test_deleting_and_moving_pages_purge(client, site_tree, article):
    served(client, "/")
    served(client, site_tree.about.url)
    about_title = site_tree.about.title
    about = Page.objects.get(pk=site_tree.about.pk)
    about.move(site_tree.index, pos="last-child")
    assert client.get("/about/").status_code != 200  # Wagtail redirects the old address
    served(client, site_tree.index.url)
    Page.objects.get(pk=article.pk).delete()
    assert article.title not in served(client, site_tree.index.url).content.decode()
    assert about_title in served(client, "/explainers/about/").content.decode()


def test_editing_a_source_or_topic_shows_on_the_next_request(client, article, source, topic):
    served(client, article.url)
    served(client, topic.get_absolute_url())
    source.publisher = "Chongqing Evening News"
    source.save()
    assert "Chongqing Evening News" in served(client, article.url).content.decode()
    topic.description = "Who watches the cameras, and who watches them."
    topic.save()
    page = served(client, topic.get_absolute_url()).content.decode()
    assert "Who watches the cameras, and who watches them." in page


@pytest.mark.parametrize(
    ("status", "change"),
    [
        pytest.param(CommentStatus.PENDING, moderation.approve, id="approved"),
        pytest.param(CommentStatus.APPROVED, moderation.reject, id="rejected"),
        pytest.param(CommentStatus.APPROVED, lambda comment: comment.delete(), id="deleted"),
    ],
)
def test_a_comment_changing_status_shows_on_the_next_request(client, article, status, change):
    comment = CommentFactory(article=article, body="Who keeps the footage?", status=status)
    before = "Who keeps the footage?" in served(client, article.url).content.decode()
    change(comment)
    after = "Who keeps the footage?" in served(client, article.url).content.decode()
    assert before != after


def test_a_comment_hidden_by_reader_reports_leaves_the_page(client, article):
    comment_settings = CommentSettings.for_site(article.get_site())
    comment_settings.report_threshold = 1
    comment_settings.save()
    comment = CommentFactory(article=article, body="Who keeps the footage?")
    assert "Who keeps the footage?" in served(client, article.url).content.decode()
    moderation.report(comment, reason="spam", client_key="reader-1")
    assert "Who keeps the footage?" not in served(client, article.url).content.decode()


def test_a_new_comment_waiting_for_moderation_does_not_purge(client, article):
    client.get(article.url)  # the first view ever creates the comment settings: a purge
    served(client, article.url)
    CommentFactory(article=article, status=CommentStatus.PENDING)
    assert served(client, article.url)["X-Cache"] == "hit"


def test_changing_a_site_setting_purges(client, article):
    served(client, article.url)
    settings_row = CommentSettings.for_site(article.get_site())
    settings_row.save()
    assert served(client, article.url)["X-Cache"] == "miss"
