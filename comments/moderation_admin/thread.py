"""One comment in its thread: the comments it answers above it, its replies below, each
with its status and the moderation actions; and the comment's history."""

from django.contrib.admin.utils import quote
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_lazy
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.snippets.views.snippets import (
    EditView,
    HistoryView,
    InspectView,
)

from comments.changes import text_changes
from comments.models import Comment
from comments.moderation_admin.actions import MODERATION_ACTIONS, RejectionForm, comment_admin_url
from comments.moderation_admin.queue import article_edit_url, moderate_url

# --- One comment in its thread -------------------------------------------------------


class CommentThreadView(InspectView):
    """A comment with the comments it answers above it and its replies below, with statuses."""

    template_name = "comments/admin/thread.html"
    page_title = gettext_lazy("Comment")

    def get_page_subtitle(self):
        if self.object.display_name:
            return gettext("by %(name)s") % {"name": self.object.display_name}
        return gettext("deleted")

    @cached_property
    def header_more_buttons(self):
        return [
            Button(
                gettext("History"),
                url=comment_admin_url("history", self.object),
                icon_name="history",
                priority=10,
            )
        ]

    def get_thread(self):
        """The comment's thread as nested nodes, from one query of the article's comments.

        From the top: the comments it answers (one per level), then the comment itself
        with all its replies. Each node is {"comment", "replies", "is_current"}.
        """
        comments = list(
            Comment.objects.filter(article_id=self.object.article_id).only(
                "id", "parent_id", "display_name", "body", "status", "created", "depth"
            )
        )
        by_id = {comment.pk: comment for comment in comments}
        children = {}
        for comment in comments:
            children.setdefault(comment.parent_id, []).append(comment)

        def subtree(comment):
            return {
                "comment": comment,
                "is_current": comment.pk == self.object.pk,
                "replies": [subtree(reply) for reply in children.get(comment.pk, [])],
            }

        node = subtree(by_id.get(self.object.pk, self.object))
        parent = by_id.get(self.object.parent_id)
        seen = {self.object.pk}
        while parent is not None and parent.pk not in seen:
            seen.add(parent.pk)
            node = {"comment": parent, "is_current": False, "replies": [node]}
            parent = by_id.get(parent.parent_id)
        return node

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comment = self.object
        context.update(
            {
                "comment": comment,
                "thread": self.get_thread(),
                "reports": comment.reports.all(),
                "changes": text_changes(comment.previous_body, comment.body)
                if comment.previous_body
                else [],
                "article_edit_url": article_edit_url(comment.article, self.request.user),
                "public_url": comment.get_absolute_url()
                if comment.is_visible and comment.article.live
                else "",
                "rejection_form": RejectionForm(auto_id="reject-%s"),
                "actions": [
                    {
                        "action": action,
                        "url": comment_admin_url("delete", comment)
                        if action.name == "delete"
                        else moderate_url(comment, action.name),
                    }
                    for action in MODERATION_ACTIONS.values()
                    if action.is_permitted(self.request.user)
                ],
            }
        )
        return context


class CommentEditView(EditView):
    """Comments are not edited in the admin: the edit address opens the comment's thread."""

    def setup(self, request, *args, **kwargs):
        self.request, self.args, self.kwargs = request, args, kwargs

    def dispatch(self, request, *args, **kwargs):
        return redirect(
            "wagtailsnippets_comments_comment:inspect", quote(self.kwargs[self.pk_url_kwarg])
        )


class CommentHistoryView(HistoryView):
    """Who moderated the comment and when; its header leads back to the thread."""

    def get_edit_url(self, instance):
        return comment_admin_url("inspect", instance)

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                gettext("View in thread"),
                url=comment_admin_url("inspect", self.object),
                icon_name="info-circle",
            )
        ]
