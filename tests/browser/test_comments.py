"""Readers post, reply and report comments in Chromium, with and without JavaScript.

Without JavaScript everything is plain links and form posts; with it, the reply and
report forms open under the comment. Screenshots go to test-artifacts/.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from comments import moderation
from comments.models import Comment, CommentReport, CommentSettings, CommentStatus
from comments.privacy import manage_key_hash
from comments.tokens import make_manage_token
from content.models import ArticleIndexPage, HomePage
from tests.browser.conftest import ARTIFACTS
from tests.comments.factories import CommentFactory
from tests.content.factories import ArticlePageFactory

# live_server needs committed data, so each test ends by emptying the database.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def article():
    """A published article on the default site; an earlier transactional test may have
    emptied the database, taking Wagtail's Locale and root page with it."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(django_settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(
        instance=HomePage(title="Home", slug="home-comments", statement="Explaining surveillance.")
    )
    site, _ = Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
    )
    # No waiting out the minimum fill time in a test; everything else as configured.
    CommentSettings.objects.update_or_create(site=site, defaults={"min_fill_seconds": 0})
    index = home.add_child(instance=ArticleIndexPage(title="Explainers", slug="explainers"))
    return ArticlePageFactory(
        parent=index,
        title="Chongqing: a city of cameras",
        slug="chongqing",
        discussion_question="How much watching is too much?",
    )


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def console_errors(page):
    """Console errors (a Content-Security-Policy violation shows up here)."""
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    return errors


