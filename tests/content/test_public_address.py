"""One public address (core.site_url): every absolute URL the site writes starts with
SITE_BASE_URL, never with the address a request arrived on, nor with a Wagtail Site that
says something else; a system check warns when the Site and SITE_BASE_URL disagree.

Here the site sits behind a proxy at https://explainer.example while the test client talks
to the app as `testserver`, and the Wagtail Site is left at a third address: whatever the
site writes must name https://explainer.example. tests/browser/test_public_address.py runs
`make run PORT=…` for real.
"""

import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from wagtail.models import Site

from comments.models import CommentSettings
from comments.notifications import notify_reply
from core.checks import site_base_url_matches_default_site
from core.site_url import host_and_port, public_base_url, public_url
from tests.comments.factories import CommentFactory, post_comment
from tests.content.factories import ArticlePageFactory, SiteImageFactory, TopicFactory, publish
from tests.test_settings_and_headers import read_setting

pytestmark = pytest.mark.django_db

PUBLIC = "https://explainer.example"
ADDRESS = re.compile(r"""https?://[^\s"'<>)\]]+""")


@pytest.fixture
def behind_a_proxy(settings, site_tree):
    """SITE_BASE_URL is the proxy's address; the Wagtail Site still says localhost:8000."""
    settings.SITE_BASE_URL = settings.WAGTAILADMIN_BASE_URL = PUBLIC
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=8000)
    return site_tree


@pytest.fixture
def article(behind_a_proxy):
    page = ArticlePageFactory(
        parent=behind_a_proxy.index,
        title="Cameras on every corner",
        slug="cameras",
        hero_image=SiteImageFactory(),
        topics=[TopicFactory(name="Street cameras")],
    )
    for tree_page in (behind_a_proxy.home, behind_a_proxy.index, page):
        publish(tree_page)
    page.refresh_from_db()
    return page


def read(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def own_addresses(text):
    """Every absolute address in ``text`` (unquoted, so share links' targets count) that is
    not some other site's."""
    found = ADDRESS.findall(unquote(text))
    elsewhere = ("bsky.app", "linkedin.com", "x.com", "facebook.com", "reddit.com")
    return [
        address
        for address in found
        if not any(f"{host}/" in address for host in elsewhere)
        and "www.w3.org" not in address
        and "purl.org" not in address
        and "sitemaps.org" not in address
        and "schema.org" not in address
        and "creativecommons.org" not in address  # the content licence's deed
        and "example.org" not in address  # the Source factory's links
    ]


def assert_all_public(addresses, where):
    assert addresses, f"{where}: no addresses at all"
    wrong = [address for address in addresses if not address.startswith(PUBLIC + "/")]
    assert not wrong, f"{where} names other addresses than {PUBLIC}: {wrong}"


def test_the_article_page_names_only_the_public_address(client, article):
    html = read(client, article.url)
    soup = BeautifulSoup(html, "html.parser")

    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == f"{PUBLIC}/explainers/cameras/"
    assert soup.find("meta", property="og:url")["content"] == canonical
    assert soup.find("meta", property="og:image")["content"].startswith(f"{PUBLIC}/media/")
    assert soup.select_one("[data-share-url]")["href"] == canonical
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["mainEntityOfPage"]["@id"] == canonical
    assert_all_public(own_addresses(str(soup.head)), "the article's <head>")
    assert_all_public(own_addresses(str(soup.select_one(".share"))), "the share links")


@pytest.mark.parametrize("path", ["/", "/explainers/", "/topics/street-cameras/"])
def test_listing_pages_name_the_public_address_as_canonical(client, article, path):
    soup = BeautifulSoup(read(client, path), "html.parser")
    assert soup.find("link", rel="canonical")["href"] == f"{PUBLIC}{path}"


@pytest.mark.parametrize("path", ["/feeds/rss/", "/feeds/atom/", "/topics/street-cameras/rss/"])
def test_feeds_name_only_the_public_address(client, article, path):
    text = read(client, path)
    feed = feedparser.parse(text)
    assert feed.feed.link == f"{PUBLIC}/" or feed.feed.link.startswith(f"{PUBLIC}/topics/")
    assert [entry.link for entry in feed.entries] == [f"{PUBLIC}/explainers/cameras/"]
    assert_all_public(own_addresses(text), path)


def test_the_sitemap_and_robots_txt_name_only_the_public_address(client, article):
    tree = ET.fromstring(read(client, "/sitemap.xml"))  # noqa: S314 - the site's own sitemap
    locations = [element.text for element in tree.iter() if element.tag.endswith("loc")]
    assert f"{PUBLIC}/explainers/cameras/" in locations
    assert f"{PUBLIC}/topics/street-cameras/" in locations
    assert_all_public(locations, "the sitemap")

    robots = read(client, "/robots.txt")
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in robots.splitlines()


def test_a_commenters_private_link_and_emails_name_the_public_address(client, article):
    CommentSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"editor_emails": "editors@example.net", "notify_editors": True},
    )
    response = post_comment(
        client,
        article,
        body="Who keeps the footage?",
        email="lin@example.net",
        notify_on_reply="on",
    )
    assert response.status_code == 302
    receipt = BeautifulSoup(read(client, response["Location"]), "html.parser")
    assert receipt.select_one("#manage-link")["value"].startswith(f"{PUBLIC}/comments/manage/")

    # The commenter's own link, and the editors' alert about a first-time commenter's
    # held comment, which leads into the admin.
    bodies = {tuple(message.to): message.body for message in mail.outbox}
    assert f"{PUBLIC}/comments/manage/" in bodies[("lin@example.net",)]
    assert f"{PUBLIC}/admin/" in bodies[("editors@example.net",)]
    for body in bodies.values():
        assert_all_public(own_addresses(body), "an e-mail")


