"""Admin wiring for comments: the queue and its menu badge, bulk actions, history, dashboard."""

from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.staticfiles import versioned_static
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from comments.models import Comment
from comments.moderation_admin.views import (
    BULK_ACTIONS,
    CommentsAwaitingModerationPanel,
    register_moderation_log_actions,
)
from comments.moderation_admin.viewsets import (
    CommentPermissionPolicy,
    CommentViewSet,
    can_see_comments,
)

register_permission_policy(Comment, CommentPermissionPolicy(Comment))
register_snippet(CommentViewSet)

hooks.register("register_log_actions", register_moderation_log_actions)

# Registered after Wagtail's own snippet actions (order), so that "Delete" on comments
# is ours (erase, keep the thread, record it) rather than the snippets' hard delete.
for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action, order=100)


@hooks.register("construct_homepage_panels")
def add_comments_awaiting_moderation_panel(request, panels):
    if can_see_comments(request.user):
        panels.append(CommentsAwaitingModerationPanel())


@hooks.register("insert_global_admin_css")
def pending_count_badge_css():
    return format_html('<link rel="stylesheet" href="{}">', versioned_static("comments/admin.css"))
