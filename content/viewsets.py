"""Snippet viewsets: how editors list, search and filter Sources and Topics."""

from functools import cached_property

from django.utils.translation import gettext_lazy
from wagtail.models import Locale
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetCreateView,
)
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


class InPageLocale:
    """A chooser opened for one language's page (``?locale=zh-hans``, which the article form
    adds): it lists only that language's topics, with no language filter to widen it, and a
    topic added in it is in that language. Without the parameter: every language, as Wagtail
    does."""

    preserve_url_parameters = ["multiple", "locale"]

    @cached_property
    def page_locale(self):
        code = self.request.GET.get("locale", "")
        return Locale.objects.filter(language_code=code).first() if code else None


class InPageLocaleListing(InPageLocale):
    def get_filter_form(self):
        form = super().get_filter_form()
        if self.page_locale is not None:
            form.fields.pop("locale", None)
        return form

    def filter_object_list(self, objects):
        objects = super().filter_object_list(objects)
        if self.page_locale is not None:
            objects = objects.filter(locale=self.page_locale)
        return objects


class TopicChooseView(InPageLocaleListing, ChooseView):
    pass


class TopicChooseResultsView(InPageLocaleListing, ChooseResultsView):
    pass


class TopicCreateView(InPageLocale, SnippetCreateView):
    def get_creation_form(self):
        form = super().get_creation_form()
        if form is not None and self.page_locale is not None:
            form.instance.locale = self.page_locale
        return form


class TopicChooserViewSet(SnippetChooserViewSet):
    """The Topic picker of the article form: search, or add a new topic without leaving it;
    only the topics of the article's language (InPageLocale)."""

    choose_view_class = TopicChooseView
    choose_results_view_class = TopicChooseResultsView
    create_view_class = TopicCreateView
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
