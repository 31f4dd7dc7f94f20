"""Moderating comments in the Wagtail admin: the actions, their history, and their views.

An editor can approve, reject, mark as spam or delete a comment, one at a time or in bulk.
Each decision goes through :func:`moderate`, which changes the comment with the functions
in ``comments.moderation`` (so a click here and a reader's report change a comment in
exactly one way) and records who did what, and when, in Wagtail's history.

*Delete* erases a comment's words and name (``Comment.erase``) instead of removing the
row: replies keep their place in the thread, and the comment's history stays readable.
"""

from dataclasses import dataclass

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import View
from wagtail import log_actions
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.log_actions import LogFormatter
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import DeleteView

from comments import moderation
from comments.models import Comment, CommentReport, CommentStatus, RejectionReason
from core.expressions import AmongTheRows

#: How many of the newest waiting comments the dashboard panel lists.
DASHBOARD_PANEL_SIZE = 5


def awaiting_moderation(queryset=None):
    """Comments an editor still has to look at: the moderation queue and the menu's count.

    Held on posting, hidden after reader reports, published under "review after", or
    still published with reader reports nobody has looked at yet. One query, however
    it is used (``.count()`` for the badge, a page of rows for the queue).
    """
    queryset = Comment.objects.all() if queryset is None else queryset
    open_reports = CommentReport.objects.filter(dismissed=False).values("comment_id")
    # The first two conditions are the partial index "comment_awaiting_moderation"; the
    # reported comments are read through the primary key. PostgreSQL ORs the two index
    # scans (41 ms for the count at 100,000 held of 600,000 comments, against 430 ms with a
    # correlated EXISTS, which it tested row by row).
    return queryset.filter(
        Q(status__in=[CommentStatus.PENDING, CommentStatus.HIDDEN])
        | Q(status=CommentStatus.APPROVED, needs_review=True)
        | Q(AmongTheRows("pk", open_reports), status=CommentStatus.APPROVED)
    )


# --- The actions ---------------------------------------------------------------------


def _delete(comment, request=None, reason=""):
    # Erase the words and name but keep the row, so replies keep their place. The status
    # says the editors removed it: readers see "[removed by the editors]", not a false
    # "[deleted by its author]".
    comment.erase()
    comment.status = CommentStatus.REJECTED
    comment.save()
    return comment


@dataclass(frozen=True)
class ModerationAction:
    """One decision an editor can take on a comment, and how Wagtail's history names it."""

    name: str
    log_action: str
    label: str  # the button: "Approve"
    done: str  # the history and the messages: "Approved"
    permission: str  # the Django model permission it needs: "change" or "delete"
    apply: object  # callable(comment, request, reason)
    icon: str
    button_class: str = ""

    def is_permitted(self, user):
        return policy_registry.get_by_type(Comment).user_has_permission(user, self.permission)


MODERATION_ACTIONS = {
    action.name: action
    for action in [
        ModerationAction(
            "approve",
            "comments.approve",
            gettext_lazy("Approve"),
            gettext_lazy("Approved"),
            "change",
            lambda comment, request, reason: moderation.approve(comment, request),
            icon="check",
            button_class="button-primary",
        ),
        ModerationAction(
            "reject",
            "comments.reject",
            gettext_lazy("Reject"),
            gettext_lazy("Rejected"),
            "change",
            lambda comment, request, reason: moderation.reject(comment, reason, request),
            icon="cross",
            button_class="button-secondary",
        ),
        ModerationAction(
            "spam",
            "comments.spam",
            gettext_lazy("Mark as spam"),
            gettext_lazy("Marked as spam"),
            "change",
            lambda comment, request, reason: moderation.mark_spam(comment),
            icon="warning",
            button_class="button-secondary",
        ),
        ModerationAction(
            "delete",
            "comments.delete",
            gettext_lazy("Delete"),
            gettext_lazy("Deleted"),
            "delete",
            _delete,
            icon="bin",
            button_class="serious",
        ),
    ]
}


class RejectionForm(forms.Form):
    """Why the comments are rejected: the commenter is told, if they asked."""

    reason = forms.ChoiceField(
        label=gettext_lazy("Why is it not published?"),
        help_text=gettext_lazy(
            "A commenter who asked to hear the decision is emailed this reason."
        ),
        choices=RejectionReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose why: the commenter may be told.")},
    )


def moderate(comment, action_name, user, request=None, reason=""):
    """Take one moderation decision on ``comment`` and record it in Wagtail's history.

    ``reason`` (a RejectionReason) is required to reject, and recorded with it."""
    action = MODERATION_ACTIONS[action_name]
    if action_name == "reject" and reason not in RejectionReason.values:
        raise ValueError(f"Rejecting needs a RejectionReason, not {reason!r}")
    previous_status = comment.get_status_display()
    data = {"previous_status": previous_status}
    if action_name == "reject":
        data["reason"] = str(RejectionReason(reason).label)
    with transaction.atomic():
        action.apply(comment, request, reason)
        log_actions.log(instance=comment, action=action.log_action, user=user, data=data)
    return comment


class ModerationLogFormatter(LogFormatter):
    """History line such as "Approved (was: Held for moderation)" or "Rejected (was:
    Held for moderation): Off-topic"."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        message = self.message
        if previous := data.get("previous_status"):
            message = f"{message} (was: {previous})"
        if reason := data.get("reason"):
            message = f"{message}: {reason}"
        return message


def register_moderation_log_actions(actions):
    """Name each moderation action in the history views and the site history report."""
    for action in MODERATION_ACTIONS.values():
        formatter = type(
            "ModerationLogFormatter",
            (ModerationLogFormatter,),
            {
                "label": format_lazy(gettext_lazy("{action} comment"), action=action.label),
                "message": action.done,
            },
        )
        actions.register_action(action.log_action)(formatter)


def comment_admin_url(view_name, comment):
    return reverse(f"wagtailsnippets_comments_comment:{view_name}", args=[quote(comment.pk)])


# --- One comment ---------------------------------------------------------------------


class ModerateView(View):
    """POST here to approve, reject, mark as spam or delete one comment, then go back."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        moderation_action = MODERATION_ACTIONS.get(action)
        if moderation_action is None or not moderation_action.is_permitted(request.user):
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        author = comment.display_name or gettext("a deleted commenter")
        reason = ""
        if action == "reject":
            form = RejectionForm(request.POST)
            if not form.is_valid():
                messages.error(
                    request, gettext("Choose why the comment is not published, then reject it.")
                )
                return redirect(comment_admin_url("inspect", comment))
            reason = form.cleaned_data["reason"]
        moderate(comment, action, request.user, request, reason)
        messages.success(
            request,
            gettext("%(done)s: the comment by %(author)s.")
            % {"done": moderation_action.done, "author": author},
        )
        next_url = get_valid_next_url_from_request(request)
        return redirect(next_url or comment_admin_url("inspect", comment))


class CommentDeleteView(DeleteView):
    """Wagtail's delete confirmation, but deleting erases the comment and keeps its place."""

    success_message = gettext_lazy("Comment deleted: its words and name are erased.")

    @property
    def confirmation_message(self):
        if self.object.replies.exists():
            return gettext(
                "Delete this comment? Its words and name are erased; its replies stay, "
                "under a placeholder."
            )
        return gettext("Delete this comment? Its words and name are erased.")

    def get_usage_url(self):
        return None  # replies are not "references": the message above speaks of them

    def delete_action(self):
        moderate(self.object, "delete", self.request.user, self.request)
