"""Review dates, the editor dashboard and the editorial reports, seen by each role."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from content.editorial.review import add_months, articles_due_for_review
from content.editorial_admin.dashboard import DASHBOARD_ROWS
from content.models import Source
from tests.content.factories import ArticlePageFactory, SourceFactory
from tests.editorial.conftest import approve_fact_check, article_form_data

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def articles(site_tree):
    """One article overdue for review, one due in three weeks, one fresh, one overdue draft."""
    return {
        "overdue": ArticlePageFactory(
            parent=site_tree.index, title="Overdue explainer", last_reviewed=days_ago(400)
        ),
        "soon": ArticlePageFactory(
            parent=site_tree.index,
            title="Soon due explainer",
            last_reviewed=add_months(timezone.localdate(), -6) + datetime.timedelta(days=21),
        ),
        "fresh": ArticlePageFactory(
            parent=site_tree.index, title="Fresh explainer", last_reviewed=days_ago(1)
        ),
        "draft": ArticlePageFactory(
            parent=site_tree.index, title="Draft explainer", last_reviewed=days_ago(400), live=False
        ),
    }


def titles(html, selector):
    soup = BeautifulSoup(html, "html.parser")
    return [element.get_text(" ", strip=True) for element in soup.select(selector)]


def test_review_due_date_follows_the_interval_and_month_ends():
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2025, 11, 15), 3) == datetime.date(2026, 2, 15)


def test_saving_an_article_sets_its_review_date(site_tree):
    article = ArticlePageFactory(
        parent=site_tree.index, last_reviewed=datetime.date(2025, 3, 1), review_interval_months=12
    )
    assert article.review_due == datetime.date(2026, 3, 1)


def test_only_live_articles_past_their_review_date_are_due(articles):
    assert [a.title for a in articles_due_for_review()] == ["Overdue explainer"]
    assert [a.title for a in articles_due_for_review(within_days=30)] == [
        "Overdue explainer",
        "Soon due explainer",
    ]


def test_marking_an_article_reviewed_takes_it_off_the_list(admin_client, articles):
    overdue = articles["overdue"]
    admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[overdue.pk]),
        article_form_data(overdue, last_reviewed=timezone.localdate().isoformat())
        | {"action-submit": "1"},
    )
    assert [article.title for article in articles_due_for_review()] == ["Overdue explainer"]
    approve_fact_check(overdue)  # the new review date is published with the check
    assert list(articles_due_for_review()) == []


def test_the_review_report_filters_to_articles_due(client, editor, articles):
    client.force_login(editor)
    url = reverse("editorial_review_due")
    everything = client.get(url)
    assert everything.status_code == 200
    listed = titles(everything.content, "table tbody td:first-child")
    assert listed == [
        "Draft explainer",
        "Overdue explainer",
        "Soon due explainer",
        "Fresh explainer",
    ]
    overdue = titles(client.get(url, {"due": "overdue", "live": "true"}).content, "tbody tr")
    assert len(overdue) == 1 and "Overdue explainer" in overdue[0] and "Due" in overdue[0]
    within_30 = titles(client.get(url, {"due": "30", "live": "true"}).content, "tbody tr")
    assert [row.split(" ")[0] for row in within_30] == ["Overdue", "Soon"]


def test_the_dashboard_shows_editors_what_needs_them(client, editor, articles, draft_article):
    dead = SourceFactory(title="A story that vanished", archive_url="")
    Source.objects.filter(pk=dead.pk).update(
        link_status=Source.LinkStatus.DEAD, link_http_status=410
    )
    client.force_login(editor)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[draft_article.pk]),
        article_form_data(draft_article) | {"action-submit": "1"},
    )
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    soup = BeautifulSoup(dashboard, "html.parser")

    def panel(panel_id):
        element = soup.find(id=panel_id) or soup.find(id=f"{panel_id}-content")
        assert element is not None, f"no panel {panel_id}"
        return element.find_parent("section") or element

    awaiting = panel("awaiting-fact-check").get_text(" ", strip=True)
    assert "Articles awaiting fact check (1)" in awaiting and "Cameras on every corner" in awaiting
    due = panel("due-for-review").get_text(" ", strip=True)
    assert "Overdue explainer" in due and "Fresh explainer" not in due
    sources = panel("dead-sources").get_text(" ", strip=True)
    assert "A story that vanished" in sources and "HTTP 410, no archived copy!" in sources


def test_the_dashboards_all_buttons_open_the_whole_reports(client, editor, articles):
    """The button "All review dates" lists every article, not only those due (the panel
    shows those already; with none due, a filtered report was empty), and "All link
    checks" lists every Source."""
    SourceFactory(title="A story still online")
    client.force_login(editor)
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")

    def follow(label):
        (button,) = soup.find_all("a", string=label)
        return client.get(button["href"]).content.decode()

    assert titles(follow("All review dates"), "table tbody td:first-child") == [
        "Draft explainer",
        "Overdue explainer",
        "Soon due explainer",
        "Fresh explainer",
    ]
    assert "A story still online" in follow("All link checks")


