"""The user walk-through (docs/user-walkthrough.md), done in Chromium on the demo site.

A reader, a commenter and an editor take the steps the walk-through describes, on the demo
content exactly as `make run` loads it and with the admin login `make run` prints, and each
step is checked against what that person sees. Each step leaves a screenshot: in
test-artifacts/walkthrough/ on an ordinary run, and in docs/images/walkthrough/ (the
pictures the walk-through shows) with ``WALKTHROUGH_SCREENSHOTS=1``
(``make walkthrough-screenshots``).

The screenshots are numbered in the order of the document. The script takes one of them out
of that order: the demo starts without comments, so the commenter can reply to a comment
only once the editor has approved the first one.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from wagtail.models import Site

from comments.models import Comment, CommentSettings, CommentStatus
from content.models import ArticlePage
from tests.browser.doc_screenshots import doc_screenshots
from tests.browser.test_editor_guide import open_actions_menu, settle

# live_server needs committed data, so the test ends by emptying the database.
pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORT = {"width": 1280, "height": 800}
PAPER = {"width": 794, "height": 1123}  # A4 at 96 pixels an inch
ARTICLE_TITLE = "Chongqing: how a megacity watches its people"
COMMENT = "Who watches the people who watch the cameras, and how long do they keep the footage?"
COMMENTER = "Mei"
REPLY = "The article's sources say little about that: a good question for the next update."
REPLIER = "Tomás"
CHANGE = " Updated: the figures are from the 2025 report."


@pytest.fixture(autouse=True)
def no_autosave(settings):
    """Save only when the editor clicks (as in the editor guide's walk-through): autosave's
    and the editing session's background requests would race the test's own."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 3_600_000


@pytest.fixture(autouse=True)
def patient_expectations():
    """A busy machine (CI runs on two shared cores) can take more than the default five
    seconds to render a preview or answer a form; what is expected stays the same."""
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=None)


@pytest.fixture
def demo_login(live_server, demo_site):
    """The demo as `make run` serves it: its content, and the admin login it prints."""
    # A person takes longer than the three seconds the form asks for; the script does not.
    CommentSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"min_fill_seconds": 0}
    )
    out = StringIO()
    call_command("demo_login", "--force", stdout=out)  # DEBUG is off in the test settings
    printed = out.getvalue()
    return (
        re.search(r"user:\s+(\S+)", printed)[1],
        re.search(r"password:\s+(\S+)", printed)[1],
    )


@pytest.fixture
def walkthrough_screenshot():
    return doc_screenshots("walkthrough", "WALKTHROUGH_SCREENSHOTS")


def main(page):
    return page.get_by_role("main")


def heading(page):
    return page.get_by_role("heading", level=1)


def search_from_the_header(page, words):
    box = page.get_by_role("search").first.get_by_role("searchbox")
    box.fill(words)
    with page.expect_navigation():
        box.press("Enter")


def show(locator):
    """Scroll ``locator``'s element to the top of the window."""
    locator.evaluate("(element) => element.scrollIntoView({block: 'start', behavior: 'instant'})")
    expect(locator).to_be_in_viewport()


# --- The reader ---------------------------------------------------------------------------


