"""Who and how in Chromium, on the demo as `make run` loads it: the byline leads to the
author's page, "How we made this" names who checked the live version and when, and links
to the editorial standards; in English and under /zh-hans/."""

import pytest
from playwright.sync_api import expect

from content.models import ArticlePage

# live_server needs committed data, so each test ends by emptying the database.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_follows_the_byline_and_the_standards_link(live_server, demo_site, page):
    english = ArticlePage.objects.get(locale__language_code="en")
    page.goto(live_server.url + english.url)
    byline = page.locator(".article-header .byline")
    expect(byline).to_have_text("By Hannah Okafor")
    check = page.locator(".how-made__check")
    # The corrected version the demo's history publishes on 1 December 2026.
    expect(check).to_have_text("Checked by Li Wen on 1 December 2026.")
    expect(page.locator(".cite-this")).to_contain_text("Okafor, H.")
    expect(page.locator(".reuse a[rel=license]").first).to_be_visible()

    byline.get_by_role("link", name="Hannah Okafor").click()
    expect(page.locator("h1")).to_have_text("Hannah Okafor")
    expect(page.get_by_role("link", name=english.title)).to_be_visible()

    page.go_back()
    page.locator(".how-made__standards a").click()
    expect(page.locator("h1")).to_have_text("Editorial standards")
    expect(page.get_by_role("heading", name="Independence")).to_be_visible()


def test_the_chinese_article_has_its_byline_check_and_standards(live_server, demo_site, page):
    chinese = ArticlePage.objects.get(locale__language_code="zh-hans")
    page.goto(live_server.url + chinese.url)
    expect(page.locator(".article-header .byline")).to_have_text("作者 汉娜·奥卡福")
    expect(page.locator("#how-made-heading")).to_have_text("我们如何完成本文")
    # The corrected version the Chinese history publishes on 2 December 2026.
    expect(page.locator(".how-made__check")).to_have_text("由李文于2026年12月2日核查。")
    page.locator(".how-made__check a").click()
    expect(page.locator("h1")).to_have_text("李文")
    expect(page).to_have_url(live_server.url + "/zh-hans/authors/li-wen/")
    page.go_back()
    page.locator(".how-made__standards a").click()
    expect(page.locator("h1")).to_have_text("编辑准则")
