"""The sitemap lists what readers can reach, dated; robots.txt points crawlers to it."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date
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


# --- The sitemap as Django's own template wrote it ----------------------------------------


def written_by_django(request):
    """The sitemap as it was written until 7 December 2026: Django's sitemap template over
    Wagtail page objects, each address from ``get_full_url``. Slow (a page object and a URL
    reversed per page), but plainly right: the sitemap must say exactly this."""
    from django.template.loader import render_to_string

    return render_to_string("sitemap.xml", {"urlset": urlset_by_django(request)})


def urlset_by_django(request):
    """The addresses Django's sitemap view was given (``written_by_django``)."""
    from django.db.models import Max, Q
    from wagtail.models import Page

    from content.models import Topic
    from content.sitemaps import alternates
    from core.site_url import public_url

    site = Site.find_for_request(request)
    homes = Page.objects.filter(translation_key=site.root_page.translation_key)
    in_the_site = Q()
    for home in homes:
        in_the_site |= Q(path__startswith=home.path)
    listed = Page.objects.live().public()

    def versions(translation_key):
        return {
            page.locale.language_code: page.specific.get_full_url(request)
            for page in listed.filter(translation_key=translation_key)
        }

    urlset = [
        {
            "location": page.specific.get_full_url(request),
            "lastmod": page.last_published_at or page.latest_revision_created_at,
            "alternates": alternates(versions(page.translation_key)),
        }
        for page in listed.filter(in_the_site).order_by("path")
    ]
    live = Q(articles__live=True)
    topics = list(
        Topic.objects.filter(live)
        .annotate(latest_article=Max("articles__last_published_at", filter=live))
        .order_by("slug", "pk")
    )
    # The Topics page of each language that has a topic listed, dated by its newest explainer.
    languages = [
        code
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        if any(topic.locale.language_code == code for topic in topics)
    ]
    topic_indexes = {}
    for code in languages:
        with translation.override(code):
            topic_indexes[code] = public_url(reverse("topics"))
    for code in languages:
        urlset.append(
            {
                "location": topic_indexes[code],
                "lastmod": max(
                    topic.latest_article for topic in topics if topic.locale.language_code == code
                ),
                "alternates": alternates(topic_indexes),
            }
        )
    for topic in topics:
        topic_versions = {
            other.locale.language_code: public_url(other.get_absolute_url())
            for other in topics
            if other.translation_key == topic.translation_key
        }
        urlset.append(
            {
                "location": public_url(topic.get_absolute_url()),
                "lastmod": topic.latest_article,
                "alternates": alternates(topic_versions),
            }
        )
    return urlset


def test_the_sitemap_is_what_djangos_template_wrote_in_both_languages(client, demo_site):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
    assert response.content.decode() == written_by_django(response.wsgi_request)
    # Every address dated: Django's view sent the newest date.
    lastmods = [url["lastmod"] for url in urlset_by_django(response.wsgi_request)]
    assert all(lastmods)
    assert response["Last-Modified"] == http_date(max(lastmods).timestamp())


@pytest.fixture
def awkward_pages(demo_site):
    """The demo content and the pages a sitemap can get wrong: a Chinese explainer with a
    Chinese slug (its address percent-encoded), a page of Wagtail's plain type (addressed
    its own way: on the Wagtail Site's address, here not the public one, as core.checks
    warns), one in a private section (left out), an unpublished translation, an explainer
    that is another site's home too."""
    from wagtail.models import Locale, Page, PageViewRestriction

    from content.models import ArticleIndexPage

    site = Site.objects.get(is_default_site=True)
    site.port = 8080
    site.save()  # and forgets the site root paths Wagtail keeps

    chinese = Locale.objects.get(language_code="zh-hans")
    english_index = ArticleIndexPage.objects.get(slug="explainers")
    chinese_index = ArticleIndexPage.objects.get(locale=chinese)
    publish(ArticlePageFactory(parent=chinese_index, title="人脸识别", slug="人脸识别"))
    english = publish(ArticlePageFactory(parent=english_index, slug="cameras-everywhere"))
    translation = english.copy_for_translation(chinese)
    translation.slug = "摄像头"
    translation.save_revision()  # a draft: not an alternate yet
    plain = english_index.add_child(instance=Page(title="Plain", slug="plain"))
    publish(plain)
    private = publish(ArticlePageFactory(parent=english_index, slug="members-only"))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    # Another site within this one: its pages belong to both.
    Site.objects.create(hostname="elsewhere.example", root_page=english)


def page_locations(client, path="/sitemap.xml"):
    """The addresses of pages (not topics) a sitemap lists, in its order."""
    return [
        location
        for location in sitemap_order(client, path)
        if "/topics/" not in location  # the demo has no page under a "topics" slug
    ]


def sitemap_order(client, path="/sitemap.xml"):
    response = client.get(path)
    assert response.status_code == 200, path
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset", path
    return [url.findtext("sm:loc", namespaces=NS) for url in root.findall("sm:url", NS)]


def test_every_address_is_what_wagtail_gives_the_page_in_both_languages(client, awkward_pages):
    from django.test import RequestFactory
    from wagtail.models import Page

    from core.site_url import public_url

    request = RequestFactory().get("/sitemap.xml")
    expected = [
        page.specific.get_full_url(request)
        for page in Page.objects.live().public().filter(depth__gt=1).order_by("path")
    ]
    assert page_locations(client) == expected
    assert public_url("/zh-hans/jiedu/%E4%BA%BA%E8%84%B8%E8%AF%86%E5%88%AB/") in expected
    assert "http://testserver:8080/explainers/plain/" in expected
    assert public_url("/explainers/members-only/") not in expected
    # Both trees, each under its own home.
    assert {public_url("/"), public_url("/zh-hans/")} <= set(expected)


