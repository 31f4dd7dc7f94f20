"""`manage.py privacy_report`: what personal data the database holds, and how old it is."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from wagtail.contrib.search_promotions.models import QueryDailyHits

from comments.models import ClientKeySecret, Comment, CommentReport, PostingRecord
from debate.models import WeighingKeySecret, WeighingMark
from tipoffs.models import TipOff, TipOffKeySecret, TipOffStatus


def age(when, now):
    if when is None:
        return "-"
    days = (now - when).days if hasattr(when, "hour") else (now.date() - when).days
    return f"{days} days"


class Command(BaseCommand):
    """One line per kind of personal data: how many, oldest, newest, and how long it is kept."""

    help = "Print what personal data the database holds and how old it is."

    def handle(self, *args, **options):
        now = timezone.now()
        keys_days = settings.RETENTION_KEYS_DAYS
        rows = []

        def add(what, queryset, field, kept):
            stats = queryset.aggregate(n=Count("pk"), oldest=Min(field), newest=Max(field))
            rows.append(
                (what, stats["n"], age(stats["oldest"], now), age(stats["newest"], now), kept)
            )

        add(
            "Comments (name and text)",
            Comment.objects.exclude(display_name="", body=""),
            "created",
            "until deleted by the commenter or an editor",
        )
        add(
            "Commenters' e-mail addresses",
            Comment.objects.exclude(email=""),
            "created",
            "until the commenter stops reply notices, the editor's decision is sent, or the "
            "comment is deleted",
        )
        add(
            "Rejected and spam comments",
            Comment.objects.filter(status__in=["rejected", "spam"]).exclude(body=""),
            "created",
            f"{settings.RETENTION_REJECTED_DAYS} days",
        )
        add(
            "Rate-limit fingerprints (hashed)",
            PostingRecord.objects.all(),
            "created",
            f"{keys_days} days",
        )
        add("Daily secrets behind them", ClientKeySecret.objects.all(), "day", f"{keys_days} days")
        add(
            "Reporters' keys (hashed)",
            CommentReport.objects.exclude(client_key=""),
            "created",
            f"{keys_days} days",
        )
        add(
            "Weighing fingerprints (hashed, one a vote)",
            WeighingMark.objects.all(),
            "day",
            "until the day is over",
        )
        add(
            "Daily secrets behind them",
            WeighingKeySecret.objects.all(),
            "day",
            "until the day is over",
        )
        tipoff_days = settings.RETENTION_TIPOFF_DAYS
        add(
            "Tip-offs (message, language)",
            TipOff.objects.all(),
            "created",
            f"until closed by an editor, then {tipoff_days} days",
        )
        add(
            "Tip-offs' contact details",
            TipOff.objects.exclude(contact=""),
            "created",
            f"with the tip-off: until closed, then {tipoff_days} days",
        )
        add(
            "Closed tip-offs awaiting deletion",
            TipOff.objects.filter(status=TipOffStatus.CLOSED),
            "closed_at",
            f"{tipoff_days} days after closing",
        )
        add(
            "Daily secrets behind tip-off limits",
            TipOffKeySecret.objects.all(),
            "day",
            "until the day is over",
        )
        add(
            "Failed admin sign-ins (address, browser)",
            AccessAttempt.objects.all(),
            "attempt_time",
            f"{keys_days} days, or until the next successful sign-in",
        )
        add(
            "Searches (words, counted per day)",
            QueryDailyHits.objects.all(),
            "date",
            f"{keys_days} days",
        )
        add(
            "Editor accounts",
            get_user_model().objects.filter(Q(is_staff=True) | Q(groups__isnull=False)).distinct(),
            "date_joined",
            "until removed by an administrator",
        )

        self.stdout.write(f"Personal data held on {now:%Y-%m-%d %H:%M %Z}\n")
        header = ("What", "Rows", "Oldest", "Newest", "Kept for")
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(5)]
        for row in [header, *rows]:
            self.stdout.write(
                "  ".join(
                    str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
        self.stdout.write(
            "\nNo raw IP address of a reader is stored anywhere. Run `manage.py retention` daily."
        )
