"""Each argument has a page of its own to be shared by, with its own card (issue 14, item 1).

``<explainer>/arguments/for-2/`` shows the argument (its side, headline, explanation,
evidence, Sources and rebuttals), tells link previews its headline and a card drawn for it,
and leads into the explainer at ``#for-2``. The article links to it under each argument.
"""

import json
import struct

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage

from tests.content.factories import SourceFactory
from tests.content.test_arguments import DEMO_ARTICLE, save_as_editor

pytestmark = pytest.mark.django_db

ZH_DEMO_ARTICLE = "/zh-hans/jiedu/chongqing-jiankong/"


def read(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def meta(soup, name):
    tag = soup.find("meta", property=name) or soup.find("meta", attrs={"name": name})
    return tag["content"] if tag else None


@pytest.fixture
def debate(site_tree):
    from content.models import ArticlePage
    from tests.content.factories import ArticlePageFactory, argument, pros_cons

    source = SourceFactory(title="Cameras per person", publisher="The Research Desk")
    article = ArticlePageFactory(parent=site_tree.index, slug="debate", title="A debate", body=[])
    other = SourceFactory(title="A city's budget", publisher="City Hall")
    pros = [argument("Faster response", [source]), argument("Cheaper policing", [other])]
    cons = [argument("Nowhere left unwatched", [other], explanation="<p>Every street is seen.</p>")]
    article = save_as_editor(article, [pros_cons(pros, cons)])
    # Once numbered, the con answers the first pro, as an editor would set it.
    body = list(article.body.raw_data)
    body[0]["value"]["cons"][0]["value"]["answers"] = 1
    body[0]["value"]["cons"][0]["value"]["reply"] = "Speed is no answer to being watched."
    article = save_as_editor(article, body)
    assert ArticlePage.objects.live().filter(pk=article.pk).exists()
    return article, source


def test_the_page_of_an_argument_shows_it_with_its_side_sources_and_rebuttal(debate, client):
    article, source = debate
    url = article.url + "arguments/against-1/"
    soup = read(client, url)
    assert soup.h1.get_text() == "Nowhere left unwatched"
    assert "Argument against" in soup.select_one(".argument-page__side").get_text()
    assert soup.select_one(".argument-page__explanation").get_text(strip=True) == (
        "Every street is seen."
    )
    answers = soup.select_one(".argument__rebuttal--answers a")
    assert answers.get_text() == "Faster response"
    assert answers["href"] == article.url + "arguments/for-1/"
    assert "Speed is no answer to being watched." in soup.get_text()
    onwards = soup.select_one(".argument-page__onwards a")
    assert onwards["href"] == article.url + "#against-1"
    # The one it answers shows its Source, and who answers it.
    soup = read(client, article.url + "arguments/for-1/")
    assert "Argument for" in soup.select_one(".argument-page__side").get_text()
    assert [cite.get_text() for cite in soup.select(".argument-page__sources cite")] == [
        "Cameras per person"
    ]
    answered_by = soup.select_one(".argument__rebuttal--answered-by a")
    assert answered_by["href"] == article.url + "arguments/against-1/"


def test_link_previews_get_the_headline_and_a_card_drawn_for_the_argument(debate, client):
    article, _source = debate
    soup = read(client, article.url + "arguments/for-2/")
    assert meta(soup, "og:title") == "Cheaper policing"
    assert meta(soup, "og:url").endswith(article.url + "arguments/for-2/")
    assert soup.find("link", rel="canonical")["href"] == meta(soup, "og:url")
    image = meta(soup, "og:image")
    assert f"/social-cards/arguments/{article.pk}-for-2-" in image
    name = image.split("/media/", 1)[1]
    png = default_storage.open(name).read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1200, 630)
    # Another argument, another card; the article's own card is a different file.
    other = meta(read(client, article.url + "arguments/for-1/"), "og:image")
    assert other != image
    assert meta(read(client, article.url), "og:image") not in (image, other)
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "Claim"
    assert data["name"] == "Cheaper policing"
    assert data["isPartOf"]["headline"] == "A debate"


def test_a_new_headline_draws_a_new_card_and_removes_the_old_one(debate, client):
    article, _source = debate
    old = meta(read(client, article.url + "arguments/for-2/"), "og:image").split("/media/")[1]
    assert default_storage.exists(old)
    body = article.body.raw_data
    body[0]["value"]["pros"][1]["value"]["headline"] = "Policing for less"
    save_as_editor(article, list(body))
    new = meta(read(client, article.url + "arguments/for-2/"), "og:image").split("/media/")[1]
    assert new != old
    assert default_storage.exists(new)
    assert not default_storage.exists(old)
    # The article's card survives the argument's clean-up, and the other way round.
    article_card = meta(read(client, article.url), "og:image").split("/media/")[1]
    assert default_storage.exists(article_card) and default_storage.exists(new)


def test_the_article_links_to_each_arguments_page(debate, client):
    article, _source = debate
    soup = read(client, article.url)
    for anchor in ("for-1", "for-2", "against-1"):
        links = soup.find(id=anchor).select(".argument__permalink a")
        assert [link["href"] for link in links] == [
            f"#{anchor}",
            f"{article.url}arguments/{anchor}/",
        ]
        assert links[1].get_text() == "Share this argument"


@pytest.mark.parametrize(
    "path",
    [
        "arguments/for-9/",  # no such argument
        "arguments/q2-for-1/",  # no second pros/cons block
    ],
)
def test_an_argument_that_is_not_there_is_a_404_not_a_500(debate, client, path):
    article, _source = debate
    soup = read(client, article.url + path, status=404)
    assert soup.h1 is not None


def test_an_unpublished_explainer_has_no_argument_pages(debate, client):
    article, _source = debate
    url = article.url + "arguments/for-1/"
    article.unpublish()
    assert client.get(url).status_code == 404


def test_no_cookie_is_set(debate, client):
    article, _source = debate
    response = client.get(article.url + "arguments/for-1/")
    assert response.status_code == 200
    assert not response.cookies


def test_the_chinese_argument_page_speaks_chinese_and_switches_to_the_english_one(
    demo_site, client
):
    soup = read(client, ZH_DEMO_ARTICLE + "arguments/against-1/")
    assert soup.html["lang"] == "zh-Hans"
    assert soup.select_one(".argument-page__side").get_text(strip=True).startswith("−反对的论点")
    assert soup.select_one(".argument-page__onwards a")["href"] == ZH_DEMO_ARTICLE + "#against-1"
    switcher = soup.select_one(".language-switcher a[hreflang=en]")
    assert switcher["href"] == DEMO_ARTICLE + "arguments/against-1/"
    english = read(client, switcher["href"])
    assert english.html["lang"].startswith("en")
    assert english.select_one(".language-switcher a[hreflang=zh-Hans]")["href"] == (
        ZH_DEMO_ARTICLE + "arguments/against-1/"
    )
    assert meta(soup, "og:image") != meta(english, "og:image")
