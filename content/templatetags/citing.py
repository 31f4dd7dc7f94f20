"""Template tags for citing an explainer and stating the content licence."""

from django import template

from content.citing_exports import (
    ARTICLE_FORMATS,
    SOURCES_FORMATS,
    apa,
    bibtex,
    chicago,
    cited_work_for_request,
    dublin_core_tags,
    highwire_tags,
    mla,
)
from content.licensing import licence_for_request

register = template.Library()


class ArticleCitation:
    """What the article's "Cite this" section and head tags show, built once per render."""

    def __init__(self, work, licence):
        self.work = work
        self.licence = licence

    def apa(self):
        return apa(self.work)

    def mla(self):
        return mla(self.work)

    def chicago(self):
        return chicago(self.work)

    def bibtex(self):
        return bibtex(self.work)

    def highwire_tags(self):
        return highwire_tags(self.work)

    def dublin_core_tags(self):
        return dublin_core_tags(self.work)

    def downloads(self):
        """{extension: path} of the explainer's own citation files."""
        return {extension: f"{self.work.path}cite.{extension}" for extension in ARTICLE_FORMATS}


@register.simple_tag(takes_context=True)
def article_citation(context, page):
    """``{% article_citation page as citation %}``: the explainer described for citing."""
    request = context.get("request")
    cache_name = f"_article_citation_{page.pk}"
    citation = getattr(request, cache_name, None)
    if citation is None:
        citation = ArticleCitation(
            cited_work_for_request(page, request), licence_for_request(request)
        )
        if request is not None:
            setattr(request, cache_name, citation)
    return citation


@register.simple_tag(takes_context=True)
def site_licence(context):
    """``{% site_licence as licence %}``: the licence of the site's text and own images."""
    return licence_for_request(context.get("request"))


@register.simple_tag(takes_context=True)
def sources_downloads(context, page):
    """{extension: path} of the Sources list's files, for a page that cites Sources."""
    url = page.get_url(context.get("request")) if hasattr(page, "get_url") else None
    if not url:
        return {}
    return {extension: f"{url}sources.{extension}" for extension in SOURCES_FORMATS}
