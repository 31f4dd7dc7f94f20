"""The weighing controls and tallies, as pieces of the article page and the result page."""

from django import template
from django.template.loader import render_to_string

from debate.tokens import issue_token
from debate.weighing import target_tally

register = template.Library()


def render_tally(request, target, counts, message=""):
    """One Target's tally as HTML: counts in words, bars in SVG (debate/tally.html)."""
    return render_to_string(
        "debate/tally.html",
        {"tally": target_tally(target, counts), "message": message},
        request=request,
    )


@register.inclusion_tag("debate/tally.html")
def tally(target_tally, message="", highlight=""):
    return {"tally": target_tally, "message": message, "highlight": highlight}


def control_context(article, **values):
    return {"article": article, "token": issue_token(article.pk), **values}
