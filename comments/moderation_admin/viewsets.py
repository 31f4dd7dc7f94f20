"""The moderation queue: how editors find, read and judge comments in the Wagtail admin.

Comments come from readers, so the admin never creates or rewrites one: it lists them
(held and reported first), shows each in its thread, and moderates them. The actions
themselves live in ``comments.moderation_admin.actions``.
"""

from django.urls import path
from django.utils.translation import gettext, gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import (
    SnippetViewSet,
)

from comments.models import Comment
from comments.moderation_admin.actions import CommentDeleteView, ModerateView, awaiting_moderation
from comments.moderation_admin.queue import CommentFilterSet, CommentIndexView, comments_for_listing
from comments.moderation_admin.thread import CommentEditView, CommentHistoryView, CommentThreadView
from core.permissions import NoAddPermissionPolicy


class CommentPermissionPolicy(NoAddPermissionPolicy):
    """Standard model permissions, except that nobody adds a comment from the admin.

    Moderators need ``view``, ``change`` (approve, reject, mark as spam) and ``delete``.
    """


def can_see_comments(user):
    return policy_registry.get_by_type(Comment).user_has_any_permission(
        user, ["view", "change", "delete"]
    )


# --- Which comments the queue shows --------------------------------------------------


# --- The menu ------------------------------------------------------------------------


class PendingCommentsMenuItem(MenuItem):
    """'Comments' in the sidebar, with the number of comments awaiting moderation."""

    def is_shown(self, request):
        return can_see_comments(request.user)

    def render_component(self, request):
        pending = awaiting_moderation().count()
        # Menu items are shared between requests: build this request's attributes afresh.
        attrs = dict(self.attrs)
        if pending:
            attrs["data-pending-count"] = str(pending)
            attrs["aria-label"] = gettext("%(label)s, %(count)d awaiting moderation") % {
                "label": self.label,
                "count": pending,
            }
        return LinkMenuItemComponent(
            self.name,
            self.label,
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=attrs,
        )


class CommentViewSet(SnippetViewSet):
    """Readers' comments: the moderation queue, each comment in its thread, its history."""

    model = Comment
    icon = "comment"
    menu_label = gettext_lazy("Comments")
    menu_order = 190
    add_to_admin_menu = True
    menu_item_class = PendingCommentsMenuItem
    index_view_class = CommentIndexView
    inspect_view_class = CommentThreadView
    edit_view_class = CommentEditView
    delete_view_class = CommentDeleteView
    history_view_class = CommentHistoryView
    # Replies point at their parent, but that is a thread, not "usage": keep comments
    # out of the reference index (and save the posting path its bookkeeping).
    add_to_reference_index = False
    inspect_view_enabled = True
    inspect_template_name = "comments/admin/thread.html"
    index_template_name = "comments/admin/index.html"
    copy_view_enabled = False
    filterset_class = CommentFilterSet
    search_fields = ["body", "display_name"]
    list_per_page = 50

    def get_queryset(self, request):
        return comments_for_listing()

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().exclude(codename="add_comment")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "moderate/<int:pk>/<slug:action>/",
                ModerateView.as_view(),
                name="moderate",
            ),
        ]
