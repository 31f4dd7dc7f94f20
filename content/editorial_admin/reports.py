"""The editorial reports: review dates, and Sources by the state of their link."""

import django_filters
from django.db.models import Case, IntegerField, Value, When
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from content.editorial.review import review_distance
from content.editorial.workflow import is_editorial
from content.models import ArticlePage, Source


class ReviewDueFilterSet(WagtailFilterSet):
    due = django_filters.ChoiceFilter(
        label=gettext_lazy("Review"),
        choices=[
            ("overdue", gettext_lazy("Due now or overdue")),
            ("30", gettext_lazy("Due within 30 days")),
            ("90", gettext_lazy("Due within 90 days")),
        ],
        method="filter_due",
        empty_label=gettext_lazy("Any date"),
    )
    live = django_filters.BooleanFilter(label=gettext_lazy("Published"))

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

    page_title = gettext_lazy("Review dates")
    header_icon = "time"
    model = ArticlePage
    filterset_class = ReviewDueFilterSet
    index_url_name = "editorial_review_due"
    index_results_url_name = "editorial_review_due_results"
    permission_policy = None  # any admin user who may edit pages may see review dates
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Article"),
            url_name="wagtailadmin_pages:edit",
            accessor="get_admin_display_title",
        ),
        CalendarDateColumn("last_reviewed", label=gettext_lazy("Last reviewed")),
        Column("get_review_interval_months_display", label=gettext_lazy("Review every")),
        ReviewDueColumn("review_due", label=gettext_lazy("Review due")),
        StatusTagColumn(
            "review_state",
            label=gettext_lazy("Review"),
            primary=lambda page: page.is_due_for_review,
        ),
    ]
    list_export = ["title", "last_reviewed", "review_interval_months", "review_due", "live"]

    def get_queryset(self):
        return ArticlePage.objects.order_by("review_due", "title")

    def decorate_paginated_queryset(self, object_list):
        for article in object_list:
            article.review_state = (
                gettext("Due") if article.is_due_for_review else gettext("Not yet due")
            )
        return object_list


class SourceLinksFilterSet(WagtailFilterSet):
    link_status = django_filters.ChoiceFilter(
        label=gettext_lazy("Link status"),
        choices=Source.LinkStatus.choices,
        empty_label=gettext_lazy("Any status"),
    )

    class Meta:
        model = Source
        fields = ["link_status", "kind"]


class SourceLinksView(ReportView):
    """Sources by the status their link had when last checked: dead ones first."""

    page_title = gettext_lazy("Source links")
    header_icon = "link"
    model = Source
    filterset_class = SourceLinksFilterSet
    index_url_name = "editorial_source_links"
    index_results_url_name = "editorial_source_links_results"
    any_permission_required = ["add", "change", "view"]
    columns = [
        TitleColumn(
            "title", label=gettext_lazy("Source"), url_name="wagtailsnippets_content_source:edit"
        ),
        Column("publisher", label=gettext_lazy("Publisher")),
        StatusTagColumn(
            "get_link_status_display",
            label=gettext_lazy("Link"),
            primary=lambda source: source.link_status == Source.LinkStatus.DEAD,
        ),
        Column("link_http_status", label=gettext_lazy("HTTP status")),
        Column("link_check_detail", label=gettext_lazy("Detail")),
        DateColumn("link_checked_at", label=gettext_lazy("Checked")),
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


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
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
        return is_editorial(request.user)


@hooks.register("register_reports_menu_item")
def register_review_dates_menu_item():
    return EditorialMenuItem(
        gettext_lazy("Review dates"),
        reverse("editorial_review_due"),
        name="review-dates",
        icon_name="time",
        order=50,
    )


@hooks.register("register_reports_menu_item")
def register_source_links_menu_item():
    return EditorialMenuItem(
        gettext_lazy("Source links"),
        reverse("editorial_source_links"),
        name="source-links",
        icon_name="link",
        order=51,
    )