def snapshot(locator, name):
    """A PNG of one part of the page, beside the full-page screenshots."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def write_comment(page, body, name):
    page.fill("#id_body", body)
    page.fill("#id_display_name", name)
    page.get_by_role("button", name="Send comment").click()
    page.wait_for_load_state()


def approve_all():
    for comment in Comment.objects.filter(status=CommentStatus.PENDING):
        moderation.approve(comment)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_posting_a_comment(live_server, article, page, no_js_page, screenshot, javascript):
    reader = page if javascript else no_js_page
    reader.goto(live_server.url + article.url)
    expect(reader.locator("#comments")).to_contain_text("No comments have been published yet.")
    write_comment(reader, "Who checks how long the footage is kept?", "Mei")

    expect(reader.locator("h1")).to_have_text("Your comment is waiting for an editor")
    expect(reader.locator(".standfirst")).to_contain_text("This is your first comment here")
    expect(reader.locator("#manage-link")).to_have_value(re.compile(r"/comments/manage/"))
    screenshot(f"comments-posted-{'js' if javascript else 'nojs'}", reader)

    approve_all()
    reader.goto(live_server.url + article.url + "#comments")
    expect(reader.locator(".comment")).to_contain_text("Who checks how long the footage is kept?")
    expect(reader.locator("#comments h2")).to_contain_text("1 comment")


def test_replying_with_javascript_opens_the_form_under_the_comment(
    live_server, article, page, screenshot, console_errors
):
    parent = CommentFactory(article=article, display_name="Mei", body="Cameras everywhere.")
    page.goto(live_server.url + article.url)
    expect(page.locator("#id_body-counter")).to_have_text("5,000 of 5,000 characters left")

    page.locator(f"#comment-{parent.pk} [data-reply]").click()
    form = page.locator(f"#comment-{parent.pk} + form#comment-form")
    expect(form).to_be_visible()
    expect(form.locator("[data-replying-note]")).to_have_text("Replying to Mei")
    expect(page.locator("#id_body")).to_be_focused()
    page.fill("#id_body", "Not everywhere: the report says 2.5 million.")
    expect(page.locator("#id_body-counter")).to_contain_text("characters left")
    snapshot(page.locator("#comments"), "comments-reply-open")
    page.fill("#id_display_name", "Tomás")
    page.get_by_role("button", name="Send comment").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Your comment is waiting for an editor")

    approve_all()
    reply = Comment.objects.get(parent=parent)
    page.goto(live_server.url + article.url)
    nested = page.locator(f"#comment-{parent.pk} ~ ol #comment-{reply.pk}")
    expect(nested).to_contain_text("Not everywhere")
    assert console_errors == []


def test_cancelling_a_reply_puts_the_form_back(live_server, article, page):
    parent = CommentFactory(article=article)
    page.goto(live_server.url + article.url)
    page.locator(f"#comment-{parent.pk} [data-reply]").click()
    page.get_by_role("button", name="Cancel reply").click()
    expect(page.locator("[data-form-home] > form#comment-form")).to_be_visible()
    expect(page.locator("input[name=parent]")).to_have_value("")


def test_replying_without_javascript_uses_its_own_page(
    live_server, article, no_js_page, screenshot
):
    parent = CommentFactory(article=article, display_name="Mei", body="Cameras everywhere.")
    no_js_page.goto(live_server.url + article.url)
    no_js_page.locator(f"#comment-{parent.pk} [data-reply]").click()
    no_js_page.wait_for_load_state()
    expect(no_js_page.locator("h1")).to_have_text("Reply to Mei")
    expect(no_js_page.locator(".comments-page__quoted")).to_contain_text("Cameras everywhere.")
    screenshot("comments-reply-page-nojs", no_js_page)
    write_comment(no_js_page, "A reply without scripts.", "Tomás")
    expect(no_js_page.locator("h1")).to_have_text("Your comment is waiting for an editor")
    assert Comment.objects.get(parent=parent).body == "A reply without scripts."


def test_a_rejected_comment_comes_back_with_the_text_and_a_message_without_js(
    live_server, article, no_js_page, screenshot
):
    too_long = "word " * 1200
    no_js_page.goto(live_server.url + article.url)
    write_comment(no_js_page, too_long, "Mei")
    expect(no_js_page.locator("h1")).to_have_text("Your comment was not posted")
    expect(no_js_page.locator(".field--error .field__error")).to_contain_text(
        "A comment can be up to 5,000 characters"
    )
    assert no_js_page.input_value("#id_body") == too_long
    screenshot("comments-error-nojs", no_js_page)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_reporting_a_comment(live_server, article, page, no_js_page, screenshot, javascript):
    comment = CommentFactory(article=article, body="Something rude.")
    reader = page if javascript else no_js_page
    reader.goto(live_server.url + article.url)
    reader.locator(f"#comment-{comment.pk} [data-report]").click()
    if javascript:
        form = reader.locator(f"#comment-{comment.pk} form[data-report-form]")
        expect(form).to_be_visible()
        expect(reader.get_by_label("Spam or advertising")).to_be_focused()
        snapshot(reader.locator(f"#comment-{comment.pk}"), "comments-report-inline")
    else:
        reader.wait_for_load_state()
        expect(reader.locator("h1")).to_have_text("Report a comment")
        screenshot("comments-report-page-nojs", reader)
    reader.get_by_label("Abusive or hateful").check()
    reader.get_by_role("button", name="Send report").click()
    reader.wait_for_load_state()
    expect(reader.locator("h1")).to_have_text("Thank you for your report")
    assert CommentReport.objects.get().reason == "abuse"


def test_the_private_link_deletes_the_comment(live_server, article, page, screenshot):
    page.goto(live_server.url + article.url)
    write_comment(page, "I will take this back.", "Mei")
    manage_link = page.input_value("#manage-link")
    approve_all()
    page.goto(manage_link)
    page.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Delete my comment").click()
    expect(page.locator(".notice")).to_have_text("Your comment is deleted.")
    page.goto(live_server.url + article.url)
    expect(page.locator("#comments")).not_to_contain_text("I will take this back.")
    assert page.context.cookies() == []


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_late_edit_page_says_editing_has_closed_in_the_readers_time(
    live_server, article, browser, screenshot, javascript
):
    """Issue 10.6: after the window, no text box and no Save; delete and download are
    offered; the deadline is in the reader's zone with JavaScript, labelled UTC without."""
    key = "a-late-editors-private-key"
    posted = datetime.datetime.now(datetime.UTC).replace(microsecond=0) - datetime.timedelta(
        minutes=40
    )
    comment = CommentFactory(
        article=article,
        body="Too late to change.",
        created=posted,
        manage_key_hash=manage_key_hash(key),
    )
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        java_script_enabled=javascript,
        timezone_id="Asia/Shanghai",
    )
    reader = context.new_page()
    try:
        url = f"{live_server.url}/comments/manage/{make_manage_token(key)}/{comment.pk}/edit/"
        response = reader.goto(url)
        assert response.status == 403
        expect(reader.locator("h1")).to_have_text("Editing has closed")
        expect(reader.locator("main textarea")).to_have_count(0)
        expect(reader.get_by_role("button", name="Save changes")).to_have_count(0)
        expect(reader.get_by_role("link", name="Delete this comment")).to_be_visible()
        expect(
            reader.get_by_role("link", name="Download everything you posted with this link")
        ).to_be_visible()
        deadline = reader.locator(".standfirst time")
        utc_words = (posted + datetime.timedelta(minutes=15)).strftime("%H:%M UTC")
        if javascript:
            shanghai = posted + datetime.timedelta(minutes=15, hours=8)
            expect(deadline).to_contain_text(shanghai.strftime("%H:%M"))
            expect(deadline).not_to_contain_text("UTC")
            expect(deadline).to_have_attribute("title", re.compile(utc_words))
        else:
            expect(deadline).to_contain_text(utc_words)
        screenshot(f"comments-late-edit-{'js' if javascript else 'nojs'}", reader)
    finally:
        context.close()


