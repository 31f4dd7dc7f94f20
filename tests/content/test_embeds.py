"""Embeddable cards (issue 15, item 7): a pros/cons block or a chart at /embed/<id>/<block>/,
framable by any site, with no cookie, its attribution, its licence and its date; every
other page stays unframable; a card that is gone is a small 404 card, never a 500."""

import time

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Locale, Site

from content.models import ArticlePage, LicenceSettings
from tests.content.factories import (
    ArticlePageFactory,
    SourceFactory,
    argument,
    paragraph,
    pros_cons,
    publish,
)
from tests.content.test_chart import chart

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(site_tree):
    camera_count = SourceFactory(publisher="Comparitech", title="Surveillance camera statistics")
    police = SourceFactory(publisher="City police", title="Annual report")
    privacy = SourceFactory(publisher="Privacy group", title="Watching the watchers")
    body = [
        paragraph("<p>Cameras are everywhere.</p>"),
        pros_cons(
            [argument("Faster response to crime", [police])],
            [argument("No privacy left in public", [privacy])],
        ),
        chart(sources=[camera_count], title="Cameras per 1,000 people, 2019"),
    ]
    page = ArticlePageFactory(
        parent=site_tree.index, title="Chongqing’s cameras", slug="chongqing", body=body
    )
    return publish(page)


def block_id(article, block_type):
    return next(block.id for block in article.body if block.block_type == block_type)


def embed_path(article, block_type, ref=None):
    return f"/embed/{ref or article.pk}/{block_id(article, block_type)}/"


def read(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, (path, response.content[:300])
    return response, BeautifulSoup(response.content, "html.parser")


def assert_framable_by_anyone_without_cookies(response):
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" not in response["Content-Security-Policy"]
    assert not response.has_header("X-Frame-Options")
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


def test_a_pros_and_cons_card_shows_the_arguments_with_credit_licence_and_date(client, article):
    response, soup = read(client, embed_path(article, "pros_cons"))
    assert_framable_by_anyone_without_cookies(response)
    assert soup.find("h1").get_text(strip=True) == "Chongqing’s cameras"
    headlines = [node.get_text() for node in soup.select(".argument__headline strong")]
    assert headlines == ["Faster response to crime", "No privacy left in public"]
    attribution = soup.select_one(".embed__attribution")
    assert " ".join(attribution.get_text().split()) == (
        "From Surveillance, Explained: Chongqing’s cameras"
    )
    anchor = f"#pros-cons-{block_id(article, 'pros_cons')}"
    assert attribution.a["href"] == f"http://testserver{article.url}{anchor}"
    # Every link leaves the frame, except those to a place in the card.
    assert soup.find("base")["target"] == "_blank"
    for link in soup.select('a[href^="#"]'):
        assert link["target"] == "_self"
    licence = soup.select_one('.embed__meta a[rel="license"]')
    assert licence.get_text() == "CC BY 4.0"
    assert licence["href"] == "https://creativecommons.org/licenses/by/4.0/"
    assert soup.select_one(".embed__meta time")["datetime"] == "2025-06-01"
    # The Sources the arguments cite, numbered as the markers say.
    assert [node.get_text() for node in soup.select(".embed__sources cite")] == [
        "Annual report",
        "Watching the watchers",
    ]
    # Nothing from the article that does not belong in a card: no weighing, no "Embed this".
    assert not soup.select("form, .embed-this, .site-header, .site-footer")


def test_a_chart_card_shows_the_drawing_its_table_and_its_data(client, article):
    response, soup = read(client, embed_path(article, "chart"))
    assert_framable_by_anyone_without_cookies(response)
    svg = soup.select_one("figure.chart svg[role=img]")
    assert svg.title.get_text() == "Cameras per 1,000 people, 2019"
    assert svg.desc.get_text()
    assert [th.get_text() for th in soup.select(".chart__table tbody th")][0] == "Chongqing"
    csv_link = soup.select_one(".chart__download a")
    assert csv_link["href"] == f"{article.url}chart/{block_id(article, 'chart')}.csv"
    assert client.get(csv_link["href"]).status_code == 200
    assert [node.get_text() for node in soup.select(".embed__sources cite")] == [
        "Surveillance camera statistics"
    ]


def test_a_card_is_found_by_the_explainers_slug_too(client, article):
    _response, soup = read(client, embed_path(article, "chart", ref="chongqing"))
    assert soup.find("h1").get_text(strip=True) == "Chongqing’s cameras"


def test_the_licence_chosen_in_settings_is_the_cards(client, article):
    setting = LicenceSettings.for_site(Site.objects.get(is_default_site=True))
    setting.licence = "cc-by-sa-4.0"
    setting.save()
    _response, soup = read(client, embed_path(article, "pros_cons"))
    assert soup.select_one('.embed__meta a[rel="license"]').get_text() == "CC BY-SA 4.0"


def test_every_other_page_still_refuses_to_be_framed(client, article):
    for path in [article.url, "/", f"{article.url}changes/", "/no-such-page/"]:
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY", path
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], path


