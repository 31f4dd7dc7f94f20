"""Posting a comment or a reply, without an account, a cookie or JavaScript.

The flow is a plain form POST. On success the reader is redirected (POST/redirect/GET) to
a receipt page that says in plain words what happened and shows their private link; on
failure the form comes back, status 400 (429 for rate limits), with every word they
wrote and a message beside the field concerned.

These views are `csrf_exempt` on purpose: see `comments.tokens` for why a signed form token
plus an Origin / Sec-Fetch-Site check replaces Django's cookie-based CSRF protection here.
"""

from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from comments import notifications, pipeline, privacy
from comments.forms import CommentForm, limit_echo
from comments.languages import speaking_to
from comments.models import (
    Comment,
    CommentSettings,
    CommentStatus,
    HeldReason,
    article_arguments,
)
from comments.threads import permalink
from comments.tokens import TokenError, issue_form_token, make_manage_token, read_form_token
from comments.views.common import (
    OversizedRequest,
    find_article,
    is_cross_origin,
    private_page,
    read_post_data,
)
from core import outage
from core.site_url import public_url

RECEIPT_SALT = "comments.receipt"
RECEIPT_MAX_AGE = 60 * 60  # the receipt page, with the private link, works for an hour

HELD_EXPLANATIONS = {
    HeldReason.HOLD_ALL: gettext_lazy(
        "Every comment on this site is read by an editor before it appears."
    ),
    HeldReason.FIRST_TIME: gettext_lazy(
        "This is your first comment here (or it came without your private link), and first "
        "comments are read by an editor before they appear. Once one is approved, the "
        "comments you send with your private link appear straight away: write them from "
        "your private page, or let this browser remember you. An email address is never "
        "enough, because anyone can type anyone's address."
    ),
    HeldReason.LINKS: (
        gettext_lazy(
            "It contains {detail}. Comments with several links are read by an editor first, "
            "because that is how most spam arrives."
        )
    ),
    HeldReason.WATCH_LIST: (
        gettext_lazy(
            "It contains the word {detail}, which editors read in context before a comment "
            "appears. That does not mean anything is wrong with it."
        )
    ),
    HeldReason.REPORTS: gettext_lazy(
        "Readers reported it, so it is hidden until an editor has looked."
    ),
}


def explain_outcome(comment):
    """(headline, explanation) in plain words for the commenter."""
    if comment.status == CommentStatus.APPROVED:
        if comment.needs_review:
            return (
                gettext("Your comment is published"),
                gettext(
                    "It appears under the article now. Editors read new comments afterwards and "
                    "remove any that break the discussion rules."
                ),
            )
        return gettext("Your comment is published"), gettext("It appears under the article now.")
    if comment.status in (CommentStatus.PENDING, CommentStatus.HIDDEN):
        explanation = HELD_EXPLANATIONS.get(
            comment.held_reason, gettext("An editor will read it first.")
        )
        return (
            gettext("Your comment is waiting for an editor"),
            explanation.format(detail=comment.held_detail),
        )
    if comment.status == CommentStatus.DELETED:
        return gettext("Your comment is deleted"), gettext("You deleted it with your private link.")
    return (
        gettext("Your comment was not published"),
        gettext("An editor decided it does not fit the discussion rules."),
    )


def render_comment_form(
    request, *, form, article, parent=None, token=None, status=200, show_trap=False
):
    """The dedicated comment-form page: the form, with errors and the reader's text."""
    started = token.started if token else None
    context = {
        "form": form,
        "article": article,
        "parent": parent,
        "form_token": issue_form_token(article.pk, started=started, unique=True) if article else "",
        "show_trap": show_trap,
        "error_summary": error_summary(form),
        "echo_cut": limit_echo(form),
    }
    return render(request, "comments/form_page.html", context, status=status)


def error_summary(form):
    """(field id, message) for every error, field errors in the order of the form."""
    items = [("", message) for message in form.non_field_errors()]
    for bound_field in form:
        items.extend((bound_field.auto_id, message) for message in bound_field.errors)
    return items


def make_receipt(outcome, emailed):
    return signing.dumps(
        {"c": outcome.comment.pk, "k": outcome.manage_key, "e": emailed}, salt=RECEIPT_SALT
    )


