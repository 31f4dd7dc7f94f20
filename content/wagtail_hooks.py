"""Admin wiring: the citation feature for rich text, and the Source and Topic snippets."""

from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext, gettext_lazy
from draftjs_exporter.dom import DOM
from wagtail import hooks
from wagtail.admin.rich_text.converters.html_to_contentstate import LinkElementHandler
from wagtail.admin.rich_text.editors.draftail import features as draftail_features
from wagtail.snippets.models import register_snippet

from content.citations import SourceLinkHandler, source_id
from content.models import Source
from content.signal_handlers import listing_urls
from content.viewsets import AuthorViewSet, SourceViewSet, TopicViewSet
from core.page_cache import LISTING_URLS_HOOK


class CitationElementHandler(LinkElementHandler):
    """Database HTML → Draftail entity data (the Source's id and a label to show editors)."""

    def get_attribute_data(self, attrs):
        pk = source_id(attrs.get("id"))  # not a number ("abc", "²"): no lookup to fail
        source = Source.objects.filter(pk=pk).first() if pk else None
        if source is None:
            return {"id": None, "label": gettext("Missing source"), "editUrl": None}
        return {
            "id": source.pk,
            "label": str(source),
            # The editor's tooltip links to the Source, so a wrong detail is one click away.
            "editUrl": reverse("wagtailsnippets_content_source:edit", args=[source.pk]),
        }


def citation_entity_decorator(props):
    """Draftail entity → database HTML."""
    return DOM.create_element("a", {"linktype": "source", "id": props.get("id")}, props["children"])


register_snippet(SourceViewSet)
register_snippet(TopicViewSet)
register_snippet(AuthorViewSet)


@hooks.register("register_rich_text_features")
def register_citation_feature(features):
    """'Cite source': select the words that make a claim, then pick the Source."""
    feature_name = "citation"
    features.register_link_type(SourceLinkHandler)
    features.register_editor_plugin(
        "draftail",
        feature_name,
        draftail_features.EntityFeature(
            {
                "type": "CITATION",
                "icon": "doc-full",
                "description": gettext_lazy("Cite a source"),
                "chooserUrls": {
                    "sourceChooser": reverse_lazy("wagtailsnippetchoosers_content_source:choose")
                },
            },
            # chooser-modal.js defines the snippet chooser's modal steps (search, choose).
            js=["wagtailadmin/js/chooser-modal.js", "content/js/citation-entity.js"],
            css={"all": ["content/css/citation-entity.css"]},
        ),
    )
    features.register_converter_rule(
        "contentstate",
        feature_name,
        {
            "from_database_format": {'a[linktype="source"]': CitationElementHandler("CITATION")},
            "to_database_format": {"entity_decorators": {"CITATION": citation_entity_decorator}},
        },
    )


# A CDN purge of a page purges what lists it (core.page_cache.purge_cdn_for_page).
hooks.register(LISTING_URLS_HOOK, listing_urls)

from content import editorial_admin  # noqa: E402,F401 - registers the editorial hooks
