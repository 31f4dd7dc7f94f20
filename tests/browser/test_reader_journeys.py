"""A reader finds, follows and reads explainers on the demo site, in Chromium.

Home → explainers → topic → article → a related article; the header search; the feed
link; the 404 page's search; and every page type read with JavaScript switched off.
"""

import datetime

import feedparser
import pytest
from django.db import connection
from playwright.sync_api import expect

from content.models import ArticleIndexPage, ArticlePage
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_standards import ARTICLE_PATH, load_demo_site
from tests.content.factories import ArticlePageFactory

# live_server needs committed data, so each test ends by emptying the database.
pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE_TITLE = "Chongqing: how a megacity watches its people"
RELATED_TITLE = "Facial recognition on the metro: who keeps the pictures?"


@pytest.fixture
def article(live_server):
    """The demo's Chongqing explainer."""
    article, _comment = load_demo_site()
    return article


@pytest.fixture
def related_article(article):
    """A second explainer sharing the Chongqing article's first topic."""
    topic = article.topics.order_by("name").first()
    return ArticlePageFactory(
        parent=ArticleIndexPage.objects.get(locale__language_code="en"),
        title=RELATED_TITLE,
        slug="metro-faces",
        first_published=datetime.date(2026, 1, 10),
        topics=[topic],
    )


def test_home_to_explainers_to_topic_to_article_to_related_article(
    live_server, article, related_article, page
):
    topic = related_article.topics.get()
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Explainers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Explainers")

    page.get_by_role("main").get_by_role("link", name=topic.name, exact=True).first.click()
    assert page.url.endswith(f"/topics/{topic.slug}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(topic.name)

    page.get_by_role("main").get_by_role("link", name=ARTICLE_TITLE).click()
    assert page.url.endswith(ARTICLE_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE_TITLE)

    read_next = page.get_by_role("region", name="Read next")
    read_next.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    read_next.screenshot(path=str(ARTIFACTS / "journey-read-next.png"))
    read_next.get_by_role("link", name=RELATED_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(RELATED_TITLE)


def search_from_the_header(page, words):
    page.get_by_role("search").first.get_by_role("searchbox").fill(words)
    page.get_by_role("search").first.get_by_role("searchbox").press("Enter")
    page.wait_for_load_state()


def test_searching_from_the_header_finds_the_chongqing_explainer(live_server, article, page):
    page.goto(live_server.url + "/about/")
    # "cameras" is in the article's text: found by every search backend.
    search_from_the_header(page, "cameras")
    assert "/search/?q=cameras" in page.url
    results = page.get_by_role("main")
    expect(results.get_by_role("link", name=ARTICLE_TITLE)).to_be_visible()
    expect(results.locator("mark").first).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "journey-search.png"), full_page=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming needs PostgreSQL's full-text search"
)
def test_searching_camera_finds_the_article_about_cameras_through_stemming(
    live_server, article, page
):
    page.goto(live_server.url + "/")
    search_from_the_header(page, "camera")
    expect(page.get_by_role("main").get_by_role("link", name=ARTICLE_TITLE)).to_be_visible()


def test_a_search_without_results_says_so_and_offers_help(live_server, article, page):
    page.goto(live_server.url + "/")
    search_from_the_header(page, "xylophones")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name=ARTICLE_TITLE)).to_have_count(0)
    expect(main).to_contain_text("xylophones")
    expect(main.get_by_role("searchbox")).to_be_visible()


def test_the_feed_link_in_the_page_head_is_a_valid_rss_feed_of_the_explainers(
    live_server, article, page
):
    page.goto(live_server.url + ARTICLE_PATH)
    feed_link = page.locator('head link[rel="alternate"][type="application/rss+xml"]').first
    response = page.request.get(live_server.url + feed_link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert [entry.title for entry in feed.entries] == [ARTICLE_TITLE]
    assert feed.entries[0].link.endswith(ARTICLE_PATH)


def test_the_404_page_offers_a_search_that_finds_the_explainer(live_server, article, page):
    response = page.goto(live_server.url + "/explainers/chongqing/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We can’t find that page")
    # The form (a search landmark) and its box share the label's name: the reader types in the box.
    search = page.get_by_role("searchbox", name="Search the explainers instead")
    search.fill("Chongqing")
    search.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("main").get_by_role("link", name=ARTICLE_TITLE)).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "journey-404-search.png"), full_page=True)


READABLE_PATHS = [
    "/",
    "/explainers/",
    ARTICLE_PATH,
    "/about/",
    "/privacy/",
    "/search/?q=Chongqing",
    "/no-such-page/",
]


def test_every_page_reads_and_navigates_without_javascript(live_server, article, browser):
    topic = article.topics.order_by("name").first()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    outside_requests = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server.url) else outside_requests.append(request)
        ),
    )
    try:
        for path in [*READABLE_PATHS, f"/topics/{topic.slug}/"]:
            page.goto(live_server.url + path)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            expect(page.get_by_role("main")).not_to_be_empty()
            navigation = page.get_by_role("navigation", name="Main")
            expect(navigation.get_by_role("link", name="Explainers")).to_be_visible()
            expect(page.get_by_role("search").first).to_be_visible()
        # The links work as plain links: from the article back to the list of explainers.
        page.goto(live_server.url + ARTICLE_PATH)
        expect(page.get_by_role("article").first).to_contain_text("Chongqing")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Explainers").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Explainers")
        assert context.cookies() == []
    finally:
        context.close()
    assert not outside_requests
    assert ArticlePage.objects.live().filter(locale__language_code="en").count() == 1
