"""What weighing keeps: counters, and for one day the hashes that stop a second vote.

* WeighingTally: how many readers chose each answer, per article, argument, answer and
  day. Nothing about who.
* WeighingMark: one vote's fingerprint, a keyed hash of (today's key of the reader's
  address, article, argument, day), kept with its day only, so that the same reader cannot
  vote twice on one argument that day. Deleted by ``manage.py retention`` once the day is
  over.
* WeighingKeySecret: the random secret of the day behind those keys (core.client_keys);
  deleted with the marks, after which nothing links a mark to an address.
* WeighingClosure: an article on which editors closed weighing.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

#: The closing question's target, beside the arguments' link ids ("for-2", "q2-against-1").
QUESTION = "question"


class ArgumentChoice(models.TextChoices):
    CONVINCING = "convincing", gettext_lazy("Convincing")
    NOT_CONVINCING = "not-convincing", gettext_lazy("Not convincing")


class QuestionChoice(models.TextChoices):
    """The closing question's scale, from one end to the other."""

    WORTH_IT = "worth-it", gettext_lazy("More safety is worth it")
    WITH_LIMITS = "with-limits", gettext_lazy("Worth it, with strict limits")
    UNDECIDED = "undecided", gettext_lazy("Undecided")
    RARELY = "rarely", gettext_lazy("Rarely worth it")
    NONE = "none", gettext_lazy("No surveillance of this kind")


class WeighingTally(models.Model):
    article = models.ForeignKey("content.ArticlePage", on_delete=models.CASCADE, related_name="+")
    target = models.CharField(
        max_length=40,
        help_text=gettext_lazy("The argument's link id (for-2, against-1) or “question”."),
    )
    choice = models.CharField(max_length=24)
    day = models.DateField(default=timezone.localdate)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = gettext_lazy("weighing tally")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "target", "choice", "day"], name="debate_one_tally_a_day"
            )
        ]

    def __str__(self):
        return f"{self.target} {self.choice} on {self.day}: {self.count}"


class WeighingMark(models.Model):
    digest = models.CharField(max_length=64, unique=True)
    day = models.DateField(db_index=True)

    class Meta:
        verbose_name = gettext_lazy("weighing mark (hashed)")

    def __str__(self):
        return f"Mark {self.digest[:8]}… on {self.day}"


class WeighingKeySecret(models.Model):
    day = models.DateField(unique=True)
    secret = models.CharField(max_length=64)

    def __str__(self):
        return f"Weighing key secret for {self.day}"


class WeighingClosure(models.Model):
    article = models.OneToOneField(
        "content.ArticlePage", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    closed = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("closed weighing")

    def __str__(self):
        return f"Weighing closed on article {self.article_id}"
