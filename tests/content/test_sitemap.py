"""The sitemap lists what readers can reach, dated; robots.txt points crawlers to it."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from wagtail.models import Site

from tests.content.factories import ArticlePageFactory, TopicFactory, publish

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def published_site(site_tree):
    """Home, index, About and one explainer, each published through a revision."""
    faces = TopicFactory(name="Facial recognition")
    TopicFactory(name="Robot patrols")  # no explainer yet
    article = ArticlePageFactory(
        parent=site_tree.index,
        title="Chongqing, the watched city",
        slug="chongqing",
        first_published=datetime.date(2025, 6, 1),
        topics=[faces],
    )
    for page in (site_tree.home, site_tree.index, site_tree.about, article):
        publish(page)
    ArticlePageFactory(parent=site_tree.index, title="Draft", slug="draft", live=False)
    article.refresh_from_db()
    return article


def site_root():
    return Site.objects.get(is_default_site=True).root_url


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def test_sitemap_lists_every_live_page_with_its_last_modification(client, published_site):
    entries = sitemap_entries(client)
    for path in ["/", "/explainers/", "/about/", "/explainers/chongqing/"]:
        assert f"{site_root()}{path}" in entries
    lastmod = entries[f"{site_root()}/explainers/chongqing/"]
    assert lastmod.startswith(published_site.last_published_at.date().isoformat())


def test_sitemap_leaves_out_drafts(client, published_site):
    assert f"{site_root()}/explainers/draft/" not in sitemap_entries(client)


def test_sitemap_lists_topics_that_have_explainers_dated_by_the_newest(client, published_site):
    entries = sitemap_entries(client)
    lastmod = entries[f"{site_root()}/topics/facial-recognition/"]
    assert lastmod.startswith(published_site.last_published_at.date().isoformat())
    assert f"{site_root()}/topics/robot-patrols/" not in entries


def test_robots_txt_points_to_the_sitemap(client, site_tree):
    response = client.get(reverse("robots_txt"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode().splitlines()


XHTML = "{http://www.w3.org/1999/xhtml}link"


def sitemap_alternates(client):
    """{loc: {hreflang: href}} of every address in the sitemap."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    return {
        url.findtext("sm:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href")
            for link in url.iter(XHTML)
            if link.get("rel") == "alternate"
        }
        for url in root.findall("sm:url", NS)
    }


def both_languages(english_path, chinese_path):
    english, chinese = site_root() + english_path, site_root() + chinese_path
    return {"en": english, "zh-Hans": chinese, "x-default": english}


def test_sitemap_lists_both_languages_each_with_its_translation_and_x_default(client, demo_site):
    entries = sitemap_alternates(client)
    for english, chinese in [
        ("/", "/zh-hans/"),
        ("/explainers/", "/zh-hans/jiedu/"),
        ("/explainers/chongqing-surveillance/", "/zh-hans/jiedu/chongqing-jiankong/"),
        ("/topics/chongqing/", "/zh-hans/topics/chongqing-shi/"),
    ]:
        expected = both_languages(english, chinese)
        # Each version is listed, and names itself and the other (Google's format).
        assert entries[site_root() + english] == expected, english
        assert entries[site_root() + chinese] == expected, chinese


def test_a_page_without_a_translation_has_no_alternates(client, published_site):
    entries = sitemap_alternates(client)
    assert f"{site_root()}/explainers/chongqing/" in entries
    assert entries == {loc: {} for loc in entries}


def sitemap_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sitemap.xml").status_code == 200
    return len(queries)


def test_sitemap_queries_do_not_grow_with_the_pages(
    client, demo_site, django_assert_max_num_queries
):
    from wagtail.models import Locale

    from content.models import ArticleIndexPage

    before = sitemap_queries(client)
    english_index = ArticleIndexPage.objects.get(slug="explainers")
    chinese = Locale.objects.get(language_code="zh-hans")
    for number in range(5):
        article = publish(ArticlePageFactory(parent=english_index, slug=f"more-{number}"))
        publish(article.copy_for_translation(chinese))
    entries = sitemap_alternates(client)
    assert entries[f"{site_root()}/explainers/more-4/"]["zh-Hans"].startswith(
        f"{site_root()}/zh-hans/jiedu/more-4"
    )
    with django_assert_max_num_queries(before):
        assert client.get("/sitemap.xml").status_code == 200
