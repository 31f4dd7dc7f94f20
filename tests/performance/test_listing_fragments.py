"""The listings' fragment caches: with the HTML cache off, the home page's sections, each page
of cards on the explainers index and a topic, and each page of search results are kept for
anonymous readers (core.page_cache.fragments_for / fragments_for_scope), and every change a
card shows (title, comment count, image, topics, a new explainer) is on the very next
request. Previews and editors never get a kept fragment."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from comments import moderation
from comments.models import CommentStatus
from content.models import ArticlePage
from tests.comments.factories import CommentFactory
from tests.content.factories import ArticlePageFactory, SiteImageFactory, TopicFactory, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragments_on")]


@pytest.fixture
def topic():
    return TopicFactory(name="Street cameras", slug="street-cameras")


@pytest.fixture
def article(site_tree, topic):
    return publish(
        ArticlePageFactory(
            parent=site_tree.index,
            title="Cameras on every corner",
            standfirst="Who watches the street cameras.",
            hero_image=SiteImageFactory(file__filename="first-corner.jpg"),
            topics=[topic],
        )
    )


def read(client, url):
    """The page as a reader gets it, and how many queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


def card_of(html, title):
    """The card whose title links to ``title`` (its whole <article>)."""
    for card in re.findall(r'<article class="card.*?</article>', html, re.DOTALL):
        if f">{title}</a>" in card:
            return card
    raise AssertionError(f"no card titled {title!r}")


LISTINGS = ["/", "/explainers/", "/topics/street-cameras/"]


@pytest.mark.parametrize("url", LISTINGS)
def test_a_second_reader_gets_the_same_listing_with_fewer_queries(client, article, url):
    first, first_queries = read(client, url)
    second, second_queries = read(client, url)
    assert second == first
    assert "Cameras on every corner" in second
    # The cards' articles, topics, images and comment counts are not read again.
    assert second_queries <= first_queries - 2


@pytest.mark.parametrize("url", LISTINGS)
def test_a_retitled_explainer_is_shown_on_its_card_on_the_next_request(client, article, url):
    read(client, url)
    article.title = "Cameras on every street corner"
    article.standfirst = "Who watches them, and who watches the watchers."
    publish(article)
    card = card_of(read(client, url)[0], "Cameras on every street corner")
    assert "Who watches them, and who watches the watchers." in card


@pytest.mark.parametrize("url", LISTINGS)
def test_an_approved_comment_is_counted_on_the_card_on_the_next_request(client, article, url):
    CommentFactory(article=article)
    waiting = CommentFactory(article=article, status=CommentStatus.PENDING)
    assert "1 comment<" in card_of(read(client, url)[0], "Cameras on every corner")
    moderation.approve(waiting)
    assert "2 comments<" in card_of(read(client, url)[0], "Cameras on every corner")


@pytest.mark.parametrize("url", LISTINGS)
def test_a_new_hero_image_is_shown_on_the_card_on_the_next_request(client, article, url):
    assert "first-corner" in card_of(read(client, url)[0], "Cameras on every corner")
    article.hero_image = SiteImageFactory(file__filename="second-corner.jpg")
    publish(article)
    card = card_of(read(client, url)[0], "Cameras on every corner")
    assert "second-corner" in card
    assert "first-corner" not in card


def test_a_new_explainer_is_listed_and_counted_on_the_next_request(client, article, topic):
    read(client, "/explainers/")
    home, _ = read(client, "/")
    assert re.search(r'topic-list__count">1<', home)
    publish(ArticlePageFactory(parent=article.get_parent(), title="Faces", topics=[topic]))
    assert "Faces</a>" in read(client, "/explainers/")[0]
    home, _ = read(client, "/")
    assert "Faces</a>" in home
    assert re.search(r'topic-list__count">2<', home)


def test_each_page_of_the_index_is_kept_apart(client, site_tree):
    for number in range(14):
        publish(ArticlePageFactory(parent=site_tree.index, title=f"Explainer {number:02}"))
    first, _ = read(client, "/explainers/")
    second, _ = read(client, "/explainers/?page=2")
    assert "Explainer 13</a>" in first and "Explainer 00</a>" not in first
    assert "Explainer 00</a>" in second and "Explainer 13</a>" not in second
    assert "Page 2 of 2" in second
    # A number past the end, or not a number, is the last or the first page, kept once.
    assert read(client, "/explainers/?page=99")[0].count("Explainer 00</a>") == 1
    assert "Explainer 13</a>" in read(client, "/explainers/?page=abc")[0]
    assert not [key for key in cache._cache if ":cards:99" in key or ":cards:abc" in key]


def test_editors_never_get_a_kept_card(client, article, admin_user):
    read(client, "/explainers/")
    # A change no signal reports: readers keep the kept card until the next purge ...
    ArticlePage.objects.filter(pk=article.pk).update(standfirst="Changed without a signal.")
    assert "Changed without a signal." not in read(client, "/explainers/")[0]
    # ... an editor's render reads everything afresh.
    client.force_login(admin_user)
    assert "Changed without a signal." in read(client, "/explainers/")[0]
    assert "Changed without a signal." in read(client, "/")[0]


def test_a_preview_of_the_home_page_is_never_kept(client, site_tree, article):
    read(client, "/")
    home = type(site_tree.home).objects.get(pk=site_tree.home.pk)
    ArticlePage.objects.filter(pk=article.pk).update(standfirst="Changed without a signal.")
    preview = home.make_preview_request().content.decode()
    assert "Changed without a signal." in preview
    assert "Changed without a signal." not in read(client, "/")[0]


def test_search_results_are_kept_and_a_retitled_result_shows_on_the_next_request(client, article):
    first, first_queries = read(client, "/search/?q=cameras")
    assert "Cameras on every corner" in first
    second, second_queries = read(client, "/search/?q=cameras")
    assert second == first
    assert second_queries < first_queries
    article.title = "Cameras on every street corner"
    publish(article)
    assert "Cameras on every street corner</a>" in read(client, "/search/?q=cameras")[0]


def test_a_new_search_promotion_shows_on_the_next_request(client, article, site_tree):
    assert "Recommended by the editors" not in read(client, "/search/?q=cameras")[0]
    SearchPromotion.objects.create(
        query=Query.get("cameras"), page=article, description="Chosen by the editors."
    )
    after, _ = read(client, "/search/?q=cameras")
    assert "Chosen by the editors." in after
    # The promoted explainer is not listed again among the other results.
    assert after.count("Cameras on every corner</a>") == 1


def test_an_editor_searching_never_gets_kept_results(client, article, admin_user):
    read(client, "/search/?q=cameras")
    ArticlePage.objects.filter(pk=article.pk).update(title="Renamed without a signal")
    assert "Renamed without a signal" not in read(client, "/search/?q=cameras")[0]
    client.force_login(admin_user)
    assert "Renamed without a signal" in read(client, "/search/?q=cameras")[0]
