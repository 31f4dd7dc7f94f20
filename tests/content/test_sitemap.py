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
