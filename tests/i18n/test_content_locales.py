"""The Chinese site a reader finds under /zh-hans/: the demo's Chinese tree (load_demo, from
fixtures/demo.zh-hans.json) with the Chinese interface, a language switcher between the two
versions of a page, hreflang links, and English still where it always was.

docs/translation.md describes the scheme.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from content.models import ArticlePage, HomePage, Topic

EN_HOME, ZH_HOME = "/", "/zh-hans/"
EN_ARTICLE = "/explainers/chongqing-surveillance/"
ZH_ARTICLE = "/zh-hans/jiedu/chongqing-jiankong/"
ZH_TITLE = "重庆：一座超大城市如何监控它的居民"
BASE = "http://testserver"

pytestmark = pytest.mark.django_db


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"{url} returned {response.status_code}"
    # The site sets no cookie for readers, in any language (nor reads one: explainer.locale).
    assert "Set-Cookie" not in response.headers, url
    assert not response.cookies, url
    return response, BeautifulSoup(response.content, "html.parser")


def switcher_links(soup):
    return [(a["href"], a["lang"]) for a in soup.select(".site-header .language-switcher a")]


def alternates(soup):
    return {
        link["hreflang"]: link["href"]
        for link in soup.select('head link[rel="alternate"][hreflang]')
    }


def test_chinese_home_in_chinese(demo_site, client):
    _, soup = read(client, ZH_HOME)
    assert soup.html["lang"] == "zh-Hans"
    assert soup.title.get_text().endswith("· 监控解读")
    assert soup.select_one(".skip-link").get_text() == "跳到主要内容"
    assert soup.select_one("#lead-heading").get_text() == "头条解读"
    # The lead is the Chinese explainer, and the menu and the site's name stay in Chinese.
    assert soup.select_one(f'main a[href="{ZH_ARTICLE}"]').get_text(strip=True) == ZH_TITLE
    assert soup.select_one(".site-name")["href"] == ZH_HOME
    menu = [a["href"] for a in soup.select(".site-header nav:not(.language-switcher) a")]
    assert menu == ["/zh-hans/jiedu/", "/zh-hans/guanyu/"]
    # No English explainer or topic is listed on the Chinese home.
    assert not soup.select(f'main a[href="{EN_ARTICLE}"]')
    assert not soup.select('main a[href^="/topics/"]')
    assert soup.select('main a[href="/zh-hans/topics/zhongguo/"]')


def test_chinese_article_with_its_title_and_citations(demo_site, client):
    _, soup = read(client, ZH_ARTICLE)
    assert soup.html["lang"] == "zh-Hans"
    assert soup.h1.get_text(strip=True) == ZH_TITLE
    cited = [p for p in soup.select(".article-body .prose") if p.select("sup.citation a")]
    assert len(cited) >= 10
    assert soup.select_one(".article-body .prose sup.citation a")["href"] == "#source-1"
    # The English article's Sources, in the same order and numbers: a Source keeps one
    # identity across languages; its original title stays, its description is in Chinese.
    entries = [li.get_text(" ", strip=True) for li in soup.select("ol#sources > li")]
    _, english = read(client, EN_ARTICLE)
    assert [li["id"] for li in soup.select("ol#sources > li")] == [
        li["id"] for li in english.select("ol#sources > li")
    ]
    assert len(entries) == 3
    assert "英国《每日邮报》网站" in entries[0] and "The nightmare lives" in entries[0]
    assert "newscats.org" in entries[1] and "全文转载" in entries[1]
    assert "美国福克斯商业新闻" in entries[2] and "Big Brother watching you?" in entries[2]
    # Its topics are the Chinese ones, at their Chinese addresses.
    assert soup.select_one('a[href="/zh-hans/topics/zhongguo/"]').get_text(strip=True) == "中国"


def test_switcher_goes_between_the_two_versions_of_the_article(demo_site, client):
    _, english = read(client, EN_ARTICLE)
    assert switcher_links(english) == [(ZH_ARTICLE, "zh-Hans")]
    assert english.select_one(".language-switcher a").get_text() == "简体中文"
    _, chinese = read(client, ZH_ARTICLE)
    assert switcher_links(chinese) == [(EN_ARTICLE, "en")]
    assert chinese.select_one(".language-switcher").get("aria-label") == "语言"
    # Back on the English page: the same article, in English, at its launch address.
    _, back = read(client, switcher_links(chinese)[0][0])
    assert back.html["lang"] == "en-GB"
    assert back.h1.get_text(strip=True) == english.h1.get_text(strip=True)


def test_a_page_without_translation_links_to_the_other_home_and_says_so(demo_site, client):
    ArticlePage.objects.get(slug="chongqing-jiankong").unpublish()
    _, english = read(client, EN_ARTICLE)
    assert switcher_links(english) == [(ZH_HOME, "zh-Hans")]
    note = english.select_one(".language-switcher__note").get_text()
    assert note == "(home page: this page is not translated)"
    assert "hreflang" not in str(english.head)
    # Search is in both languages: its switcher keeps the query (tests/i18n/test_language_root.py).
    _, search = read(client, "/search/?q=Chongqing")
    assert switcher_links(search) == [("/zh-hans/search/?q=Chongqing", "zh-Hans")]


def test_hreflang_alternates_name_both_versions(demo_site, client):
    for url in (EN_ARTICLE, ZH_ARTICLE):
        _, soup = read(client, url)
        assert alternates(soup) == {
            "en": BASE + EN_ARTICLE,
            "zh-Hans": BASE + ZH_ARTICLE,
            "x-default": BASE + EN_ARTICLE,
        }
    _, home = read(client, ZH_HOME)
    assert alternates(home) == {
        "en": BASE + "/",
        "zh-Hans": BASE + ZH_HOME,
        "x-default": BASE + "/",
    }


def test_english_addresses_are_unchanged_and_english(demo_site, client):
    for url in (EN_HOME, "/explainers/", EN_ARTICLE, "/about/", "/privacy/", "/topics/china/"):
        response, soup = read(client, url)
        assert soup.html["lang"] == "en-GB", url
        # Only the root, where the browser's language chooses, varies on it
        # (tests/i18n/test_language_root.py).
        assert ("Accept-Language" in response.get("Vary", "")) == (url == EN_HOME), url
    # Not even a browser asking for Chinese, or a language cookie, changes an English page.
    client.cookies["django_language"] = "zh-hans"
    response = client.get(EN_ARTICLE, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200
    assert soup.html["lang"] == "en-GB"
    assert "Set-Cookie" not in response.headers
    # No English address answers under a /en/ prefix either.
    assert client.get("/en" + EN_ARTICLE).status_code == 404


def test_chinese_topic_and_feed_list_the_chinese_explainer(demo_site, client):
    _, topic = read(client, "/zh-hans/topics/zhongguo/")
    assert topic.html["lang"] == "zh-Hans"
    assert topic.select(f'main a[href="{ZH_ARTICLE}"]')
    assert not topic.select(f'main a[href="{EN_ARTICLE}"]')
    assert client.get("/zh-hans/topics/china/").status_code == 404  # the English slug
    feed = client.get("/zh-hans/feeds/rss/").content.decode()
    assert ZH_TITLE in feed and "Chongqing: how a megacity" not in feed
    assert ZH_TITLE not in client.get("/feeds/rss/").content.decode()


def test_load_demo_builds_translations_of_the_english_tree_once(demo_site):
    english = HomePage.objects.get(locale__language_code="en")
    chinese = HomePage.objects.get(locale__language_code="zh-hans")
    assert chinese.translation_key == english.translation_key
    assert chinese.slug == "shouye" and chinese.live
    article = ArticlePage.objects.get(slug="chongqing-jiankong")
    assert article.get_translation(english.locale).slug == "chongqing-surveillance"
    assert article.live and not article.has_unpublished_changes
    assert sorted(t.slug for t in article.topics.all()) == sorted(
        Topic.objects.filter(locale=article.locale).values_list("slug", flat=True)
    )
    counts = (ArticlePage.objects.count(), Topic.objects.count())
    call_command("load_demo", verbosity=0)
    assert (ArticlePage.objects.count(), Topic.objects.count()) == counts == (2, 12)
