"""The moderation queue: which comments an editor sees, and how each row reads.

Held and reported comments first; the filters (status, article, language, date) and the
search pick from every comment; "select all" in a bulk action acts on exactly what the
queue shows (``queue_for_request``). The dashboard's panel shows the newest of those waiting.
"""

from urllib.parse import urlencode

import django_filters
from django.conf import settings
from django.contrib.admin.utils import quote
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import (
    BulkActionsCheckboxColumn,
    Column,
    DateColumn,
    StatusTagColumn,
    TitleColumn,
)
from wagtail.admin.widgets import AdminPageChooser
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import (
    IndexView,
)

from comments.models import (
    Comment,
    CommentReport,
    CommentStatus,
    article_arguments,
    article_model,
)
from comments.moderation_admin.actions import (
    DASHBOARD_PANEL_SIZE,
    MODERATION_ACTIONS,
    awaiting_moderation,
    comment_admin_url,
)

ALL_COMMENTS = "all"


class ArticleChooser(AdminPageChooser):
    """Wagtail's page chooser, for articles only, in the editors' words."""

    def __init__(self, **kwargs):
        super().__init__(target_models=[article_model()], can_choose_root=False, **kwargs)
        self.choose_one_text = gettext_lazy("Choose an article")
        self.choose_another_text = gettext_lazy("Choose another article")


class CommentFilterSet(WagtailFilterSet):
    """Status (the queue by default), article, language and date; search covers text and
    name."""

    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Show"),
        choices=[(ALL_COMMENTS, gettext_lazy("All comments")), *CommentStatus.choices],
        empty_label=gettext_lazy("Awaiting moderation"),
        method="filter_status",
    )
    # Picked in Wagtail's page chooser (searchable, one page of articles at a time), not
    # from a list of every article: at 10,000 explainers that list was 10,000 options and
    # most of the queue's second of rendering.
    article = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Article"),
        queryset=article_model().objects.all(),
        widget=ArticleChooser(),
    )
    language = django_filters.ChoiceFilter(
        label=gettext_lazy("Language"),
        choices=lambda: settings.LANGUAGES,
        empty_label=gettext_lazy("Any language"),
    )
    created = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Posted"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Comment
        fields = ["status", "article", "language", "created"]

    def filter_status(self, queryset, name, value):
        return queryset if value == ALL_COMMENTS else queryset.filter(status=value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = awaiting_moderation(queryset)
        return queryset


def comments_for_listing():
    """Comments with what each row shows, fetched in a fixed number of queries."""
    open_reports = CommentReport.objects.filter(dismissed=False).order_by("reason")
    return Comment.objects.select_related("article").prefetch_related(
        Prefetch("reports", queryset=open_reports, to_attr="open_reports")
    )


def filter_queue(queryset, filterset):
    if filterset.is_valid():
        return filterset.filter_queryset(queryset)
    return awaiting_moderation(queryset)  # a mistyped date must not show everything


def queue_for_request(request):
    """What the queue lists for this request's filters and search (used by "select all")."""
    queryset = filter_queue(
        Comment.objects.all(), CommentFilterSet(data=request.GET, request=request)
    )
    if query := request.GET.get("q", "").strip():
        queryset = queryset.filter(Q(body__icontains=query) | Q(display_name__icontains=query))
    return queryset


# --- The listing ---------------------------------------------------------------------


class ArticleColumn(Column):
    """The article, linked to its page editor (where comments are opened and closed), and
    the Argument the comment discusses, if it names one."""

    cell_template_name = "comments/admin/cells/article.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # {article id: its Arguments' headlines}: each article's body read once a listing
        # (the view's columns are built per request).
        self._arguments = {}

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["article"] = instance.article
        if instance.argument:
            if instance.article_id not in self._arguments:
                self._arguments[instance.article_id] = article_arguments(instance.article)
            context["argument"] = instance.argument
            context["argument_headline"] = self._arguments[instance.article_id].get(
                instance.argument, ""
            )
        context["edit_url"] = article_edit_url(instance.article, parent_context.get("request").user)
        return context


def article_edit_url(article, user):
    """The article's page editor, if this user may edit it (moderators may not)."""
    if article.permissions_for_user(user).can_edit():
        return reverse("wagtailadmin_pages:edit", args=[article.pk])
    return ""


class HeldReasonColumn(Column):
    """Why the comment waits: the reason's label, and the specifics underneath."""

    cell_template_name = "comments/admin/cells/held_reason.html"


class ReportsColumn(Column):
    """How many open reader reports, and for what."""

    cell_template_name = "comments/admin/cells/reports.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["summary"] = report_summary(instance.open_reports)
        context["count"] = len(instance.open_reports)
        return context


def report_summary(reports):
    """[("Spam or advertising", 2), ("Off-topic", 1)] for a list of reports."""
    counts = {}
    for report in reports:
        label = report.get_reason_display()
        counts[label] = counts.get(label, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


class CommentIndexView(IndexView):
    """The moderation queue."""

    page_title = gettext_lazy("Comments")
    default_ordering = "-created"

    @property
    def bulk_action_strings(self):
        """The bulk-action bar's words (static/comments/admin-bulk-actions.js)."""
        return {
            "SINGULAR": gettext("1 comment selected"),
            "PLURAL": gettext("%(objects)s comments selected"),
            "ALL": gettext("All %(objects)s comments on this screen selected"),
            "ALL_IN_LISTING": gettext("All comments in listing selected"),
        }

    def get_edit_url(self, instance):
        return None  # a comment is read and judged, never edited: rows open its thread

    def filter_queryset(self, queryset):
        return filter_queue(queryset, self.filters)

    @cached_property
    def no_results_message(self):
        if self.is_searching or self.is_filtering:
            return gettext("No comment matches these filters.")
        return gettext(
            "No comment is awaiting moderation. To see the others, choose “All comments”."
        )

    @cached_property
    def columns(self):
        title_column_class = self._get_title_column_class(TitleColumn)
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="snippet"),
            title_column_class(
                "excerpt",
                label=gettext_lazy("Comment"),
                accessor=lambda comment: comment.excerpt(120) or "(deleted)",
                get_url=self.get_inspect_url,
                get_title_id=lambda comment: f"snippet_{quote(comment.pk)}_title",
            ),
            Column("display_name", label=gettext_lazy("By"), sort_key="display_name"),
            ArticleColumn("article", label=gettext_lazy("Article"), sort_key="article__title"),
            Column(
                "language",
                label=gettext_lazy("Language"),
                accessor="language_name",
                sort_key="language",
            ),
            StatusTagColumn(
                "status",
                label=gettext_lazy("Status"),
                accessor="get_status_display",
                primary=lambda comment: comment.is_held,
                sort_key="status",
            ),
            HeldReasonColumn("held_reason", label=gettext_lazy("Why it waits")),
            ReportsColumn("open_reports", label=gettext_lazy("Reports")),
            DateColumn("created", label=gettext_lazy("Posted"), sort_key="created"),
        ]

    def get_list_more_buttons(self, instance):
        buttons = [
            Button(
                gettext("View in thread"),
                url=self.get_inspect_url(instance),
                icon_name="info-circle",
            )
        ]
        for action in MODERATION_ACTIONS.values():
            if not action.is_permitted(self.request.user):
                continue
            if action.name == "delete":
                buttons.append(
                    Button(
                        action.label,
                        url=comment_admin_url("delete", instance),
                        icon_name=action.icon,
                        priority=40,
                    )
                )
            elif action.name == "reject":
                # Rejecting asks why (the commenter may be told): a page, not a click.
                buttons.append(
                    Button(
                        f"{action.label}…",
                        url=reject_url(instance, self.request.get_full_path()),
                        icon_name=action.icon,
                        priority=20,
                    )
                )
            else:
                buttons.append(
                    Button(
                        action.label,
                        icon_name=action.icon,
                        priority=20,
                        attrs={
                            "data-controller": "w-action",
                            "data-action": "w-action#post",
                            "data-w-action-url-value": moderate_url(instance, action.name),
                            "data-w-action-next-value": self.request.get_full_path(),
                        },
                    )
                )
        buttons.append(
            Button(
                gettext("History"),
                url=comment_admin_url("history", instance),
                icon_name="history",
                priority=50,
            )
        )
        return buttons


