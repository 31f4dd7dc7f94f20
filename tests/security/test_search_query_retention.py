"""Round two, finding 9 (hardening): the words readers search for are stored (Wagtail's
search promotions count them, so editors can promote a result for a common search). They
are now kept only in aggregate, for RETENTION_KEYS_DAYS, and the Privacy page,
`manage.py retention` and `manage.py privacy_report` all say so."""

import io
import re
from datetime import timedelta

from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

from tests.content.factories import ArticlePageFactory, build_site_tree, publish


def run(command):
    output = io.StringIO()
    call_command(command, stdout=output)
    return output.getvalue()


def days_ago(days):
    return timezone.now().date() - timedelta(days=days)


def test_search_queries_are_kept_only_as_daily_counts(db):
    tree = build_site_tree()
    publish(ArticlePageFactory(parent=tree.index, title="Cameras on every corner"))
    for address in ("198.51.100.1", "198.51.100.2", "203.0.113.9"):
        assert Client().get("/search/", {"q": "cameras"}, REMOTE_ADDR=address).status_code == 200

    # One row of words, one count per day: nothing about who searched, or when in the day.
    assert list(Query.objects.values_list("query_string", flat=True)) == ["cameras"]
    assert list(QueryDailyHits.objects.values_list("date", "hits")) == [(days_ago(0), 3)]
    assert {field.name for field in QueryDailyHits._meta.concrete_fields} == {
        "id",
        "query",
        "date",
        "hits",
    }


def test_search_queries_retention_deletes_old_counts_and_forgotten_words(db, settings):
    settings.RETENTION_KEYS_DAYS = 30
    tree = build_site_tree()
    old = Query.get("my neighbour's name")
    QueryDailyHits.objects.create(query=old, date=days_ago(31), hits=1)
    recent = Query.get("cameras")
    QueryDailyHits.objects.create(query=recent, date=days_ago(31), hits=4)
    QueryDailyHits.objects.create(query=recent, date=days_ago(29), hits=2)
    promoted = Query.get("social credit")
    QueryDailyHits.objects.create(query=promoted, date=days_ago(40), hits=9)
    SearchPromotion.objects.create(query=promoted, page=tree.about, sort_order=0)

    output = run("retention")

    assert set(Query.objects.values_list("query_string", flat=True)) == {
        "cameras",
        "social credit",  # an editor's promotion keeps its words, not its old counts
    }
    assert list(QueryDailyHits.objects.values_list("query__query_string", "hits")) == [
        ("cameras", 2)
    ]
    assert "deleted 3 daily search counts older than 30 days and 1 search no longer counted" in (
        output
    )


def test_search_queries_are_in_the_privacy_report(db, settings):
    settings.RETENTION_KEYS_DAYS = 30
    QueryDailyHits.objects.create(query=Query.get("cameras"), date=days_ago(12), hits=3)

    output = run("privacy_report")

    line = next(line for line in output.splitlines() if line.startswith("Searches"))
    cells = re.split(r"\s{2,}", line.strip())
    assert cells == ["Searches (words, counted per day)", "1", "12 days", "12 days", "30 days"]


def test_search_queries_on_the_privacy_page(client, demo_site):
    soup = BeautifulSoup(client.get("/privacy/").content, "html.parser")
    text = " ".join(soup.main.get_text(" ").split())

    assert "If you search" in text
    assert "counted per day" in text
    periods = {
        item.dd.get_text(" ", strip=True): item.dt.get_text(strip=True)
        for item in soup.select(".retention-list__item")
    }
    search_row = next(what for what in periods if what.startswith("The words typed into the"))
    assert periods[search_row] == "30 days"