def test_awkward_pages_are_written_as_djangos_template_wrote_them(client, awkward_pages):
    response = client.get("/sitemap.xml")
    assert response.content.decode() == written_by_django(response.wsgi_request)


# --- Above SITEMAP_SECTION_SIZE addresses: an index of sections --------------------------

SECTION_SIZE = 4


@pytest.fixture
def small_sections(monkeypatch):
    """Sections of SECTION_SIZE pages, so that the demo content needs several."""
    from content import sitemaps

    monkeypatch.setattr(sitemaps, "SITEMAP_SECTION_SIZE", SECTION_SIZE)


def sitemap_index(client):
    """[(path, lastmod)] of the sections /sitemap.xml names, and the response."""
    from urllib.parse import urlsplit

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    sections = [
        (
            urlsplit(entry.findtext("sm:loc", namespaces=NS)).path,
            entry.findtext("sm:lastmod", namespaces=NS),
        )
        for entry in root.findall("sm:sitemap", NS)
    ]
    return sections, response


def test_a_large_site_gets_an_index_whose_sections_list_every_address_once(
    client, demo_site, monkeypatch
):
    every_address = sitemap_order(client)
    alternates_of = sitemap_alternates(client)
    pages = page_locations(client)
    assert len(every_address) > SECTION_SIZE  # else the demo proves nothing

    from content import sitemaps

    monkeypatch.setattr(sitemaps, "SITEMAP_SECTION_SIZE", SECTION_SIZE)
    sections, response = sitemap_index(client)
    page_sections = -(-len(pages) // SECTION_SIZE)
    assert [path for path, _lastmod in sections] == [
        *(f"/sitemap-pages-{number}.xml" for number in range(1, page_sections + 1)),
        "/sitemap-topics.xml",
    ]
    listed = []
    for number, (path, lastmod) in enumerate(sections, start=1):
        section = sitemap_order(client, path)
        if number < page_sections:
            assert len(section) == SECTION_SIZE, path
        # Each section says what the whole sitemap said of its addresses: translations
        # in other sections included.
        assert {loc: alternates_of[loc] for loc in section} == sitemap_alternates_at(client, path)
        # Undated: a section's newest page is not when its list last changed.
        assert lastmod is None, path
        assert "Last-Modified" not in client.get(path), path
        listed += section
    # In the whole sitemap's order, each once: pages by their place in the tree, topics.
    assert listed == every_address
    assert "Last-Modified" not in response
    assert response["Content-Type"] == "application/xml"
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"


def sitemap_alternates_at(client, path):
    response = client.get(path)
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    return {
        url.findtext("sm:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.iter(XHTML)
        }
        for url in root.findall("sm:url", NS)
    }


def test_a_section_says_the_same_until_pages_change(client, demo_site, small_sections):
    first = client.get("/sitemap-pages-2.xml").content
    assert client.get("/sitemap-pages-2.xml").content == first


def test_a_section_past_the_last_is_not_found(client, demo_site, small_sections):
    sections, _response = sitemap_index(client)
    last = max(
        int(path.removeprefix("/sitemap-pages-").removesuffix(".xml"))
        for path, _lastmod in sections
        if path.startswith("/sitemap-pages-")
    )
    assert client.get(f"/sitemap-pages-{last}.xml").status_code == 200
    for path in [f"/sitemap-pages-{last + 1}.xml", "/sitemap-pages-0.xml", "/sitemap-pages-01.xml"]:
        assert client.get(path).status_code == 404, path


def test_a_query_string_does_not_choose_a_section(client, demo_site, small_sections):
    # Varnish drops ?p= from the cache key (docs/varnish/explainer.vcl): the app ignores it.
    assert client.get("/sitemap.xml?p=2").content == client.get("/sitemap.xml").content


def test_a_small_site_answers_at_its_first_section_too(client, published_site):
    assert sitemap_order(client, "/sitemap-pages-1.xml") == page_locations(client)
    assert sitemap_order(client, "/sitemap-topics.xml") == [
        f"{site_root()}/topics/",
        f"{site_root()}/topics/facial-recognition/",
    ]
    assert client.get("/sitemap-pages-2.xml").status_code == 404


def test_publishing_purges_the_sitemap_and_every_section(client, demo_site, small_sections):
    from content.models import ArticlePage
    from content.signal_handlers import listing_urls
    from core.site_url import public_url

    article = ArticlePage.objects.get(slug="chongqing-surveillance")
    sections, _response = sitemap_index(client)
    purged = listing_urls(article)
    assert public_url("/sitemap.xml") in purged
    assert {public_url(path) for path, _lastmod in sections} <= purged


def section_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_index_and_a_section_ask_as_much_whatever_the_size(client, demo_site, small_sections):
    from wagtail.models import Locale

    from content.models import ArticleIndexPage

    paths = ["/sitemap.xml", "/sitemap-pages-1.xml", "/sitemap-pages-2.xml"]
    for path in paths:
        client.get(path)  # content types and the like, once per process
    before = {path: section_queries(client, path) for path in paths}
    english_index = ArticleIndexPage.objects.get(slug="explainers")
    chinese = Locale.objects.get(language_code="zh-hans")
    for number in range(3 * SECTION_SIZE):
        article = publish(ArticlePageFactory(parent=english_index, slug=f"more-{number}"))
        publish(article.copy_for_translation(chinese))
    assert {path: section_queries(client, path) for path in paths} == before
