"""What weighing keeps: counts, and for one day hashes that cannot be turned back into an
address; no cookie at any point; `retention` and `privacy_report` cover it."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command
from django.utils import timezone

from content.blocks.retention import retention_periods
from debate.models import WeighingKeySecret, WeighingMark, WeighingTally
from tests.debate.test_weighing import READER, count, vote

pytestmark = pytest.mark.django_db


def test_no_response_sets_a_cookie(client, article):
    responses = [
        client.get(article.url),
        vote(client, article, "for-1", "convincing"),
        vote(client, article, "for-2", "convincing", json_reply=True),
        vote(client, article, "for-9", "convincing"),
        client.get(f"/weigh/{article.pk}/results/?outcome=counted&target=for-1"),
        client.get(f"/weigh/{article.pk}/tallies.json"),
    ]
    for response in responses:
        assert "Set-Cookie" not in response, response
    assert not client.cookies


def test_no_address_is_stored_only_hashes_and_counts(client, article):
    vote(client, article, "for-1", "convincing")
    vote(client, article, "question", "rarely", address="2001:db8::42")
    stored = serializers.serialize(
        "json",
        [
            *WeighingTally.objects.all(),
            *WeighingMark.objects.all(),
            *WeighingKeySecret.objects.all(),
        ],
    )
    for address in (READER, "203.0.113.", "2001:db8", "2001:0db8"):
        assert address not in stored
    assert WeighingMark.objects.count() == 2
    assert all(len(mark.digest) == 64 for mark in WeighingMark.objects.all())
    fields = {field.name for field in WeighingTally._meta.get_fields()}
    assert fields == {"id", "article", "target", "choice", "day", "count"}


def test_a_new_day_has_a_new_secret_so_yesterdays_marks_match_nothing(client, article):
    vote(client, article, "for-1", "convincing")
    yesterday = timezone.now().date() - timedelta(days=1)
    WeighingKeySecret.objects.update(day=yesterday)
    WeighingMark.objects.update(day=yesterday)
    assert vote(client, article, "for-1", "convincing").status_code == 303
    assert count(article, "for-1") == 2
    assert WeighingKeySecret.objects.count() == 2


def test_retention_deletes_past_days_marks_and_secrets_and_keeps_the_counts(client, article):
    vote(client, article, "for-1", "convincing")
    yesterday = timezone.now().date() - timedelta(days=1)
    WeighingMark.objects.update(day=yesterday)
    WeighingKeySecret.objects.update(day=yesterday)
    vote(client, article, "for-2", "convincing")  # today's
    out = StringIO()
    call_command("retention", stdout=out)
    assert "deleted 1 weighing fingerprints and 1 daily secrets" in out.getvalue()
    assert list(WeighingMark.objects.values_list("day", flat=True)) == [timezone.now().date()]
    assert WeighingKeySecret.objects.count() == 1
    assert count(article, "for-1") == 1
    assert count(article, "for-2") == 1


def test_privacy_report_lists_the_weighing_fingerprints(client, article):
    vote(client, article, "for-1", "convincing")
    out = StringIO()
    call_command("privacy_report", stdout=out)
    line = next(x for x in out.getvalue().splitlines() if x.startswith("Weighing fingerprints"))
    assert " 1 " in line
    assert "until the day is over" in line


def test_the_privacy_pages_retention_list_names_weighing(client, tree):
    periods = retention_periods()
    weighing = [p for p in periods if "weigh an argument" in p.what]
    assert len(weighing) == 1
    assert weighing[0].period == "1 day"
