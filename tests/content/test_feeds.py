"""RSS and Atom feeds, read the way a feed reader reads them (with feedparser)."""

import datetime

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Site

from content.feeds import FEED_SIZE, absolute_urls
from tests.content.factories import (
    ArticlePageFactory,
    SourceFactory,
    TopicFactory,
    argument,
    cite,
    heading,
    paragraph,
    pros_cons,
    publish,
)

pytestmark = pytest.mark.django_db

FEEDS = ["feed_rss", "feed_atom"]


@pytest.fixture
def site_root(site_tree):
    """The canonical address every link in a feed starts with: the Wagtail Site's."""
    return Site.objects.get(is_default_site=True).root_url


@pytest.fixture
def topics():
    return {
        "faces": TopicFactory(name="Facial recognition"),
        "credit": TopicFactory(name="Social credit"),
    }


@pytest.fixture
def daily_mail():
    return SourceFactory(
        title="Inside the world's most surveilled city",
        publisher="Daily Mail Online",
        date_published=datetime.date(2025, 5, 6),
        url="",
        archive_url="",
    )


@pytest.fixture
def articles(site_tree, topics, daily_mail):
    """Three explainers, published on three days, each published through a revision."""
    other_source = SourceFactory(title="Scores and sanctions", publisher="Example Review")
    chongqing = ArticlePageFactory(
        parent=site_tree.index,
        title="Chongqing, the watched city",
        slug="chongqing",
        standfirst="How one city is filmed.",
        first_published=datetime.date(2025, 6, 1),
        body=[
            heading("The city"),
            paragraph(f"<p>Cameras line the streets, {cite(daily_mail, 'one report says')}.</p>"),
            pros_cons(
                pros=[argument("Faster response", [daily_mail])],
                cons=[argument("No privacy in public", [daily_mail, other_source])],
            ),
        ],
        topics=[topics["faces"]],
    )
    credit = ArticlePageFactory(
        parent=site_tree.index,
        title="Social credit, explained",
        slug="social-credit",
        first_published=datetime.date(2025, 7, 15),
        body=[paragraph(f"<p>Scores are kept {cite(other_source, 'by some cities')}.</p>")],
        topics=[topics["credit"]],
    )
    oldest = ArticlePageFactory(
        parent=site_tree.index,
        title="What a camera sees",
        slug="what-a-camera-sees",
        first_published=datetime.date(2025, 3, 3),
        topics=[topics["faces"], topics["credit"]],
    )
    return {
        name: publish(page)
        for name, page in [("chongqing", chongqing), ("credit", credit), ("oldest", oldest)]
    }


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return response, parsed


def entry_titled(parsed, title):
    return next(entry for entry in parsed.entries if entry.title == title)


@pytest.mark.parametrize(
    ("name", "version", "content_type"),
    [("feed_rss", "rss20", "application/rss+xml"), ("feed_atom", "atom10", "application/atom+xml")],
)
def test_feed_is_valid_and_of_its_kind(client, site_root, articles, name, version, content_type):
    response, parsed = fetch(client, reverse(name))
    assert parsed.version == version
    assert response["Content-Type"].startswith(content_type)
    assert parsed.feed.title == "Surveillance, Explained"
    assert parsed.feed.link == f"{site_root}/"


@pytest.mark.parametrize("name", FEEDS)
def test_feed_lists_every_live_explainer_newest_first(client, site_tree, articles, name):
    ArticlePageFactory(parent=site_tree.index, title="A draft", live=False)
    _, parsed = fetch(client, reverse(name))
    assert [entry.title for entry in parsed.entries] == [
        "Social credit, explained",
        "Chongqing, the watched city",
        "What a camera sees",
    ]


@pytest.mark.parametrize("name", FEEDS)
def test_entry_links_dates_author_and_categories(client, site_root, articles, name):
    _, parsed = fetch(client, reverse(name))
    entry = entry_titled(parsed, "Chongqing, the watched city")
    assert entry.link == f"{site_root}/explainers/chongqing/"
    assert entry.id == f"{site_root}/explainers/chongqing/"
    assert entry.published_parsed[:3] == (2025, 6, 1)
    assert entry.author == "Surveillance, Explained"
    assert [tag.term for tag in entry.tags] == ["Facial recognition"]
    assert entry.summary == "How one city is filmed."


def test_atom_entry_is_updated_when_last_published(client, articles):
    _, parsed = fetch(client, reverse("feed_atom"))
    entry = entry_titled(parsed, "Chongqing, the watched city")
    last_published = articles["chongqing"].last_published_at
    assert entry.updated_parsed[:5] == last_published.utctimetuple()[:5]
    assert entry.published_parsed[:3] == (2025, 6, 1)


