"""Sources in the admin: "Check this link now", and warnings on saving."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views import View
from wagtail import hooks

from content.editorial.source_health import check_one_now, next_scheduled_check
from content.models import Source


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


def _warn_about_source(request, instance):
    if not isinstance(instance, Source):
        return
    for warning in instance.quality_warnings():
        messages.warning(request, f"“{instance.title}”: {warning}")


hooks.register("after_create_snippet", _warn_about_source)
hooks.register("after_edit_snippet", _warn_about_source)


@hooks.register("register_admin_urls")
def register_source_urls():
    return [
        path(
            "sources/<int:pk>/check-link/",
            CheckSourceLinkView.as_view(),
            name="editorial_check_source_link",
        )
    ]
