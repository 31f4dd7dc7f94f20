"""The public history in Chromium: an editor corrects a published explainer in the admin, the
fact-checker approves it (the workflow publishes), and a reader's Changes page shows the
difference, the correction note and the way back to the corrected passage; the pages pass
axe and the Nu Html Checker and ask nothing of another origin."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from content.editorial.workflow import EDITORS, FACT_CHECKERS
from content.models import ArticlePage
from tests.browser import standards
from tests.content.factories import (
    ArticlePageFactory,
    SourceFactory,
    argument,
    build_site_tree,
    paragraph,
    pros_cons,
    publish,
)

# live_server needs committed data, so the test ends by emptying the database.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long test password"
STANDFIRST = "What the cameras see, who looks, and what the arguments are."
CORRECTED_STANDFIRST = "What the cameras record, who looks, and what the arguments are."
NOTE = "The standfirst said the cameras see; they record, and people look later."


@pytest.fixture(autouse=True)
def quiet_editor(settings):
    """Save only when the editor clicks (as in the editor guide's walk-through)."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 3_600_000


@pytest.fixture(autouse=True)
def patient_expectations():
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=None)


def person(username, group_name):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def open_actions_menu(page):
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    expect(page.locator("footer [data-w-dropdown-target='content']").first).to_be_visible()


def test_a_published_correction_shows_on_the_changes_page(browser, live_server, tmp_path):
    tree = build_site_tree()
    source = SourceFactory(publisher="Example News", title="Cameras in the city")
    article = publish(
        ArticlePageFactory(
            parent=tree.index,
            title="Who watches the watchers?",
            slug="watchers",
            standfirst=STANDFIRST,
            first_published=datetime.date(2025, 6, 1),
            body=[
                paragraph("<p>The city has many cameras.</p>"),
                pros_cons(
                    pros=[argument("Cameras deter crime", [source])],
                    cons=[argument("Cameras watch everyone", [source])],
                ),
            ],
        )
    )
    person("edith", EDITORS)
    person("fatima", FACT_CHECKERS)
    edit_url = f"{live_server.url}/admin/pages/{article.pk}/edit/"
    contexts = [browser.new_context(viewport={"width": 1280, "height": 800}) for _ in range(2)]
    reader_context = standards.new_context(browser, viewport={"width": 390, "height": 844})
    contexts.append(reader_context)
    editor, checker = (context.new_page() for context in contexts[:2])
    reader = reader_context.new_page()
    other_origins = []
    reader.on(
        "request",
        lambda request: (
            other_origins.append(request.url)
            if not request.url.startswith(live_server.url)
            else None
        ),
    )
    try:
        sign_in(editor, live_server, "edith")
        sign_in(checker, live_server, "fatima")

        # The editor corrects the standfirst, says so in the log and names the passage.
        editor.goto(edit_url)
        editor.fill("#id_standfirst", CORRECTED_STANDFIRST)
        editor.get_by_role("button", name="Add entry").click()
        editor.locator("#id_corrections-0-kind").select_option("correction")
        editor.locator("#id_corrections-0-text").fill(NOTE)
        editor.locator("#id_corrections-0-target").fill("for-1")
        open_actions_menu(editor)
        editor.locator("button[name='action-submit']").click()
        expect(editor.locator(".messages .success")).to_be_visible()

        # Before the fact check, readers' history has one version.
        changes_url = f"{live_server.url}{ArticlePage.objects.get(pk=article.pk).url}changes/"
        reader.goto(changes_url)
        expect(reader.locator(".versions > li")).to_have_count(1)

        # The fact-checker approves: the workflow publishes.
        checker.goto(edit_url)
        open_actions_menu(checker)
        checker.locator(
            "footer button[data-workflow-action-name='approve']"
            ":not([data-workflow-action-modal-url])"
        ).click()
        expect(checker.locator(".messages .success")).to_be_visible()

        served = reader.goto(changes_url).body()
        versions = reader.locator(".versions > li")
        expect(versions).to_have_count(2)
        expect(versions.first).to_contain_text(NOTE)
        expect(versions.first).not_to_contain_text("edith")
        expect(versions.first).not_to_contain_text("fatima")
        (tmp_path / "changes.html").write_bytes(served)
        assert standards.describe_violations(standards.axe_violations(reader)) == []

        reader.get_by_role("link", name="What changed from version 1 to version 2").click()
        change = reader.locator(".change").first
        expect(change.locator(".change__label")).to_contain_text("Standfirst")
        expect(change.locator("del")).to_have_text("[removed: see]")
        expect(change.locator("ins")).to_have_text("[added: record]")
        # Not by colour alone: removed words are struck through, added ones underlined.
        assert "line-through" in change.locator("del").evaluate(
            "node => getComputedStyle(node).textDecorationLine"
        )
        assert "underline" in change.locator("ins").evaluate(
            "node => getComputedStyle(node).textDecorationLine"
        )
        expect(reader.locator(".changes__notes")).to_contain_text(NOTE)
        (tmp_path / "diff.html").write_bytes(reader_context.request.get(reader.url).body())
        assert standards.describe_violations(standards.axe_violations(reader)) == []

        # The note leads to the passage, and the passage back to the note.
        reader.locator(".changes__notes a").click()
        back = reader.locator("#for-1 .corrected-mark a")
        expect(back).to_have_text("Corrected: see note")
        back.click()
        expect(reader.locator("#correction-1")).to_contain_text(NOTE)
        assert other_origins == []
    finally:
        for context in contexts:
            context.close()

    if standards.java():  # as test_standards: errors fail, warnings are printed
        messages = standards.validate_html(tmp_path)
        warnings = [message for message in messages if message["type"] == "info"]
        print(*standards.describe_html_messages(warnings), sep="\n")  # noqa: T201
        errors = [message for message in messages if message["type"] != "info"]
        assert standards.describe_html_messages(errors) == []
