"""Feed entries kept ready to serve: each explainer's full HTML as the RSS and Atom feeds
show it, rendered once and read back by every feed request (content.feeds).

An entry is good for one page, its live revision, one language and one public address
(core.site_url: the links in it are absolute), and for one *generation*: every change that
could alter what an entry shows besides the page's own revision (a Source, an image, a
topic, an author, another page published or moved, a site or a site setting, a deploy's
migrate) starts a new generation (``FeedGeneration.advance``, content.signal_handlers),
and entries of an older generation are rendered again when a feed next asks for them.
Nothing is ever served stale, and nothing is ever missing: a feed renders and stores what
it does not find (``manage.py render_feed_entries`` renders them all beforehand).

Unlike the page cache, these rows live in the database: they outlast a cache flush and are
the same for every app process, and the generation moves inside the transaction that makes
the change, so a feed that rendered from rows read before the change committed stores its
entries under the old generation, which is already past.
"""

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy


class FeedGeneration(models.Model):
    """One row: the generation that stored feed entries must carry to be served."""

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = gettext_lazy("feed generation")

    def __str__(self):
        return str(self.number)

    @classmethod
    def current(cls):
        """The generation now in force (0 before the first change)."""
        return cls.objects.filter(pk=1).values_list("number", flat=True).first() or 0

    @classmethod
    def advance(cls, **kwargs):
        """Start a new generation: every stored entry is rendered again when next asked for.

        A signal receiver (the keyword arguments are the signal's). Inside a transaction the
        row stays locked until it ends, so concurrent changes advance it one after another.
        """
        if cls.objects.filter(pk=1).update(number=F("number") + 1):
            return
        try:
            with transaction.atomic():
                cls.objects.create(pk=1, number=1)
        except IntegrityError:  # another process created it meanwhile
            cls.objects.filter(pk=1).update(number=F("number") + 1)


class FeedEntry(models.Model):
    """One explainer's feed content (hero image, standfirst, body with its citations, the
    Sources list, the corrections; its links absolute) and categories, as of ``revision``
    and ``generation``, in ``language`` at ``base_url``."""

    page = models.ForeignKey(
        "content.ArticlePage", on_delete=models.CASCADE, related_name="feed_entries"
    )
    # None for a page made live without a revision (scripts, the demo loader).
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.CASCADE, null=True, related_name="+"
    )
    language = models.CharField(max_length=20)
    base_url = models.CharField(max_length=255)
    generation = models.PositiveBigIntegerField()
    html = models.TextField()
    # What else the entry shows that is not a column of the page: its topics' names (the
    # categories) and the date of its newest correction or update (ArticlePage.date_modified).
    categories = models.JSONField(default=list)
    date_modified = models.DateField(null=True)
    rendered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("feed entry")
        verbose_name_plural = gettext_lazy("feed entries")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language", "base_url"], name="feed_entry_per_address"
            )
        ]

    def __str__(self):
        return f"{self.page_id} ({self.language}, {self.base_url})"
