"""The home page, the explainers index and topic pages: what each card shows, paging."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import CommentStatus
from content.models import ArticleIndexPage
from tests.comments.factories import CommentFactory
from tests.content.factories import ArticlePageFactory, SiteImageFactory, TopicFactory, publish

pytestmark = pytest.mark.django_db


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def make_articles(site_tree, count, topics=(), start=datetime.date(2025, 1, 1), **kwargs):
    return [
        publish(
            ArticlePageFactory(
                parent=site_tree.index,
                title=f"Explainer {start + datetime.timedelta(days=number)}",
                first_published=start + datetime.timedelta(days=number),
                topics=list(topics),
                **kwargs,
            )
        )
        for number in range(count)
    ]


def card_titles(soup, selector=".card"):
    return [card.select_one(".card__title").get_text(strip=True) for card in soup.select(selector)]


# --- Home ------------------------------------------------------------------------------------


def test_home_shows_statement_editors_lead_latest_and_topics(client, site_tree):
    china = TopicFactory(name="China")
    older, middle, newest = make_articles(site_tree, 3, topics=[china])
    site_tree.home.lead_article = older
    publish(site_tree.home)

    soup = read(client, "/")

    assert site_tree.home.statement in soup.select_one(".home__statement").get_text()
    assert card_titles(soup, ".home__lead .card") == [older.title]
    assert card_titles(soup, ".home__latest .card") == [newest.title, middle.title]
    topic_link = soup.select_one(".home__topics a")
    assert topic_link["href"] == "/topics/china/"
    assert " ".join(topic_link.get_text(" ", strip=True).split()) == "China 3 explainers"
    assert soup.select_one(".home__all a")["href"] == site_tree.index.url


def test_home_leads_with_the_newest_when_the_pick_is_unpublished(client, site_tree):
    older, newest = make_articles(site_tree, 2)
    site_tree.home.lead_article = older
    publish(site_tree.home)
    older.unpublish()

    soup = read(client, "/")

    assert card_titles(soup, ".home__lead .card") == [newest.title]
    assert card_titles(soup, ".home__latest .card") == []


# --- What a card shows ------------------------------------------------------------------------


def test_card_shows_title_standfirst_date_reading_time_topics_and_comment_count(client, site_tree):
    faces = TopicFactory(name="Facial recognition")
    [article] = make_articles(site_tree, 1, topics=[faces])
    CommentFactory.create_batch(2, article=article)
    CommentFactory(article=article, status=CommentStatus.PENDING)  # not counted: not shown

    for url in (site_tree.index.url, "/topics/facial-recognition/", "/"):
        card = read(client, url).select_one(".card")
        assert card.select_one(".card__title a")["href"] == article.url, url
        assert article.standfirst in card.select_one(".card__standfirst").get_text(), url
        meta = " ".join(card.select_one(".card__meta").get_text(" ", strip=True).split())
        assert meta == "1 January 2025 · 1 min read · 2 comments", url
        assert card.select_one("time")["datetime"] == "2025-01-01", url
        assert [a.get_text() for a in card.select(".topic-tags a")] == ["Facial recognition"]


def test_article_header_shows_its_comment_count_linking_to_the_discussion(client, site_tree):
    [article] = make_articles(site_tree, 1)
    CommentFactory(article=article)

    link = read(client, article.url).select_one(".article-meta a[href='#comments']")

    assert link.get_text(strip=True) == "1 comment"


@pytest.mark.parametrize("url_of", [lambda tree: tree.index.url, lambda tree: "/topics/china/"])
def test_listing_query_count_does_not_grow_with_the_number_of_articles(client, site_tree, url_of):
    china, faces = TopicFactory(name="China"), TopicFactory(name="Faces")

    def queries_for_listing():
        client.get(url_of(site_tree))  # first view makes the image renditions
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url_of(site_tree))
        return len(queries), response

    for article in make_articles(
        site_tree, 2, topics=[china, faces], hero_image=SiteImageFactory()
    ):
        CommentFactory.create_batch(2, article=article)
    few, _ = queries_for_listing()
    more = make_articles(
        site_tree, 6, topics=[china, faces], start=datetime.date(2024, 1, 1)
    ) + make_articles(site_tree, 2, topics=[china], start=datetime.date(2023, 1, 1))
    for article in more[:4]:
        article.hero_image = SiteImageFactory()
        publish(article)
        CommentFactory.create_batch(3, article=article)
    many, response = queries_for_listing()

    assert BeautifulSoup(response.content, "html.parser").select(".card").__len__() == 10
    assert many == few


# --- Pagination ---------------------------------------------------------------------------------


@pytest.fixture
def thirteen_articles(site_tree):
    """One more than fits on a page of the index and of a topic page."""
    china = TopicFactory(name="China")
    return make_articles(site_tree, ArticleIndexPage.per_page + 1, topics=[china])


def head_link(soup, rel):
    link = soup.find("link", rel=rel)
    return link["href"] if link else None


@pytest.mark.parametrize("path_of", [lambda tree: tree.index.url, lambda tree: "/topics/china/"])
def test_paginated_listings_link_pages_in_the_head_and_the_page(
    client, site_tree, thirteen_articles, path_of
):
    path = path_of(site_tree)
    first = read(client, path)
    absolute = head_link(first, "canonical")

    assert absolute.startswith("http") and absolute.endswith(path)
    assert head_link(first, "prev") is None
    assert head_link(first, "next") == f"{absolute}?page=2"
    assert first.select_one(".pagination a[rel=next]")["href"] == "?page=2"
    assert len(first.select(".card")) == 12

    second = read(client, f"{path}?page=2")

    assert head_link(second, "canonical") == f"{absolute}?page=2"
    assert head_link(second, "prev") == absolute  # page 1 has one address: no ?page=1
    assert head_link(second, "next") is None
    assert second.select_one(".pagination a[rel=prev]")
    assert card_titles(second) == [thirteen_articles[0].title]  # the oldest comes last


@pytest.mark.parametrize("path_of", [lambda tree: tree.index.url, lambda tree: "/topics/china/"])
def test_every_page_of_a_listing_counts_the_comments_of_its_own_cards(
    client, site_tree, thirteen_articles, path_of
):
    oldest, second_oldest, *_, newest = thirteen_articles
    CommentFactory.create_batch(3, article=oldest)
    CommentFactory(article=second_oldest)
    CommentFactory.create_batch(2, article=newest)

    def comments_on_cards(soup):
        return {
            card.select_one(".card__title").get_text(strip=True): card.select_one(
                ".card__comments"
            ).get_text(strip=True)
            for card in soup.select(".card")
        }

    first = comments_on_cards(read(client, path_of(site_tree)))
    second = comments_on_cards(read(client, f"{path_of(site_tree)}?page=2"))

    assert second == {oldest.title: "3 comments"}
    assert first[second_oldest.title] == "1 comment"
    assert first[newest.title] == "2 comments"
    assert list(first)[0] == newest.title and len(first) == 12


@pytest.mark.parametrize("path_of", [lambda tree: tree.index.url, lambda tree: "/topics/china/"])
@pytest.mark.parametrize(("page", "shown"), [("abc", 1), ("", 1), ("99", 2), ("-1", 2)])
def test_a_page_number_out_of_range_shows_the_nearest_page(
    client, site_tree, thirteen_articles, path_of, page, shown
):
    """Like search results, a bad ?page never fails: it shows the first or the last page."""
    path = path_of(site_tree)
    soup = read(client, f"{path}?page={page}")

    canonical = head_link(soup, "canonical")
    if shown == 1:
        assert not canonical.endswith("?page=2")
        assert len(soup.select(".card")) == 12
    else:
        assert canonical.endswith("?page=2")
        assert card_titles(soup) == [thirteen_articles[0].title]


def test_unknown_topic_is_not_found(client, site_tree):
    assert client.get("/topics/no-such-topic/").status_code == 404
