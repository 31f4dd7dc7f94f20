"""Sharing without trackers: canonical URL, link-preview tags, JSON-LD, the card, share links."""

import datetime
import json
from io import BytesIO
from unittest import mock
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from PIL import Image

from content import social
from content.models import ArticleCorrection
from tests.content.factories import (
    ArticlePageFactory,
    SiteImageFactory,
    SourceFactory,
    TopicFactory,
    cite,
    paragraph,
    publish,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def daily_mail():
    return SourceFactory(
        title="The nightmare lives of the workers who build your laptops",
        publisher="Daily Mail Online (MailOnline)",
        date_published=datetime.date(2025, 5, 6),
        url="https://www.dailymail.co.uk/news/article-1/chongqing.html",
    )


@pytest.fixture
def article(site_tree, daily_mail):
    page = ArticlePageFactory(
        parent=site_tree.index,
        title="Chongqing: how a megacity watches its people",
        slug="chongqing",
        standfirst="What a recent report says about surveillance in China's largest city.",
        first_published=datetime.date(2025, 6, 1),
        hero_image=SiteImageFactory(),
        body=[paragraph(f"<p>Life there {cite(daily_mail, 'draws interest')}.</p>")],
        topics=[TopicFactory(name="Facial recognition")],
    )
    return publish(page)


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def meta(soup, key):
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    assert tag is not None, f"no <meta> {key}"
    return tag["content"]


def json_ld(soup):
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_canonical_opengraph_and_twitter_tags_are_absolute(client, article):
    soup = read(client, article.url)
    canonical = soup.find("link", rel="canonical")["href"]

    assert canonical == article.get_full_url()
    assert urlsplit(canonical).scheme in ("http", "https")
    assert meta(soup, "og:url") == canonical
    assert meta(soup, "og:type") == "article"
    assert meta(soup, "og:title") == article.title
    assert meta(soup, "og:description") == article.standfirst
    assert meta(soup, "twitter:card") == "summary_large_image"
    assert meta(soup, "twitter:title") == article.title
    for key in ("og:image", "twitter:image"):
        image_url = meta(soup, key)
        assert urlsplit(image_url).netloc == urlsplit(canonical).netloc, key
        assert urlsplit(image_url).path.startswith("/media/social-cards/"), key
    assert meta(soup, "og:image:width") == "1200"
    assert meta(soup, "og:image:height") == "630"
    assert meta(soup, "article:published_time") == "2025-06-01"


def test_json_ld_describes_the_article_and_cites_its_sources(client, article):
    ArticleCorrection.objects.create(
        page=article, date=datetime.date(2025, 7, 9), kind="correction", text="A date was wrong."
    )
    soup = read(client, article.url)
    data = json_ld(soup)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["description"] == article.standfirst
    assert data["author"]["@type"] == "Organization"
    assert data["author"]["name"] == "Surveillance, Explained"
    assert data["publisher"]["name"] == "Surveillance, Explained"
    assert data["datePublished"] == "2025-06-01"
    assert data["dateModified"] == "2025-07-09"  # the correction changed the article
    assert data["image"]["url"] == meta(soup, "og:image")
    assert data["mainEntityOfPage"]["@id"] == article.get_full_url()
    [citation] = data["citation"]
    assert citation == {
        "@type": "CreativeWork",
        "name": "The nightmare lives of the workers who build your laptops",
        "publisher": {"@type": "Organization", "name": "Daily Mail Online (MailOnline)"},
        "author": "A. Reporter",
        "datePublished": "2025-05-06",
        "url": "https://www.dailymail.co.uk/news/article-1/chongqing.html",
        "archivedAt": citation["archivedAt"],
    }


def test_json_ld_cannot_close_its_script_element(client, site_tree):
    title = 'Cameras </script><script>alert("x")</script> & more'
    page = publish(ArticlePageFactory(parent=site_tree.index, title=title))
    response = client.get(page.url)

    assert b'</script><script>alert("x")' not in response.content
    data = json_ld(BeautifulSoup(response.content, "html.parser"))
    assert data["headline"] == title


def test_card_image_is_a_1200_by_630_png_from_this_site(client, article):
    soup = read(client, article.url)
    image_path = urlsplit(meta(soup, "og:image")).path

    response = client.get(image_path)
    assert response.status_code == 200
    image = Image.open(BytesIO(b"".join(response.streaming_content)))
    assert image.format == "PNG"
    assert image.size == (1200, 630)


def test_card_is_drawn_once_and_reused(client, article):
    with mock.patch.object(social, "draw_social_card", wraps=social.draw_social_card) as draw:
        first = meta(read(client, article.url), "og:image")
        second = meta(read(client, article.url), "og:image")

    assert draw.call_count == 1
    assert first == second


def test_new_title_gives_a_new_card_and_removes_the_old_one(client, article):
    old_name = urlsplit(meta(read(client, article.url), "og:image")).path.removeprefix("/media/")
    assert default_storage.exists(old_name)

    article.title = "Chongqing: a city of cameras"
    publish(article)
    new_name = urlsplit(meta(read(client, article.url), "og:image")).path.removeprefix("/media/")

    assert new_name != old_name
    assert default_storage.exists(new_name)
    assert not default_storage.exists(old_name)


def test_two_first_readers_drawing_the_card_at_once_both_get_a_file_that_exists(article):
    """The race a busy site meets (seen under load): both requests find no card, both draw
    it; the second is stored under another name, and its clean-up must not delete the file
    the first is about to name in its page."""
    first = social.social_card(article)
    real_exists = default_storage.exists
    looked = []

    def exists(name):
        # The second request looked before the first had stored the card; after that
        # the storage answers truly (it picks another name for the second file).
        if not looked:
            looked.append(name)
            return False
        return real_exists(name)

    with mock.patch.object(default_storage, "exists", side_effect=exists):
        second = social.social_card(article)
    assert first != second
    assert default_storage.exists(first)
    assert default_storage.exists(second)


def test_card_without_a_hero_image_is_still_drawn(site_tree):
    image = social.draw_social_card("A title with no picture, which wraps onto a few lines")
    assert image.size == (1200, 630)
    # Not a blank canvas: the title and the mark are drawn on the paper colour.
    assert len(image.getcolors(maxcolors=100_000)) > 10


def test_share_links_carry_the_encoded_article_url(client, article):
    soup = read(client, article.url)
    share = soup.select_one("section.share")
    canonical = article.get_full_url()
    encoded = quote(canonical, safe="")

    links = {link.get_text(" ", strip=True): link for link in share.select("a")}
    names = set(links)
    for name in ("Bluesky", "LinkedIn", "X", "Facebook", "Reddit", "Email"):
        assert any(label.endswith(name) for label in names), name
    copy_link = share.select_one("[data-share-url]")
    assert copy_link["href"] == canonical
    for link in share.select("a[rel]"):
        assert set(link["rel"]) >= {"noopener", "noreferrer"}
        assert encoded in link["href"], link["href"]
    mailto = share.select_one('a[href^="mailto:"]')
    assert encoded in mailto["href"]


def test_sharing_loads_nothing_from_another_site(client, article):
    soup = read(client, article.url)
    own = urlsplit(article.get_full_url()).netloc

    for section in soup.select("section.share, section.related"):
        assert section.select("script, iframe, img[src^='http'], link") == []
    loaded = [tag["src"] for tag in soup.select("script[src], img[src], iframe[src]")]
    foreign = [url for url in loaded if urlsplit(url).netloc not in ("", own)]
    assert foreign == []
    scripts = [tag["src"] for tag in soup.select("script[src]")]
    assert "/static/js/article.js" in scripts


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("/explainers/chongqing-surveillance/", "en-GB"),
        ("/zh-hans/jiedu/chongqing-jiankong/", "zh-Hans"),
    ],
)
def test_json_ld_names_the_language_the_article_is_written_in(client, demo_site, path, language):
    soup = read(client, path)
    assert soup.html["lang"] == language
    assert json_ld(soup)["inLanguage"] == language
