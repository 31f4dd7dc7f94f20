"""Privacy by design: no raw IP anywhere, keys purged, no cookie, the same page for everyone."""

import datetime
import threading
import time
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from comments.models import ClientKeySecret, Comment, CommentReport, PostingRecord
from comments.tokens import issue_form_token
from core.client_address import truncated_network
from tests.comments.factories import CommentFactory, form_data, post_comment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address, network",
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:abcd:12:34::1", "2001:db8:abcd:12::/64"),
        ("::ffff:203.0.113.77", "203.0.113.0/24"),
        ("not an address", "unknown"),
        ("", "unknown"),
    ],
)
def test_addresses_are_truncated_before_hashing(address, network):
    assert truncated_network(address) == network


def test_no_raw_or_truncated_ip_is_stored_anywhere(client, article):
    post_comment(client, article, remote_addr="203.0.113.77", email="mei@example.org")
    comment = Comment.objects.get()
    CommentReport.objects.create(comment=comment, reason="spam", client_key="x")
    with connection.cursor() as cursor:
        tables = [
            t for t in connection.introspection.table_names(cursor) if t.startswith("comments_")
        ]
        dumped = ""
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dumped += repr(cursor.fetchall())
    assert "203.0.113" not in dumped
    assert "mei@example.org" not in dumped  # no reply notices asked for: only a keyed hash


def test_client_keys_change_when_the_daily_secret_rotates(client, article):
    post_comment(client, article, remote_addr="203.0.113.77", body="Today.")
    ClientKeySecret.objects.update(day=timezone.now().date() - datetime.timedelta(days=1))
    post_comment(client, article, remote_addr="203.0.113.77", body="Tomorrow.")
    first, second = PostingRecord.objects.order_by("pk")
    assert first.client_key != second.client_key
    assert ClientKeySecret.objects.count() == 2


def test_purge_command_deletes_keys_older_than_30_days(client, article):
    post_comment(client, article, body="Recent.")
    comment = Comment.objects.get()
    old = timezone.now() - datetime.timedelta(days=31)
    PostingRecord.objects.create(client_key="old-key", created=old)
    ClientKeySecret.objects.create(day=old.date(), secret="old-secret")
    CommentReport.objects.create(comment=comment, reason="spam", client_key="old", created=old)
    CommentReport.objects.create(comment=comment, reason="abuse", client_key="new")
    out = StringIO()
    call_command("purge_comment_keys", stdout=out)
    assert list(PostingRecord.objects.values_list("client_key", flat=True)) != ["old-key"]
    assert not PostingRecord.objects.filter(client_key="old-key").exists()
    assert PostingRecord.objects.count() == 1
    assert not ClientKeySecret.objects.filter(secret="old-secret").exists()
    assert ClientKeySecret.objects.count() == 1
    assert sorted(CommentReport.objects.values_list("client_key", flat=True)) == ["", "new"]
    assert CommentReport.objects.count() == 2  # the reports themselves stay for editors
    assert "Deleted 1 posting records and 1 daily secrets" in out.getvalue()


def test_reading_an_article_with_comments_sets_no_cookie(client, article):
    CommentFactory.create_batch(3, article=article)
    response = client.get(article.url)
    assert response.status_code == 200
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers
    assert "csrftoken" not in response.content.decode()
    assert 'name="csrfmiddlewaretoken"' not in response.content.decode()


def test_posting_sets_no_cookie_either(client, article):
    response = post_comment(client, article)
    assert response.cookies == {}
    assert client.get(response["Location"]).cookies == {}


def test_the_page_is_the_same_for_every_anonymous_reader(article):
    CommentFactory.create_batch(2, article=article)
    readers = [
        Client(REMOTE_ADDR="203.0.113.1", HTTP_USER_AGENT="Reader one"),
        Client(REMOTE_ADDR="2001:db8::1", HTTP_USER_AGENT="Reader two", HTTP_ACCEPT_LANGUAGE="zh"),
    ]
    frozen = time.time()
    with mock.patch("comments.tokens.time.time", return_value=frozen):
        pages = [reader.get(article.url).content for reader in readers]
    assert pages[0] == pages[1]


def test_a_token_from_a_cached_page_works_for_every_reader(article):
    """One cached copy of the page serves everyone: its token is no one's in particular."""
    data = form_data(article)
    data["form_token"] = issue_form_token(article.pk, started=time.time() - 60)  # as cached
    for number, address in enumerate(["203.0.113.1", "198.51.100.1"]):
        response = Client(REMOTE_ADDR=address).post(
            "/comments/post/", {**data, "body": f"Reader {number}."}
        )
        assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_are_both_saved(article):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; concurrency is tested on PostgreSQL")
    barrier = threading.Barrier(2)
    results = []

    def post(number):
        try:
            barrier.wait(timeout=10)
            response = Client(REMOTE_ADDR=f"203.0.{number}.1").post(
                "/comments/post/", form_data(article, body=f"Simultaneous {number}.")
            )
            results.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [302, 302]
    assert Comment.objects.filter(body__startswith="Simultaneous").count() == 2


def test_retention_empties_the_text_before_an_edit_of_a_rejected_comment_too(article):
    rejected = CommentFactory(
        article=article,
        status="rejected",
        body="Edited words.",
        previous_body="Earlier words.",
        created=timezone.now() - datetime.timedelta(days=100),
    )
    CommentFactory(article=article, parent=rejected)
    call_command("retention", stdout=StringIO())
    rejected.refresh_from_db()
    assert (rejected.body, rejected.previous_body) == ("", "")
