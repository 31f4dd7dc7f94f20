"""Editorial admin: dashboard panels, the review-due and source-health reports, Source warnings.

Loaded by one import at the end of ``content/wagtail_hooks.py``.
"""

import django_filters
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy
from django.views import View
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from content.editorial.permissions import (
    DELETE_OTHERS_PAGES,
    EMERGENCY_PUBLISH,
    emergency_publishes_not_yet_checked,
)
from content.editorial.review import articles_due_for_review, review_distance
from content.editorial.source_health import check_one_now, next_scheduled_check
from content.editorial.workflow import EDITORS, FACT_CHECKERS, articles_awaiting_fact_check
from content.models import ArticlePage, Source

DASHBOARD_ROWS = 8


def _is_editorial(user):
    """Editors, fact-checkers and administrators see the editorial panels."""
    return user.is_superuser or user.groups.filter(name__in=[EDITORS, FACT_CHECKERS]).exists()


# --- Dashboard panels -------------------------------------------------------------------


class EditorialPanel(Component):
    """A dashboard panel listing a few items, with a link to the full list."""

    template_name = "content/admin/dashboard_panel.html"
    name = ""
    heading = ""
    empty_message = ""
    more_label = ""
    hidden_when_empty = False

    def __init__(self, request):
        self.request = request

    def get_items(self):
        raise NotImplementedError

    def get_more_url(self):
        return ""

    def render_html(self, parent_context=None):
        html = super().render_html(parent_context)
        return "" if self.hidden_when_empty and not self.items else html

    def get_context_data(self, parent_context):
        self.items = items = list(self.get_items())
        return {
            "panel_id": self.name,
            "heading": f"{self.heading} ({len(items)})" if items else self.heading,
            "items": items[:DASHBOARD_ROWS],
            "more": len(items) > DASHBOARD_ROWS,
            "more_url": self.get_more_url(),
            "more_label": self.more_label,
            "empty_message": self.empty_message,
        }


class AwaitingFactCheckPanel(EditorialPanel):
    name = "awaiting-fact-check"
    heading = "Articles awaiting fact check"
    order = 90
    empty_message = "No article is waiting for a fact check."

    def get_items(self):
        for article in articles_awaiting_fact_check():
            yield {
                "title": article.get_admin_display_title(),
                "url": reverse("wagtailadmin_pages:edit", args=[article.pk]),
                "detail": format_html(
                    "submitted {}", timezone.localtime(article.submitted_at).strftime("%-d %b %Y")
                ),
            }

    def get_more_url(self):
        return reverse("wagtailadmin_reports:workflow")


class DueForReviewPanel(EditorialPanel):
    name = "due-for-review"
    heading = "Articles due for review"
    order = 91
    empty_message = "No article is due for review."
    more_label = "All review dates"

    def get_items(self):
        today = timezone.localdate()
        for article in articles_due_for_review(today=today):
            detail = review_distance(article.review_due, today)
            yield {
                "title": article.get_admin_display_title(),
                "url": reverse("wagtailadmin_pages:edit", args=[article.pk]),
                "detail": f"last reviewed {article.last_reviewed:%-d %b %Y}, {detail}",
            }

    def get_more_url(self):
        return reverse("editorial_review_due") + "?due=overdue"


class DeadSourcesPanel(EditorialPanel):
    name = "dead-sources"
    heading = "Sources with dead links"
    order = 92
    empty_message = "No Source has a dead link."
    more_label = "All link checks"

    def get_items(self):
        for source in Source.objects.filter(link_status=Source.LinkStatus.DEAD).order_by("title"):
            archive = "readers get the archived copy" if source.archive_url else "no archived copy!"
            yield {
                "title": source.title,
                "url": reverse("wagtailsnippets_content_source:edit", args=[source.pk]),
                "detail": f"HTTP {source.link_http_status or '—'}, {archive}",
            }

    def get_more_url(self):
        return reverse("editorial_source_links") + f"?link_status={Source.LinkStatus.DEAD}"


