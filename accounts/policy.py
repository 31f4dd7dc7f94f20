"""Who must use two-step verification, in one place for the middleware and the views."""

from django.conf import settings


def two_factor_required(user):
    """Administrators (superusers) must verify with a code unless ADMIN_REQUIRE_2FA is off.

    Other editors may turn it on for themselves; once they have, it is asked for every time.
    """
    return bool(settings.ADMIN_REQUIRE_2FA and user.is_superuser)
