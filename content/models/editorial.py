"""The corrections and updates log that every article carries, and the fact-check task."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import GroupApprovalTask, Orderable, PageLogEntry

from content.editorial import signals  # noqa: F401 - roles and the fact-check workflow
from content.editorial.permissions import fact_check_approval
from content.passages import normalise_target


class ArticleCorrection(Orderable):
    """One entry in an article's public log of corrections and updates.

    The log is append-only: once an article is published with an entry, the entry can no
    longer be changed or removed in the admin (see ``content.editorial.forms``); a later
    fix is a new entry. Every version is also kept in the page's revisions.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")
        CLARIFICATION = "clarification", _("Clarification")

    page = ParentalKey("content.ArticlePage", on_delete=models.CASCADE, related_name="corrections")
    date = models.DateField(default=timezone.localdate, help_text=_("When the change was made."))
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        _("what changed"),
        help_text=(
            _(
                "For readers, in full sentences: what was wrong or what is new, and what the "
                "article says now."
            )
        ),
    )

    target = models.CharField(
        _("corrected passage"),
        max_length=80,
        blank=True,
        help_text=_(
            "Optional: the anchor of the passage this entry changed, so that the entry links "
            "to it and the passage links back. An argument's link (for-2, against-1, q2-for-1) "
            "or a section heading's anchor (as in the contents: how-the-cameras-work)."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
        FieldPanel("text"),
        FieldPanel("target"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")

    def __str__(self):
        return f"{self.get_kind_display()} of {self.date:%-d %B %Y}"

    def clean(self):
        super().clean()
        self.target = normalise_target(self.target)

    @property
    def verb(self):
        """How the notice at the top of the article words this entry: 'Corrected on …'."""
        return {
            self.Kind.CORRECTION: gettext("Corrected"),
            self.Kind.UPDATE: gettext("Updated"),
            self.Kind.CLARIFICATION: gettext("Clarified"),
        }[self.kind]

    def same_entry_as(self, date, kind, text):
        """Whether a submitted entry still says exactly what this published one says."""
        return (self.date, self.kind, self.text.strip()) == (date, kind, (text or "").strip())


class FactCheckTask(GroupApprovalTask):
    """Wagtail's group approval, as the fact check: its approval is what publishes an
    explainer (see ``content.editorial.permissions``), and whoever submitted the page for
    this check, or resubmitted it, can neither approve it nor request changes.

    A proxy: the task's row is an ordinary group approval task, so making the existing
    "Fact check" task one of these changes only its type (``setup_fact_check_workflow``).
    """

    class Meta:
        proxy = True
        verbose_name = _("fact check task")
        verbose_name_plural = _("fact check tasks")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.id:
            # Wagtail types a new task by its concrete model, which would make this one an
            # ordinary group approval task again.
            self.content_type = ContentType.objects.get_for_model(self, for_concrete_model=False)

    @staticmethod
    def submitter_ids(workflow_state):
        """Who submitted this workflow, and who resubmitted it after changes were asked."""
        resubmitted = PageLogEntry.objects.filter(
            page_id=workflow_state.object_id,
            action="wagtail.workflow.resume",
            timestamp__gte=workflow_state.created_at,
        ).values_list("user_id", flat=True)
        return {workflow_state.requested_by_id, *resubmitted} - {None}

    def get_actions(self, obj, user):
        workflow_state = obj.current_workflow_state
        if workflow_state and user.pk in self.submitter_ids(workflow_state):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user)

    def on_action(self, task_state, user, action_name, **kwargs):
        workflow_state = task_state.workflow_state
        if user is not None and user.pk in self.submitter_ids(workflow_state):
            raise PermissionDenied(_("Nobody fact-checks their own submission."))
        if action_name == "approve":
            with fact_check_approval(workflow_state.object_id):
                return super().on_action(task_state, user, action_name, **kwargs)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups check the page; approving publishes it. Nobody "
            "checks a page they submitted themselves."
        )