def test_rss_guid_is_the_permalink(client, site_root, articles):
    response, _ = fetch(client, reverse("feed_rss"))
    assert (
        f'<guid isPermaLink="true">{site_root}/explainers/chongqing/</guid>'.encode()
        in response.content
    )


@pytest.mark.parametrize("name", FEEDS)
def test_entry_carries_the_full_article_with_numbered_citations_and_sources(
    client, site_root, articles, name
):
    _, parsed = fetch(client, reverse(name))
    entry = entry_titled(parsed, "Chongqing, the watched city")
    html = next(content.value for content in entry.content if content.type == "text/html")
    soup = BeautifulSoup(html, "html.parser")

    assert "Cameras line the streets" in soup.get_text()
    # Feed readers drop data- attributes (feedparser too), so the arguments are found by class.
    assert len(soup.select("li.argument--pro")) == 1
    assert len(soup.select("li.argument--con")) == 1
    first_marker = soup.select_one("sup.citation a")
    assert first_marker.get_text() == "[1]"
    assert first_marker["href"] == f"{site_root}/explainers/chongqing/#source-1"

    sources = soup.select("#sources > li")
    assert [source.select_one("cite").get_text() for source in sources] == [
        "Inside the world's most surveilled city",
        "Scores and sanctions",
    ]
    assert "Daily Mail Online" in sources[0].get_text()
    assert "No link available" in sources[0].get_text()
    assert "2025-05-06" in str(sources[0])


@pytest.mark.parametrize("name", FEEDS)
def test_every_link_in_the_content_is_absolute(client, articles, name):
    _, parsed = fetch(client, reverse(name))
    for entry in parsed.entries:
        soup = BeautifulSoup(entry.content[0].value, "html.parser")
        for element in soup.find_all(href=True):
            assert element["href"].startswith(("http://", "https://")), element
        for element in soup.find_all(src=True):
            assert element["src"].startswith(("http://", "https://")), element


@pytest.mark.parametrize(
    ("name", "kind"), [("topic_feed_rss", "rss20"), ("topic_feed_atom", "atom10")]
)
def test_topic_feed_lists_only_that_topics_explainers(
    client, site_root, articles, topics, name, kind
):
    _, parsed = fetch(client, reverse(name, kwargs={"slug": topics["faces"].slug}))
    assert parsed.version == kind
    assert parsed.feed.title == "Facial recognition · Surveillance, Explained"
    assert parsed.feed.link == f"{site_root}/topics/facial-recognition/"
    assert [entry.title for entry in parsed.entries] == [
        "Chongqing, the watched city",
        "What a camera sees",
    ]


@pytest.mark.parametrize("name", ["topic_feed_rss", "topic_feed_atom"])
def test_feed_of_an_unknown_topic_is_not_found(client, site_tree, name):
    response = client.get(reverse(name, kwargs={"slug": "no-such-topic"}))
    assert response.status_code == 404


@pytest.mark.parametrize("name", FEEDS)
def test_feed_of_a_site_without_articles_is_still_valid(client, site_tree, name):
    _, parsed = fetch(client, reverse(name))
    assert parsed.entries == []


def test_feed_holds_the_newest_explainers_only(client, site_tree):
    for day in range(1, FEED_SIZE + 3):
        ArticlePageFactory(
            parent=site_tree.index,
            title=f"Explainer of day {day}",
            first_published=datetime.date(2025, 1, day),
        )
    _, parsed = fetch(client, reverse("feed_rss"))
    assert len(parsed.entries) == FEED_SIZE
    assert parsed.entries[0].title == f"Explainer of day {FEED_SIZE + 2}"


def test_absolute_urls_rewrites_fragments_paths_and_srcsets_only():
    html = (
        '<a href="#source-1">1</a> <a href="/topics/x/">t</a> <a href="https://e.org/">e</a>'
        ' <a href="//cdn.example/x">c</a>'
        ' <img src="/media/a.jpg" srcset="/media/a.jpg 480w, /media/b.jpg 800w">'
    )
    assert absolute_urls(html, "https://s.org/explainers/a/", "https://s.org") == (
        '<a href="https://s.org/explainers/a/#source-1">1</a>'
        ' <a href="https://s.org/topics/x/">t</a> <a href="https://e.org/">e</a>'
        ' <a href="//cdn.example/x">c</a>'
        ' <img src="https://s.org/media/a.jpg"'
        ' srcset="https://s.org/media/a.jpg 480w, https://s.org/media/b.jpg 800w">'
    )
