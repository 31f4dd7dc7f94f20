"""Where another app adds to content's pages, without content knowing that it exists.

Content names the places and asks Wagtail's hook registry what is registered there; an app
registers functions under these names in its ``wagtail_hooks.py`` (comments does: an
article's discussion, the comment counts). With no such app installed every place is
empty, and the pages render without it (tests/test_architecture.py proves it).

``annotate_article_listing``
    ``fn(articles) -> articles``: the explainers a listing shows (the home page, the
    explainers index), annotated with what the registering app adds to each card. Applied
    to the rows a listing shows, before they are read, so it costs no query per card.
``article_fragment_names``
    ``fn(request, article) -> [name, …]``: fragments of the article's fragment cache
    (core.page_cache.fragments_for) that the app's part of the page reads, fetched in the
    same round trip as the article's own.
``count_argument_discussion``
    ``fn(article, article_pks) -> {link id: {"published": n, "waiting": n, "url": …}}``:
    how many comments discuss each Argument of ``article`` in the pages ``article_pks``
    (its languages), and the address of that discussion (the editors' weighing report
    lists the most discussed; weighing and comments stay apart through it).
``insert_<place>``
    ``fn(context) -> HTML``: what the app adds at ``{% insert "<place>" %}`` (content_tags)
    in content's templates. The places: ``article_head`` (in <head>), ``article_meta`` (the
    article header's list of facts), ``article_contents`` (the table of contents),
    ``argument_end`` (the end of each Argument of a pros/cons block; ``item`` is its
    ArgumentLink), ``article_end`` (after the related explainers), ``card_meta`` (a
    listing card's line of facts). Plain text is escaped; return
    ``format_html``/``SafeString`` for markup. Nothing is inserted into a copy of the
    body made for elsewhere (a feed entry, whose render sets ``COPY_ELSEWHERE`` in its
    context): what apps add there is the reader's way to take part on the site (a form,
    a count), and the entry ends with a link to the discussion instead.
"""

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from wagtail import hooks

ANNOTATE_ARTICLE_LISTING = "annotate_article_listing"
#: Set (true) in the context of a render of the body for elsewhere: a feed entry.
COPY_ELSEWHERE = "copy_elsewhere"
ARTICLE_FRAGMENT_NAMES = "article_fragment_names"
COUNT_ARGUMENT_DISCUSSION = "count_argument_discussion"
INSERT_PLACES = (
    "article_head",
    "article_meta",
    "article_contents",
    "argument_end",
    "article_end",
    "card_meta",
)


def annotate_listing(articles):
    """``articles`` as every installed app annotates a listing's rows."""
    for annotate in hooks.get_hooks(ANNOTATE_ARTICLE_LISTING):
        articles = annotate(articles)
    return articles


def article_fragment_names(request, article):
    """The fragment names the installed apps' parts of ``article`` read for ``request``."""
    return [
        name
        for names in hooks.get_hooks(ARTICLE_FRAGMENT_NAMES)
        for name in names(request, article)
    ]


def argument_discussion(article, article_pks):
    """{link id: {"published", "waiting", "url"}} from every installed app that counts the
    discussion of ``article``'s Arguments (their counts added up)."""
    found = {}
    for count in hooks.get_hooks(COUNT_ARGUMENT_DISCUSSION):
        for anchor, row in count(article, article_pks).items():
            kept = found.setdefault(anchor, {"published": 0, "waiting": 0, "url": row["url"]})
            kept["published"] += row["published"]
            kept["waiting"] += row["waiting"]
    return found


def inserted_html(place, context):
    """What the installed apps add at ``place`` for this render, as safe HTML."""
    if place not in INSERT_PLACES:
        raise ValueError(f"{place!r} is not one of content's places: {', '.join(INSERT_PLACES)}")
    if context.get(COPY_ELSEWHERE):
        return SafeString("")
    return SafeString(
        "".join(conditional_escape(add(context)) for add in hooks.get_hooks(f"insert_{place}"))
    )
