"""An explainer on paper, and its table of contents on screen, in Chromium.

Print: the article, its arguments and its Sources (each Source's address written out) and
the page's own address; nothing interactive (header search, contents, share and copy-link,
the discussion and its form). Contents: the link of the section being read is marked
(aria-current) with JavaScript, a plain list without; where the list scrolls away with the
text (a phone), a "Back to contents" link leads back to it, with or without JavaScript.
Screenshots and the printed PDF go to test-artifacts/.
"""

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.content.factories import (
    ArticlePageFactory,
    SourceFactory,
    argument,
    build_site_tree,
    cite,
    heading,
    paragraph,
    pros_cons,
)

# live_server needs committed data, so each test ends by emptying the database.
pytestmark = pytest.mark.django_db(transaction=True)

SECTIONS = ["Cameras", "Software", "Scores", "Robots", "Who decides"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def long_paragraph(source, number):
    sentence = (
        "A camera on a corner records who passes, when, and with whom; software then "
        "compares every face with those it already holds. "
    )
    return paragraph(f"<p>{cite(source, f'Claim {number}')}. {sentence * 6}</p>")


@pytest.fixture
def article(live_server):
    tree = build_site_tree()
    report = SourceFactory(
        title="Inside the city of cameras",
        url="https://news.example.org/city-of-cameras",
        archive_url="https://archive.example.org/city-of-cameras",
    )
    census = SourceFactory(
        title="Population count", url="https://stats.example.org/census", archive_url=""
    )
    body = []
    for number, title in enumerate(SECTIONS):
        body += [heading(title), long_paragraph(report, number), long_paragraph(census, number)]
    body.insert(
        3,
        {
            "type": "key_figures",
            "value": {
                "heading": "In numbers",
                "figures": [
                    {
                        "type": "item",
                        "value": {
                            "value": "32 million",
                            "label": "People",
                            "sources": [
                                {"type": "item", "value": census.pk, "id": str(uuid.uuid4())}
                            ],
                            "note": "",
                        },
                        "id": str(uuid.uuid4()),
                    }
                ],
            },
            "id": str(uuid.uuid4()),
        },
    )
    body.append(
        pros_cons(
            pros=[argument("Faster response to crime", [report])],
            cons=[argument("No privacy left in public", [report])],
        )
    )
    return ArticlePageFactory(
        parent=tree.index,
        title="A city of cameras",
        slug="city-of-cameras",
        body=body,
        discussion_question="How much watching is too much?",
    )


def new_page(browser, viewport, javascript=True):
    context = browser.new_context(
        viewport=viewport, java_script_enabled=javascript, reduced_motion="reduce"
    )
    return context, context.new_page()


def scroll_to(page, element_id):
    page.locator(f"#{element_id}").evaluate("element => element.scrollIntoView()")


# --- Print ----------------------------------------------------------------------------------


def test_the_printed_explainer_is_the_article_its_sources_and_its_address(
    live_server, article, page
):
    address = live_server.url + article.url
    page.goto(address)
    page.emulate_media(media="print")

    for interactive in (
        page.get_by_role("search"),  # the header search
        page.get_by_role("navigation", name="Contents"),
        page.get_by_role("region", name="Share this explainer"),
        page.locator("#comment-form"),
        page.locator("#comments"),
        page.get_by_role("link", name="Back to contents"),
    ):
        expect(interactive).to_be_hidden()

    expect(page.get_by_role("heading", level=1)).to_have_text("A city of cameras")
    expect(page.locator(".key-figures")).to_be_visible()
    expect(page.locator("li.argument")).to_have_count(2)
    for argument_item in page.locator("li.argument").all():
        expect(argument_item).to_be_visible()
    expect(page.get_by_role("region", name="Sources")).to_be_visible()

    # Each Source's links are followed by their address, in brackets, on paper.
    links = page.locator("#sources a.source__link, #sources a.source__archive")
    expect(links).to_have_count(3)
    for link in links.all():
        written_out = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert link.get_attribute("href") in written_out, written_out

    own_address = page.locator(".print-address")
    expect(own_address).to_be_visible()
    expect(own_address).to_contain_text(address)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "print-article.png"), full_page=True)
    page.pdf(path=str(ARTIFACTS / "print-article.pdf"))

    # On screen the address is in the address bar, and the rest is back.
    page.emulate_media(media="screen")
    expect(own_address).to_be_hidden()
    expect(page.get_by_role("region", name="Share this explainer")).to_be_visible()
    expect(page.locator("#comment-form")).to_be_visible()