def walk_as_reader(page, base_url, shot):
    page.goto(base_url + "/")
    expect(heading(page)).to_have_text("Surveillance, explained")
    lead = page.get_by_role("region", name="Lead explainer")
    expect(lead.get_by_role("link", name=ARTICLE_TITLE)).to_be_visible()
    shot("01-home", page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Explainers").click()
    expect(heading(page)).to_have_text("Explainers")
    expect(main(page).get_by_role("link", name=ARTICLE_TITLE)).to_be_visible()
    shot("02-explainers", page)

    main(page).get_by_role("link", name=ARTICLE_TITLE).click()
    expect(heading(page)).to_have_text(ARTICLE_TITLE)
    contents = page.get_by_role("navigation", name="Contents")
    expect(contents.get_by_role("link", name="Facial recognition")).to_be_visible()
    expect(contents.get_by_role("link", name="Sources")).to_be_visible()
    shot("03-article", page)

    figures = page.get_by_role("region", name="Chongqing at a glance")
    show(figures)
    # The contents mark the section being read: the key figures are in "The city".
    expect(contents.locator("a[aria-current=true]")).to_have_text("The city")
    expect(figures).to_contain_text("Population")
    expect(figures).to_contain_text("32 million")
    expect(figures.locator("sup.citation a").first).to_have_text("[1]")
    shot("04-key-figures", page)

    arguments = page.locator(".pros-cons")
    show(arguments.locator(".pros-cons__columns"))
    expect(arguments.get_by_role("heading", level=2)).to_have_text(
        "Is surveillance on this scale worth it?"
    )
    expect(arguments.locator("li.argument--pro").first).to_be_visible()
    expect(arguments.locator("li.argument--con").first).to_be_visible()
    expect(arguments.locator(".argument__evidence").first).to_be_visible()
    shot("05-arguments", page)

    citation = figures.locator("sup.citation a").first
    show(figures)
    citation.click()
    source = page.locator("#source-1")
    expect(page).to_have_url(re.compile("#source-1$"))
    expect(source).to_be_in_viewport()
    expect(source).to_contain_text("Daily Mail Online")
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()
    shot("06-sources", page)

    page.evaluate("window.scrollTo(0, 0)")
    topic_link = page.locator(".topic-tags").get_by_role("link", name="Facial recognition")
    topic_link.click()
    expect(heading(page)).to_have_text("Facial recognition")
    expect(main(page).get_by_role("link", name=ARTICLE_TITLE)).to_be_visible()
    shot("07-topic", page)

    # "cameras" is in the article's text: found by every search backend.
    search_from_the_header(page, "cameras")
    expect(heading(page)).to_have_text("Search results")
    expect(main(page).get_by_role("link", name=ARTICLE_TITLE)).to_be_visible()
    expect(main(page).locator("mark").first).to_be_visible()
    shot("08-search", page)

    search_from_the_header(page, "xylophones")
    expect(main(page).locator(".search__summary")).to_have_text("Nothing found for xylophones.")
    expect(main(page).get_by_role("heading", name="No results")).to_be_visible()
    expect(main(page).get_by_role("link", name=ARTICLE_TITLE)).to_have_count(0)
    expect(main(page).get_by_role("link", name="browse every explainer")).to_be_visible()
    shot("09-search-nothing-found", page)

    page.set_viewport_size(PAPER)
    page.goto(base_url + "/explainers/chongqing-surveillance/")
    page.emulate_media(media="print")
    expect(heading(page)).to_have_text(ARTICLE_TITLE)
    for left_off in (
        page.get_by_role("search"),
        page.get_by_role("navigation", name="Contents"),
        page.get_by_role("region", name="Share this explainer"),
        page.locator("#comments"),
    ):
        expect(left_off).to_be_hidden()
    expect(page.get_by_role("region", name="Sources")).to_be_visible()
    expect(page.locator(".print-address")).to_contain_text(
        base_url + "/explainers/chongqing-surveillance/"
    )
    # A screenshot has no sheet of paper around it: give it print.css's page margins.
    page.evaluate("document.body.style.padding = '18mm 16mm 0'")
    shot("10-print", page)
    page.evaluate("document.body.style.padding = ''")
    page.emulate_media(media="screen")
    page.set_viewport_size(VIEWPORT)
    expect(page.locator("#comment-form")).to_be_visible()


# --- The commenter --------------------------------------------------------------------------


def post_a_comment(page, base_url, shot):
    page.goto(base_url + "/explainers/chongqing-surveillance/")
    form = page.locator("#comment-form")
    show(page.locator("#comments"))
    expect(page.locator("#comments")).to_contain_text("No comments have been published yet.")
    page.fill("#id_body", COMMENT)
    page.fill("#id_display_name", COMMENTER)
    expect(form.get_by_role("button", name="Send comment")).to_be_visible()
    shot("11-write-a-comment", page)
    with page.expect_navigation():
        form.get_by_role("button", name="Send comment").click()

    expect(heading(page)).to_have_text("Your comment is waiting for an editor")
    expect(page.locator(".comments-page__quoted")).to_contain_text(COMMENT)
    expect(page.locator(".next-steps")).to_contain_text("We have received your comment")
    expect(page.get_by_role("heading", name="Your private link: keep it")).to_be_visible()
    expect(page.locator("#manage-link")).to_have_value(re.compile(r"/comments/manage/"))
    shot("12-comment-received", page, full_page=True)
    assert page.context.cookies() == []

    page.get_by_role("link", name="Open my private page").click()
    expect(heading(page)).to_have_text("Your comments")
    entry = page.locator(".manage-list__item")
    expect(entry).to_contain_text(COMMENT)
    expect(entry).to_contain_text("Held for moderation")
    expect(entry.get_by_role("link", name="Edit")).to_be_visible()
    shot("13-private-page", page)
    assert page.context.cookies() == []


def reply_to_the_comment(page, base_url, shot):
    """Once the editor has approved it, the comment is on the article: a reader replies."""
    page.goto(base_url + "/explainers/chongqing-surveillance/")
    comment = page.locator(".comment", has_text=COMMENT)
    expect(comment).to_be_visible()
    expect(page.locator("#comments-heading")).to_contain_text("1 comment")
    comment.get_by_role("link", name=f"Reply to {COMMENTER}").click()
    form = page.locator("form#comment-form")
    expect(form.locator("[data-replying-note]")).to_have_text(f"Replying to {COMMENTER}")
    expect(page.locator("#id_body")).to_be_focused()
    page.fill("#id_body", REPLY)
    page.fill("#id_display_name", REPLIER)
    show(page.locator("#comments"))
    shot("14-reply", page)
    with page.expect_navigation():
        form.get_by_role("button", name="Send comment").click()
    expect(heading(page)).to_have_text("Your comment is waiting for an editor")
    expect(page.locator(".comments-page__quoted")).to_contain_text(REPLY)
    assert page.context.cookies() == []


# --- The editor -----------------------------------------------------------------------------


def sign_in(page, base_url, username, password, shot):
    page.goto(base_url + "/admin/")
    expect(page.get_by_role("heading", name=re.compile("Sign in"))).to_be_visible()
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    shot("15-sign-in", page)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/admin/")


def approve_the_comment(page, shot):
    comments_menu = page.locator(".sidebar-menu-item__link", has_text="Comments")
    expect(comments_menu).to_have_attribute("aria-label", "Comments, 1 awaiting moderation")
    comments_menu.click()
    row = page.locator("#listing-results tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("First comment from this commenter")
    row.locator("td.title .title-wrapper a").click()
    held = page.locator(".comment-thread article[aria-current=true]")
    expect(held).to_contain_text(COMMENT)
    expect(held).to_contain_text("Held for moderation")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".messages")).to_contain_text(f"Approved: the comment by {COMMENTER}.")
    expect(held).to_contain_text("Approved")
    shot("16-comment-approved", page)


