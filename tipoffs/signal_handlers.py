"""Who reads tip-offs: the site's Editors and Moderators groups (content.editorial.workflow
names them; Wagtail's own migrations create both)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

READER_GROUPS = ("Editors", "Moderators")
CODENAMES = ("view_tipoff", "change_tipoff", "delete_tipoff")


def grant_editors_and_moderators(sender, using="default", **kwargs):
    """post_migrate: let Editors and Moderators read, close and delete tip-offs.

    Only these groups and superusers: nobody adds a tip-off from the admin (the viewset
    registers no "add" permission), and a tip-off's words cannot be edited there.
    """
    # This app's receivers run before auth's (INSTALLED_APPS order): make the permissions
    # first, as auth would a moment later (it skips what exists).
    create_permissions(sender, verbosity=0, using=using, apps=kwargs.get("apps", global_apps))
    permissions = Permission.objects.using(using).filter(
        content_type__app_label="tipoffs", codename__in=CODENAMES
    )
    for group in Group.objects.using(using).filter(name__in=READER_GROUPS):
        group.permissions.add(*permissions)
