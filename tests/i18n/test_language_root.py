"""The site's root, ``/``, in the reader's language (issue 13, "URLs and discovery"): a
browser that prefers Chinese is sent to the Chinese home, every other gets the English one,
and only ``/`` says ``Vary: Accept-Language``. The English home is also at /en/, which never
negotiates, and the Chinese pages' switcher links there. No cookie, anywhere.

Search in both languages: /zh-hans/search/ in Chinese, its language filter, the form's
action per language. docs/translation.md.
"""

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings

from explainer.locale import prefers_chinese
from tests.i18n.test_content_locales import (
    BASE,
    EN_ARTICLE,
    ZH_ARTICLE,
    ZH_HOME,
    ZH_TITLE,
    alternates,
    switcher_links,
)

pytestmark = pytest.mark.django_db

EN_TITLE = "Chongqing: how a megacity watches its people"


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert "Set-Cookie" not in response.headers, url
    assert not response.cookies, url
    return response


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def varies_on_language(response):
    return "accept-language" in response.get("Vary", "").lower()


# --- The root chooses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    ["zh-CN,zh;q=0.9,en;q=0.8", "zh", "zh-Hans", "zh-SG", "zh-TW", "zh-HK", "fr, zh;q=0.5"],
)
def test_a_browser_preferring_chinese_is_sent_to_the_chinese_home(demo_site, client, header):
    response = get(client, "/", accept_language=header)
    assert response.status_code == 302
    assert response["Location"] == ZH_HOME
    assert varies_on_language(response)
    home = soup_of(get(client, response["Location"]))
    assert home.html["lang"] == "zh-Hans"


@pytest.mark.parametrize(
    "header", [None, "en-GB,en;q=0.9", "en-US", "zh;q=0.1,en;q=0.9", "*", "¿qué?;;q=x,,", "de"]
)
def test_every_other_browser_gets_the_english_home(demo_site, client, header):
    response = get(client, "/", **({"accept_language": header} if header else {}))
    assert response.status_code == 200
    assert varies_on_language(response)
    home = soup_of(response)
    assert home.html["lang"] == "en-GB"
    assert home.select_one(f'main a[href="{EN_ARTICLE}"]')


def test_reading_the_header():
    assert prefers_chinese("zh-CN,zh;q=0.9,en;q=0.8")
    assert prefers_chinese("en;q=0.4, zh-TW;q=0.5")
    assert not prefers_chinese("zh;q=0.1,en;q=0.9")
    assert not prefers_chinese("")
    assert not prefers_chinese(None)
    assert not prefers_chinese("zh" * 400)  # too long to read: English


def test_only_the_root_varies_on_the_language(demo_site, client):
    for url in (EN_ARTICLE, ZH_ARTICLE, ZH_HOME, "/en/", "/explainers/", "/search/?q=cameras"):
        response = get(client, url, accept_language="zh-CN")
        assert response.status_code == 200, url
        assert not varies_on_language(response), url


@override_settings(HTML_CACHE_SECONDS=300)
def test_a_cached_english_home_is_never_served_to_a_chinese_browser(demo_site, client):
    first = get(client, "/", accept_language="en")
    assert first.status_code == 200
    assert first["X-Cache"] == "miss"
    assert get(client, "/", accept_language="en")["X-Cache"] == "hit"
    chinese = get(client, "/", accept_language="zh-CN")
    assert chinese.status_code == 302
    assert chinese["Location"] == ZH_HOME
    again = get(client, "/", accept_language="en")
    assert again["X-Cache"] == "hit"
    assert varies_on_language(again)


# --- The English home's address that never negotiates --------------------------------------


def test_en_serves_the_english_home_and_names_slash_as_canonical(demo_site, client):
    response = get(client, "/en/", accept_language="zh-CN,zh;q=0.9")
    assert response.status_code == 200
    assert not varies_on_language(response)
    home = soup_of(response)
    assert home.html["lang"] == "en-GB"
    assert home.select_one('link[rel="canonical"]')["href"] == BASE + "/"
    assert home.select_one(f'main a[href="{EN_ARTICLE}"]')
    assert alternates(home) == {
        "en": BASE + "/",
        "zh-Hans": BASE + ZH_HOME,
        "x-default": BASE + "/",
    }


def test_the_chinese_home_switcher_links_to_the_english_home_that_stays(demo_site, client):
    chinese = soup_of(get(client, ZH_HOME))
    assert switcher_links(chinese) == [("/en/", "en")]
    # hreflang still names the root: x-default is the page that chooses.
    assert alternates(chinese) == {
        "en": BASE + "/",
        "zh-Hans": BASE + ZH_HOME,
        "x-default": BASE + "/",
    }
    english = get(client, "/en/", accept_language="zh-CN")
    assert english.status_code == 200
    assert soup_of(english).html["lang"] == "en-GB"
    # And back: the English home's switcher goes to the Chinese home.
    assert switcher_links(soup_of(english)) == [(ZH_HOME, "zh-Hans")]


def test_other_switcher_links_keep_their_addresses(demo_site, client):
    assert switcher_links(soup_of(get(client, ZH_ARTICLE))) == [(EN_ARTICLE, "en")]
    assert switcher_links(soup_of(get(client, EN_ARTICLE))) == [(ZH_ARTICLE, "zh-Hans")]


# --- Search in Chinese -------------------------------------------------------------------------


def search_page(client, url):
    response = get(client, url)
    assert response.status_code == 200, url
    return soup_of(response)


