"""The moderation queue: how editors find, read and judge comments in the Wagtail admin.

Comments come from readers, so the admin never creates or rewrites one: it lists them
(held and reported first), shows each in its thread, and moderates them. The actions
themselves live in ``comments.moderation_admin.actions``.
"""

from urllib.parse import urlencode

import django_filters
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.ui.tables import (
    BulkActionsCheckboxColumn,
    Column,
    DateColumn,
    StatusTagColumn,
    TitleColumn,
)
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import (
    EditView,
    HistoryView,
    IndexView,
    InspectView,
    SnippetViewSet,
)

from comments.changes import text_changes
from comments.models import Comment, CommentReport, CommentStatus, article_model
from comments.moderation_admin.actions import (
    MODERATION_ACTIONS,
    CommentDeleteView,
    ModerateView,
    RejectionForm,
    awaiting_moderation,
    comment_admin_url,
)

ALL_COMMENTS = "all"


class CommentPermissionPolicy(ModelPermissionPolicy):
    """Standard model permissions, except that nobody adds a comment from the admin.

    Moderators need ``view``, ``change`` (approve, reject, mark as spam) and ``delete``.
    """

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action != "add"]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


def can_see_comments(user):
    return policy_registry.get_by_type(Comment).user_has_any_permission(
        user, ["view", "change", "delete"]
    )


# --- Which comments the queue shows --------------------------------------------------


class CommentFilterSet(WagtailFilterSet):
    """Status (the queue by default), article and date; search covers text and name."""

    status = django_filters.ChoiceFilter(
        label="Show",
        choices=[(ALL_COMMENTS, "All comments"), *CommentStatus.choices],
        empty_label="Awaiting moderation",
        method="filter_status",
    )
    article = django_filters.ModelChoiceFilter(
        label="Article", queryset=article_model().objects.order_by("title")
    )
    created = django_filters.DateFromToRangeFilter(label="Posted", widget=DateRangePickerWidget)

    class Meta:
        model = Comment
        fields = ["status", "article", "created"]

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
    """The article, linked to its page editor (where comments are opened and closed)."""

    cell_template_name = "comments/admin/cells/article.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["article"] = instance.article
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

    page_title = "Comments"
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
            return "No comment matches these filters."
        return "No comment is awaiting moderation. To see the others, choose “All comments”."

    @cached_property
    def columns(self):
        title_column_class = self._get_title_column_class(TitleColumn)
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="snippet"),
            title_column_class(
                "excerpt",
                label="Comment",
                accessor=lambda comment: comment.excerpt(120) or "(deleted)",
                get_url=self.get_inspect_url,
                get_title_id=lambda comment: f"snippet_{quote(comment.pk)}_title",
            ),
            Column("display_name", label="By", sort_key="display_name"),
            ArticleColumn("article", label="Article", sort_key="article__title"),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda comment: comment.is_held,
                sort_key="status",
            ),
            HeldReasonColumn("held_reason", label="Why it waits"),
            ReportsColumn("open_reports", label="Reports"),
            DateColumn("created", label="Posted", sort_key="created"),
        ]

    def get_list_more_buttons(self, instance):
        buttons = [
            Button("View in thread", url=self.get_inspect_url(instance), icon_name="info-circle")
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
                "History",
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


# --- One comment in its thread -------------------------------------------------------


class CommentThreadView(InspectView):
    """A comment with the comments it answers above it and its replies below, with statuses."""

    template_name = "comments/admin/thread.html"
    page_title = "Comment"

    def get_page_subtitle(self):
        return f"by {self.object.display_name}" if self.object.display_name else "deleted"

    @cached_property
    def header_more_buttons(self):
        return [
            Button(
                "History",
                url=comment_admin_url("history", self.object),
                icon_name="history",
                priority=10,
            )
        ]

    def get_thread(self):
        """The comment's thread as nested nodes, from one query of the article's comments.

        From the top: the comments it answers (one per level), then the comment itself
        with all its replies. Each node is {"comment", "replies", "is_current"}.
        """
        comments = list(
            Comment.objects.filter(article_id=self.object.article_id).only(
                "id", "parent_id", "display_name", "body", "status", "created", "depth"
            )
        )
        by_id = {comment.pk: comment for comment in comments}
        children = {}
        for comment in comments:
            children.setdefault(comment.parent_id, []).append(comment)

        def subtree(comment):
            return {
                "comment": comment,
                "is_current": comment.pk == self.object.pk,
                "replies": [subtree(reply) for reply in children.get(comment.pk, [])],
            }

        node = subtree(by_id.get(self.object.pk, self.object))
        parent = by_id.get(self.object.parent_id)
        seen = {self.object.pk}
        while parent is not None and parent.pk not in seen:
            seen.add(parent.pk)
            node = {"comment": parent, "is_current": False, "replies": [node]}
            parent = by_id.get(parent.parent_id)
        return node

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comment = self.object
        context.update(
            {
                "comment": comment,
                "thread": self.get_thread(),
                "reports": comment.reports.all(),
                "changes": text_changes(comment.previous_body, comment.body)
                if comment.previous_body
                else [],
                "article_edit_url": article_edit_url(comment.article, self.request.user),
                "public_url": comment.get_absolute_url()
                if comment.is_visible and comment.article.live
                else "",
                "rejection_form": RejectionForm(auto_id="reject-%s"),
                "actions": [
                    {
                        "action": action,
                        "url": comment_admin_url("delete", comment)
                        if action.name == "delete"
                        else moderate_url(comment, action.name),
                    }
                    for action in MODERATION_ACTIONS.values()
                    if action.is_permitted(self.request.user)
                ],
            }
        )
        return context


class CommentEditView(EditView):
    """Comments are not edited in the admin: the edit address opens the comment's thread."""

    def setup(self, request, *args, **kwargs):
        self.request, self.args, self.kwargs = request, args, kwargs

    def dispatch(self, request, *args, **kwargs):
        return redirect(
            "wagtailsnippets_comments_comment:inspect", quote(self.kwargs[self.pk_url_kwarg])
        )


class CommentHistoryView(HistoryView):
    """Who moderated the comment and when; its header leads back to the thread."""

    def get_edit_url(self, instance):
        return comment_admin_url("inspect", instance)

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                "View in thread",
                url=comment_admin_url("inspect", self.object),
                icon_name="info-circle",
            )
        ]