def test_the_article_offers_the_snippet_under_each_embeddable_block(client, article):
    _response, soup = read(client, article.url)
    controls = soup.select("details.embed-this")
    assert len(controls) == 2
    snippets = [control.textarea.get_text() for control in controls]
    assert snippets[0].startswith(
        f'<iframe src="http://testserver{embed_path(article, "pros_cons")}" '
        'title="Does blanket surveillance make a city safer?"'
    )
    assert f'src="http://testserver{embed_path(article, "chart")}"' in snippets[1]
    label = controls[0].find("label")
    assert label["for"] == controls[0].textarea["id"]
    assert "/static/js/embed-resize.js" in controls[0].get_text()
    assert controls[0].select_one('a[rel="license"]').get_text() == "CC BY 4.0"


@pytest.mark.parametrize(
    "path",
    [
        "/embed/999999/{pros}/",  # no such page
        "/embed/no-such-slug/{pros}/",
        "/embed/99999999999999999999999/{pros}/",  # beyond the database's integers
        "/embed/{pk}/00000000-0000-0000-0000-000000000000/",  # no such block
        "/embed/{pk}/{paragraph}/",  # a block that is not a card
        "/embed/{pk}/not_a_block_id/",
        "/zh-hans/embed/{pk}/{pros}/",  # an English explainer at a Chinese address
    ],
)
def test_an_address_that_names_no_card_is_a_small_framable_404(client, article, path):
    path = path.format(
        pk=article.pk,
        pros=block_id(article, "pros_cons"),
        paragraph=block_id(article, "paragraph"),
    )
    response, soup = read(client, path, status=404)
    assert_framable_by_anyone_without_cookies(response)
    # In the address's language.
    expected = "卡片无法显示" if path.startswith("/zh-hans/") else "Card not available"
    assert soup.find("h1").get_text() == expected
    assert not soup.select(".site-header, .site-footer")


def test_an_unpublished_or_private_explainer_has_no_card(client, article):
    path = embed_path(article, "pros_cons")
    article.unpublish()
    read(client, path, status=404)


def test_a_chinese_explainer_has_its_card_in_chinese(client, article):
    chinese = article.copy_for_translation(
        Locale.objects.get_or_create(language_code="zh-hans")[0], copy_parents=True
    )
    chinese.title = "重庆的摄像头"
    chinese.save_revision().publish()
    chinese = ArticlePage.objects.get(pk=chinese.pk)
    _response, soup = read(client, f"/zh-hans{embed_path(chinese, 'pros_cons')}")
    assert soup.find("html")["lang"] == "zh-Hans"
    assert soup.find("h1").get_text(strip=True) == "重庆的摄像头"
    assert soup.select_one(".embed__attribution").get_text(strip=True).startswith("来自")
    # The Chinese article's own snippet names the Chinese card.
    _response, page = read(client, chinese.url)
    assert f"/zh-hans/embed/{chinese.pk}/" in page.select_one(".embed-this textarea").get_text()
    # The English address of a Chinese explainer names no card.
    translation.activate("en")
    read(client, embed_path(chinese, "pros_cons"), status=404)


def test_a_card_is_kept_by_the_page_cache_and_renewed_when_its_article_is(
    client, article, settings
):
    settings.HTML_CACHE_SECONDS = 300
    cache.clear()
    path = embed_path(article, "pros_cons")
    started = time.perf_counter()
    first = client.get(path)
    rendered = time.perf_counter() - started
    started = time.perf_counter()
    second = client.get(path)
    from_cache = time.perf_counter() - started
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    # Kept with its own headers: still framable, still no cookie.
    assert_framable_by_anyone_without_cookies(second)
    timing = (
        f"card rendered in {rendered * 1000:.1f} ms, from the cache in {from_cache * 1000:.1f} ms"
    )
    print(timing)  # noqa: T201
    article.title = "Chongqing’s cameras, revisited"
    publish(article)
    _response, soup = read(client, path)
    assert soup.find("h1").get_text(strip=True) == "Chongqing’s cameras, revisited"