@csrf_exempt  # protected by a signed form token and an Origin check: see comments.tokens
@require_POST
def post_comment(request):
    """Receive a comment or reply and run it through the moderation pipeline."""
    try:
        data = read_post_data(request)
    except OversizedRequest:
        form = CommentForm({})
        form.add_error(
            None,
            gettext(
                "What you sent is far too large to read (comments can be up to 5,000 characters). "
                "Nothing was posted."
            ),
        )
        return render_comment_form(request, form=form, article=None, status=400)

    article = find_article(data.get("article"))
    form = CommentForm(data, arguments=article_arguments(article) if article else None)
    # A form with errors is refused by the pipeline's own step, after the steps before it
    # (a closed article is said to be closed before a too-long text is measured).
    form_is_valid = form.is_valid()
    if "about" in form.errors:
        # Sent again, the comment goes to the article as a whole (the message says so).
        form.data = form.data.copy()
        form.data["about"] = ""
    if article is None:
        form.add_error(
            None,
            gettext(
                "Comments can only be posted on a published article, and this is not one. "
                "Your text is below if you want to keep a copy."
            ),
        )
        return render_comment_form(request, form=form, article=None, status=400)

    comment_settings = CommentSettings.for_request(request)
    token, token_error = None, None
    try:
        token = read_form_token(
            data.get("form_token", ""),
            max_age_seconds=comment_settings.form_token_max_age_hours * 3600,
        )
    except TokenError as error:
        token_error = error
    keys = privacy.client_keys(request)
    submission = pipeline.Submission(
        article=article,
        settings=comment_settings,
        data=form.cleaned_data,
        form_is_valid=form_is_valid,
        honeypot_filled=form.honeypot_filled(),
        client_key=keys.address,
        network_key=keys.network,
        token=token,
        token_error=token_error,
        cross_origin=is_cross_origin(request),
    )
    try:
        outcome = pipeline.accept(submission)
    except pipeline.Rejection as rejection:
        return answer_rejection(request, form, article, submission, rejection)

    try:
        emailed = after_posting(request, outcome, submission)
    except outage.OUTAGE_ERRORS as error:
        # The comment is saved: say so. Only the emails that follow it are missing.
        outage.log_outage(request, error)
        emailed = False
    return redirect("comments:posted", receipt=make_receipt(outcome, emailed))


def answer_rejection(request, form, article, submission, rejection):
    parent = None
    if rejection.code == "parent":
        form.data = form.data.copy()
        form.data["parent"] = ""
    elif rejection.code != "closed":
        try:
            parent = submission.parent
        except pipeline.Rejection:
            parent = None
    if rejection.code != "invalid":
        field = rejection.field if rejection.field in form.fields else None
        form.add_error(field, rejection.message)
    response = render_comment_form(
        request,
        form=form,
        article=article,
        parent=parent,
        token=submission.token if rejection.code != "token" else None,
        status=rejection.status,
        show_trap=rejection.code == "honeypot",
    )
    if rejection.status == 503:
        response["Retry-After"] = str(outage.RETRY_AFTER_SECONDS)
    elif rejection.retry_after:
        response["Retry-After"] = str(rejection.retry_after)
    return response


def after_posting(request, outcome, submission):
    """Emails that follow a saved comment. Returns True if the private link was emailed."""
    comment = outcome.comment
    if comment.status == CommentStatus.PENDING:
        notifications.notify_editors_of_held(comment, request)
    elif comment.parent_id:
        notifications.notify_reply(comment, request)
    email = submission.data.get("email")
    if not email:
        return False
    manage_url = notifications.absolute_url(
        reverse("comments:manage", args=[make_manage_token(outcome.manage_key)]), request
    )
    with speaking_to(comment):
        headline, explanation = explain_outcome(comment)
    return notifications.send_manage_link(
        comment, email, manage_url, f"{headline}. {explanation}", request
    )


@require_GET
@private_page
def posted(request, receipt):
    """What happened to the comment just sent, and the private link (shown this once), in
    the language the comment was written in."""
    try:
        data = signing.loads(receipt, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
        comment = Comment.objects.select_related("article").get(pk=int(data["c"]))
        manage_key = str(data["k"])
    except signing.SignatureExpired:
        return render(
            request,
            "comments/link_problem.html",
            {
                "problem": (
                    gettext(
                        "This confirmation page has expired. If you gave an email address, "
                        "your private link is in your inbox."
                    )
                )
            },
            status=410,
        )
    except (signing.BadSignature, Comment.DoesNotExist, KeyError, TypeError, ValueError):
        return render(
            request,
            "comments/link_problem.html",
            {"problem": (gettext("This confirmation link is not valid."))},
            status=404,
        )
    if privacy.manage_key_hash(manage_key) != comment.manage_key_hash:
        raise Http404
    with speaking_to(comment):
        return render_receipt(request, comment, manage_key, emailed=bool(data.get("e")))


def render_receipt(request, comment, manage_key, *, emailed):
    headline, explanation = explain_outcome(comment)
    manage_path = reverse("comments:manage", args=[make_manage_token(manage_key)])
    context = {
        "comment": comment,
        "article": comment.article,
        "headline": headline,
        "explanation": explanation,
        "manage_url": public_url(manage_path),
        "manage_token": make_manage_token(manage_key),
        "emailed": emailed,
        "permalink": permalink(comment) if comment.is_visible else "",
    }
    return render(request, "comments/posted.html", context)


@require_GET
def reply_form(request, comment_id):
    """Without JavaScript, 'Reply' leads here: the comment and a form to answer it."""
    parent = (
        Comment.objects.select_related("article")
        .filter(pk=comment_id, status=CommentStatus.APPROVED)
        .first()
    )
    article = parent and find_article(str(parent.article_id))
    if parent is None or article is None:
        return render(
            request,
            "comments/link_problem.html",
            {
                "problem": (
                    gettext(
                        "This comment cannot be answered: "
                        "it does not exist or is no longer published."
                    )
                )
            },
            status=404,
        )
    form = CommentForm(initial={"parent": parent.pk, "article": article.pk})
    return render_comment_form(request, form=form, article=article, parent=parent)
