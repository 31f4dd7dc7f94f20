"""The vote (a plain form POST, or fetch), the result page and the tallies as JSON.

Without JavaScript a vote is answered with 303 See Other to the result page, which shows
the tallies and says whether the vote was counted. With it, static/js/weigh.js posts with
fetch, asks for JSON and puts the returned tally where the control was.
"""

import time

from django.core.cache import cache
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from content.models import ArticlePage
from core.origins import is_cross_origin
from debate.templatetags.debate_tags import render_tally
from debate.tokens import TokenError, read_token
from debate.weighing import (
    TALLY_CACHE_SECONDS,
    Refused,
    cast,
    is_closed,
    raw_tallies,
    tallies,
    tallies_cache_key,
    targets_of,
)

OUTCOMES = ("counted", "already")


class SeeOther(HttpResponseRedirect):
    """303: the browser fetches the result page with GET, so reloading it sends nothing."""

    status_code = 303


def outcome_message(outcome):
    if outcome == "counted":
        return gettext("Thank you: your answer was counted.")
    if outcome == "already":
        return gettext(
            "Your answer here was already counted today; it is counted once a day per reader."
        )
    return ""


def find_article(article_id):
    try:
        return ArticlePage.objects.live().public().get(pk=int(article_id))
    except (ArticlePage.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def public_for_a_minute(response):
    patch_cache_control(response, public=True, max_age=60)
    return response


@csrf_exempt  # readers have no cookie: see debate.tokens for what protects this form
def vote(request, article_id):
    if request.method != "POST":
        return HttpResponseRedirect(reverse("debate:result", kwargs={"article_id": article_id}))
    try:
        article = ArticlePage.objects.live().public().get(pk=int(article_id))
    except (ArticlePage.DoesNotExist, ValueError):
        return refused(request, None, gettext("There is no such article."), 404)
    target_id = (request.POST.get("target") or "")[:60]
    try:
        if is_cross_origin(request):
            raise Refused(gettext("Votes can only be sent from this site’s own pages."), 403)
        try:
            read_token(request.POST.get("token"), article.pk)
        except TokenError as error:
            raise Refused(error.message) from error
        outcome = cast(request, article, target_id, request.POST.get("choice") or "")
    except Refused as error:
        response = refused(request, article, error.message, error.status, target_id)
        if error.status == 429:  # the network's count starts again on the hour
            response["Retry-After"] = str(3600 - int(time.time()) % 3600)
        return response
    if wants_json(request):
        target = targets_of(article)[target_id]
        counts = raw_tallies(article).get(target_id, {})
        return JsonResponse(
            {
                "ok": True,
                "outcome": outcome,
                "message": outcome_message(outcome),
                "html": render_tally(request, target, counts, outcome_message(outcome)),
            }
        )
    query = urlencode({"outcome": outcome, "target": target_id})
    address = reverse("debate:result", kwargs={"article_id": article.pk})
    return SeeOther(f"{address}?{query}#weigh-{target_id}")


def refused(request, article, message, status, target_id=""):
    if wants_json(request):
        return JsonResponse({"ok": False, "message": message}, status=status)
    response = TemplateResponse(
        request,
        "debate/result.html",
        {
            "article": article,
            "error": message,
            "tallies": tallies(article) if article else [],
            "closed": bool(article) and is_closed(article),
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def result(request, article_id):
    """The tallies of one article, with what became of the reader's vote (no JavaScript)."""
    article = find_article(article_id)
    outcome = request.GET.get("outcome")
    response = TemplateResponse(
        request,
        "debate/result.html",
        {
            "article": article,
            "message": outcome_message(outcome) if outcome in OUTCOMES else "",
            "tallies": tallies(article),
            "highlight": request.GET.get("target", ""),
            "closed": is_closed(article),
        },
    )
    return public_for_a_minute(response)


@require_GET
def tallies_json(request, article_id):
    """{"targets": {link id: {"choices": {choice: count}, "total": n}}}, fresh within a
    minute: for scripts and caches, apart from the article's cached HTML."""
    article = find_article(article_id)
    key = f"{tallies_cache_key(article)}:json:{article.pk}"
    payload = cache.get(key)
    if payload is None:  # reading the article's arguments is the costly part: once a minute
        found = raw_tallies(article)
        targets = {}
        for target_id, target in targets_of(article).items():
            counts = found.get(target_id, {})
            choices = {value: counts.get(value, 0) for value, _label in target.choices}
            targets[target_id] = {"choices": choices, "total": sum(choices.values())}
        payload = {
            "article": article.pk,
            "sample": gettext("A self-selected sample of readers, not a survey."),
            "closed": is_closed(article),
            "targets": targets,
        }
        cache.set(key, payload, timeout=TALLY_CACHE_SECONDS)
    response = JsonResponse(payload)
    return public_for_a_minute(response)
