"""Links to single arguments and between rebuttals, in Chromium, on the demo explainer.

A reader who opens the article at #against-2 lands on that argument, marked so that it
stands out from its neighbours (in light and dark colours, and by more than colour); a
rebuttal's "Answers:" link leads to the argument it answers, and Back returns. "Link to
this argument" copies the argument's address and says so. "Discuss this point" sends a
comment about the argument, and leads to the discussion filtered to it.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from comments.models import Comment, CommentStatus
from core.page_cache import purge_html_cache
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_standards import ARTICLE_PATH, load_demo_site

#: Where the "Discuss this point" screenshots go (SHOTS_DIR, else test-artifacts/discuss).
SHOTS = Path(os.environ.get("SHOTS_DIR", ARTIFACTS / "discuss"))

# live_server needs committed data, so each test ends by emptying the database.
pytestmark = pytest.mark.django_db(transaction=True)

LOOKS = """element => {
    const style = getComputedStyle(element);
    return {
        background: style.backgroundColor,
        bar: style.borderInlineStartWidth,
        outline: style.outlineStyle + " " + style.outlineWidth,
    };
}"""


@pytest.fixture
def article(live_server):
    article, _comment = load_demo_site()
    return article


def looks(page, anchor):
    return page.locator(f"#{anchor}").evaluate(LOOKS)


def assert_marked(page, anchor, neighbours):
    target = page.locator(f"#{anchor}")
    expect(target).to_be_in_viewport()
    assert page.evaluate("location.hash") == f"#{anchor}"
    marked = looks(page, anchor)
    for neighbour in neighbours:
        plain = looks(page, neighbour)
        assert marked["background"] != plain["background"], (anchor, neighbour)
        # Not by colour alone: a bar and a frame that the neighbours do not have.
        assert float(marked["bar"].removesuffix("px")) >= 4 > float(plain["bar"].removesuffix("px"))
        assert marked["outline"] != plain["outline"]


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_opening_the_article_at_an_argument_shows_it_marked(
    live_server, article, browser, color_scheme
):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme=color_scheme
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{ARTICLE_PATH}#against-3")
        assert_marked(page, "against-3", ["against-2", "against-4"])
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.locator(".pros-cons").screenshot(
            path=str(ARTIFACTS / f"argument-link-{color_scheme}.png")
        )
    finally:
        context.close()


def test_a_rebuttal_link_leads_to_the_answered_argument_and_back(live_server, article, page):
    page.goto(f"{live_server.url}{ARTICLE_PATH}#against-2")
    assert_marked(page, "against-2", ["against-1", "against-3"])

    answers = page.locator("#against-2 a[data-answers]")
    expect(answers).to_have_text("People may behave more responsibly")
    answers.click()
    expect(page).to_have_url(f"{live_server.url}{ARTICLE_PATH}#for-5")
    assert_marked(page, "for-5", ["for-4"])
    expect(page.locator("#for-5 a[data-answered-by]")).to_have_text("Fear keeps people quiet")

    page.go_back()
    expect(page).to_have_url(f"{live_server.url}{ARTICLE_PATH}#against-2")
    assert_marked(page, "against-2", ["against-1", "against-3"])


def test_link_to_this_argument_copies_its_address_and_says_so(live_server, article, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{ARTICLE_PATH}")
        page.locator("#for-2 a[data-argument-link]").click()
        expect(page).to_have_url(f"{live_server.url}{ARTICLE_PATH}#for-2")
        expect(page.locator(".pros-cons [data-argument-status]")).to_have_text(
            "Link to the argument copied."
        )
        assert page.evaluate("navigator.clipboard.readText()") == (
            f"{live_server.url}{ARTICLE_PATH}#for-2"
        )
        assert_marked(page, "for-2", ["for-1", "for-3"])
    finally:
        context.close()


def test_discuss_this_point_sends_a_comment_about_it_and_filters_to_it(live_server, article, page):
    """ "Discuss this point" under an argument, as a reader without any setting: the form
    says what the comment is about, the comment is attached, and once published the
    argument counts it and the filtered discussion shows it."""
    page.goto(f"{live_server.url}{ARTICLE_PATH}")
    discuss = page.locator("#against-2 a[data-discuss-argument]")
    expect(discuss).to_have_text("Discuss this point")
    discuss.click()
    expect(page).to_have_url(f"{live_server.url}{ARTICLE_PATH}?about=against-2#comment-form")
    about = page.locator("#comment-form .comment-form__about")
    expect(about).to_contain_text("About: Fear keeps people quiet")
    page.locator("#comment-form textarea[name=body]").fill("Quiet is not the same as safe.")
    page.locator("#comment-form input[name=display_name]").fill("Mei")
    page.locator("#comment-form button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()
    comment = Comment.objects.get(body="Quiet is not the same as safe.")
    assert comment.argument == "against-2"
    assert not page.context.cookies()
    Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.APPROVED)
    purge_html_cache()

    page.goto(f"{live_server.url}{ARTICLE_PATH}#against-2")
    discuss = page.locator("#against-2 a[data-discuss-argument]")
    expect(discuss).to_have_text("Discuss this point (1 comment)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#against-2").screenshot(path=str(SHOTS / "argument-discuss-link.png"))
    discuss.click()
    section = page.locator("#comments")
    expect(section.locator(".discussion__filter")).to_contain_text(
        "Showing comments on one point: Fear keeps people quiet"
    )
    expect(section.locator(".comment__body")).to_have_count(1)
    section.screenshot(path=str(SHOTS / "filtered-discussion.png"))
    section.locator(".discussion__filter a", has_text="Show all").click()
    expect(page.locator("#comments .comment__body")).to_have_count(2)
    expect(page.locator(f"#comment-{comment.pk} .comment__about")).to_have_text(
        "On the point: Fear keeps people quiet"
    )
