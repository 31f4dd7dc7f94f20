"""Delete the comments app's rate-limit keys and secrets older than 30 days."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from comments.models import ClientKeySecret, CommentReport, PostingRecord

RETENTION = timedelta(days=30)


class Command(BaseCommand):
    help = (
        "Delete comment rate-limit records, reporters' client keys and the daily secrets "
        "behind them once they are 30 days old. Run daily (cron or a scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=RETENTION.days, help="Keep this many days (default 30)."
        )

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - timedelta(days=days)
        records, _ = PostingRecord.objects.filter(created__lt=cutoff).delete()
        secrets, _ = ClientKeySecret.objects.filter(day__lt=cutoff.date()).delete()
        reports = (
            CommentReport.objects.filter(created__lt=cutoff)
            .exclude(client_key="")
            .update(client_key="")
        )
        self.stdout.write(
            f"Deleted {records} posting records and {secrets} daily secrets; "
            f"cleared the client key of {reports} reports (all older than {days} days)."
        )
