"""Readers report comments; commenters stop reply emails with one click."""

import re

from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from comments import moderation, privacy
from comments.forms import ReportForm, limit_echo
from comments.languages import speaking_to
from comments.models import Comment, CommentSettings, CommentStatus
from comments.tokens import TokenError, claim_form_token, issue_form_token, read_form_token
from comments.views.common import is_cross_origin

REPORTED_SALT = "comments.reported"
REPORTED_MAX_AGE = 60 * 60

#: What `secrets.token_urlsafe(32)` makes. Anything else (a NUL byte, which PostgreSQL
#: refuses in a query, or a megabyte of junk) is an unknown link without asking the database.
UNSUBSCRIBE_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def reportable_comment(comment_id):
    return (
        Comment.objects.select_related("article")
        .filter(pk=comment_id, status=CommentStatus.APPROVED, article__live=True)
        .first()
    )


def render_report_form(request, comment, form, status=200, started=None):
    context = {
        "comment": comment,
        "article": comment.article,
        "form": form,
        "form_token": issue_form_token(comment.article_id, started=started, unique=True),
        "echo_cut": limit_echo(form),
    }
    return render(request, "comments/report.html", context, status=status)


@csrf_exempt  # protected by a signed form token and an Origin check: see comments.tokens
@require_http_methods(["GET", "POST"])
def report(request, comment_id):
    """A form to report one comment (the no-JavaScript path), and where reports arrive."""
    comment = reportable_comment(comment_id)
    if comment is None:
        return render(
            request,
            "comments/link_problem.html",
            {
                "problem": gettext(
                    "This comment cannot be reported: it is not published (any more)."
                )
            },
            status=404,
        )
    if request.method == "GET":
        return render_report_form(request, comment, ReportForm())

    form = ReportForm(request.POST)
    comment_settings = CommentSettings.for_request(request)
    max_age = comment_settings.form_token_max_age_hours * 3600
    client_key = privacy.network_key(request)
    token = None
    try:
        token = read_form_token(request.POST.get("form_token", ""), max_age_seconds=max_age)
    except TokenError as error:
        form.add_error(None, error.message)
    if is_cross_origin(request):
        form.add_error(
            None, gettext("This form was sent from another website, so it was not accepted.")
        )
    elif form.honeypot_filled():
        form.add_error(
            None, gettext("A field meant to stay empty was filled in. Clear it and send again.")
        )
    elif token and token.article_id != comment.article_id:
        form.add_error(None, gettext("This form belongs to another article. Please send it again."))
    if not form.is_valid():
        return render_report_form(request, comment, form, status=400)
    if claim_form_token(token, client_key, max_age, scope=f"report-{comment.pk}"):
        moderation.report(
            comment,
            reason=form.cleaned_data["reason"],
            details=form.cleaned_data["details"],
            client_key=client_key,
            request=request,
        )
    return redirect(reported_url(comment))


def reported_url(comment):
    """The thank-you page for a report just sent: signed, so that it answers only then."""
    receipt = signing.TimestampSigner(salt=REPORTED_SALT).sign(str(comment.pk))
    return reverse("comments:reported", args=[comment.pk]) + f"?receipt={receipt}"


@require_GET
def reported(request, comment_id):
    """Thanks for a report, with the way back to its discussion. Only after a report: for
    any other id it would say which article a held or removed comment belongs to."""
    try:
        reported_id = signing.TimestampSigner(salt=REPORTED_SALT).unsign(
            request.GET.get("receipt", ""), max_age=REPORTED_MAX_AGE
        )
    except signing.BadSignature:
        reported_id = None
    if reported_id != str(comment_id):
        return render(
            request,
            "comments/link_problem.html",
            {"problem": gettext("This page only thanks readers for a report they have just sent.")},
            status=404,
        )
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    return render(request, "comments/reported.html", {"comment": comment})


@csrf_exempt  # mail clients' one-click unsubscribe POSTs from their own servers
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Stop reply emails for one comment and forget the email address kept for them."""
    comment = (
        Comment.objects.select_related("article").filter(unsubscribe_token=token).first()
        if UNSUBSCRIBE_TOKEN.fullmatch(token)
        else None
    )
    if comment is None:
        return render(
            request,
            "comments/unsubscribe.html",
            {"done": False, "unknown": True},
            status=404 if request.method == "GET" else 200,
        )
    done = request.method == "POST"
    if done:
        comment.stop_notifications()
        comment.save(update_fields=["email", "notify_on_reply", "unsubscribe_token"])
    with speaking_to(comment):  # the language of the comment its emails were about
        return render(request, "comments/unsubscribe.html", {"done": done, "comment": comment})
