"""Snippet viewsets: how editors list, search and filter Sources and Topics."""

from wagtail.snippets.views.snippets import SnippetViewSet

from content.models import Source, Topic


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "doc-full"
    menu_label = "Sources"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["title", "publisher", "date_published", "kind", "language"]
    list_filter = ["kind", "language", "publisher"]
    search_fields = ["title", "publisher", "authors"]
    ordering = ["publisher", "title"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]
