"""What a tip-off keeps: the message, what the reader chose to give, and the editors' status.

* TipOff: the message, the optional "how to reach you" and link, the language of the
  page it was sent from, when, and the editors' status (new, read, closed). Nothing about
  the sender's network address or browser. ``manage.py retention`` deletes a tip-off
  RETENTION_TIPOFF_DAYS after an editor closed it.
* TipOffKeySecret: the random secret of the day behind the rate limit's network key
  (core.client_keys); the keys themselves live only in the cache, for an hour. Deleted by
  ``manage.py retention`` once the day is over.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

MESSAGE_MAX_LENGTH = 5000
CONTACT_MAX_LENGTH = 200
LINK_MAX_LENGTH = 500


class TipOffStatus(models.TextChoices):
    NEW = "new", gettext_lazy("New")
    READ = "read", gettext_lazy("Read")
    CLOSED = "closed", gettext_lazy("Closed")


class TipOffQuerySet(models.QuerySet):
    def due_for_deletion(self, cutoff):
        """Closed before ``cutoff``: what the retention period has run out on."""
        return self.filter(status=TipOffStatus.CLOSED, closed_at__lt=cutoff)


class TipOff(models.Model):
    created = models.DateTimeField(gettext_lazy("received"), default=timezone.now, db_index=True)
    language = models.CharField(
        gettext_lazy("language"), max_length=12, choices=settings.WAGTAIL_CONTENT_LANGUAGES
    )
    message = models.TextField(gettext_lazy("message"), max_length=MESSAGE_MAX_LENGTH)
    contact = models.CharField(
        gettext_lazy("how to reach the sender"),
        max_length=CONTACT_MAX_LENGTH,
        blank=True,
        help_text=gettext_lazy("Only what the sender chose to give. Deleted with the tip-off."),
    )
    article_url = models.URLField(
        gettext_lazy("article it concerns"), max_length=LINK_MAX_LENGTH, blank=True
    )
    status = models.CharField(
        gettext_lazy("status"),
        max_length=8,
        choices=TipOffStatus.choices,
        default=TipOffStatus.NEW,
        db_index=True,
    )
    closed_at = models.DateTimeField(gettext_lazy("closed"), null=True, blank=True, editable=False)

    objects = TipOffQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("tip-off")
        verbose_name_plural = gettext_lazy("tip-offs")
        ordering = ["-created"]

    def __str__(self):
        # Never the message or the contact details: this label is written to the admin's
        # history (log entries), which outlives the tip-off.
        return f"Tip-off #{self.pk}"

    def save(self, *args, **kwargs):
        """Closing starts the retention clock; reopening stops it."""
        if self.status == TipOffStatus.CLOSED and self.closed_at is None:
            self.closed_at = timezone.now()
        elif self.status != TipOffStatus.CLOSED:
            self.closed_at = None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "status" in update_fields:
            kwargs["update_fields"] = {*update_fields, "closed_at"}
        super().save(*args, **kwargs)

    def _excerpt(self):
        text = " ".join(self.message.split())
        return text if len(text) <= 90 else text[:89] + "…"

    _excerpt.short_description = gettext_lazy("message")  # the admin list's column heading
    excerpt = property(_excerpt)


class TipOffKeySecret(models.Model):
    day = models.DateField(unique=True)
    secret = models.CharField(max_length=64)

    def __str__(self):
        return f"Tip-off key secret for {self.day}"