# --- The menu ------------------------------------------------------------------------


class PendingCommentsMenuItem(MenuItem):
    """'Comments' in the sidebar, with the number of comments awaiting moderation."""

    def is_shown(self, request):
        return can_see_comments(request.user)

    def render_component(self, request):
        pending = awaiting_moderation().count()
        # Menu items are shared between requests: build this request's attributes afresh.
        attrs = dict(self.attrs)
        if pending:
            attrs["data-pending-count"] = str(pending)
            attrs["aria-label"] = f"{self.label}, {pending} awaiting moderation"
        return LinkMenuItemComponent(
            self.name,
            self.label,
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=attrs,
        )


class CommentViewSet(SnippetViewSet):
    """Readers' comments: the moderation queue, each comment in its thread, its history."""

    model = Comment
    icon = "comment"
    menu_label = "Comments"
    menu_order = 190
    add_to_admin_menu = True
    menu_item_class = PendingCommentsMenuItem
    index_view_class = CommentIndexView
    inspect_view_class = CommentThreadView
    edit_view_class = CommentEditView
    delete_view_class = CommentDeleteView
    history_view_class = CommentHistoryView
    # Replies point at their parent, but that is a thread, not "usage": keep comments
    # out of the reference index (and save the posting path its bookkeeping).
    add_to_reference_index = False
    inspect_view_enabled = True
    inspect_template_name = "comments/admin/thread.html"
    index_template_name = "comments/admin/index.html"
    copy_view_enabled = False
    filterset_class = CommentFilterSet
    search_fields = ["body", "display_name"]
    list_per_page = 50

    def get_queryset(self, request):
        return comments_for_listing()

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().exclude(codename="add_comment")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "moderate/<int:pk>/<slug:action>/",
                ModerateView.as_view(),
                name="moderate",
            ),
        ]
