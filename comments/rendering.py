"""An article's threads of comments as HTML, written in Python.

The discussion is most of an article page: a page of threads can be a hundred comments or
more. Rendered through a template include per comment, with two ``{% url %}`` tags and two
``date`` filters each, it took about 85 % of the page's time (docs/performance.md). This
module writes the same markup with string formatting: the reply and report URLs are
reversed once per page, the date format is looked up once (the catalogue's "j F Y, H:i":
"6 December 2026, 10:00", in Chinese "2026年12月6日 10:00"), and a comment's text goes
through ``urlize`` only when it could contain a link.

The markup, for each comment (``[…]`` only when it applies; ``{level}`` is 1 to
MAX_DISPLAY_DEPTH)::

    <li class="comment-list__item comment-list__item--level-{level}">
      <article class="comment" id="comment-{id}" data-comment="{id}">
        <header class="comment__meta">
          <h3 class="comment__author">{name}</h3>
          <a class="comment__permalink" href="#comment-{id}" title="Link to this comment">
            <time datetime="{ISO 8601}">{25 November 2026, 19:30}</time></a>
          [<span class="comment__edited">edited</span>]
        </header>
        [<p class="comment__about">On the point:
          <a href="#{argument's link id}">{argument's headline}</a></p>]  (a thread's first)
        [<p class="comment__replying-to">replying to
          <a href="#comment-{parent}">{parent's name}</a></p>]
        <div class="comment__body">{text as paragraphs, links made}</div>
        <p class="comment__actions">
          [<a class="comment__action" href="{reply URL}" data-reply="{id}"
              data-reply-name="{name}">Reply…</a>]
          <a class="comment__action comment__action--report" href="{report URL}"
             data-report="{id}">Report…</a>
        </p>
      </article>
      [<ol class="comment-list comment-list--replies"> …replies… </ol>]
    </li>

A removed comment that keeps its place (it has visible replies) shows only
``<p class="comment__placeholder">`` in its article, without author, date or actions.
"""

import re
from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import DateFormat, re_escaped, re_formatchars
from django.utils.html import linebreaks, urlize
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from comments.models import CommentSettings
from comments.pipeline import comments_are_open
from comments.threads import ABOUT_PARAMETER, PAGE_PARAMETER

# Any id the URL converter accepts; replaced by each comment's id.
_ID_MARK = 987654321987654321

# What a link needs, by urlize's own rules: "@" for an e-mail address, "http(s)://",
# "www." or one of the seven original gTLDs. Text without any of these has no link, and
# urlize would only escape it.
_COULD_LINK = re.compile(r"@|https?://|www\.|\.(?:com|edu|gov|int|mil|net|org)", re.IGNORECASE)


def comment_html(body):
    """Plain comment text as HTML: escaped, links made (rel=nofollow), paragraphs and <br>."""
    if _COULD_LINK.search(body):
        text = urlize(body, trim_url_limit=60, nofollow=True, autoescape=True)
    else:
        text = escape(body)
    return SafeString(linebreaks(text, autoescape=False))


# The format characters that are plain numbers of the date or time, written as
# django.utils.dateformat writes them; any other character goes through DateFormat.
_NUMBERS = {
    "d": lambda value: f"{value.day:02d}",
    "j": lambda value: str(value.day),
    "m": lambda value: f"{value.month:02d}",
    "n": lambda value: str(value.month),
    "Y": lambda value: f"{value.year:04d}",
    "y": lambda value: f"{value.year % 100:02d}",
    "H": lambda value: f"{value.hour:02d}",
    "G": lambda value: str(value.hour),
    "i": lambda value: f"{value.minute:02d}",
    "s": lambda value: f"{value.second:02d}",
}

# Format characters whose text depends on the date alone (names of months and days, the
# day's ordinal suffix, the week and the year's day): kept per date.
_DATE_WORDS = frozenset("bDEFlLMNoStwWz")


class DateWriter:
    """``django.utils.dateformat.format(value, format)`` for many values in one format,
    the same text at a fraction of the cost: the format is split once, numbers are written
    directly, and words (month and day names: a translation lookup each) once per date."""

    def __init__(self, format_string):
        self.pieces = []  # (format character or None, literal text)
        for index, piece in enumerate(re_formatchars.split(str(format_string))):
            if index % 2:
                self.pieces.append((piece, ""))
            elif piece:
                self.pieces.append((None, re_escaped.sub(r"\1", piece)))
        self._words = {}

    def __call__(self, value):
        parts = []
        formatter = None
        for character, text in self.pieces:
            if character is None:
                parts.append(text)
                continue
            number = _NUMBERS.get(character)
            if number is not None:
                parts.append(number(value))
                continue
            key = (character, value.year, value.month, value.day)
            word = self._words.get(key) if character in _DATE_WORDS else None
            if word is None:
                formatter = formatter or DateFormat(value)
                word = str(getattr(formatter, character)())
                if character in _DATE_WORDS:
                    self._words[key] = word
            parts.append(word)
        return "".join(parts)


def _url_pattern(name):
    """A URL for any comment id in two pieces: the text before the id and after it."""
    before, after = reverse(name, args=[_ID_MARK]).split(str(_ID_MARK))
    return before, after


