"""Template tags: an article's discussion, its comment count, and comment text."""

import datetime

from django import template
from django.utils import dateformat, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

from comments.forms import CommentForm, ReportForm
from comments.models import (
    MAX_BODY_LENGTH,
    CommentSettings,
    ModerationMode,
    article_arguments,
)
from comments.pipeline import comments_are_open
from comments.rendering import comment_html, discussion_fragment_name, render_threads
from comments.threads import (
    ABOUT_PARAMETER,
    PAGE_PARAMETER,
    build_discussion,
    comment_tallies,
)
from comments.tokens import issue_form_token

register = template.Library()


class DiscussionSection:
    """What comments/section.html shows. The threads are built only when the page asks for
    them: when the part above the form comes from the fragment cache, they are not."""

    max_length = MAX_BODY_LENGTH
    page_parameter = PAGE_PARAMETER
    about_parameter = ABOUT_PARAMETER

    def __init__(self, article, request, is_open, fragment):
        self.article = article
        self.request = request
        self.is_open = is_open
        #: The name of the cached part above the form (None: always rendered).
        self.fragment = fragment
        #: ``?about=against-3``: the Argument the discussion is filtered to and a new
        #: comment is about ("" for none); ``ignored_about``: a value naming none of the
        #: article's Arguments, shown the whole discussion with a note.
        self.about, self.ignored_about = "", ""
        asked = (request.GET.get(ABOUT_PARAMETER, "") if request else "").strip()
        if asked and asked in self.arguments:
            self.about = asked
        elif asked:
            self.ignored_about = asked
        self.about_headline = self.arguments.get(self.about, "") if self.about else ""
        initial = {"article": article.pk, "about": self.about}
        self.form = CommentForm(initial=initial) if is_open else None
        self.report_form = ReportForm(auto_id="report-%s")
        # Signed at each render, outside the cached fragment: it names when it was issued.
        self.form_token = issue_form_token(article.pk) if is_open else ""

    @cached_property
    def arguments(self):
        """{link id: headline} of the article's Arguments: read only when the page needs
        them (a filter asked for, threads rendered rather than read from the cache)."""
        return article_arguments(self.article) if self.article.pk is not None else {}

    @cached_property
    def discussion(self):
        page_number = self.request.GET.get(PAGE_PARAMETER, 1) if self.request else 1
        return build_discussion(self.article, page_number, about=self.about)

    @cached_property
    def threads_html(self):
        return render_threads(
            self.discussion.page.object_list, self.is_open, self.arguments, self.about
        )


@register.simple_tag(takes_context=True)
def comment_discussion(context, article):
    """Everything the discussion section shows, from one query for the comments.

    The result holds nothing about the reader, so the page stays the same for everyone.
    """
    request = context.get("request")
    comment_settings = (
        CommentSettings.for_request(request) if request else CommentSettings.for_article(article)
    )
    # The preview of an article not saved yet has nowhere for a comment to go.
    is_open = article.pk is not None and comments_are_open(article, comment_settings)
    has_cache = context.get("fragments") is not None
    fragment = discussion_fragment_name(request, article) if has_cache else None
    return DiscussionSection(article, request, is_open, fragment)


@register.simple_tag
def comment_count(article):
    """The number of published comments on an article.

    Annotated querysets (listings) need no query; on the article itself the count comes
    from the grouped count its discussion and Arguments share.
    """
    annotated = getattr(article, "approved_comment_count", None)
    if annotated is not None:
        return annotated
    return sum(comment_tallies(article).values())


@register.filter
def comment_text(body):
    """Plain comment text as safe HTML: escaped, links made, paragraphs and line breaks."""
    return comment_html(body)


POLICY_NOTES = {
    ModerationMode.HOLD_ALL: gettext_lazy("An editor reads every comment before it appears."),
    ModerationMode.HOLD_FIRST_TIME: gettext_lazy(
        "An editor reads your first comment before it appears. Once one is approved, the "
        "comments you send with your private link appear straight away; an email address "
        "alone never skips review."
    ),
    ModerationMode.PUBLISH_THEN_REVIEW: gettext_lazy(
        "Comments appear straight away; editors read them afterwards."
    ),
}


@register.simple_tag(takes_context=True)
def comment_policy_note(context):
    """One sentence on how comments are moderated on this site, for the form."""
    request = context.get("request")
    mode = CommentSettings.for_request(request).moderation_mode if request else None
    return POLICY_NOTES.get(mode, POLICY_NOTES[ModerationMode.HOLD_FIRST_TIME])


#: How a time reads, in words with {time} and {date}: "19:30 UTC on 25 November 2026".
TIME_STYLES = {
    "time-date": gettext_lazy("{time} on {date}"),
    "date-time": gettext_lazy("{date}, {time}"),
}


@register.simple_tag
def local_time(value, style="time-date"):
    """A <time> in UTC, labelled so; comments.js rewrites it in the reader's own time zone
    (the same words, with the zone's name), where JavaScript runs."""
    utc = timezone.localtime(value, datetime.UTC)
    pattern = str(TIME_STYLES[style])
    return format_html(
        '<time datetime="{}" data-local-time="{}">{}</time>',
        utc.isoformat(timespec="seconds"),
        pattern,
        pattern.format(
            time=f"{dateformat.format(utc, 'H:i')} UTC",
            date=dateformat.format(utc, gettext("j F Y")),
        ),
    )


@register.simple_tag
def discussed_argument(form, article):
    """(link id, headline) of the Argument the comment in ``form`` is about, or None."""
    if form is None or article is None:
        return None
    about = (form["about"].value() or "").strip()
    headline = article_arguments(article).get(about) if about else None
    return (about, headline) if headline else None
