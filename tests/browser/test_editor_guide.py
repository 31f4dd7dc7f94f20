"""The editor guide's walk-through, done in the real admin by an editor and a fact-checker.

Every step that docs/editor-guide.md describes is performed here in Chromium, as the role in
question, and checked against what that person sees. Each step leaves a screenshot:
in test-artifacts/editor-guide/ on an ordinary run, and in docs/images/editor-guide/ (the
pictures the guide shows) when run with ``EDITOR_GUIDE_SCREENSHOTS=1``, so that running the
suite never rewrites tracked files::

    EDITOR_GUIDE_SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_editor_guide.py
"""

import datetime
import re
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import PageLogEntry, WorkflowState

from content.editorial.workflow import EDITORS, FACT_CHECK, FACT_CHECKERS
from content.models import ArticlePage, Source
from tests.browser.doc_screenshots import doc_screenshots
from tests.content.factories import SourceFactory, TopicFactory, build_site_tree

# live_server needs committed data, so the test ends by emptying the database.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long test password"
VIEWPORT = {"width": 1280, "height": 800}

TITLE = "Example: who watches the watchers?"
STANDFIRST = (
    "An example article for this guide, citing example sources: what the cameras see, "
    "who looks, and what the arguments are."
)
CLAIM = "The example city has more cameras per person than its neighbour."
CITED_WORDS = "more cameras per person"
REQUESTED_CHANGE = "Say which year the camera count is from, as the source does."
CHANGE_MADE = " The count is from 2019."
APPROVAL_COMMENT = "Checked every claim against its source."
CORRECTION = (
    "An earlier version said the cameras were counted in 2024. The source counts them in 2019."
)


@pytest.fixture(autouse=True)
def no_autosave(settings):
    """Save only when the editor clicks: autosave's background requests would race the
    test's own requests on the shared in-memory SQLite database. The editing-session pings
    ("who else is editing this page", every 10 s) are kept to the one on opening the editor
    for the same reason: on a busy machine one can meet a publish ("table is locked")."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 3_600_000


@pytest.fixture(autouse=True)
def patient_expectations():
    """A busy machine (CI runs on two shared cores) can take more than the default five
    seconds to answer a form or draw a dialog; what is expected stays the same."""
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=None)


@pytest.fixture
def newsroom():
    """The site's page tree with the roles and the fact-check workflow, a Source and a Topic.

    An earlier transactional test may have emptied the database, taking with it the Locale
    and root page that Wagtail's migrations create: make them again if so.
    """
    # Remakes Wagtail's root and Locale if gone; the explainers index brings roles and workflow.
    tree = build_site_tree()
    SourceFactory(
        title="Example: a news feature on cameras in a megacity",
        publisher="Example News",
        authors="A. Reporter",
        date_published=datetime.date(2025, 5, 6),
        url="https://example.org/news/city-cameras",
        archive_url="https://example.net/archive/2025/example.org/news/city-cameras",
    )
    TopicFactory(name="Surveillance in China")
    return tree


@pytest.fixture
def guide_screenshot():
    """``guide_screenshot(name, target, clip=None)``: save a small PNG of one step.

    ``target`` is a Page (the window, or the ``clip`` box of it, see ``region``) or a
    Locator (that element).
    """
    return doc_screenshots("editor-guide", "EDITOR_GUIDE_SCREENSHOTS")


# --- People and the browser ---------------------------------------------------------------


def person(username, group_name):
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        first_name=username.title(),
        last_name="Example",
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def next_frames(page, count=2):
    """Wait until the browser has drawn ``count`` more frames: by then a change of style or
    window size has been laid out, and any transition it starts is running."""
    page.evaluate(
        """(count) => new Promise((done) => {
            const frame = (left) => (left ? requestAnimationFrame(() => frame(left - 1)) : done());
            frame(count);
        })""",
        count,
    )


def settle(locator):
    """Wait until ``locator``'s element has finished sliding or fading in (for a screenshot)."""
    locator.wait_for()
    next_frames(locator.page)  # a transition starts a frame after the change that causes it
    locator.evaluate(
        """(element) => Promise.all(
            element.getAnimations({subtree: true}).map((animation) => animation.finished)
        )"""
    )


