"""Review dates: when an article's facts must be checked again, and which are due."""

import calendar
import datetime

from django.apps import apps
from django.utils import timezone
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext


def add_months(date, months):
    """``date`` plus whole months, clamped to the end of a shorter month (31 Jan + 1 → 28 Feb)."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    day = min(date.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def articles_due_for_review(within_days=0, today=None):
    """Live articles whose review date has passed, or falls within ``within_days``; oldest first."""
    today = today or timezone.localdate()
    article_model = apps.get_model("content", "ArticlePage")
    return (
        article_model.objects.live()
        .filter(review_due__lte=today + datetime.timedelta(days=within_days))
        .order_by("review_due", "title")
    )


def review_distance(review_due, today=None):
    """How far off a review date is, in words: 'in 5 months', 'due today', '3 weeks overdue'.

    Counted in whole days from ``today``, so that a date is never "just now".
    """
    today = today or timezone.localdate()
    if review_due == today:
        return gettext("due today")
    if review_due > today:
        return gettext("in %(time)s") % {"time": timeuntil(review_due, today, depth=1)}
    return gettext("%(time)s overdue") % {"time": timesince(review_due, today, depth=1)}
