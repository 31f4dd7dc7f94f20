"""The fact check in the admin: the emergency publish in page histories, and the
permission to delete other people's pages in the group editor."""

from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy
from wagtail import hooks

from content.editorial.permissions import DELETE_OTHERS_PAGES, EMERGENCY_PUBLISH


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
