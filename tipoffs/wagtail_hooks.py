"""Tip-offs in the admin (tipoffs.viewsets), and their line in the Privacy page's list of
what is kept for how long (content's ``register_retention_periods`` hook)."""

from django.conf import settings
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from content.blocks.retention import REGISTER_RETENTION_PERIODS, RetentionPeriod
from tipoffs.models import TipOff
from tipoffs.viewsets import TipOffPermissionPolicy, TipOffViewSet

register_permission_policy(TipOff, TipOffPermissionPolicy(TipOff))
register_snippet(TipOffViewSet)


@hooks.register(REGISTER_RETENTION_PERIODS)
def tipoff_retention():
    return [
        RetentionPeriod(
            settings.RETENTION_TIPOFF_DAYS,
            gettext(
                "Tip-offs sent through the contact page: the message, the language of the page "
                "and, only if you gave them, how to reach you and a link. They are kept until "
                "the editors have dealt with them, then deleted with everything in them this "
                "long after being closed. The fingerprint of your network address that limits "
                "how many can be sent in an hour is kept for that hour, and its secret for "
                "the day."
            ),
        )
    ]