def test_own_comment_held_for_moderation_is_confirmed_and_its_decision_emailed(
    live_server, article, no_js_page, mailoutbox, screenshot
):
    """Issue 10.5: the commenter lands on a page with their text, their private link and
    what happens next (no cookie); the article no longer tells them to be the first; when
    an editor publishes the comment, the one email they asked for arrives."""
    reader = no_js_page
    reader.goto(live_server.url + article.url)
    reader.fill("#id_body", "Does anyone check the patrol robots' recordings?")
    reader.fill("#id_display_name", "Mei")
    reader.fill("#id_email", "mei@example.org")
    reader.get_by_label("If it has to wait for an editor, email me once").check()
    reader.get_by_role("button", name="Send comment").click()
    reader.wait_for_load_state()

    expect(reader.locator("h1")).to_have_text("Your comment is waiting for an editor")
    expect(reader.locator(".comments-page__quoted")).to_contain_text(
        "Does anyone check the patrol robots' recordings?"
    )
    expect(reader.locator("#manage-link")).to_have_value(re.compile(r"/comments/manage/"))
    expect(reader.locator(".next-steps")).to_contain_text("We have received your comment")
    expect(reader.locator(".next-steps")).to_contain_text("We will email you once an editor")
    screenshot("comments-held-receipt", reader)
    assert reader.context.cookies() == []

    reader.get_by_role("link", name=article.title).first.click()
    reader.wait_for_load_state()
    expect(reader.locator("#comments")).not_to_contain_text("Be the first")
    expect(reader.locator("#comments")).to_contain_text(
        "A comment that waits for an editor appears here once it is approved."
    )

    mailoutbox.clear()  # the private link
    approve_all()
    (notice,) = mailoutbox
    assert notice.to == ["mei@example.org"]
    assert "is published" in notice.subject
    # The link names the site's own address; the test server listens on another port.
    # (Leave the article first: a link to the page being shown would only scroll it.)
    reader.goto("about:blank")
    link = urlsplit(re.search(r"^(http\S+#comment-\d+)$", notice.body, re.MULTILINE).group(1))
    reader.goto(f"{live_server.url}{link.path}#{link.fragment}")
    expect(reader.locator(".comment")).to_contain_text("the patrol robots' recordings?")