@contextmanager
def region(page, top, bottom, margin=12, bar=True):
    """A clip box around ``top``, ``bottom`` and what lies between them, ``margin`` pixels
    wider (more on the left, where the admin puts each panel's toggle).

    The window grows tall while the box is in use, so that a long stretch of form fits in it,
    and the editor's sticky action bar is hidden unless ``bar``.
    """
    page.set_viewport_size({"width": VIEWPORT["width"], "height": 2000})
    style = None if bar else page.add_style_tag(content="form footer { display: none; }")
    try:
        # At once: the site scrolls smoothly, and a box measured mid-scroll (a slow machine)
        # can lie above the window, with no height.
        top.evaluate("(element) => element.scrollIntoView({block: 'center', behavior: 'instant'})")
        next_frames(page)  # the layout settles after the resize
        first, last = top.bounding_box(), bottom.bounding_box()
        x = max(min(first["x"], last["x"]) - margin - 40, 0)
        y = max(first["y"] - margin, 0)
        right = max(first["x"] + first["width"], last["x"] + last["width"]) + margin
        yield {
            "x": x,
            "y": y,
            "width": min(right, VIEWPORT["width"]) - x,
            "height": last["y"] + last["height"] + margin - y,
        }
    finally:
        if style:
            style.evaluate("(element) => element.remove()")
        page.set_viewport_size(VIEWPORT)


def select_words(page, editor, words, text_after):
    """Select ``words``, which ``text_after`` follows to the end of the editor's text."""
    editor.click()
    page.keyboard.press("Control+End")
    for _ in text_after:
        page.keyboard.press("ArrowLeft")
    for _ in words:
        page.keyboard.press("Shift+ArrowLeft")


def wait_for_chooser(page):
    modal = page.locator(".modal")
    expect(modal.get_by_role("heading", name=re.compile("Choose"))).to_be_visible()
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.modal')).opacity === '1'"
    )
    return modal


def choose_in_chooser(page, search, title):
    """Search the chooser for ``search``, which matches one item, and choose it (``title``).

    The list is searched as the editor types and replaced when the answer comes: wait for
    the one match, so that the click cannot land while the list is being replaced.
    """
    modal = wait_for_chooser(page)
    modal.locator("#id_q").fill(search)
    expect(modal.locator("a[data-chooser-modal-choice]")).to_have_count(1)
    choice = modal.locator("a[data-chooser-modal-choice]", has_text=title)
    expect(choice).to_have_count(1)
    choice.click()
    expect(modal).to_be_hidden()


def fill_date(page, field, value):
    """Type a date into ``field`` and press Tab to move on, as an editor does; the date
    picker that opened closes.

    Wagtail's date picker (xdsoft) opens a tenth of a second after the field gains focus,
    even when focus has left it by then: leaving sooner leaves it open over the form. So
    wait until it has opened, then leave the field.
    """
    field.fill(value)
    picker = page.locator(".xdsoft_datetimepicker:visible")
    expect(picker).to_have_count(1)
    field.press("Tab")
    expect(picker).to_have_count(0)
    expect(field).to_have_value(value)


def wait_until_saved_in_form(page, text):
    """Wait for Draftail to write ``text`` into the form (it does so 250 ms after a change)."""
    page.wait_for_function(
        """(text) => [...document.querySelectorAll('input[type=hidden]')]
            .some((input) => input.value.includes(text))""",
        arg=text,
    )


def fill_argument(page, side, headline, explanation, source, evidence):
    """Fill the first argument on ``side`` ('pros' or 'cons') of the pros/cons block."""
    argument = page.locator(f"[data-contentpath='{side}']")
    argument.locator("[data-contentpath='headline'] input").fill(headline)
    argument.locator("[data-contentpath='explanation'] .public-DraftEditor-content").click()
    page.keyboard.type(explanation)
    wait_until_saved_in_form(page, explanation)
    argument.locator(".chooser__choose-button").click()
    choose_in_chooser(page, *source)
    argument.locator("[data-contentpath='evidence'] select").select_option(evidence)


def open_actions_menu(page):
    """Open the menu of the action bar at the bottom of the editor (the arrow beside Save)."""
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    # The menu's slide-in is a CSS transition on its items: settle waits for it to end.
    settle(page.locator("footer [data-w-dropdown-target='content']").first)