def test_a_reply_email_names_the_public_address(client, article):
    parent = CommentFactory(article=article, body="Who keeps the footage?")
    parent.start_notifications("lin@example.net")
    parent.save()
    reply = CommentFactory(article=article, parent=parent, body="The city does.")

    assert notify_reply(reply)
    (message,) = mail.outbox
    assert f"{PUBLIC}/explainers/cameras/#comment-{reply.pk}" in message.body
    assert_all_public(own_addresses(message.body), "the reply e-mail")
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{PUBLIC}/comments/")


# --- The one function -------------------------------------------------------------------------


def test_public_url_joins_the_base_and_a_path(settings):
    settings.SITE_BASE_URL = "https://explainer.example/"
    assert public_base_url() == "https://explainer.example"
    assert public_url("/explainers/") == "https://explainer.example/explainers/"
    assert public_url("sitemap.xml") == "https://explainer.example/sitemap.xml"


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("http://127.0.0.1:8300", ("127.0.0.1", 8300)),
        ("https://Explainer.Example", ("explainer.example", 443)),
        ("http://localhost", ("localhost", 80)),
    ],
)
def test_host_and_port_fills_in_the_port_from_the_scheme(base, expected):
    assert host_and_port(base) == expected


def test_wagtail_admin_links_follow_site_base_url_from_the_environment():
    """Admin e-mails (WAGTAILADMIN_BASE_URL) are not a second setting that could differ."""
    value = read_setting(
        "explainer.settings.dev",
        "s.SITE_BASE_URL, s.WAGTAILADMIN_BASE_URL",
        SITE_BASE_URL="http://127.0.0.1:8300/",
    )
    assert value.split() == ["http://127.0.0.1:8300", "http://127.0.0.1:8300"]


# --- The system check -------------------------------------------------------------------------


def test_the_check_warns_when_the_site_and_site_base_url_disagree(settings, site_tree):
    settings.SITE_BASE_URL = "http://127.0.0.1:8300"
    Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=8000)

    (warning,) = site_base_url_matches_default_site(None)

    assert warning.id == "core.W001"
    assert "http://127.0.0.1:8300" in warning.msg
    assert "127.0.0.1:8000" in warning.msg
    assert "port to 8300" in warning.hint


def test_the_check_is_quiet_when_they_agree(settings, site_tree):
    settings.SITE_BASE_URL = "https://explainer.example"
    Site.objects.filter(is_default_site=True).update(hostname="explainer.example", port=443)
    assert site_base_url_matches_default_site(None) == []


def test_the_check_runs_with_manage_py_check(settings, site_tree):
    settings.SITE_BASE_URL = "http://127.0.0.1:8300"
    with pytest.raises(SystemCheckError, match="core.W001"):
        call_command("check", fail_level="WARNING")


def test_load_demo_puts_the_site_where_site_base_url_says(settings, demo_site):
    settings.SITE_BASE_URL = "http://127.0.0.1:8300"
    call_command("load_demo", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8300)
    assert site_base_url_matches_default_site(None) == []
