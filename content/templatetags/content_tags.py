"""Template tags for citations, article metadata, and what other apps add to a page."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import format_html
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


@register.simple_tag(takes_context=True)
def argument_page_url(context, anchor):
    """The address of one argument's own page (content.views.argument_detail), to share it
    by; empty where the page has no address yet (the preview of a page never saved)."""
    page = context.get("page")
    if not anchor or page is None or not getattr(page, "pk", None) or not page.live:
        return ""
    url = page.get_url(context.get("request"))
    return f"{url}arguments/{anchor}/" if url else ""


@register.inclusion_tag("components/corrected_mark.html", takes_context=True)
def corrected_mark(context, anchor):
    """Under a passage a correction names: a link to that correction's note."""
    page = context.get("page")
    by_target = getattr(page, "correction_numbers_by_target", None)
    numbers = by_target().get(anchor) if by_target and anchor else None
    return {"number": numbers[-1] if numbers else None}


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
