"""Retention deletes what the Privacy page says is deleted; privacy_report says what is kept."""

import io
from datetime import timedelta

from axes.models import AccessAttempt
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment, CommentStatus, PostingRecord
from tests.comments.factories import CommentFactory
from tests.content.factories import ArticlePageFactory, build_site_tree


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def run(command, **options):
    output = io.StringIO()
    call_command(command, stdout=output, **options)
    return output.getvalue()


def make_article():
    tree = build_site_tree()
    return ArticlePageFactory(parent=tree.index, slug="cameras")


def test_retention_deletes_old_rejected_and_spam_comments_and_keeps_the_rest(db, settings):
    settings.RETENTION_REJECTED_DAYS = 90
    article = make_article()
    old_spam = CommentFactory(article=article, status=CommentStatus.SPAM, created=days_ago(91))
    old_rejected = CommentFactory(
        article=article, status=CommentStatus.REJECTED, created=days_ago(200)
    )
    recent_spam = CommentFactory(article=article, status=CommentStatus.SPAM, created=days_ago(89))
    old_approved = CommentFactory(article=article, created=days_ago(400))

    output = run("retention")

    remaining = set(Comment.objects.values_list("pk", flat=True))
    assert old_spam.pk not in remaining and old_rejected.pk not in remaining
    assert {recent_spam.pk, old_approved.pk} <= remaining
    assert "deleted 2 rejected or spam comments older than 90 days" in output


def test_a_rejected_comment_with_replies_is_emptied_not_deleted(db):
    article = make_article()
    rejected = CommentFactory(
        article=article,
        status=CommentStatus.REJECTED,
        created=days_ago(100),
        email="someone@example.org",
    )
    reply = CommentFactory(article=article, parent=rejected, created=days_ago(99))

    run("retention")

    rejected.refresh_from_db()
    assert (rejected.body, rejected.display_name, rejected.email) == ("", "", "")
    assert Comment.objects.filter(pk=reply.pk).exists()


def test_retention_periods_come_from_settings(db, settings):
    settings.RETENTION_KEYS_DAYS = 7
    make_article()
    old = PostingRecord.objects.create(client_key="k" * 16)
    PostingRecord.objects.filter(pk=old.pk).update(created=days_ago(8))
    AccessAttempt.objects.create(
        username="x", ip_address="192.0.2.1", user_agent="ua", failures_since_start=1
    )
    AccessAttempt.objects.update(attempt_time=days_ago(8))  # the field is auto_now_add

    output = run("retention")

    assert not PostingRecord.objects.filter(pk=old.pk).exists()
    assert not AccessAttempt.objects.exists()
    assert "older than 7 days" in output


def test_privacy_report_counts_personal_data_and_its_age(db):
    article = make_article()
    CommentFactory(article=article, email="a@example.org", created=days_ago(12))
    CommentFactory(article=article, created=days_ago(3))

    lines = run("privacy_report").splitlines()

    comments_line = next(line for line in lines if line.startswith("Comments (name and text)"))
    assert comments_line.split()[4:7] == ["2", "12", "days"]
    email_line = next(line for line in lines if line.startswith("Commenters' e-mail addresses"))
    assert " 1 " in email_line
    assert any(
        line.startswith("Rejected and spam comments") and "90 days" in line for line in lines
    )
