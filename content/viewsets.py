"""Snippet viewsets: how editors list, search and filter Sources and Topics."""

from django.utils.translation import gettext_lazy
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from content.models import Author, Source, Topic


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
    create_action_label = gettext_lazy("Add source")
    creation_tab_label = gettext_lazy("Add a new source")


class TopicChooserViewSet(SnippetChooserViewSet):
    """The Topic picker of the article form: search, or add a new topic without leaving it."""

    form_fields = ["name", "slug", "description"]
    create_action_label = gettext_lazy("Add topic")
    creation_tab_label = gettext_lazy("Add a new topic")


class SourceViewSet(SnippetViewSet):
    model = Source
    chooser_viewset_class = SourceChooserViewSet
    edit_template_name = "content/admin/source_edit.html"  # with "Check this link now"
    icon = "doc-full"
    menu_label = gettext_lazy("Sources")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["title", "publisher", "date_published", "kind", "link_status"]
    list_filter = ["link_status", "kind", "language", "publisher"]
    ordering = ["publisher", "title"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    chooser_viewset_class = TopicChooserViewSet
    icon = "tag"
    menu_label = gettext_lazy("Topics")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug"]


class AuthorViewSet(SnippetViewSet):
    """The people in the bylines, each with a page; translatable like Topics."""

    model = Author
    icon = "user"
    menu_label = gettext_lazy("Authors")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "slug"]
