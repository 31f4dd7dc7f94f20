"""Email: the commenter's private link, editors' held-comment alerts, reply notices, and
the one notice of an editor's decision on a held comment.

An email to a commenter is written in the language of their comment, whoever's request
sends it (an editor's decision in an English admin included); editors' alerts are in the
site's default language (comments.languages).

Django's email backend decides where mail goes: the console in development, SMTP from
environment variables in production, memory in tests.
"""

import logging
from functools import wraps

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

from comments.languages import speaking_to, speaking_to_editors
from comments.models import CommentSettings
from comments.threads import permalink
from core.site_url import public_url

logger = logging.getLogger(__name__)


def absolute_url(path, request=None):
    # The site's public address (core.site_url), not the one this request arrived on.
    return public_url(path)


def to_author(send):
    """An email to the author of the comment ``send`` is given first, in its language."""

    @wraps(send)
    def wrapper(comment, *args, **kwargs):
        with speaking_to(comment):
            return send(comment, *args, **kwargs)

    return wrapper


def to_editors(send):
    """An email to editors, in the site's default language."""

    @wraps(send)
    def wrapper(*args, **kwargs):
        with speaking_to_editors():
            return send(*args, **kwargs)

    return wrapper


def _send(subject, template, context, recipients, headers=None):
    body = render_to_string(template, context)
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        headers=headers or {},
    )
    try:
        message.send()
    except Exception:  # a mail server being down must never lose the comment itself
        logger.exception("Could not send comment email %r", subject)
        return False
    return True


def unsubscribe_url_for(comment, request=None):
    """The one-click link that stops reply emails for ``comment``'s author."""
    return absolute_url(reverse("comments:unsubscribe", args=[comment.unsubscribe_token]), request)


@to_author
def send_manage_link(comment, email, manage_url, outcome_text, request=None):
    """The commenter's private link, sent once to the address they gave.

    If they asked for reply emails, it also carries the one-click link to stop them, so
    that someone whose address was typed in by another person can end it at once.
    """
    unsubscribe_url = unsubscribe_url_for(comment, request) if comment.unsubscribe_token else ""
    return _send(
        gettext("Your comment on “%(title)s”") % {"title": comment.article.title},
        "comments/email/manage_link.txt",
        {
            "comment": comment,
            "manage_url": manage_url,
            "outcome_text": outcome_text,
            "unsubscribe_url": unsubscribe_url,
        },
        [email],
    )


@to_editors
def notify_editors_of_held(comment, request=None):
    """Tell the editors on the site's list that a comment waits for them (if enabled)."""
    comment_settings = CommentSettings.for_article(comment.article)
    recipients = comment_settings.editor_email_list
    if not (comment_settings.notify_editors and recipients):
        return False
    # Straight to the comment in its thread, where the editor can approve or reject it.
    admin_url = absolute_url(
        reverse("wagtailsnippets_comments_comment:inspect", args=[comment.pk]), request
    )
    return _send(
        gettext("Comment held for review on “%(title)s”") % {"title": comment.article.title},
        "comments/email/editors_held.txt",
        {"comment": comment, "admin_url": admin_url},
        recipients,
    )


def notify_reply(reply, request=None):
    """Email the author of the comment a published reply answers, if they asked for it, in
    the language of their comment."""
    parent = reply.parent
    if not (parent and parent.notify_on_reply and parent.email):
        return False
    same_author = (parent.manage_key_hash and parent.manage_key_hash == reply.manage_key_hash) or (
        parent.email_hash and parent.email_hash == reply.email_hash
    )
    if same_author:
        return False
    with speaking_to(parent):
        return _send_reply_notice(reply, parent, request)


def _send_reply_notice(reply, parent, request):
    unsubscribe_url = unsubscribe_url_for(parent, request)
    return _send(
        gettext("%(name)s replied to your comment on “%(title)s”")
        % {"name": reply.display_name, "title": reply.article.title},
        "comments/email/reply.txt",
        {
            "reply": reply,
            "parent": parent,
            "reply_url": permalink(reply, request, full=True),
            "unsubscribe_url": unsubscribe_url,
        },
        [parent.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


@to_author
def notify_decision(comment, email, request=None):
    """Tell a commenter who asked that an editor has published their held comment, or has
    not, and why. Sent once; the caller has already forgotten the address unless reply
    notices still need it."""
    article_title = comment.article.title
    context = {"comment": comment, "still_subscribed": comment.notify_on_reply}
    if comment.notify_on_reply and comment.unsubscribe_token:
        context["unsubscribe_url"] = unsubscribe_url_for(comment, request)
    if comment.is_visible:
        context["comment_url"] = permalink(comment, request, full=True)
        subject = gettext("Your comment on “%(title)s” is published") % {"title": article_title}
        template = "comments/email/decision_published.txt"
    else:
        subject = gettext("Your comment on “%(title)s” was not published") % {
            "title": article_title
        }
        template = "comments/email/decision_not_published.txt"
    return _send(subject, template, context, [email])