class ThreadRenderer:
    """Writes threads of ``comments.threads.Node`` as the discussion's list items."""

    def __init__(self, is_open, arguments=None, about=""):
        self.is_open = is_open
        #: {link id: headline} of the article's Arguments, for "On the point: …".
        self.arguments = arguments or {}
        #: The Argument the discussion is filtered to: its threads need not say so each.
        self.about = about
        self.reply_url = _url_pattern("comments:reply")
        self.report_url = _url_pattern("comments:report")
        self.timezone = timezone.get_current_timezone()
        # The same words as the admin's dates: the catalogue gives each language its order.
        self.date_format = gettext("j F Y, H:i")
        self.format_date = DateWriter(self.date_format)
        # Every word a comment shows, translated and escaped once per page, not per comment
        # (a lookup that misses the catalogue walks a chain of a dozen fallbacks).
        self.link_title = escape(gettext("Link to this comment"))
        self.edited = f' <span class="comment__edited">{escape(gettext("edited"))}</span>'
        self.on_the_point = _around_mark(gettext("On the point: %(argument)s"), "argument")
        self.replying_to = _around_mark(gettext("replying to %(name)s"), "name")
        self.reply = escape(gettext("Reply"))
        self.reply_to = _around_mark(gettext(" to %(name)s"), "name")
        self.report = escape(gettext("Report"))
        self.report_by = _around_mark(gettext(" this comment by %(name)s"), "name")

    def render(self, nodes):
        parts = []
        for node in nodes:
            self._node(node, parts)
        return SafeString("".join(parts))

    def _node(self, node, parts):
        comment = node.comment
        pk = comment.pk
        parts.append(
            f'<li class="comment-list__item comment-list__item--level-{node.level}">'
            f'<article class="comment{" comment--removed" if node.placeholder else ""}"'
            f' id="comment-{pk}" data-comment="{pk}">'
        )
        if node.placeholder:
            parts.append(f'<p class="comment__placeholder">{escape(node.placeholder)}</p>')
        else:
            self._content(node, comment, parts)
        parts.append("</article>")
        if node.replies:
            parts.append('<ol class="comment-list comment-list--replies">')
            for reply in node.replies:
                self._node(reply, parts)
            parts.append("</ol>")
        parts.append("</li>\n")

    def _content(self, node, comment, parts):
        pk = comment.pk
        name = escape(comment.display_name)
        created = comment.created.astimezone(self.timezone)
        parts.append(
            '<header class="comment__meta">'
            f'<h3 class="comment__author">{name}</h3> '
            f'<a class="comment__permalink" href="#comment-{pk}" title="{self.link_title}">'
            f'<time datetime="{created:%Y-%m-%dT%H:%M:%S%z}">'
            f"{escape(self.format_date(created))}</time></a>"
        )
        if comment.edited:
            parts.append(self.edited)
        parts.append("</header>")
        headline = self.arguments.get(comment.argument) if node.level == 1 else None
        if headline and comment.argument != self.about:
            before, after = self.on_the_point
            parts.append(
                f'<p class="comment__about">{before}<a href="#{escape(comment.argument)}">'
                f"{escape(headline)}</a>{after}</p>"
            )
        if node.replying_to:
            before, after = self.replying_to
            parts.append(
                f'<p class="comment__replying-to">{before}<a href="#comment-{node.replying_to_id}">'
                f"{escape(node.replying_to)}</a>{after}</p>"
            )
        parts.append(f'<div class="comment__body">{comment_html(comment.body)}</div>')
        parts.append('<p class="comment__actions">')
        if self.is_open:
            url_before, url_after = self.reply_url
            before, after = self.reply_to
            parts.append(
                f'<a class="comment__action" href="{url_before}{pk}{url_after}"'
                f' data-reply="{pk}" data-reply-name="{name}">{self.reply}'
                f'<span class="visually-hidden">{before}{name}{after}</span></a> '
            )
        url_before, url_after = self.report_url
        before, after = self.report_by
        parts.append(
            f'<a class="comment__action comment__action--report" href="{url_before}{pk}{url_after}"'
            f' data-report="{pk}">{self.report}<span class="visually-hidden">'
            f"{before}{name}{after}</span></a></p>"
        )


def _around_mark(translated, key):
    """A translated "… %(key)s …" as its escaped text before and after the value."""
    before, _, after = (translated % {key: "\x00"}).partition("\x00")
    return escape(before), escape(after)


def render_threads(nodes, is_open, arguments=None, about=""):
    """The ``<li>`` of each top-level thread in ``nodes``, replies nested, as safe HTML;
    a thread about an Argument (``arguments``: {link id: headline}) names it, unless the
    discussion is filtered to that one (``about``)."""
    return ThreadRenderer(is_open, arguments, about).render(nodes)


def discussion_fragment_name(request, article):
    """The name the discussion above the form is cached under for this request (the
    article's fragment cache, core.page_cache.fragments_for), or None to render it afresh.

    It names the page of threads and whether comments are open (reply links and the
    "Write a comment" link depend on it, and it changes by date when comments close N days
    after publication). A page parameter that is not a plain number is rendered, not
    stored, so made-up addresses cannot fill the cache.
    """
    if request is None:
        return None
    page = request.GET.get(PAGE_PARAMETER, "1")
    if not (page.isdigit() and len(page) <= 4):
        return None
    if request.GET.get(ABOUT_PARAMETER):
        # One Argument's threads: rendered for the reader, like the page around them.
        return None
    is_open = comments_are_open(article, CommentSettings.for_request(request))
    return f"discussion:{page}:{'open' if is_open else 'closed'}"