def preview_change_and_submit(page, base_url, article, shot):
    page.goto(f"{base_url}/admin/pages/{article.pk}/edit/")
    standfirst = page.locator("#id_standfirst")
    expect(standfirst).to_be_visible()
    page.locator("[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text(ARTICLE_TITLE)
    expect(preview.get_by_role("navigation", name="Contents")).to_be_visible()
    settle(page.locator("[data-side-panel='preview']"))
    shot("17-live-preview", page)

    # Typed as an editor types it: the admin notices unsaved edits from key strokes.
    standfirst.click()
    standfirst.press("End")
    standfirst.press_sequentially(CHANGE, delay=20)
    # The preview follows the form: the change shows there before anything is saved.
    expect(preview.locator(".standfirst")).to_contain_text(CHANGE.strip(), timeout=60_000)
    open_actions_menu(page)
    submit = page.locator("button[name='action-submit']")
    expect(submit).to_have_text("Submit to Fact check")
    expect(page.locator("button[name='action-publish']")).to_have_count(0)
    shot("18-submit-to-fact-check", page)
    submit.click()
    expect(page.locator(".messages .success")).to_contain_text("submitted for moderation")


def dashboard_and_review_dates(page, base_url, shot):
    page.goto(base_url + "/admin/")
    waiting = page.locator("#awaiting-fact-check-section")
    expect(waiting).to_contain_text("Articles awaiting fact check (1)")
    expect(waiting.get_by_role("link", name=ARTICLE_TITLE)).to_be_visible()
    expect(page.locator("#due-for-review-section")).to_be_visible()
    shot("19-dashboard", page)

    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Review dates", exact=True).click()
    expect(heading(page)).to_have_text("Review dates")
    row = page.locator("table.listing tbody tr", has_text=ARTICLE_TITLE)
    expect(row).to_be_visible()
    expect(row).to_contain_text(re.compile("Due|Not yet due"))
    shot("20-review-dates", page)


# --- The walk ---------------------------------------------------------------------------------


def test_a_reader_a_commenter_and_an_editor_walk_through_the_demo(
    browser, live_server, demo_login, walkthrough_screenshot
):
    base_url = live_server.url
    article = ArticlePage.objects.live().get(slug="chongqing-surveillance")
    # Without smooth scrolling, a screenshot never catches the page between two places.
    contexts = [browser.new_context(viewport=VIEWPORT, reduced_motion="reduce") for _ in range(3)]
    reader, commenter, editor = (context.new_page() for context in contexts)
    requests = []
    for person in (reader, commenter):
        person.on("request", lambda request: requests.append(request.url))
    try:
        walk_as_reader(reader, base_url, walkthrough_screenshot)
        post_a_comment(commenter, base_url, walkthrough_screenshot)
        assert Comment.objects.get().status == CommentStatus.PENDING

        sign_in(editor, base_url, *demo_login, walkthrough_screenshot)
        approve_the_comment(editor, walkthrough_screenshot)
        assert Comment.objects.get().status == CommentStatus.APPROVED

        reply_to_the_comment(commenter, base_url, walkthrough_screenshot)
        reply = Comment.objects.get(body=REPLY)
        assert (reply.parent.body, reply.status) == (COMMENT, CommentStatus.PENDING)

        preview_change_and_submit(editor, base_url, article, walkthrough_screenshot)
        dashboard_and_review_dates(editor, base_url, walkthrough_screenshot)
        article.refresh_from_db()
        assert article.workflow_in_progress
        assert CHANGE.strip() not in article.standfirst  # live only after the fact check

        # Readers and commenters got no cookie and asked no other origin for anything.
        assert reader.context.cookies() == commenter.context.cookies() == []
        assert [url for url in requests if not url.startswith((base_url + "/", "data:"))] == []
    finally:
        for context in contexts:
            context.close()
