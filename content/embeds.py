"""Embeddable cards: one pros/cons block or chart of a live explainer, for other sites to
frame (``/embed/<explainer id or slug>/<block id>/``; ``/zh-hans/embed/…`` for a Chinese one).

The card is the block as the article shows it, with the article's title, its attribution
("From <site>: <title>", a link to the block in the article), the content licence and
the date. It is the only kind of page any site may frame: its response carries
``frame-ancestors *`` and no X-Frame-Options, while every other page keeps
``frame-ancestors 'none'`` and ``X-Frame-Options: DENY`` (core.middleware). Otherwise it is
an ordinary public page: no cookie, nothing from another origin, the site's stylesheet,
and one script of ours that only tells the framing page its height (static/js/embed.js).

Links leave the frame (``<base target="_blank">``): the article, a Source, the licence.
Links to a place inside the card (an argument another answers, a Source's number) stay
in it. An address that names no live, public explainer or no such block in it answers
with a small "not available" card (404) that may also be framed, so a host page shows a
sentence rather than the browser's refusal.

Cached like every anonymous page (core.page_cache): the key is its address and the
generation, which publishing any page replaces, so a card is never staler than its
article. docs/embedding.md is the publishers' guide.
"""

import re

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Site

from content.citations import CitationIndex, known_sources, source_ids_in_stream
from content.models import ArticlePage
from content.models.pages import public
from core.middleware import PUBLIC_CSP
from core.site_url import public_url

#: The body blocks a card can show, and the anchor each has in the article.
EMBEDDABLE = {"pros_cons": "pros-cons-{}", "chart": "chart-{}"}

#: The public policy, except that any site may frame the card.
EMBED_CSP = PUBLIC_CSP.replace("frame-ancestors 'none'", "frame-ancestors *")

MISSING = gettext_noop(
    "This card is no longer available: the explainer, or the part of it the card showed, "
    "may have been changed or withdrawn."
)

_BLOCK_ID = re.compile(r"[0-9a-f-]{1,36}")
# A link to a place in the card itself stays in the frame; every other link leaves it.
_IN_CARD_LINK = re.compile(rb'<a href="#')


def embed_path(article, block_id):
    """The card's address, in the article's language (``/zh-hans/embed/…`` for Chinese)."""
    with translation.override(article.locale.language_code):
        return reverse("embed", args=[article.pk, block_id])


def embed_url(article, block_id):
    return public_url(embed_path(article, block_id))


def card_urls(article):
    """Every address of every card ``article`` has (by its id and by its slug), for the
    CDN purge when it is published, changed or withdrawn (content.signal_handlers)."""
    block_ids = [
        item.get("id")
        for item in getattr(article.body, "raw_data", None) or []
        if item.get("type") in EMBEDDABLE and item.get("id")
    ]
    with translation.override(article.locale.language_code):
        return {
            public_url(reverse("embed", args=[ref, block_id]))
            for block_id in block_ids
            for ref in (article.pk, article.slug)
        }


def _article(request, page_ref):
    """The live, public explainer ``page_ref`` names (its id or slug), in the address's
    language and on this site; else Http404."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    articles = public(
        ArticlePage.objects.live()
        .descendant_of(site.root_page.localized, inclusive=True)
        # The address's language only: Locale.get_active() would fall back to English.
        .filter(
            locale__language_code=get_supported_content_language_variant(translation.get_language())
        )
    )
    # An id (short enough for the database's integer column) or else a slug.
    is_id = page_ref.isascii() and page_ref.isdigit() and len(page_ref) < 10
    lookup = {"pk": int(page_ref)} if is_id else None
    lookup = lookup or {"slug": page_ref}
    article = articles.filter(**lookup).order_by("pk").first()
    if article is None:
        raise Http404
    return article


def _block(article, block_id):
    if not _BLOCK_ID.fullmatch(block_id):
        raise Http404
    for block in article.body:
        if block.block_type in EMBEDDABLE and block.id == block_id:
            return block
    raise Http404


def _framable(response):
    response["Content-Security-Policy"] = EMBED_CSP
    response.content = _IN_CARD_LINK.sub(b'<a target="_self" href="#', response.content)
    return response


@require_safe
@xframe_options_exempt
def embed(request, page_ref, block_id):
    """The card: see the module docstring."""
    try:
        article = _article(request, page_ref)
        raw = next((item for item in article.body.raw_data if item.get("id") == block_id), None)
        source_ids = source_ids_in_stream([raw] if raw else [])
        citations = CitationIndex.for_source_ids(source_ids)
        with known_sources(source_ids, citations.sources_by_id):
            block = _block(article, block_id)
    except Http404:
        response = render(
            request,
            "pages/embed_missing.html",
            {
                "message": gettext(MISSING),
                "home_url": public_url(reverse("wagtail_serve", args=[""])),
            },
            status=404,
        )
        return _framable(response)
    article_url = public_url(article.get_url(request))
    context = {
        "page": article,
        "article": article,
        "card_block": block,
        "citations": citations,
        "embed": True,
        "article_url": article_url,
        "block_url": f"{article_url}#{EMBEDDABLE[block.block_type].format(block.id)}",
        "canonical_url": public_url(request.path),
    }
    return _framable(render(request, "pages/embed_card.html", context))