class EmergencyPublishesPanel(EditorialPanel):
    """Explainers a superuser published without the fact check: each waits for one."""

    name = "published-without-fact-check"
    heading = gettext_lazy("Published without fact check")
    order = 89
    hidden_when_empty = True  # normally there is nothing to show

    def get_items(self):
        for entry in emergency_publishes_not_yet_checked():
            yield {
                "title": entry.page.specific_deferred.get_admin_display_title(),
                "url": reverse("wagtailadmin_pages:edit", args=[entry.page_id]),
                "detail": gettext(
                    "emergency publish by %(user)s on %(date)s: not fact-checked since"
                )
                % {
                    "user": entry.user_display_name,
                    "date": timezone.localtime(entry.timestamp).strftime("%-d %b %Y, %H:%M"),
                },
            }


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    if _is_editorial(request.user):
        panels.extend(
            [
                EmergencyPublishesPanel(request),
                AwaitingFactCheckPanel(request),
                DueForReviewPanel(request),
                DeadSourcesPanel(request),
            ]
        )


@hooks.register("register_log_actions")
def register_editorial_log_actions(actions):
    actions.register_action(
        EMERGENCY_PUBLISH,
        gettext_lazy("Emergency publish"),
        gettext_lazy("Published without the fact check (emergency publish)"),
    )


@hooks.register("register_permissions")
def register_delete_others_pages_permission():
    """Settings → Groups shows "Delete" for pages: whoever has it may delete pages that other
    people own (content.editorial.permissions); everyone else deletes only their own."""
    app_label, codename = DELETE_OTHERS_PAGES.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


# --- Reports ----------------------------------------------------------------------------


class ReviewDueFilterSet(WagtailFilterSet):
    due = django_filters.ChoiceFilter(
        label="Review",
        choices=[
            ("overdue", "Due now or overdue"),
            ("30", "Due within 30 days"),
            ("90", "Due within 90 days"),
        ],
        method="filter_due",
        empty_label="Any date",
    )
    live = django_filters.BooleanFilter(label="Published")

    class Meta:
        model = ArticlePage
        fields = ["due", "live"]

    def filter_due(self, queryset, name, value):
        days = 0 if value == "overdue" else int(value)
        cutoff = timezone.localdate() + timezone.timedelta(days=days)
        return queryset.filter(review_due__lte=cutoff)


class CalendarDateColumn(Column):
    """A date as a date ("1 Mar 2026"): Wagtail's DateColumn says how long ago a moment was,
    which turns every date still to come into "Just now"."""

    cell_template_name = "content/admin/date_cell.html"


