"""The editors' view of weighing: per article, the answers over time, the most weighed
arguments, closing and reopening, and a CSV of the counts (no personal data: there is none)."""

import csv
from datetime import timedelta

from django.contrib import messages
from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import Locale

from content.extension_points import argument_discussion
from content.models import ArticlePage
from core.page_cache import purge_cdn_for_page, purge_html_cache
from debate.models import WeighingClosure, WeighingTally
from debate.weighing import closed_cache_key, is_closed, tallies, translations

DAYS_SHOWN = 30


def index(request):
    """Every article with its number of answers, the most answered first."""
    totals = dict(
        WeighingTally.objects.values_list("article__translation_key")
        .annotate(total=Sum("count"))
        .values_list("article__translation_key", "total")
    )
    closed = set(WeighingClosure.objects.values_list("article__translation_key", flat=True))
    # One row per explainer, all its languages together: its copy in the site's default
    # language where it has one (a page's own get_default_locale() is its parent's), else
    # the first other.
    default = Locale.get_default()
    chosen = {}
    for article in ArticlePage.objects.filter(alias_of__isnull=True).order_by("pk"):
        kept = chosen.get(article.translation_key)
        if kept is None or (article.locale_id == default.pk != kept.locale_id):
            chosen[article.translation_key] = article
    articles = [
        {
            "article": article,
            "total": totals.get(article.translation_key, 0),
            "closed": article.translation_key in closed,
        }
        for article in sorted(chosen.values(), key=lambda article: article.title)
    ]
    articles.sort(key=lambda row: -row["total"])
    return TemplateResponse(request, "debate/admin/index.html", {"articles": articles})


def article_report(request, article_id):
    article = get_object_or_404(ArticlePage, pk=article_id)
    languages = translations(article)
    rows = WeighingTally.objects.filter(article__in=languages)
    today = timezone.now().date()
    by_day = dict(
        rows.filter(day__gt=today - timedelta(days=DAYS_SHOWN))
        .values("day")
        .annotate(total=Sum("count"))
        .values_list("day", "total")
    )
    days = [today - timedelta(days=n) for n in range(DAYS_SHOWN - 1, -1, -1)]
    peak = max(by_day.values(), default=0)
    over_time = []
    for position, day in enumerate(days):
        height = round(40 * by_day.get(day, 0) / peak) if peak else 0
        over_time.append(
            {
                "day": day,
                "total": by_day.get(day, 0),
                "height": height,
                "y": 44 - height,
                "x": position * 10,
            }
        )
    items = sorted(tallies(article), key=lambda item: -item.total)
    targets = {item.target.id: item.target for item in items}
    discussed = most_discussed(article, languages, targets)
    return TemplateResponse(
        request,
        "debate/admin/article.html",
        {
            "article": article,
            "over_time": over_time,
            "items": items,
            "closed": is_closed(article),
            "days_shown": DAYS_SHOWN,
            "total": sum(item.total for item in items),
            "discussed": discussed,
        },
    )


def most_discussed(article, article_pks, targets):
    """The arguments readers discuss, the most discussed first: for each, its comments in
    the pages ``article_pks`` (the article's languages), published and waiting for a
    moderator, as the comments app counts them (content.extension_points: weighing does
    not read comments itself); ``targets`` names each argument ({link id: Target})."""
    rows = [
        {"id": anchor, "target": targets.get(anchor), **counts}
        for anchor, counts in argument_discussion(article, article_pks).items()
        if counts["published"] or counts["waiting"]
    ]
    return sorted(rows, key=lambda row: (-row["published"], -row["waiting"], row["id"]))


def toggle(request, article_id):
    """Close weighing on the article (all its languages), or open it again."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = get_object_or_404(ArticlePage, pk=article_id)
    closures = WeighingClosure.objects.filter(article__in=translations(article))
    if closures.exists():
        closures.delete()
        messages.success(request, gettext("Readers can weigh this article again."))
    else:
        WeighingClosure.objects.create(article=article)
        messages.success(
            request, gettext("Weighing is closed: readers see the tallies but cannot answer.")
        )
    # The controls are part of the cached article: render it again, here and at a CDN.
    cache.delete(closed_cache_key(article))
    purge_html_cache()
    for page in ArticlePage.objects.filter(pk__in=translations(article)):
        purge_cdn_for_page(page, include_page=True)
    return redirect("debate_admin:article", article_id=article.pk)


def export_csv(request, article_id):
    """day, language, target, choice, count: aggregate counts only."""
    article = get_object_or_404(ArticlePage, pk=article_id)
    rows = (
        WeighingTally.objects.filter(article__in=translations(article))
        .select_related("article__locale")
        .order_by("day", "target", "choice")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="weighing-{article.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(["day", "language", "target", "choice", "count"])
    for row in rows:
        language = row.article.locale.language_code
        writer.writerow([row.day.isoformat(), language, row.target, row.choice, row.count])
    return response
