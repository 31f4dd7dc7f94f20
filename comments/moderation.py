"""State changes of a comment after it is posted, for the public views and the admin.

The Wagtail-admin moderation views call these (and record each action in Wagtail's
history); keeping the rules here means a reader's report and an editor's click change a
comment in exactly one way.
"""

from django.db import transaction
from django.utils import timezone

from comments import notifications
from comments.models import (
    Comment,
    CommentReport,
    CommentSettings,
    CommentStatus,
    HeldReason,
    RejectionReason,
)
from core.page_cache import purge_html_cache

NOTICE_FIELDS = ["email", "notify_on_reply", "notify_on_decision", "unsubscribe_token"]


def approve(comment, request=None):
    """Publish a comment; reports on it are dismissed, a waiting replier's parent told, and
    its author told if they asked to hear the editor's decision."""
    was_published = comment.status == CommentStatus.APPROVED
    comment.status = CommentStatus.APPROVED
    comment.held_reason = HeldReason.NONE
    comment.held_detail = ""
    comment.needs_review = False
    comment.previous_body = ""  # the editor has seen the change
    comment.rejection_reason = ""
    decision_email = comment.take_decision_notice()
    with transaction.atomic():
        comment.save(
            update_fields=[
                "status",
                "held_reason",
                "held_detail",
                "needs_review",
                "previous_body",
                "rejection_reason",
                *NOTICE_FIELDS,
            ]
        )
        comment.reports.filter(dismissed=False).update(dismissed=True)
    if not was_published:
        transaction.on_commit(lambda: notifications.notify_reply(comment, request))
    if decision_email:
        transaction.on_commit(
            lambda: notifications.notify_decision(comment, decision_email, request)
        )
    return comment


def reject(comment, reason=RejectionReason.OTHER, request=None):
    """Take a comment off the discussion for ``reason``; its author is told the reason if
    they asked. Nobody can reply to it any more, so no address is kept for replies."""
    comment.status = CommentStatus.REJECTED
    comment.rejection_reason = reason
    comment.needs_review = False
    decision_email = comment.take_decision_notice()
    comment.stop_notifications()
    comment.save(update_fields=["status", "rejection_reason", "needs_review", *NOTICE_FIELDS])
    if decision_email:
        transaction.on_commit(
            lambda: notifications.notify_decision(comment, decision_email, request)
        )
    return comment


def mark_spam(comment):
    """Spam gets no notice (the address may be anyone's), and no address is kept."""
    comment.status = CommentStatus.SPAM
    comment.needs_review = False
    comment.stop_notifications()
    comment.save(update_fields=["status", "needs_review", *NOTICE_FIELDS])
    return comment


def edit_by_author(comment, body, hold):
    """Replace a comment's text with its author's edit, already checked by the pipeline
    (``pipeline.review_edit``), and put the change in front of an editor.

    The text an editor last saw is kept in ``previous_body`` until one approves the comment.
    A published comment the pipeline would hold goes back to the queue, unpublished; one
    it would publish stays published, marked for review as edited. A comment that is
    waiting (held, or hidden after reports) keeps waiting: only an editor publishes it.
    Returns the comment; ``comment.is_visible`` says whether readers still see it.
    """
    if not comment.previous_body:
        comment.previous_body = comment.body
    comment.body = body
    comment.edited = timezone.now()
    if hold:
        if comment.status == CommentStatus.APPROVED:
            comment.status = CommentStatus.PENDING
        if comment.status == CommentStatus.PENDING:
            comment.held_reason = hold.reason
            comment.held_detail = hold.detail
        comment.needs_review = False
    elif comment.status == CommentStatus.APPROVED:
        comment.needs_review = True
        comment.held_reason = HeldReason.EDITED
        comment.held_detail = ""
    comment.save()
    return comment


def delete_by_author(comment):
    """The author takes the comment back: words, name and any stored email are erased.

    With replies below it, the thread keeps a "[deleted by its author]" placeholder;
    without, it disappears from view.
    """
    comment.erase()
    comment.save()
    return comment


def report(comment, *, reason, details="", client_key="", request=None):
    """Record a reader's report; at the site's threshold the comment is hidden for review.

    One report per comment per connection per day counts (the client key rotates daily).
    Returns True if this report was counted.
    """
    if client_key and comment.reports.filter(client_key=client_key).exists():
        return False
    CommentReport.objects.create(
        comment=comment, reason=reason, details=details, client_key=client_key
    )
    comment_settings = CommentSettings.for_article(comment.article)
    threshold = comment_settings.report_threshold
    open_reports = comment.reports.filter(dismissed=False).count()
    if threshold and open_reports >= threshold and comment.status == CommentStatus.APPROVED:
        Comment.objects.filter(pk=comment.pk).update(
            status=CommentStatus.HIDDEN,
            held_reason=HeldReason.REPORTS,
            held_detail=f"{open_reports} reader reports",
        )
        comment.refresh_from_db()
        purge_html_cache()  # an update() sends no signal; the comment leaves the page
        transaction.on_commit(lambda: notifications.notify_editors_of_held(comment, request))
    return True