# --- The table of contents --------------------------------------------------------------------


def contents_link(page, name):
    return page.get_by_role("navigation", name="Contents").get_by_role("link", name=name)


def marked(page):
    return page.locator('.toc a[aria-current="true"]')


def test_the_contents_mark_the_section_being_read(live_server, article, browser):
    context, page = new_page(browser, DESKTOP)
    try:
        page.goto(live_server.url + article.url)

        scroll_to(page, "software")
        expect(contents_link(page, "Software")).to_have_attribute("aria-current", "true")
        expect(marked(page)).to_have_count(1)
        # Marked in the look too, not only for screen readers.
        assert contents_link(page, "Software").evaluate(
            "a => getComputedStyle(a).fontWeight"
        ) > contents_link(page, "Scores").evaluate("a => getComputedStyle(a).fontWeight")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "contents-marked.png"))

        contents_link(page, "Robots").click()
        expect(contents_link(page, "Robots")).to_have_attribute("aria-current", "true")
        expect(marked(page)).to_have_count(1)

        scroll_to(page, "cameras")
        expect(contents_link(page, "Cameras")).to_have_attribute("aria-current", "true")
        expect(contents_link(page, "Robots")).not_to_have_attribute("aria-current", "true")

        # A jump to the end (no heading crosses the line on its way) still moves the mark.
        page.keyboard.press("End")
        expect(contents_link(page, "Discussion")).to_have_attribute("aria-current", "true")
        expect(marked(page)).to_have_count(1)

        # Wide screens keep the contents in view: no link back to them.
        expect(page.get_by_role("link", name="Back to contents")).to_be_hidden()
    finally:
        context.close()


def test_without_javascript_the_contents_are_a_plain_list_of_links(live_server, article, browser):
    context, page = new_page(browser, DESKTOP, javascript=False)
    try:
        page.goto(live_server.url + article.url)
        scroll_to(page, "software")
        contents_link(page, "Scores").click()
        expect(page.locator("#scores")).to_be_in_viewport()
        assert page.url.endswith("#scores")
        expect(marked(page)).to_have_count(0)
    finally:
        context.close()


def test_on_a_phone_a_link_leads_back_to_the_contents(live_server, article, browser):
    context, page = new_page(browser, PHONE)
    try:
        page.goto(live_server.url + article.url)
        back = page.get_by_role("link", name="Back to contents")
        # Not before the reader has passed the contents...
        expect(back).to_be_hidden()

        scroll_to(page, "robots")
        expect(back).to_be_visible()
        expect(contents_link(page, "Robots")).to_have_attribute("aria-current", "true")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "contents-phone-back-link.png"))

        back.click()
        expect(page.get_by_role("navigation", name="Contents")).to_be_in_viewport()
        assert page.url.endswith("#contents")
        # ...nor while they are on screen.
        expect(back).to_be_hidden()
    finally:
        context.close()


def test_on_a_phone_without_javascript_the_back_link_still_works(live_server, article, browser):
    context, page = new_page(browser, PHONE, javascript=False)
    try:
        page.goto(live_server.url + article.url)
        scroll_to(page, "who-decides")
        back = page.get_by_role("link", name="Back to contents")
        expect(back).to_be_visible()
        back.click()
        expect(page.get_by_role("navigation", name="Contents")).to_be_in_viewport()
    finally:
        context.close()