def workflow_action(page, name, with_comment):
    """The fact-checker's button in the action menu: 'approve' or 'reject' (request changes)."""
    modal = "[data-workflow-action-modal-url]"
    return page.locator(
        f"footer button[data-workflow-action-name='{name}']"
        + (modal if with_comment else f":not({modal})")
    )


def act_with_comment(page, name, comment, screenshot_name, guide_screenshot):
    open_actions_menu(page)
    workflow_action(page, name, with_comment=True).click()
    form = page.locator(".modal form")
    form.locator("textarea").fill(comment)
    settle(page.locator(".modal"))
    guide_screenshot(screenshot_name, page.locator(".modal .modal-content"))
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages .success")).to_be_visible()


# --- The walk-through -------------------------------------------------------------------


def test_editor_guide_walkthrough(browser, live_server, newsroom, guide_screenshot):
    """An editor adds a Source, writes and cites, builds pros and cons and submits; the
    fact-checker requests a change, the editor makes it, the fact-checker approves; the
    editor adds a correction, and readers see it."""
    person("edith", EDITORS)
    fatima = person("fatima", FACT_CHECKERS)
    example_news = Source.objects.get(publisher="Example News")
    contexts = [browser.new_context(viewport=VIEWPORT) for _ in range(3)]
    editor, checker, reader = (context.new_page() for context in contexts)
    try:
        sign_in(editor, live_server, "edith")
        sign_in(checker, live_server, "fatima")

        # 0. Sources first. Saved without an archive copy, the Source says what to fix.
        editor.goto(f"{live_server.url}/admin/snippets/content/source/add/")
        editor.fill("#id_title", "A survey of city cameras (example)")
        editor.fill("#id_publisher", "Example Research Institute")
        editor.fill("#id_authors", "J. Analyst")
        fill_date(editor, editor.locator("#id_date_published"), "2023-05-23")
        editor.fill("#id_url", "https://example.org/research/city-cameras")
        fill_date(editor, editor.locator("#id_date_accessed"), "2025-06-01")
        title_field = editor.locator("[data-contentpath='title']")
        with region(editor, title_field, editor.locator("#id_date_accessed"), bar=False) as box:
            guide_screenshot("00-add-source", editor, clip=box)
        editor.get_by_role("button", name="Save").click()
        expect(editor.locator(".messages .success")).to_contain_text("created")
        example_research = Source.objects.get(publisher="Example Research Institute")
        editor.goto(f"{live_server.url}/admin/snippets/content/source/edit/{example_research.pk}/")
        checks = editor.locator("section[id$='-checks-section']")
        expect(checks).to_contain_text("No archive URL")
        guide_screenshot("00-source-warnings", checks)

        # 1. A new article under Explainers.
        editor.goto(f"{live_server.url}/admin/pages/add/content/articlepage/{newsroom.index.pk}/")
        editor.fill("#id_title", TITLE)
        editor.fill("#id_standfirst", STANDFIRST)
        editor.get_by_label("Surveillance in China").check()
        editor.evaluate("window.scrollTo(0, 0)")
        guide_screenshot("01-new-article", editor)

        # 2. A paragraph whose claim cites a Source.
        editor.locator("button[title='Insert a block']").first.click()
        editor.get_by_role("option", name="Paragraph").click()
        paragraph = editor.locator(".public-DraftEditor-content").first
        paragraph.click()
        editor.keyboard.type(CLAIM)
        select_words(editor, paragraph, CITED_WORDS, " than its neighbour.")
        cite_button = editor.get_by_role("button", name="Cite a source")
        expect(cite_button).to_be_visible()
        cite_button.hover()  # shows the button's name
        settle(editor.get_by_role("tooltip").filter(has=cite_button))
        block = editor.locator("[data-contentpath='body'] section").first
        with region(editor, cite_button, block, margin=48) as box:
            guide_screenshot("02-cite-source", editor, clip=box)
        cite_button.click()
        chooser = wait_for_chooser(editor)
        expect(chooser.locator("a[data-chooser-modal-choice]")).to_have_count(2)
        expect(chooser.get_by_role("tab", name="Add a new source")).to_be_visible()
        guide_screenshot("02-choose-source", editor.locator(".modal .modal-content"))
        choose_in_chooser(editor, "Example N", "news feature on cameras")
        citation = editor.locator(".citation-entity")
        expect(citation).to_have_text(CITED_WORDS)
        expect(citation).to_have_attribute("data-citation-badge", "Example News")
        wait_until_saved_in_form(editor, '"type":"CITATION"')
        with region(editor, block, block, margin=24) as box:
            guide_screenshot("02-cited", editor, clip=box)

        # 3. A pros/cons block: one argument on each side, each with its Source and label.
        editor.locator("button[title='Insert a block']").last.click()
        editor.get_by_role("option", name="Pros and cons").click()
        editor.fill("#body-1-value-heading", "Do cameras make Chongqing safer?")
        fill_argument(
            editor,
            "pros",
            "Police say cameras solve crimes faster",
            "Officers can trace a suspect's route within minutes.",
            ("Example N", "news feature on cameras"),
            "alleged",
        )
        fill_argument(
            editor,
            "cons",
            "No one can walk the streets unrecorded",
            "A camera for every few residents records every movement in public.",
            ("Example R", "survey of city cameras"),
            "reported",
        )
        pros_cons_heading = editor.locator(
            "[data-contentpath='heading']:has(#body-1-value-heading)"
        )
        first_pro_evidence = editor.locator("[data-contentpath='pros'] select").first
        with region(editor, pros_cons_heading, first_pro_evidence, bar=False) as box:
            guide_screenshot("03-pros-cons", editor, clip=box)

        # The live preview beside the form shows the article as readers will see it, and
        # the checks run inside it.
        editor.evaluate("window.scrollTo(0, 0)")
        editor.locator("[data-side-panel-toggle='preview']").click()
        preview = editor.frame_locator("#w-preview-iframe")
        expect(preview.locator("h1")).to_have_text(TITLE)
        expect(preview.get_by_text(CITED_WORDS)).to_be_visible()
        expect(preview.get_by_text("Police say cameras solve crimes faster")).to_be_visible()
        panel = editor.locator("[data-side-panel='preview']")
        settle(panel)
        guide_screenshot("03-live-preview", editor)
        editor.locator("[data-side-panel-toggle='checks']").click()
        checks_panel = editor.locator("[data-side-panel='checks']")
        # The checker has read the preview once it has counted its words.
        expect(checks_panel.locator("[data-content-word-count]")).not_to_have_text("-")
        expect(checks_panel.locator("[data-content-checker-count]")).to_be_visible()
        settle(checks_panel)
        guide_screenshot("03-checks", editor)
        editor.locator("[data-side-panel-toggle='checks']").click()
        expect(checks_panel).to_be_hidden()

        # 4. Submit for fact check. An editor has no Publish button.
        open_actions_menu(editor)
        submit = editor.locator("button[name='action-submit']")
        expect(submit).to_have_text(f"Submit to {FACT_CHECK}")
        expect(editor.locator("button[name='action-publish']")).to_have_count(0)
        action_bar = editor.locator("footer").first
        with region(editor, submit, action_bar, margin=60) as box:
            guide_screenshot("04-submit-fact-check", editor, clip=box)
        submit.click()
        expect(editor.locator(".messages .success")).to_contain_text("submitted for moderation")
        row = editor.locator("table.listing tbody tr", has_text=TITLE)
        expect(row).to_contain_text("In Moderation", ignore_case=True)
        with region(editor, editor.locator(".messages"), row) as box:
            guide_screenshot("04-in-moderation", editor, clip=box)
        article = ArticlePage.objects.get(title=TITLE)
        assert not article.live
        state = WorkflowState.objects.get(object_id=str(article.pk))
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.current_task_state.task.name == FACT_CHECK
        edit_url = f"{live_server.url}/admin/pages/{article.pk}/edit/"
        not_yet = reader.goto(f"{live_server.url}{newsroom.index.url}{article.slug}/")
        assert not_yet.status == 404

        # 5. The fact-checker finds it on the dashboard and asks for a change...
        checker.goto(f"{live_server.url}/admin/")
        waiting = checker.locator("#awaiting-fact-check-section")
        expect(waiting).to_contain_text(TITLE)
        guide_screenshot("05-dashboard-awaiting", waiting)
        waiting.get_by_role("link", name=TITLE).click()
        checker.wait_for_url(edit_url)
        open_actions_menu(checker)
        expect(workflow_action(checker, "reject", with_comment=True)).to_have_text(
            "Request changes"
        )
        expect(workflow_action(checker, "approve", with_comment=False)).to_have_text(
            "Approve and Publish"
        )
        # Approving is the only way to publish an explainer: there is no plain Publish.
        expect(checker.locator("button[name='action-publish']")).to_have_count(0)
        menu = checker.locator("footer [data-w-dropdown-target='content']").first
        with region(checker, menu, checker.locator("footer").first, margin=30) as box:
            guide_screenshot("05-fact-check-actions", checker, clip=box)
        checker.keyboard.press("Escape")
        act_with_comment(
            checker, "reject", REQUESTED_CHANGE, "05-request-changes", guide_screenshot
        )
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        article.refresh_from_db()
        assert not article.live

        # ...which the editor reads in the article's status, makes, and resubmits.
        editor.goto(edit_url)
        editor.locator("[data-side-panel-toggle='status']").click()
        editor.get_by_role("button", name="View details").click()
        status = editor.locator("#workflow-status-dialog .w-dialog__box")
        expect(status).to_contain_text("Changes requested by Fatima Example")
        expect(status).to_contain_text(REQUESTED_CHANGE)
        settle(status)
        guide_screenshot("05-changes-requested", status)
        editor.keyboard.press("Escape")
        expect(status).to_be_hidden()
        editor.locator(".public-DraftEditor-content").first.click()
        editor.keyboard.press("Control+End")
        editor.keyboard.type(CHANGE_MADE)
        wait_until_saved_in_form(editor, CHANGE_MADE.strip())
        open_actions_menu(editor)
        resubmit = editor.locator("button[name='action-submit']")
        expect(resubmit).to_have_text(f"Resubmit to {FACT_CHECK}")
        resubmit.click()
        expect(editor.locator(".messages .success")).to_be_visible()

        # The fact-checker approves with a comment, and the article goes live.
        checker.goto(edit_url)
        act_with_comment(
            checker, "approve", APPROVAL_COMMENT, "05-fact-check-approve", guide_screenshot
        )
        article.refresh_from_db()
        assert article.live
        assert CHANGE_MADE.strip() in article.body.raw_data[0]["value"]
        approval = PageLogEntry.objects.get(page=article, action="wagtail.workflow.approve")
        assert approval.user == fatima

        # 6. What readers see.
        reader.goto(f"{live_server.url}{article.get_url()}")
        expect(reader.locator("h1")).to_have_text(TITLE)
        expect(reader.locator("sup.citation a").first).to_have_text("[1]")
        expect(reader.locator(".correction-notice")).to_have_count(0)
        guide_screenshot(
            "06-published", reader, clip={"x": 0, "y": 0, "width": 1280, "height": 680}
        )
        arguments = reader.locator(".pros-cons").first
        expect(arguments).to_contain_text("Police say cameras solve crimes faster")
        expect(arguments).to_contain_text("Alleged")
        guide_screenshot("06-published-arguments", arguments)

        # 7. A correction: a new entry in the log, checked like any other change.
        editor.goto(edit_url)
        editor.get_by_role("button", name="Add entry").click()
        editor.locator("#id_corrections-0-kind").select_option("correction")
        editor.locator("#id_corrections-0-text").fill(CORRECTION)
        corrections = editor.locator("section.w-panel:has(#id_corrections-FORMS)").last
        with region(editor, corrections, corrections, bar=False) as box:
            guide_screenshot("07-correction", editor, clip=box)
        open_actions_menu(editor)
        editor.locator("button[name='action-submit']").click()
        expect(editor.locator(".messages .success")).to_be_visible()
        reader.reload()
        expect(reader.locator(".correction-notice")).to_have_count(0)  # not before the check
        checker.goto(edit_url)
        open_actions_menu(checker)
        workflow_action(checker, "approve", with_comment=False).click()
        expect(checker.locator(".messages .success")).to_be_visible()

        # 8. Readers see a note under the title and the entry at the end of the article.
        reader.reload()
        notice = reader.locator(".correction-notice")
        expect(notice).to_have_text(f"Corrected on {timezone.localdate():%-d %B %Y}.")
        title = reader.locator("h1")
        with region(reader, title, notice, margin=24) as box:
            guide_screenshot("08-correction-on-article", reader, clip=box)
        log = reader.locator("#corrections")
        expect(log).to_contain_text(CORRECTION)
        guide_screenshot("08-corrections-log", log)
    finally:
        for context in contexts:
            context.close()
    assert example_news.pk
