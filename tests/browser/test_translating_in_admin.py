"""Updating a translation through the admin alone, in Chromium (docs/translation.md,
"Updating a translation").

With the demo loaded, an editor adds a sentence to a paragraph of the English explainer
and sends it to the fact check, which a fact-checker approves; from the English page's
form ("This page in 简体中文: edit") the editor opens the Chinese page in Wagtail's own
editor, adds the same news in Chinese to the matching paragraph, checks the live preview
and submits it. The public Chinese page keeps the old paragraph until the fact-checker
approves, then shows the new one.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import Page

from content.editorial.workflow import EDITORS, FACT_CHECKERS
from content.models import ArticlePage

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PASSWORD = "a long test password"
ENGLISH_PARAGRAPH = "This explainer sets out what that report says"
CHINESE_PARAGRAPH = "本文梳理这篇报道说了什么"
ENGLISH_NEWS = " We checked the report's figures again in December 2026."
CHINESE_NEWS = "2026年12月，我们再次核对了报道中的数字。"


@pytest.fixture(autouse=True)
def no_autosave(settings):
    """Save only on the editor's click: autosave's background requests and the editing
    session's pings would race the test's own on the shared in-memory SQLite database (as in
    test_editor_guide.py)."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 3_600_000


@pytest.fixture(autouse=True)
def patient_expectations():
    """Previews and the workflow's redirects can take a while on a busy machine."""
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=None)


@pytest.fixture
def people(demo_site):
    def person(username, group):
        user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
        user.groups.add(Group.objects.get(name=group))
        return user

    return person("edith", EDITORS), person("fiona", FACT_CHECKERS)


@pytest.fixture
def articles(demo_site):
    english = ArticlePage.objects.get(locale__language_code="en")
    chinese = ArticlePage.objects.get(locale__language_code="zh-hans")
    assert chinese.translation_key == english.translation_key
    return english, chinese


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def add_to_paragraph(page, starting_with, words):
    """Put the cursor at the end of the body paragraph that contains ``starting_with`` and
    type ``words``, as an editor does in the rich-text field."""
    paragraph = page.locator(".DraftEditor-root [contenteditable=true]").filter(
        has_text=starting_with
    )
    expect(paragraph).to_have_count(1)
    paragraph.scroll_into_view_if_needed()
    paragraph.click()
    page.keyboard.press("Control+End")
    page.keyboard.insert_text(words)
    expect(paragraph).to_contain_text(words.strip())
    # Draftail writes the text into the form 250 ms after a change.
    page.wait_for_function(
        """(text) => [...document.querySelectorAll('input[type=hidden]')]
            .some((input) => input.value.includes(text))""",
        arg=words.strip(),
    )
    return paragraph


def submit_to_fact_check(page):
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    submit = page.locator("button[name='action-submit']")
    expect(submit).to_have_text("Submit to Fact check")
    submit.click()
    expect(page.locator(".messages .success")).to_contain_text("submitted for moderation")


def approve(page, live_server, article, screenshot, name):
    """The fact-checker opens the page from their dashboard and approves it."""
    page.goto(f"{live_server.url}/admin/")
    page.locator("#awaiting-fact-check-section").get_by_role("link", name=article.title).click()
    page.wait_for_url(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    button = page.locator(
        "footer button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    )
    expect(button).to_have_text("Approve and Publish")
    screenshot(name)
    button.click()
    expect(page.locator(".messages .success")).to_be_visible()


def test_an_editor_updates_the_chinese_page_from_the_english_one_and_it_shows_after_the_check(
    browser, page, live_server, people, articles, screenshot
):
    english, chinese = articles
    public_chinese = f"{live_server.url}{chinese.url}"
    assert chinese.url.startswith("/zh-hans/")

    # 1. The editor changes a paragraph of the English explainer and submits it.
    sign_in(page, live_server, "edith")
    page.goto(f"{live_server.url}/admin/pages/{english.pk}/edit/")
    add_to_paragraph(page, ENGLISH_PARAGRAPH, ENGLISH_NEWS)
    screenshot("translating-1-english-paragraph-edited")
    submit_to_fact_check(page)

    checker = browser.new_context(viewport={"width": 1280, "height": 900})
    checker_page = checker.new_page()
    sign_in(checker_page, live_server, "fiona")
    approve(
        checker_page, live_server, english, screenshot_of(checker_page), "translating-2-en-approve"
    )
    english.refresh_from_db()
    assert ENGLISH_NEWS.strip() in str(english.body)

    # 2. From the English page's form, the way to its Chinese version is in plain sight.
    page.goto(f"{live_server.url}/admin/pages/{english.pk}/edit/")
    panel = page.locator("[data-translations-panel]")
    expect(panel).to_contain_text("a change here does not change the other version")
    link = panel.get_by_role("link", name="This page in 简体中文: edit")
    expect(link).to_be_visible()
    expect(panel.locator("span[lang='zh-hans']")).to_have_text(chinese.title)
    screenshot("translating-3-english-form-links-to-chinese")
    # Our Chinese pages are written, not synced: wagtail-localize offers no "Sync" that
    # would write the English over them.
    page.locator("header [data-w-dropdown-target='toggle']").first.click()
    expect(page.get_by_text("Sync translated pages")).to_have_count(0)
    page.keyboard.press("Escape")
    link.click()
    page.wait_for_url(f"{live_server.url}/admin/pages/{chinese.pk}/edit/")

    # 3. Wagtail's own editor, in Chinese text: the editor adds the news to the paragraph.
    expect(page.locator("#id_title")).to_have_value(chinese.title)
    chinese_panel = page.locator("[data-translations-panel]")
    expect(chinese_panel.get_by_role("link", name="This page in English: edit")).to_be_visible()
    add_to_paragraph(page, CHINESE_PARAGRAPH, CHINESE_NEWS)
    screenshot("translating-4-chinese-paragraph-edited")

    # The live preview shows the Chinese page with the new sentence (not a blank frame).
    page.locator("[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text(chinese.title)
    expect(preview.locator("main")).to_contain_text(CHINESE_NEWS)
    expect(preview.locator("html")).to_have_attribute("lang", "zh-Hans")
    screenshot("translating-5-chinese-live-preview", page)
    page.locator("[data-side-panel-toggle='preview']").click()

    submit_to_fact_check(page)
    screenshot("translating-6-chinese-submitted")

    # 4. Until the check, readers of the Chinese page read the old paragraph.
    reader = browser.new_context()
    reader_page = reader.new_page()
    reader_page.goto(public_chinese)
    expect(reader_page.locator("main")).to_contain_text(CHINESE_PARAGRAPH)
    expect(reader_page.locator("main")).not_to_contain_text(CHINESE_NEWS)

    # 5. The fact-checker approves the Chinese page; readers then read the new paragraph.
    approve(
        checker_page, live_server, chinese, screenshot_of(checker_page), "translating-7-zh-approve"
    )
    reader_page.goto(public_chinese)
    paragraph = reader_page.locator("main p").filter(has_text=CHINESE_PARAGRAPH)
    expect(paragraph).to_contain_text(CHINESE_NEWS)
    screenshot_of(reader_page)("translating-8-chinese-page-updated")
    chinese = Page.objects.get(pk=chinese.pk).specific
    assert CHINESE_NEWS in str(chinese.body)
    assert not chinese.has_unpublished_changes
    checker.close()
    reader.close()


def screenshot_of(page):
    """The screenshot fixture's behaviour for another browser context's page."""
    from tests.conftest import ARTIFACTS

    def take(name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take
