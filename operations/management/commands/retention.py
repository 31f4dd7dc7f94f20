"""`manage.py retention`: forget what the Privacy page says is forgotten, when it says so."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from comments.models import Comment, CommentStatus
from debate.models import WeighingKeySecret, WeighingMark
from tipoffs.models import TipOff, TipOffKeySecret

DISCARDED = (CommentStatus.REJECTED, CommentStatus.SPAM)


def forget_discarded_comments(cutoff):
    """Delete rejected and spam comments older than cutoff. One that others answered keeps
    its place in the thread, emptied of its words, name and address; returns both counts."""
    old = Comment.objects.filter(status__in=DISCARDED, created__lt=cutoff)
    deleted = 0
    while True:  # a discarded reply to a discarded comment goes first, then its parent
        count, _ = old.filter(replies__isnull=True).delete()
        if not count:
            break
        deleted += count
    emptied = old.exclude(body="", previous_body="", display_name="", email="").update(
        body="",
        previous_body="",
        display_name="",
        email="",
        email_hash="",
        notify_on_reply=False,
        unsubscribe_token="",
    )
    return deleted, emptied


def forget_weighing_marks(today):
    """Delete the once-a-day fingerprints of readers' votes, and the day's secret behind
    them, once their day is over; the counts stay. Returns both counts."""
    marks, _ = WeighingMark.objects.filter(day__lt=today).delete()
    secrets, _ = WeighingKeySecret.objects.filter(day__lt=today).delete()
    return marks, secrets


def forget_closed_tipoffs(cutoff, today):
    """Delete tip-offs closed before ``cutoff``, with their message and contact details, and
    the rate limit's daily secrets once their day is over; returns both counts."""
    tipoffs, _ = TipOff.objects.due_for_deletion(cutoff).delete()
    secrets, _ = TipOffKeySecret.objects.filter(day__lt=today).delete()
    return tipoffs, secrets


def forget_old_searches(cutoff_date):
    """Delete the daily counts of searches from before ``cutoff_date``, then the words of
    every search no longer counted, unless an editor promoted a result for it (as Wagtail's
    searchpromotions_garbage_collect does); returns both counts."""
    day_counts, _ = QueryDailyHits.objects.filter(date__lt=cutoff_date).delete()
    searches, _ = Query.objects.filter(daily_hits__isnull=True, editors_picks__isnull=True).delete()
    return day_counts, searches


class Command(BaseCommand):
    """Run daily. Periods come from RETENTION_KEYS_DAYS and RETENTION_REJECTED_DAYS."""

    help = (
        "Delete rate-limit keys, daily secrets, reporters' keys, failed admin sign-ins and "
        "(once their day is over) weighing fingerprints, "
        "daily search counts after RETENTION_KEYS_DAYS (30), rejected and spam comments after "
        "RETENTION_REJECTED_DAYS (90), and closed tip-offs after RETENTION_TIPOFF_DAYS (30)."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        call_command("purge_comment_keys", days=settings.RETENTION_KEYS_DAYS, stdout=self.stdout)
        attempts, _ = AccessAttempt.objects.filter(
            attempt_time__lt=now - timedelta(days=settings.RETENTION_KEYS_DAYS)
        ).delete()
        day_counts, searches = forget_old_searches(
            (now - timedelta(days=settings.RETENTION_KEYS_DAYS)).date()
        )
        marks, weighing_secrets = forget_weighing_marks(now.date())
        tipoffs, tipoff_secrets = forget_closed_tipoffs(
            now - timedelta(days=settings.RETENTION_TIPOFF_DAYS), now.date()
        )
        with transaction.atomic():
            deleted, emptied = forget_discarded_comments(
                now - timedelta(days=settings.RETENTION_REJECTED_DAYS)
            )
        self.stdout.write(
            f"Deleted {attempts} failed admin sign-ins older than "
            f"{settings.RETENTION_KEYS_DAYS} days; deleted {day_counts} daily search counts "
            f"older than {settings.RETENTION_KEYS_DAYS} days and {searches} search"
            f"{'' if searches == 1 else 'es'} no longer counted; "
            f"deleted {marks} weighing fingerprints and {weighing_secrets} daily secrets "
            "from past days; "
            f"deleted {tipoffs} tip-offs closed more than {settings.RETENTION_TIPOFF_DAYS} days "
            f"ago and {tipoff_secrets} of their daily secrets; "
            f"deleted {deleted} rejected or spam comments "
            f"older than {settings.RETENTION_REJECTED_DAYS} days and emptied {emptied} that "
            "have replies."
        )