def test_a_long_list_shows_its_first_rows_and_its_count(client, editor, site_tree):
    for n in range(DASHBOARD_ROWS + 3):
        ArticlePageFactory(
            parent=site_tree.index, title=f"Overdue {n:02d}", last_reviewed=days_ago(400 + n)
        )
    client.force_login(editor)
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    panel = soup.find(id="due-for-review") or soup.find(id="due-for-review-content")
    due = (panel.find_parent("section") or panel).get_text(" ", strip=True)
    assert f"Articles due for review ({DASHBOARD_ROWS + 3})" in due
    # The longest overdue first, eight of them, then a link to the rest.
    assert due.index("Overdue 10") < due.index("Overdue 09")
    shown = [n for n in range(DASHBOARD_ROWS + 3) if f"Overdue {n:02d}" in due]
    assert len(shown) == DASHBOARD_ROWS and 10 in shown
    assert "All review dates" in due


def test_moderators_do_not_get_the_editorial_panels(client, moderator, site_tree):
    client.force_login(moderator)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Articles awaiting fact check" not in dashboard


def test_the_source_links_report_lists_sources_by_status(client, editor):
    dead = SourceFactory(title="Gone story")
    SourceFactory(title="Healthy story")
    Source.objects.filter(pk=dead.pk).update(link_status=Source.LinkStatus.DEAD)
    client.force_login(editor)
    url = reverse("editorial_source_links")
    rows = titles(client.get(url).content, "tbody tr")
    assert rows[0].startswith("Gone story")  # dead links first
    only_dead = titles(client.get(url, {"link_status": "dead"}).content, "tbody tr")
    assert len(only_dead) == 1 and "Dead" in only_dead[0]


def test_review_dates_report_shows_each_date_and_how_far_off_it_is(
    client, editor, site_tree, monkeypatch
):
    """Future review dates read "in 5 months", past ones "3 weeks overdue": never "Just now"."""
    today = datetime.date(2025, 6, 10)  # a fixed day: months differ in length
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    ArticlePageFactory(
        parent=site_tree.index,
        title="Reviewed a month ago",
        last_reviewed=add_months(today, -1),
        review_interval_months=6,
    )
    ArticlePageFactory(
        parent=site_tree.index,
        title="Overdue by three weeks",
        last_reviewed=add_months(today, -12) - datetime.timedelta(days=21),
        review_interval_months=12,
    )
    client.force_login(editor)
    soup = BeautifulSoup(client.get(reverse("editorial_review_due")).content, "html.parser")
    headings = [th.get_text(" ", strip=True) for th in soup.select("table thead th")]
    due_column = headings.index("Review due")
    rows = {
        row.select("td")[0].get_text(" ", strip=True): row.select("td")[due_column]
        for row in soup.select("table tbody tr")
    }
    assert list(rows) == ["Overdue by three weeks", "Reviewed a month ago"]  # overdue first

    soon = rows["Reviewed a month ago"]
    assert soon.time["datetime"] == "2025-11-10"
    assert soon.get_text(" ", strip=True) == "10 Nov 2025 in 5\xa0months"
    late = rows["Overdue by three weeks"]
    assert late.strong.get_text(strip=True) == "3\xa0weeks overdue"
    assert "Just now" not in soup.get_text()
