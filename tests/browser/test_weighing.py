"""Weighing the arguments in Chromium, on the demo explainer, with and without JavaScript.

A reader weighs two arguments and answers the closing question, and sees how readers
weighed each; voting again the same day changes no count; no cookie is set at any point,
and no request leaves the site. The Chinese explainer counts with the English one (the
arguments' link numbers are the same in both).
"""

import pytest
from playwright.sync_api import expect

from debate.models import WeighingTally
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_standards import ARTICLE_PATH, load_demo_site

# live_server needs committed data, so each test ends by emptying the database.
pytestmark = pytest.mark.django_db(transaction=True)

CHINESE_PATH = "/zh-hans/jiedu/chongqing-jiankong/"


@pytest.fixture
def article(live_server):
    article, _comment = load_demo_site()
    return article


def total(target):
    return sum(WeighingTally.objects.filter(target=target).values_list("count", flat=True))


def watched_context(browser, live_server, **options):
    """A context that records every request's address."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    return context, requests


def assert_private(context, requests, live_server):
    assert context.cookies() == []
    elsewhere = [url for url in requests if not url.startswith(live_server.url)]
    assert elsewhere == [], elsewhere
    assert requests


def tally_numbers(locator):
    return [text.strip() for text in locator.locator(".tally__number").all_inner_texts()]


def test_weighing_with_javascript_shows_the_tally_in_place(live_server, article, browser):
    context, requests = watched_context(browser, live_server)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{ARTICLE_PATH}")
        for_1 = page.locator("#for-1")
        for_1.get_by_role("button", name="Convincing", exact=True).click()
        tally = for_1.locator(".tally")
        expect(tally).to_contain_text("Thank you: your answer was counted.")
        expect(tally).to_contain_text("a self-selected sample of readers, not a survey")
        assert tally_numbers(tally) == ["1 reader (100%)", "0 readers (0%)"]
        assert page.url == f"{live_server.url}{ARTICLE_PATH}"  # in place: no page loaded
        expect(for_1.locator("form[data-weigh]")).to_have_count(0)

        against_2 = page.locator("#against-2")
        against_2.get_by_role("button", name="Not convincing").click()
        expect(against_2.locator(".tally")).to_contain_text("1 reader (100%)")

        question = page.locator("#weigh-question")
        question.get_by_label("No surveillance of this kind").check()
        question.get_by_role("button", name="Send my answer").click()
        answered = page.locator(".weigh-question .tally")
        expect(answered).to_contain_text("Thank you: your answer was counted.")
        row = answered.locator(".tally__row--none")
        expect(row.locator(".tally__number")).to_have_text("1 reader (100%)")
        assert row.locator(".tally__fill").get_attribute("width") == "100"

        # The same reader, the same day: the count does not move.
        page.reload()
        page.locator("#for-1").get_by_role("button", name="Not convincing").click()
        again = page.locator("#for-1 .tally")
        expect(again).to_contain_text("already counted today")
        assert tally_numbers(again) == ["1 reader (100%)", "0 readers (0%)"]
        assert (total("for-1"), total("against-2"), total("question")) == (1, 1, 1)
        assert_private(context, requests, live_server)
    finally:
        context.close()


def test_weighing_without_javascript_uses_the_result_page(live_server, article, browser):
    context, requests = watched_context(browser, live_server, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{ARTICLE_PATH}")
        page.locator("#for-2").get_by_role("button", name="Convincing", exact=True).click()
        expect(page.locator("h1")).to_have_text("How readers weighed the arguments")
        expect(page.get_by_role("status")).to_have_text("Thank you: your answer was counted.")
        section = page.locator("#weigh-for-2")
        assert tally_numbers(section) == ["1 reader (100%)", "0 readers (0%)"]
        expect(page.locator(".weigh-page__sample")).to_contain_text("not a survey")

        page.get_by_role("link", name="Back to the explainer").click()
        page.locator("#against-1").get_by_role("button", name="Not convincing").click()
        assert tally_numbers(page.locator("#weigh-against-1")) == [
            "0 readers (0%)",
            "1 reader (100%)",
        ]

        page.goto(f"{live_server.url}{ARTICLE_PATH}")
        question = page.locator("#weigh-question")
        question.get_by_label("Worth it, with strict limits").check()
        question.get_by_role("button", name="Send my answer").click()
        expect(
            page.locator("#weigh-question .tally__row--with-limits .tally__number")
        ).to_have_text("1 reader (100%)")

        # Again, the same day: counted once.
        page.goto(f"{live_server.url}{ARTICLE_PATH}")
        page.locator("#for-2").get_by_role("button", name="Not convincing").click()
        expect(page.get_by_role("status")).to_contain_text("already counted today")
        assert tally_numbers(page.locator("#weigh-for-2")) == ["1 reader (100%)", "0 readers (0%)"]
        assert (total("for-2"), total("against-1"), total("question")) == (1, 1, 1)
        assert_private(context, requests, live_server)
    finally:
        context.close()


def test_the_chinese_explainer_counts_with_the_english_one(live_server, article, browser):
    context, requests = watched_context(browser, live_server)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{ARTICLE_PATH}")
        page.locator("#for-1").get_by_role("button", name="Convincing", exact=True).click()
        expect(page.locator("#for-1 .tally")).to_be_visible()

        chinese = browser.new_context(viewport={"width": 390, "height": 844})
        other = chinese.new_page()
        try:
            # Another reader, in Chinese (the live server sees one address: a new day's
            # fingerprints would say "already", so this reader weighs the question).
            other.goto(f"{live_server.url}{CHINESE_PATH}")
            control = other.locator("#for-1 form[data-weigh]")
            expect(control.locator("legend")).to_have_text("这个论点能说服你吗？")
            other.locator("#for-1").get_by_role("button", name="没有说服力").click()
            tally = other.locator("#for-1 .tally")
            expect(tally).to_contain_text("今天在这里的回答已经计入过了")
            expect(tally).to_contain_text("不是调查")
            assert tally_numbers(tally) == ["1 位读者（100%）", "0 位读者（0%）"]
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            other.screenshot(path=str(ARTIFACTS / "weighing-zh-phone.png"))
        finally:
            chinese.close()
        assert_private(context, requests, live_server)
    finally:
        context.close()