def result_titles(soup):
    return [a.get_text(strip=True) for a in soup.select(".search-result__title a")]


def test_the_chinese_search_page_speaks_chinese(demo_site, client):
    soup = search_page(client, "/zh-hans/search/?q=重庆")
    assert soup.html["lang"] == "zh-Hans"
    assert soup.h1.get_text() == "搜索结果"
    assert (
        soup.select_one(".search__summary").get_text(" ", strip=True) == "重庆 的搜索结果共 1 条。"
    )
    assert result_titles(soup) == [ZH_TITLE]
    meta = soup.select_one(".search-result__meta").get_text(" ", strip=True)
    assert meta.startswith("解读文章 · ")  # one language only: no language label
    assert soup.select_one(".search-result__snippet mark").get_text() == "重庆"
    legend = soup.select_one("main .search-form__languages legend").get_text()
    assert legend == "结果语言"
    labels = [label.get_text(strip=True) for label in soup.select("main .search-form__language")]
    assert labels == ["所有语言", "English", "简体中文"]
    assert soup.select_one('main input[name="lang"][value="all"]').has_attr("checked")
    # No English left in the page's own words (the query and the page titles aside).
    main = soup.select_one("main").get_text(" ", strip=True)
    for english in ("Search", "result", "Results in", "All languages", "Explainer"):
        assert english not in main


def test_the_form_submits_to_the_search_page_in_the_page_language(demo_site, client):
    for url, action in (
        ("/", "/search/"),
        (EN_ARTICLE, "/search/"),
        (ZH_HOME, "/zh-hans/search/"),
        (ZH_ARTICLE, "/zh-hans/search/"),
        ("/zh-hans/search/?q=重庆", "/zh-hans/search/"),
        ("/search/?q=cameras", "/search/"),
    ):
        response = get(client, url, accept_language="en")
        forms = soup_of(response).select('form[role="search"]')
        assert forms, url
        assert {form["action"] for form in forms} == {action}, url


def test_the_language_filter_narrows_the_results(demo_site, client):
    query = "?q=Chongqing+重庆"
    mixed = search_page(client, "/zh-hans/search/" + query)
    assert sorted(result_titles(mixed)) == sorted([EN_TITLE, ZH_TITLE])
    # Mixed: each result says its language, in that language.
    labels = {
        item.select_one(".search-result__title").get_text(strip=True): (
            item.select_one(".search-result__language").get_text(),
            item.select_one(".search-result__language")["lang"],
        )
        for item in mixed.select(".search-result")
    }
    assert labels == {EN_TITLE: ("English", "en"), ZH_TITLE: ("简体中文", "zh-Hans")}
    english = search_page(client, "/zh-hans/search/" + query + "&lang=en")
    assert result_titles(english) == [EN_TITLE]
    assert not english.select(".search-result__language")
    assert english.select_one('main input[name="lang"][value="en"]').has_attr("checked")
    chinese = search_page(client, "/search/" + query + "&lang=zh-hans")
    assert result_titles(chinese) == [ZH_TITLE]
    assert chinese.html["lang"] == "en-GB"
    nothing = search_page(client, "/zh-hans/search/?q=重庆&lang=en")
    assert result_titles(nothing) == []
    assert nothing.select_one("#no-results-heading").get_text() == "没有结果"
    # Found nothing in one language: the same search in every language is offered.
    every = nothing.select_one(".search__empty li a")
    assert every.get_text() == "在所有语言中搜索"
    assert result_titles(search_page(client, every["href"])) == [ZH_TITLE]
    assert every["href"].startswith("/zh-hans/search/?q=")


@pytest.mark.parametrize("value", ["fr", "<b>x</b>", "zh-hans'--", "x" * 300])
def test_a_language_filter_that_names_no_language_is_ignored_and_said(demo_site, client, value):
    response = client.get("/zh-hans/search/", {"q": "重庆", "lang": value})
    assert response.status_code == 200
    soup = soup_of(response)
    assert result_titles(soup) == [ZH_TITLE]  # every language searched
    notice = soup.select_one(".search__notice").get_text()
    assert notice.startswith("本站没有“")
    assert notice.endswith("这种语言可供筛选，因此已搜索所有语言。")
    assert "<b>" not in response.content.decode().split("search__notice")[1].split("</p>")[0]
    english = soup_of(client.get("/search/", {"q": "Chongqing", "lang": value}))
    assert english.select_one(".search__notice").get_text().startswith("There is no language “")


def test_the_search_switcher_keeps_the_query(demo_site, client):
    chinese = search_page(client, "/zh-hans/search/?q=人脸识别&lang=zh-hans&page=1")
    assert switcher_links(chinese) == [
        ("/search/?q=%E4%BA%BA%E8%84%B8%E8%AF%86%E5%88%AB&lang=zh-hans", "en")
    ]
    english = search_page(client, switcher_links(chinese)[0][0])
    assert english.html["lang"] == "en-GB"
    assert result_titles(english) == result_titles(chinese) == [ZH_TITLE]
    assert switcher_links(english) == [
        ("/zh-hans/search/?q=%E4%BA%BA%E8%84%B8%E8%AF%86%E5%88%AB&lang=zh-hans", "zh-Hans")
    ]
    # Search pages are kept out of search engines: no hreflang for them.
    assert alternates(english) == {}


def test_the_header_search_form_has_no_language_filter(demo_site, client):
    soup = search_page(client, "/zh-hans/search/?q=重庆")
    assert not soup.select(".site-header .search-form__languages")
    assert len(soup.select("main .search-form__languages")) == 1
