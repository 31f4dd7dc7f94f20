"""The public comment views: posting, the private manage link, reports, unsubscribing."""

from comments.views.manage import delete, edit, export, manage, write
from comments.views.posting import post_comment, posted, reply_form
from comments.views.reports import report, reported, unsubscribe

__all__ = [
    "delete",
    "edit",
    "export",
    "manage",
    "post_comment",
    "posted",
    "reply_form",
    "report",
    "reported",
    "unsubscribe",
    "write",
]