def reject_url(comment, next_url):
    """The rejection page for one comment: the bulk "Reject" confirmation, with its reasons."""
    query = urlencode({"id": comment.pk, "next": next_url})
    return f"{reverse('wagtail_bulk_action', args=['comments', 'comment', 'reject'])}?{query}"


def moderate_url(comment, action_name):
    return reverse(
        "wagtailsnippets_comments_comment:moderate", args=[quote(comment.pk), action_name]
    )


# --- The dashboard -------------------------------------------------------------------


class CommentsAwaitingModerationPanel(Component):
    """Dashboard panel: how many comments wait for an editor, and the newest of them."""

    name = "comments_awaiting_moderation"
    template_name = "comments/admin/dashboard_panel.html"
    order = 90  # above Wagtail's own panels: a waiting reader should not wait long

    def get_context_data(self, parent_context):
        waiting = awaiting_moderation().select_related("article").order_by("-created", "-pk")
        newest = list(waiting[:DASHBOARD_PANEL_SIZE])
        count = len(newest) if len(newest) < DASHBOARD_PANEL_SIZE else waiting.count()
        return {
            "count": count,
            "newest": [
                {"comment": comment, "url": comment_admin_url("inspect", comment)}
                for comment in newest
            ],
            "queue_url": reverse("wagtailsnippets_comments_comment:list"),
        }
