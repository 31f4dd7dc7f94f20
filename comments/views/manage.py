"""The commenter's private link: edit within 15 minutes, delete any time, download all.

The pages speak the language the comment was written in (for the list of everything
posted with a link: the newest comment's), whatever language the link is opened in.

The link carries a signed token holding the commenter's manage key; the database keeps
only a hash of that key. Whoever holds the link can manage the comments posted with it,
so these pages are never cached, indexed or sent as a referrer.
"""

import json
from datetime import timedelta

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from comments import moderation, notifications, pipeline, privacy
from comments.forms import ECHO_LIMITS, CommentForm, EditCommentForm, limit_echo
from comments.languages import speaking_to
from comments.models import Comment, CommentSettings, CommentStatus
from comments.tokens import TokenError, read_manage_token
from comments.views.common import find_article, is_cross_origin, private_page
from comments.views.posting import render_comment_form

EDIT_WINDOW = timedelta(minutes=15)

DONE_MESSAGES = {
    "edited": gettext_lazy(
        "Your comment is updated. It stays published; an editor will read the change."
    ),
    "edited-held": gettext_lazy(
        "Your comment is updated and will be read by an editor before it appears again."
    ),
    "edited-waiting": gettext_lazy("Your comment is updated. It is still waiting for an editor."),
    "deleted": gettext_lazy("Your comment is deleted."),
}


def edit_deadline(comment):
    return comment.created + EDIT_WINDOW


def can_edit(comment, now=None):
    return comment.status != CommentStatus.DELETED and (now or timezone.now()) < edit_deadline(
        comment
    )


def redirect_to_manage(token, done):
    return redirect(reverse("comments:manage", args=[token]) + f"?done={done}")


def link_problem(request, message, status):
    return render(request, "comments/link_problem.html", {"problem": message}, status=status)


def resolve_manage_link(request, token):
    """(manage key hash, None) for a good link, or (None, response explaining the problem)."""
    comment_settings = CommentSettings.for_request(request)
    try:
        key = read_manage_token(token, max_age_days=comment_settings.manage_link_max_age_days)
    except TokenError as error:
        return None, link_problem(request, error.message, 410 if error.expired else 404)
    return privacy.manage_key_hash(key), None


def commenters_comment(request, token, comment_id):
    """(comment, None) if this link manages this comment, else (None, response)."""
    key_hash, problem = resolve_manage_link(request, token)
    if problem:
        return None, problem
    posted_with_link = Comment.objects.posted_with_manage_key(key_hash)
    comment = posted_with_link.select_related("article").filter(pk=comment_id).first()
    if comment is None:
        with speaking_to(posted_with_link.order_by("-created").first()):
            return None, link_problem(
                request, gettext("This private link does not manage that comment."), status=404
            )
    return comment, None


@require_GET
@private_page
def manage(request, token):
    """Everything posted with this link, with what the commenter can still do to each."""
    key_hash, problem = resolve_manage_link(request, token)
    if problem:
        return problem
    comments = list(
        Comment.objects.posted_with_manage_key(key_hash)
        .select_related("article")
        .order_by("-created")
    )
    now = timezone.now()
    entries = [{"comment": c, "can_edit": can_edit(c, now)} for c in comments]
    with speaking_to(comments[0] if comments else None):
        return render(
            request,
            "comments/manage.html",
            {
                "token": token,
                "entries": entries,
                "done": DONE_MESSAGES.get(request.GET.get("done", "")),
            },
        )


@require_GET
@private_page
def write(request, token, article_id):
    """A comment form that carries the private link, so the comment is recognised as this
    commenter's: the way to do it without JavaScript ("Remember me on this device" does
    the same with it). Once one of their comments is approved, the next appear at once."""
    _key_hash, problem = resolve_manage_link(request, token)
    if problem:
        return problem
    article = find_article(article_id)
    if article is None:
        return link_problem(
            request,
            gettext("Comments can only be posted on a published article, and this is not one."),
            status=404,
        )
    form = CommentForm(initial={"article": article.pk, "manage_token": token})
    return render_comment_form(request, form=form, article=article)


@csrf_exempt  # authenticated by the private link itself; Origin checked as well
@require_http_methods(["GET", "POST"])
@private_page
def edit(request, token, comment_id):
    comment, problem = commenters_comment(request, token, comment_id)
    if problem:
        return problem
    with speaking_to(comment):
        return edit_comment(request, token, comment)


