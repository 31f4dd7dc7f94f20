"""A reader whose browser prefers Chinese, in Chromium: `/` takes them to the Chinese home,
the switcher's "English" takes them to the English home and they stay there (reloading it
too), and a search from the Chinese home is made on the Chinese search page. No cookie is
set along the way (explainer.locale, docs/translation.md).
"""

import pytest
from playwright.sync_api import expect

from tests.browser.test_standards import load_demo_site

# live_server needs committed data, so each test ends by emptying the database.
pytestmark = pytest.mark.django_db(transaction=True)

ZH_TITLE = "重庆：一座超大城市如何监控它的居民"


@pytest.fixture
def chinese_reader(browser, live_server):
    """A browser set up in Simplified Chinese (it sends Accept-Language: zh-CN)."""
    load_demo_site()
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    assert context.cookies() == []  # nothing set for a reader, in either language
    context.close()


def test_chinese_browser_lands_in_chinese_and_english_stays_english(
    live_server, chinese_reader, screenshot
):
    page = chinese_reader
    page.goto(live_server.url + "/")
    assert page.url == live_server.url + "/zh-hans/"
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("link", name=ZH_TITLE).first).to_be_visible()
    screenshot("language-root-chinese-home", page)

    page.get_by_role("navigation", name="语言").get_by_role("link", name="English").click()
    assert page.url == live_server.url + "/en/"
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    expect(page.get_by_role("heading", level=1)).to_have_text("Surveillance, explained")
    page.reload()  # the English home's own address does not send them back
    assert page.url == live_server.url + "/en/"
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    # From there, English pages stay English whatever the browser prefers.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Explainers").click()
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    assert page.url == live_server.url + "/explainers/"
    screenshot("language-root-english-explainers", page)


def test_a_search_from_the_chinese_home_is_in_chinese(live_server, chinese_reader, screenshot):
    page = chinese_reader
    page.goto(live_server.url + "/")
    search = page.get_by_role("search", name="站内搜索")
    search.get_by_role("searchbox").fill("人脸识别")
    search.get_by_role("button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("搜索结果")
    assert page.url.startswith(live_server.url + "/zh-hans/search/?q=")
    expect(page.locator(".search__summary")).to_have_text(
        "人脸识别的搜索结果共 1 条。"
    )  # the quotes: <q>
    result = page.locator(".search-result").first
    expect(result.get_by_role("link")).to_have_text(ZH_TITLE)
    expect(result.locator("mark").first).to_contain_text("人脸识别")
    # Keep the results to English: none here, said in Chinese.
    page.get_by_role("main").get_by_label("English").check()
    page.get_by_role("main").get_by_role("button", name="搜索").click()
    assert "lang=en" in page.url
    expect(page.locator("#no-results-heading")).to_have_text("没有结果")
    screenshot("language-root-chinese-search", page)
