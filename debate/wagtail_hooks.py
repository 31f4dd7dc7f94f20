"""Weighing plugs into content's article page (content.extension_points) and the admin."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, gettext_lazy
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


def argument_control_parts(page):
    """The argument control's markup before and after its target, worked out once per page
    and language: an explainer has a dozen arguments, and each control's token, address and
    words are the same (rendering debate/control.html for each cost 0.8 ms)."""
    language = get_language()
    kept = getattr(page, "_argument_control_parts", None)
    if kept is not None and kept[0] == language:
        return kept[1]
    values = control_context(page)
    buttons = format_html_join(
        "",
        '<button type="submit" name="choice" value="{}" class="weigh__button weigh__button--{}">'
        "{}</button>",
        ((value, value, label) for value, label in ArgumentChoice.choices),
    )
    before = format_html(
        '<form class="weigh weigh--argument" method="post" action="{}" id="weigh-',
        reverse("debate:vote", kwargs={"article_id": page.pk}),
    )
    middle = format_html(
        '" data-weigh data-error-text="{}">\n    <input type="hidden" name="token" value="{}">\n'
        '    <input type="hidden" name="target" value="',
        gettext("Your answer could not be sent. Check your connection and try again."),
        values["token"],
    )
    after = format_html(
        '">\n    <fieldset class="weigh__fieldset">\n'
        '        <legend class="weigh__legend">{}</legend>\n'
        '        <div class="weigh__buttons">{}</div>\n    </fieldset>\n'
        '    <p class="weigh__note">{}</p>\n'
        '    <div class="weigh__status" role="status" data-weigh-status></div>\n</form>\n',
        gettext("Does this argument convince you?"),
        buttons,
        gettext(
            "You then see how other readers answered. No cookie, no account, no stored address."
        ),
    )
    parts = (before, middle, after)
    page._argument_control_parts = (language, parts)
    return parts


@hooks.register("insert_argument_end")
def argument_control(context):
    """Under each argument: "Does this argument convince you?", a plain form (the same
    markup as debate/control.html's argument kind, which the closing question still uses)."""
    item, page = context.get("item"), context.get("page")
    # Not on a page never saved (the editor's preview of a new explainer): nothing to count.
    if item is None or page is None or page.pk is None or not getattr(item, "anchor", ""):
        return ""
    if weighing_closed(page):
        return ""
    before, middle, after = argument_control_parts(page)
    target = conditional_escape(item.anchor)
    return mark_safe(f"{before}{target}{middle}{target}{after}")  # noqa: S308 - escaped parts


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
