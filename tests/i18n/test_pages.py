"""Pages rendered in Simplified Chinese show Chinese interface text, and their chrome
(header, footer, navigation labels, buttons) has no English left in it.

Readers get the Chinese interface under /zh-hans/ (docs/translation.md). These tests build
a small English site and render it with the Chinese interface (the ``chinese`` fixture reads
every address as a /zh-hans/ one), to check the catalogue on every kind of page.
"""

import re
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from tests.comments.factories import post_comment

pytestmark = pytest.mark.django_db

# Words that are names, not interface text, and stay as they are in every language.
# The language switcher names English in English (lang="en"), as every language is named in
# its own script there.
NAMES = {"RSS", "Atom", "UTC", "HTTP", "JSON", "Cookie", "English"}


def read(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, f"{url} returned {response.status_code}"
    return BeautifulSoup(response.content, "html.parser")


def english_words(element, content=()):
    """The Latin-script words of ``element``'s text and read-out attributes, leaving out
    ``content`` (titles and names the editors wrote) and names such as RSS."""
    texts = [element.get_text(" ")]
    for tag in element.find_all(True):
        texts.extend(tag.get(name, "") for name in ("aria-label", "title", "alt", "placeholder"))
    text = " ".join(texts)
    for written in content:
        text = text.replace(written, " ")
    return sorted(set(re.findall(r"[A-Za-z]{2,}", text)) - NAMES)


def chrome_leftovers(soup, content=()):
    """English words left in the header, the footer and every button."""
    parts = [soup.select_one(".site-header"), soup.select_one(".site-footer")]
    parts += soup.select("button, .skip-link, .pagination")
    words = set()
    for part in filter(None, parts):
        words.update(english_words(part, content))
    return sorted(words)


def menu_titles(site_tree):
    return [site_tree.index.title, site_tree.about.title]


def test_home_page_interface_is_chinese(client, site_tree, article, chinese):
    soup = read(client, "/")
    assert soup.html["lang"] == "zh-Hans"
    assert soup.title.get_text() == "监控，讲给公众听 · 监控解读"
    assert soup.select_one(".skip-link").get_text() == "跳到主要内容"
    assert soup.select_one(".site-name").get_text(strip=True) == "监控解读"
    assert soup.select_one(".search-form__button").get_text() == "搜索"
    assert "没有跟踪器" in soup.select_one(".site-footer__mission").get_text()
    assert soup.select_one("#lead-heading").get_text() == "头条解读"
    assert "阅读约" in soup.select_one(".card__meta").get_text()
    assert chrome_leftovers(soup, menu_titles(site_tree)) == []


def test_explainer_index_interface_is_chinese(client, site_tree, article, chinese):
    soup = read(client, site_tree.index.url)
    assert "阅读约" in soup.select_one(".card__meta").get_text()
    assert soup.select_one(".topic-tags")["aria-label"] == "话题"
    assert chrome_leftovers(soup, menu_titles(site_tree)) == []


def test_article_interface_is_chinese(client, site_tree, article, chinese):
    soup = read(client, article.url)
    meta = soup.select_one(".article-meta").get_text(" ")
    assert "上次复核" in meta
    assert re.fullmatch(
        r"\d{4}年\d{1,2}月\d{1,2}日", soup.select_one(".article-meta time").get_text()
    )
    assert soup.select_one('meta[property="og:locale"]')["content"] == "zh_CN"
    assert "阅读时间" in meta
    assert soup.select_one("#toc-heading").get_text() == "目录"
    assert soup.select_one("#sources-heading").get_text() == "来源"
    assert soup.select_one(".argument__evidence").get_text(" ", strip=True).startswith("证据：")
    assert soup.select_one(".evidence--alleged").get_text() == "被指称"
    assert soup.select_one("#share-heading").get_text() == "分享这篇解读"
    assert "个论断" in soup.select_one(".sourcing-summary__line").get_text()
    # The discussion, which the comments app adds to the article.
    assert soup.select_one("#comment-form-heading").get_text() == "写评论"
    assert [label.get_text() for label in soup.select(".comment-form .field__label")][:2] == [
        "你的评论",
        "你的名字",
    ]
    assert chrome_leftovers(soup, menu_titles(site_tree)) == []


def test_search_interface_is_chinese(client, site_tree, article, chinese):
    soup = read(client, "/search/?q=zzzzqqq")
    assert soup.h1.get_text() == "搜索结果"
    assert soup.select_one("#no-results-heading").get_text() == "没有结果"
    assert "检查拼写；" in soup.select_one(".search__empty").get_text()
    assert chrome_leftovers(soup, [*menu_titles(site_tree), "zzzzqqq"]) == []


def test_comment_receipt_and_its_email_are_chinese(client, site_tree, article, chinese):
    response = post_comment(client, article, email="lin@example.org")
    assert response.status_code == 302
    soup = read(client, response["Location"])
    assert soup.h1.get_text() == "你的评论正在等待编辑审核"
    assert soup.select_one("#private-link-heading").get_text() == "你的专属链接：请妥善保存"
    assert soup.select_one("[data-remember-button]").get_text() == "在这台设备上记住我"
    assert chrome_leftovers(soup, [*menu_titles(site_tree), "Lin"]) == []

    (message,) = mail.outbox
    assert message.subject == f"你在《{article.title}》下的评论"
    assert message.body.startswith("Lin，你好：")
    assert "你的专属链接：" in message.body
    assert message.body.rstrip().endswith("— 监控解读")


def test_not_found_page_is_chinese(client, site_tree, chinese):
    soup = read(client, "/no-such-page/", status=404)
    assert soup.h1.get_text() == "我们找不到这个页面"
    assert soup.select_one(".error-page__code").get_text() == "错误 404 · 找不到页面"
    assert soup.select_one('label[for="not-found-search"]').get_text() == "不如搜索一下解读文章"
    assert chrome_leftovers(soup, menu_titles(site_tree)) == []


def test_feed_titles_are_chinese(client, site_tree, article, chinese):
    feed = client.get("/feeds/rss/").content
    channel = ElementTree.fromstring(feed).find("channel")  # noqa: S314 - our own feed
    assert channel.findtext("title") == "监控解读"
    assert channel.findtext("description").startswith("用平实的语言解释")
    topic_feed = client.get("/topics/facial-recognition/rss/").content
    topic = ElementTree.fromstring(topic_feed)  # noqa: S314 - our own feed
    assert topic.find("channel").findtext("title") == "Facial recognition · 监控解读"


def test_english_is_unchanged_outside_the_override(client, site_tree, article):
    soup = read(client, "/")
    assert soup.html["lang"] == "en-GB"
    assert soup.title.get_text() == (
        "Surveillance, explained for the public · Surveillance, Explained"
    )
    assert soup.select_one(".skip-link").get_text() == "Skip to main content"
