"""The page editor's live preview and its Checks panel, in Chromium, as an editor uses them.

The preview is the public page rendered into a frame of the admin; Wagtail's checks (axe)
run inside that frame. Both were blank while preview responses forbade all framing.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from content.editorial.workflow import EDITORS
from tests.content.factories import ArticlePageFactory, build_site_tree, heading, paragraph

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a long test password"
TITLE = "Who watches the preview?"


@pytest.fixture(autouse=True)
def patient_expectations():
    """A busy machine can take more than five seconds to render a preview; the same state
    is expected."""
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=None)


@pytest.fixture
def editor_with_draft(db):
    """An editor and their draft explainer whose body skips from the title (h1) to an h3."""
    tree = build_site_tree()
    user = get_user_model().objects.create_user("edith", "edith@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=EDITORS))
    article = ArticlePageFactory(
        parent=tree.index,
        title=TITLE,
        live=False,
        owner=user,
        body=[
            heading("A subsection with no section above it", level="h3"),
            paragraph("<p>The cameras are everywhere.</p>"),
        ],
    )
    article.save_revision(user=user)
    return user, article


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def test_live_preview_shows_the_article_and_checks_find_a_skipped_heading_level(
    page, live_server, editor_with_draft, screenshot
):
    _, article = editor_with_draft
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    sign_in(page, live_server, "edith")
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")

    page.locator("[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text(TITLE)
    expect(preview.get_by_text("The cameras are everywhere.")).to_be_visible()

    page.locator("[data-side-panel-toggle='checks']").click()
    checks = page.locator("[data-side-panel='checks']")
    expect(checks.locator("[data-content-checker-name]")).to_contain_text(
        ["Incorrect heading hierarchy"]
    )
    expect(checks.locator("[data-content-checker-count]")).not_to_have_text("0")
    screenshot("live-preview-checks")
    # Nothing the preview or the checker needs was refused by the page's policy.
    assert blocked == []
