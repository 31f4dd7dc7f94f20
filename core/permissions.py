"""Admin permission policies shared by the apps."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies import ModelPermissionPolicy


class NoAddPermissionPolicy(ModelPermissionPolicy):
    """Standard model permissions (view, change, delete), except that nobody adds one from
    the admin: readers write these records (a comment, a tip-off), editors only handle them."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action != "add"]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)
