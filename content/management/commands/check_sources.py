"""manage.py check_sources: follow every Source's URL and record whether it still works."""

import datetime

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from content.editorial.source_health import LinkChecker, check_sources
from content.models import Source


class Command(BaseCommand):
    """Check each Source URL (HEAD, then GET; redirects followed; bounded time-outs and retries).

    Records the status, HTTP status and date checked on each Source. A dead source's
    reader-facing link switches to its archived copy. Schedule it daily: docs/source-health.md.
    """

    help = "Check every Source URL and record whether it is ok, redirected, dead or unreachable."

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=10.0, help="Seconds per request (default 10)."
        )
        parser.add_argument(
            "--retries",
            type=int,
            default=2,
            help="Extra attempts after a failure that may pass (default 2).",
        )
        parser.add_argument(
            "--retry-pause", type=float, default=2.0, help="Seconds between attempts (default 2)."
        )
        parser.add_argument(
            "--source", type=int, action="append", dest="source_ids", help="Only this Source id."
        )
        parser.add_argument(
            "--stale-days",
            type=float,
            default=None,
            help="Only Sources not checked for this many days (never-checked ones included).",
        )
        parser.add_argument(
            "--no-proxy",
            action="store_true",
            help="Ignore HTTP(S)_PROXY settings in the environment.",
        )

    def handle(self, *args, **options):
        sources = Source.objects.exclude(url="").order_by("pk")
        if options["source_ids"]:
            sources = sources.filter(pk__in=options["source_ids"])
        if options["stale_days"] is not None:
            cutoff = timezone.now() - datetime.timedelta(days=options["stale_days"])
            sources = sources.filter(
                Q(link_checked_at__isnull=True) | Q(link_checked_at__lt=cutoff)
            )
        checker = LinkChecker(
            timeout=options["timeout"],
            retries=max(0, options["retries"]),
            retry_pause=options["retry_pause"],
            trust_env=not options["no_proxy"],
        )

        def report(source, result):
            code = f" {result.http_status}" if result.http_status else ""
            detail = f" ({result.detail})" if result.detail else ""
            line = f"{result.status}{code}: #{source.pk} {source.url}{detail}"
            style = self.style.ERROR if result.status == Source.LinkStatus.DEAD else None
            self.stdout.write(style(line) if style else line)

        counts = check_sources(sources, checker, report)
        total = sum(counts.values())
        summary = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
        self.stdout.write(
            f"Checked {total} source{'s' if total != 1 else ''}: {summary or 'none'}."
        )
