"""manage.py render_feed_entries: render and store every live explainer's feed entry."""

from django.core.management.base import BaseCommand

from content.feeds import pages_to_render, render_and_store
from content.models import ArticlePage, FeedEntry
from core.site_url import public_base_url


class Command(BaseCommand):
    """Render the feed content of every live explainer, in its language, at the public address
    (SITE_BASE_URL), and store it (content.models.feeds.FeedEntry).

    Not required: a feed renders and stores any entry it does not find. Run it after a
    deploy, or after `load_demo`/`seed_bench`, so that no reader's feed request pays for it.
    Entries kept for another public address (SITE_BASE_URL changed since) are deleted.
    """

    help = "Render and store the feed entry of every live explainer."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=int, default=100, help="Explainers rendered per batch (default 100)."
        )

    def handle(self, *args, **options):
        pks = list(ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True))
        batch = max(1, options["batch"])
        stored = 0
        for start in range(0, len(pks), batch):
            stored += render_and_store(list(pages_to_render(pks[start : start + batch])))
        dropped, _ = FeedEntry.objects.exclude(base_url=public_base_url()).delete()
        self.stdout.write(f"Stored {stored} feed entries; deleted {dropped} of other addresses.")
