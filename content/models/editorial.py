"""The corrections and updates log that every article carries."""

from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from content.editorial import signals  # noqa: F401 - roles and the fact-check workflow


class ArticleCorrection(Orderable):
    """One entry in an article's public log of corrections and updates.

    The log is append-only: once an article is published with an entry, the entry can no
    longer be changed or removed in the admin (see ``content.editorial.forms``); a later
    fix is a new entry. Every version is also kept in the page's revisions.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"
        CLARIFICATION = "clarification", "Clarification"

    page = ParentalKey("content.ArticlePage", on_delete=models.CASCADE, related_name="corrections")
    date = models.DateField(default=timezone.localdate, help_text="When the change was made.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        "what changed",
        help_text=(
            "For readers, in full sentences: what was wrong or what is new, and what the "
            "article says now."
        ),
    )

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "correction or update"
        verbose_name_plural = "corrections and updates"

    def __str__(self):
        return f"{self.get_kind_display()} of {self.date:%-d %B %Y}"

    @property
    def verb(self):
        """How the notice at the top of the article words this entry: 'Corrected on …'."""
        return {
            self.Kind.CORRECTION: "Corrected",
            self.Kind.UPDATE: "Updated",
            self.Kind.CLARIFICATION: "Clarified",
        }[self.kind]

    def same_entry_as(self, date, kind, text):
        """Whether a submitted entry still says exactly what this published one says."""
        return (self.date, self.kind, self.text.strip()) == (date, kind, (text or "").strip())
