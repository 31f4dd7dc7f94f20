"""Moderating many comments at once: the bulk actions on what the queue shows."""

from django.utils.functional import classproperty
from django.utils.translation import gettext, gettext_lazy, ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from comments.models import Comment
from comments.moderation_admin.actions import MODERATION_ACTIONS, RejectionForm, moderate
from comments.moderation_admin.queue import queue_for_request

# --- Many comments -------------------------------------------------------------------


class CommentBulkAction(SnippetBulkAction):
    """A moderation action on the comments ticked in the queue."""

    template_name = "comments/admin/confirm_bulk_moderation.html"
    moderation_action_name = ""

    @classproperty
    def models(cls):
        return [Comment]

    @property
    def moderation_action(self):
        return MODERATION_ACTIONS[self.moderation_action_name]

    def check_perm(self, obj):
        return self.moderation_action.is_permitted(self.request.user)

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all" acts on what the queue shows with the same filters and search,
        # never on every comment ever posted.
        return queue_for_request(self.request).values_list("pk", flat=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["moderation_action"] = self.moderation_action
        context["confirm_text"] = gettext("Yes, %(action)s") % {
            "action": self.moderation_action.label.lower()
        }
        context["confirm_class"] = "serious" if self.moderation_action.name == "delete" else ""
        return context

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        view = kwargs["self"]
        reason = kwargs.get("reason", "")
        for comment in objects:
            moderate(comment, cls.moderation_action_name, view.request.user, view.request, reason)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(done)s %(count)d comment.", "%(done)s %(count)d comments.", num_parent_objects
        ) % {"done": self.moderation_action.done, "count": num_parent_objects}


class ApproveBulkAction(CommentBulkAction):
    display_name = gettext_lazy("Approve")
    action_type = "approve"
    aria_label = gettext_lazy("Approve the selected comments")
    moderation_action_name = "approve"
    action_priority = 10


class RejectBulkAction(CommentBulkAction):
    """Reject, with the reason the commenters are told. Also where a queue row's "Reject"
    leads, for one comment."""

    display_name = gettext_lazy("Reject")
    action_type = "reject"
    aria_label = gettext_lazy("Reject the selected comments")
    moderation_action_name = "reject"
    action_priority = 20
    form_class = RejectionForm

    def get_execution_context(self):
        return {**super().get_execution_context(), **self.cleaned_form.cleaned_data}


class SpamBulkAction(CommentBulkAction):
    display_name = gettext_lazy("Mark as spam")
    action_type = "spam"
    aria_label = gettext_lazy("Mark the selected comments as spam")
    moderation_action_name = "spam"
    action_priority = 25


class DeleteCommentsBulkAction(CommentBulkAction):
    """Replaces the snippets' delete for comments: erase, keep the thread, log it."""

    display_name = gettext_lazy("Delete")
    action_type = "delete"
    aria_label = gettext_lazy("Delete the selected comments")
    moderation_action_name = "delete"
    action_priority = 30
    classes = {"serious"}


BULK_ACTIONS = [ApproveBulkAction, RejectBulkAction, SpamBulkAction, DeleteCommentsBulkAction]
