"""Template tags for citations, article metadata, and what other apps add to a page."""

import re

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from wagtail.models import Site
from wagtail.rich_text import RichText, expand_db_html

from content.embeds import embed_url
from content.evidence import EVIDENCE_LABELS
from content.extension_points import inserted_html
from content.models import ArticlePage, StandardPage
from content.models.pages import public
from core.site_url import public_url

register = template.Library()


@register.simple_tag(takes_context=True)
def cited_richtext(context, value):
    """Render rich text, turning inline citations into numbered markers for this page."""
    source_html = value.source if isinstance(value, RichText) else str(value or "")
    html = expand_db_html(source_html)
    citations = context.get("citations")
    if citations is not None:
        html = citations.render_html(html)
    return mark_safe(html)  # noqa: S308 - rich text is sanitised by Wagtail's editor on save


@register.simple_tag(takes_context=True)
def cite(context, source):
    """A numbered marker for one use of a Source (an argument's own Sources)."""
    citations = context.get("citations")
    if citations is None or source is None:
        return ""
    return citations.marker(getattr(source, "pk", source))


def page_url(page, request):
    """``page.get_url(request)``, worked out once per page and request: an article asks
    for its own address under every argument (and for its Sources' files)."""
    if request is None:
        return page.get_url(None)
    urls = getattr(request, "_page_urls", None)
    if urls is None:
        urls = request._page_urls = {}
    key = (page.pk, page.live, page.url_path)
    url = urls.get(key)
    if url is None:
        url = urls[key] = page.get_url(request)
    return url


# A slug that stands for any slug while an address is worked out (snippet_url).
_SLUG_MARK = "slugmark987654321"
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
_SNIPPET_URLS = {}


@register.filter
def snippet_url(snippet):
    """``snippet.get_absolute_url()`` of a Topic or an Author, as a listing shows dozens: the
    address is worked out once per kind, language and URL configuration (each call switches
    the language and reverses a URL: 20 µs, against 5) and the slug put in its place."""
    slug = getattr(snippet, "slug", "") or ""
    if not _PLAIN_SLUG.match(slug):
        return snippet.get_absolute_url()  # a slug that reverse() would have to quote
    kind = type(snippet)
    key = (kind, snippet.locale_id, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    pieces = _SNIPPET_URLS.get(key)
    if pieces is None:
        url = kind(slug=_SLUG_MARK, locale_id=snippet.locale_id).get_absolute_url()
        pieces = _SNIPPET_URLS[key] = tuple(url.split(_SLUG_MARK))
    if len(pieces) != 2:
        return snippet.get_absolute_url()
    return f"{pieces[0]}{slug}{pieces[1]}"


@register.simple_tag
def source_backlinks(entry):
    """The links from a Source in the list back to each place the text cites it: " 1 2 3",
    each labelled "Back to citation 2 of source 4" (one translation for all of them)."""
    label = conditional_escape(
        translation.gettext("Back to citation %(use_number)s of source %(number)s")
    )
    return mark_safe(  # noqa: S308 - anchors are ours ("cite-4-2"), the label escaped above
        "".join(
            f' <a href="#{conditional_escape(use)}" aria-label="'
            f'{label % {"use_number": number, "number": entry.number}}">{number}</a>'
            for number, use in enumerate(entry.uses, start=1)
        )
    )


@register.simple_tag(takes_context=True)
def argument_page_url(context, anchor):
    """The address of one argument's own page (content.views.argument_detail), to share it
    by; empty where the page has no address yet (the preview of a page never saved)."""
    page = context.get("page")
    if not anchor or page is None or not getattr(page, "pk", None) or not page.live:
        return ""
    url = page_url(page, context.get("request"))
    return f"{url}arguments/{anchor}/" if url else ""


@register.simple_tag(takes_context=True)
def corrected_mark(context, anchor):
    """Under a passage a correction names: a link to that correction's note (nothing
    under the others). Written here rather than through a template: it is asked for under
    every heading and argument, and most have none."""
    page = context.get("page")
    by_target = getattr(page, "correction_numbers_by_target", None)
    numbers = by_target().get(anchor) if by_target and anchor else None
    if not numbers:
        return ""
    return format_html(
        '<p class="corrected-mark"><a href="#correction-{}">{}</a></p>',
        numbers[-1],
        translation.gettext("Corrected: see note"),
    )


@register.inclusion_tag("components/navigation.html", takes_context=True)
def site_navigation(context, placement="header"):
    """Header: the home page's children marked 'show in menus'. Footer: its plain pages."""
    request = context.get("request")
    children = _home_children(request) if request else []
    if placement == "header":
        pages = [page for page in children if page.show_in_menus]
    else:
        pages = [page for page in children if issubclass(page.specific_class, StandardPage)]
    return {"pages": pages, "placement": placement, "request": request}


def _home_children(request):
    """The live, public children of the site's home page, fetched once per request for
    both the header and the footer."""
    children = getattr(request, "_home_children", None)
    if children is None:
        site = Site.find_for_request(request)
        home = site.root_page if site else None
        if home is not None and translation.get_language() != settings.LANGUAGE_CODE:
            home = home.localized  # /zh-hans/…: the Chinese home's pages (no query in English)
        children = list(public(home.get_children().live())) if home else []
        request._home_children = children
    return children


@register.simple_tag
def evidence_labels():
    return EVIDENCE_LABELS


@register.simple_tag(takes_context=True)
def insert(context, place):
    """``{% insert "article_end" %}``: what installed apps add at this place of the page
    (content.extension_points); nothing when no app adds anything there."""
    return inserted_html(place, context)


@register.inclusion_tag("components/embed_this.html", takes_context=True)
def embed_this(context, block_id):
    """Under a pros/cons block or a chart of a live explainer: "Embed this", the iframe
    snippet for another site (content.embeds) and the licence it comes under."""
    page = context.get("page")
    if not (block_id and isinstance(page, ArticlePage) and page.live and page.pk):
        return {"url": None}
    value = context.get("value") or {}
    label = value.get("heading") or value.get("title") or page.title
    url = embed_url(page, block_id)
    snippet = format_html(
        '<iframe src="{}" title="{}" width="100%" height="640" style="border: 0" '
        'loading="lazy"></iframe>',
        url,
        label,
    )
    return {
        "url": url,
        "snippet": snippet,
        "preview": url,
        "block_id": block_id,
        "resize_script": public_url(static("js/embed-resize.js")),
        "request": context.get("request"),
    }