class ReviewDueColumn(CalendarDateColumn):
    """The review date and how far off it is: "1 Mar 2026, in 5 months" or "3 weeks overdue"."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        review_due = context["value"]
        today = timezone.localdate()
        context["distance"] = review_distance(review_due, today) if review_due else ""
        context["overdue"] = bool(review_due) and review_due < today
        return context


class ReviewDueView(ReportView):
    """Every article with its review date, soonest first; filter to those due."""

    page_title = "Review dates"
    header_icon = "time"
    model = ArticlePage
    filterset_class = ReviewDueFilterSet
    index_url_name = "editorial_review_due"
    index_results_url_name = "editorial_review_due_results"
    permission_policy = None  # any admin user who may edit pages may see review dates
    columns = [
        TitleColumn(
            "title",
            label="Article",
            url_name="wagtailadmin_pages:edit",
            accessor="get_admin_display_title",
        ),
        CalendarDateColumn("last_reviewed", label="Last reviewed"),
        Column("get_review_interval_months_display", label="Review every"),
        ReviewDueColumn("review_due", label="Review due"),
        StatusTagColumn(
            "review_state", label="Review", primary=lambda page: page.is_due_for_review
        ),
    ]
    list_export = ["title", "last_reviewed", "review_interval_months", "review_due", "live"]

    def get_queryset(self):
        return ArticlePage.objects.order_by("review_due", "title")

    def decorate_paginated_queryset(self, object_list):
        for article in object_list:
            article.review_state = "Due" if article.is_due_for_review else "Not yet due"
        return object_list


class SourceLinksFilterSet(WagtailFilterSet):
    link_status = django_filters.ChoiceFilter(
        label="Link status", choices=Source.LinkStatus.choices, empty_label="Any status"
    )

    class Meta:
        model = Source
        fields = ["link_status", "kind"]


class SourceLinksView(ReportView):
    """Sources by the status their link had when last checked: dead ones first."""

    page_title = "Source links"
    header_icon = "link"
    model = Source
    filterset_class = SourceLinksFilterSet
    index_url_name = "editorial_source_links"
    index_results_url_name = "editorial_source_links_results"
    any_permission_required = ["add", "change", "view"]
    columns = [
        TitleColumn("title", label="Source", url_name="wagtailsnippets_content_source:edit"),
        Column("publisher", label="Publisher"),
        StatusTagColumn(
            "get_link_status_display",
            label="Link",
            primary=lambda source: source.link_status == Source.LinkStatus.DEAD,
        ),
        Column("link_http_status", label="HTTP status"),
        Column("link_check_detail", label="Detail"),
        DateColumn("link_checked_at", label="Checked"),
    ]
    list_export = [
        "title",
        "publisher",
        "url",
        "link_status",
        "link_http_status",
        "link_checked_at",
    ]

    def get_queryset(self):
        order = Case(
            When(link_status=Source.LinkStatus.DEAD, then=Value(0)),
            When(link_status=Source.LinkStatus.UNREACHABLE, then=Value(1)),
            When(link_status=Source.LinkStatus.REDIRECTED, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
        return Source.objects.annotate(link_order=order).order_by("link_order", "title")


# --- Checking one Source's link now ------------------------------------------------------


def link_check_message(source, result):
    """What the editor is told after "Check this link now": (message level, text)."""
    status = source.get_link_status_display()
    said = (
        gettext("Link checked just now: %(status)s (HTTP %(code)s)")
        % {"status": status, "code": result.http_status}
        if result.http_status
        else gettext("Link checked just now: %(status)s") % {"status": status}
    )
    if result.detail:
        said = f"{said} — {result.detail}"
    level = messages.SUCCESS
    if result.status == Source.LinkStatus.DEAD:
        level = messages.ERROR
        after = (
            gettext("Readers are sent to the archived copy.")
            if source.archive_url
            else gettext("Readers have no working link: add an archive URL.")
        )
    elif result.status == Source.LinkStatus.UNREACHABLE:
        level = messages.WARNING
        after = gettext("The daily check tries again on %(when)s.") % {
            "when": date_format(next_scheduled_check(), "j M Y, H:i")
        }
    elif result.status == Source.LinkStatus.REDIRECTED:
        after = gettext("Consider putting the new address in the URL field.")
    else:
        after = ""
    return level, f"{said}. {after}".strip()


class CheckSourceLinkView(View):
    """POST: check one Source's link at once, record what was found and say it."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not request.user.has_perm("content.change_source"):
            raise PermissionDenied
        source = get_object_or_404(Source, pk=pk)
        edit_url = reverse("wagtailsnippets_content_source:edit", args=[source.pk])
        if not source.url:
            messages.warning(request, gettext("This Source has no URL to check."))
            return redirect(edit_url)
        level, text = link_check_message(source, check_one_now(source))
        messages.add_message(request, level, text)
        return redirect(edit_url)


@hooks.register("register_admin_urls")
def register_editorial_urls():
    return [
        path(
            "sources/<int:pk>/check-link/",
            CheckSourceLinkView.as_view(),
            name="editorial_check_source_link",
        ),
        path("reports/review-dates/", ReviewDueView.as_view(), name="editorial_review_due"),
        path(
            "reports/review-dates/results/",
            ReviewDueView.as_view(results_only=True),
            name="editorial_review_due_results",
        ),
        path("reports/source-links/", SourceLinksView.as_view(), name="editorial_source_links"),
        path(
            "reports/source-links/results/",
            SourceLinksView.as_view(results_only=True),
            name="editorial_source_links_results",
        ),
    ]


class EditorialMenuItem(MenuItem):
    def is_shown(self, request):
        return _is_editorial(request.user)


@hooks.register("register_reports_menu_item")
def register_review_dates_menu_item():
    return EditorialMenuItem(
        "Review dates",
        reverse("editorial_review_due"),
        name="review-dates",
        icon_name="time",
        order=50,
    )


@hooks.register("register_reports_menu_item")
def register_source_links_menu_item():
    return EditorialMenuItem(
        "Source links",
        reverse("editorial_source_links"),
        name="source-links",
        icon_name="link",
        order=51,
    )


# --- Source quality at entry --------------------------------------------------------------


def _warn_about_source(request, instance):
    if not isinstance(instance, Source):
        return
    for warning in instance.quality_warnings():
        messages.warning(request, f"“{instance.title}”: {warning}")


hooks.register("after_create_snippet", _warn_about_source)
hooks.register("after_edit_snippet", _warn_about_source)
