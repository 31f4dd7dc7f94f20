"""The editors' weighing pages in Chromium, on the demo explainer.

Readers weigh two arguments and discuss one; an editor finds "Weighing" in the admin's
menu, opens the explainer's report (answers per day, the most discussed arguments, the
most weighed first), downloads the counts as CSV (no personal data in it), and closes
weighing, after which a reader sees the tallies but no buttons. Screenshots of the report
go to test-artifacts/weighing-admin*.png.
"""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from comments.models import Comment, CommentStatus
from content.editorial.workflow import EDITORS
from tests.browser.test_standards import ARTICLE_PATH, load_demo_site

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PASSWORD = "a long test password"


@pytest.fixture
def article(live_server):
    article, _comment = load_demo_site()
    return article


def weigh_as_a_reader(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}{ARTICLE_PATH}")
    page.locator("#for-1").get_by_role("button", name="Convincing", exact=True).click()
    expect(page.locator("#for-1 .tally")).to_contain_text("1 reader (100%)")
    page.locator("#against-2").get_by_role("button", name="Not convincing").click()
    expect(page.locator("#against-2 .tally")).to_contain_text("1 reader (100%)")
    return context


def test_an_editor_reads_the_weighing_report_downloads_it_and_closes_weighing(
    live_server, article, browser, page, screenshot
):
    reader = weigh_as_a_reader(browser, live_server)
    Comment.objects.create(
        article=article,
        argument="against-2",
        display_name="Wei",
        body="Who decides what counts as suspicious?",
        status=CommentStatus.APPROVED,
    )
    Comment.objects.create(
        article=article,
        argument="against-2",
        display_name="Lin",
        body="Nobody outside the bureau, as far as I can tell.",
        status=CommentStatus.PENDING,
    )
    editor = get_user_model().objects.create_user("edith", "edith@example.org", PASSWORD)
    editor.groups.add(Group.objects.get(name=EDITORS))

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "edith")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Weighing").first.click()
    expect(page.get_by_role("heading", name="Weighing", exact=True)).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=article.title))
    expect(row.get_by_role("cell").nth(1)).to_have_text("2")
    expect(row.get_by_role("cell").nth(2)).to_have_text("Open")
    screenshot("weighing-admin-index")

    row.get_by_role("link", name=article.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Weighing: {article.title}")
    expect(page.get_by_text("2 answers in all, all languages together")).to_be_visible()
    # Today's bar is drawn, and the table beside it says the same in numbers.
    today = page.locator("#weighing-over-time-caption tbody tr")
    expect(today).to_have_count(1)
    expect(today.locator("td").nth(1)).to_have_text("2")
    assert page.locator("svg[role=img] rect[height='40']").count() == 1
    discussed = page.locator("table[aria-labelledby=most-discussed] tbody tr")
    expect(discussed).to_have_count(1)
    expect(discussed.locator("td").nth(0)).to_contain_text("Argument against:")
    expect(discussed.locator("td").nth(1)).to_have_text("1")
    expect(discussed.locator("td").nth(2)).to_have_text("1")
    weighed = page.locator("section h3")
    expect(weighed.nth(0)).to_contain_text("#for-1")
    expect(weighed.nth(1)).to_contain_text("#against-2")
    screenshot("weighing-admin-report")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the counts (CSV)").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert rows[0] == ["day", "language", "target", "choice", "count"]
    assert sorted(row[2:] for row in rows[1:]) == [
        ["against-2", "not-convincing", "1"],
        ["for-1", "convincing", "1"],
    ]
    assert "127.0.0.1" not in download.value.path().read_text(encoding="utf-8")

    page.get_by_role("button", name="Close weighing").click()
    expect(page.get_by_text("Weighing is closed: readers see the tallies")).to_be_visible()
    expect(page.get_by_role("button", name="Open weighing again")).to_be_visible()
    screenshot("weighing-admin-closed")

    reading = reader.new_page()
    reading.goto(f"{live_server.url}{ARTICLE_PATH}")
    expect(reading.locator("form[data-weigh]")).to_have_count(0)
    expect(reading.locator(".weigh-question")).to_contain_text(
        "Weighing is closed on this article."
    )
    assert reader.cookies() == []
    reader.close()
