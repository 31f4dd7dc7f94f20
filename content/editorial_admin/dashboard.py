"""The editorial panels on the admin's dashboard: what waits for editors and fact-checkers."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component

from content.editorial.permissions import emergency_publishes_not_yet_checked
from content.editorial.review import articles_due_for_review, review_distance
from content.editorial.workflow import articles_awaiting_fact_check, is_editorial
from content.models import Source

DASHBOARD_ROWS = 8


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

    def get_rows(self):
        """What the panel lists: a queryset (counted, and only DASHBOARD_ROWS of it read) or
        a list."""
        raise NotImplementedError

    def get_item(self, row):
        """One row as the panel shows it: {"title", "url", "detail"}."""
        raise NotImplementedError

    def get_more_url(self):
        return ""

    def render_html(self, parent_context=None):
        html = super().render_html(parent_context)
        return "" if self.hidden_when_empty and not self.total else html

    def get_context_data(self, parent_context):
        rows = self.get_rows()
        # A count and a few rows, not every row: with 10,000 explainers due for review the
        # panel built all of them to show eight (3.5 s of the dashboard).
        self.total = total = rows.count() if isinstance(rows, QuerySet) else len(rows)
        return {
            "panel_id": self.name,
            "heading": f"{self.heading} ({total})" if total else self.heading,
            "items": [self.get_item(row) for row in rows[:DASHBOARD_ROWS]],
            "more": total > DASHBOARD_ROWS,
            "more_url": self.get_more_url(),
            "more_label": self.more_label,
            "empty_message": self.empty_message,
        }


class AwaitingFactCheckPanel(EditorialPanel):
    name = "awaiting-fact-check"
    heading = gettext_lazy("Articles awaiting fact check")
    order = 90
    empty_message = gettext_lazy("No article is waiting for a fact check.")

    def get_rows(self):
        return articles_awaiting_fact_check()

    def get_item(self, article):
        return {
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
    heading = gettext_lazy("Articles due for review")
    order = 91
    empty_message = gettext_lazy("No article is due for review.")
    more_label = gettext_lazy("All review dates")

    def get_rows(self):
        self.today = timezone.localdate()
        return articles_due_for_review(today=self.today)

    def get_item(self, article):
        detail = review_distance(article.review_due, self.today)
        return {
            "title": article.get_admin_display_title(),
            "url": reverse("wagtailadmin_pages:edit", args=[article.pk]),
            "detail": gettext("last reviewed %(date)s, %(distance)s")
            % {"date": f"{article.last_reviewed:%-d %b %Y}", "distance": detail},
        }

    def get_more_url(self):
        # "All review dates": the whole report, which offers the filters (not only those due).
        return reverse("editorial_review_due")


class DeadSourcesPanel(EditorialPanel):
    name = "dead-sources"
    heading = gettext_lazy("Sources with dead links")
    order = 92
    empty_message = gettext_lazy("No Source has a dead link.")
    more_label = gettext_lazy("All link checks")

    def get_rows(self):
        return Source.objects.filter(link_status=Source.LinkStatus.DEAD).order_by("title")

    def get_item(self, source):
        archive = (
            gettext("readers get the archived copy")
            if source.archive_url
            else gettext("no archived copy!")
        )
        return {
            "title": source.title,
            "url": reverse("wagtailsnippets_content_source:edit", args=[source.pk]),
            "detail": f"HTTP {source.link_http_status or '—'}, {archive}",
        }

    def get_more_url(self):
        return reverse("editorial_source_links")  # "All link checks", not only the dead ones


class EmergencyPublishesPanel(EditorialPanel):
    """Explainers a superuser published without the fact check: each waits for one."""

    name = "published-without-fact-check"
    heading = gettext_lazy("Published without fact check")
    order = 89
    hidden_when_empty = True  # normally there is nothing to show

    def get_rows(self):
        return emergency_publishes_not_yet_checked()

    def get_item(self, entry):
        return {
            "title": entry.page.specific_deferred.get_admin_display_title(),
            "url": reverse("wagtailadmin_pages:edit", args=[entry.page_id]),
            "detail": gettext("emergency publish by %(user)s on %(date)s: not fact-checked since")
            % {
                "user": entry.user_display_name,
                "date": timezone.localtime(entry.timestamp).strftime("%-d %b %Y, %H:%M"),
            },
        }


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    if is_editorial(request.user):
        panels.extend(
            [
                EmergencyPublishesPanel(request),
                AwaitingFactCheckPanel(request),
                DueForReviewPanel(request),
                DeadSourcesPanel(request),
            ]
        )