def edit_comment(request, token, comment):
    if comment.status == CommentStatus.DELETED:
        return redirect_to_manage(token, "deleted")
    context = {"token": token, "comment": comment, "deadline": edit_deadline(comment)}
    if request.method == "GET":
        if not can_edit(comment):
            return editing_closed(request, context)
        form = EditCommentForm(initial={"body": comment.body})
        return render(request, "comments/edit.html", {**context, "form": form})

    form = EditCommentForm(request.POST)
    is_valid = form.is_valid()
    if is_cross_origin(request):
        context["problem"] = gettext(
            "This form was sent from another website, so it was not accepted."
        )
        return render_edit_form(request, context, form, status=403)
    if not can_edit(comment):
        # The edit came too late: say so, and hand the words back to copy.
        return editing_closed(request, context, sent_text=request.POST.get("body", ""))
    if is_valid:
        try:
            hold = pipeline.review_edit(
                comment, form.cleaned_data["body"], CommentSettings.for_request(request)
            )
        except pipeline.Rejection as rejection:
            form.add_error("body", rejection.message)
        else:
            was_visible = comment.is_visible
            moderation.edit_by_author(comment, form.cleaned_data["body"], hold)
            if comment.is_visible:
                return redirect_to_manage(token, "edited")
            if was_visible:
                notifications.notify_editors_of_held(comment, request)
            return redirect_to_manage(token, "edited-held" if was_visible else "edited-waiting")
    return render_edit_form(request, context, form, status=400)


def render_edit_form(request, context, form, status):
    context = {**context, "form": form, "echo_cut": limit_echo(form)}
    return render(request, "comments/edit.html", context, status=status)


def editing_closed(request, context, sent_text=""):
    """403: the edit window has passed. What can still be done (delete, download), and
    the words of a late edit to copy: no text box, no Save button."""
    return render(
        request,
        "comments/edit_closed.html",
        {**context, "sent_text": sent_text.strip()[: ECHO_LIMITS["body"]]},
        status=403,
    )


@csrf_exempt  # authenticated by the private link itself; Origin checked as well
@require_http_methods(["GET", "POST"])
@private_page
def delete(request, token, comment_id):
    comment, problem = commenters_comment(request, token, comment_id)
    if problem:
        return problem
    with speaking_to(comment):
        return delete_comment(request, token, comment)


def delete_comment(request, token, comment):
    context = {"token": token, "comment": comment}
    if comment.status == CommentStatus.DELETED:
        return redirect_to_manage(token, "deleted")
    if request.method == "POST":
        if is_cross_origin(request):
            context["error"] = gettext(
                "This form was sent from another website, so it was not accepted."
            )
            return render(request, "comments/delete.html", context, status=403)
        moderation.delete_by_author(comment)
        return redirect_to_manage(token, "deleted")
    return render(request, "comments/delete.html", context)


@require_GET
@private_page
def export(request, token):
    """Everything posted with this link, as JSON."""
    key_hash, problem = resolve_manage_link(request, token)
    if problem:
        return problem
    comments = list(Comment.objects.posted_with_manage_key(key_hash).select_related("article"))
    newest = max(comments, key=lambda comment: comment.created, default=None)
    with speaking_to(newest):
        document = {
            "exported": timezone.now().isoformat(),
            "about": gettext("Every comment posted with this private link, as stored by the site."),
            "comments": [export_entry(comment, request) for comment in comments],
        }
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-comments.json"'
    return response


def export_entry(comment, request):
    return {
        "id": comment.pk,
        "article": comment.article.title,
        "article_url": comment.article.get_full_url(request),
        "in_reply_to": comment.parent_id,
        "display_name": comment.display_name,
        "body": comment.body,
        "status": comment.get_status_display(),
        "posted": comment.created.isoformat(),
        "language": comment.language,
        "edited": comment.edited.isoformat() if comment.edited else None,
        "text_before_your_edits": comment.previous_body or None,
        "email_kept_for_reply_notifications": (comment.notify_on_reply and comment.email) or None,
        "email_kept_for_the_editors_decision": (comment.notify_on_decision and comment.email)
        or None,
        "not_published_because": comment.get_rejection_reason_display() or None,
    }
