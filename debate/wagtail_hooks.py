"""Weighing plugs into content's article page (content.extension_points) and the admin."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.staticfiles import versioned_static

from content.blocks.retention import REGISTER_RETENTION_PERIODS, RetentionPeriod
from core.templating import render_in_context
from debate import admin_views
from debate.models import ArgumentChoice, QuestionChoice
from debate.templatetags.debate_tags import control_context
from debate.weighing import is_closed


@hooks.register("insert_article_head")
def weighing_script(context):
    return format_html('<script src="{}" defer></script>', static("js/weigh.js"))


def weighing_closed(page):
    """Whether editors closed weighing on ``page``, asked once per render of the page."""
    if not hasattr(page, "_weighing_closed"):
        page._weighing_closed = is_closed(page)
    return page._weighing_closed


@hooks.register("insert_argument_end")
def argument_control(context):
    item, page = context.get("item"), context.get("page")
    # Not on a page never saved (the editor's preview of a new explainer): nothing to count.
    if item is None or page is None or page.pk is None or not getattr(item, "anchor", ""):
        return ""
    if weighing_closed(page):
        return ""
    return render_in_context(
        context,
        "debate/control.html",
        target=item.anchor,
        choices=ArgumentChoice.choices,
        kind="argument",
        **control_context(page),
    )


@hooks.register("insert_article_end")
def question_control(context):
    page = context.get("page")
    if page is None or page.pk is None or not getattr(page, "discussion_question", ""):
        return ""
    if weighing_closed(page):
        return render_in_context(context, "debate/closed.html", article=page)
    return render_in_context(
        context,
        "debate/control.html",
        target="question",
        question=page.discussion_question,
        choices=QuestionChoice.choices,
        kind="question",
        **control_context(page),
    )


@hooks.register(REGISTER_RETENTION_PERIODS)
def weighing_retention():
    return [
        RetentionPeriod(
            1,
            gettext(
                "When you weigh an argument or answer a closing question: a fingerprint of your "
                "network address, the article, the argument and the day, made with a secret "
                "that changes every day, so that each reader is counted once a day. The "
                "fingerprints and the day’s secret are deleted once the day is over; only "
                "the counts remain, with nothing about who answered."
            ),
        )
    ]


admin_urls = [
    path("", admin_views.index, name="index"),
    path("<int:article_id>/", admin_views.article_report, name="article"),
    path("<int:article_id>/toggle/", admin_views.toggle, name="toggle"),
    path("<int:article_id>/weighing.csv", admin_views.export_csv, name="csv"),
]


@hooks.register("register_admin_urls")
def weighing_admin_urls():
    return [path("weighing/", include((admin_urls, "debate_admin"), namespace="debate_admin"))]


@hooks.register("insert_global_admin_css")
def weighing_report_css():
    return format_html('<link rel="stylesheet" href="{}">', versioned_static("debate/admin.css"))


@hooks.register("register_admin_menu_item")
def weighing_menu_item():
    return MenuItem(
        gettext_lazy("Weighing"), reverse("debate_admin:index"), icon_name="table", order=450
    )
