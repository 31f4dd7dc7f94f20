"""Snippet viewsets: how editors list, search and filter Sources and Topics."""

from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from content.models import Source, Topic


class SourceChooserViewSet(SnippetChooserViewSet):
    """The Source picker: search, or add a new Source without leaving the article."""

    form_fields = [
        "title",
        "publisher",
        "authors",
        "date_published",
        "url",
        "archive_url",
        "date_accessed",
        "kind",
        "language",
    ]
    create_action_label = "Add source"
    creation_tab_label = "Add a new source"


class SourceViewSet(SnippetViewSet):
    model = Source
    chooser_viewset_class = SourceChooserViewSet
    edit_template_name = "content/admin/source_edit.html"  # with "Check this link now"
    icon = "doc-full"
    menu_label = "Sources"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["title", "publisher", "date_published", "kind", "link_status"]
    list_filter = ["link_status", "kind", "language", "publisher"]
    ordering = ["publisher", "title"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug"]
