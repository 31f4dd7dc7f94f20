"""The Privacy page's data-retention list, rendered from the settings the clean-up uses.

Editors write the Privacy page; the periods in it come from RETENTION_KEYS_DAYS and
RETENTION_REJECTED_DAYS, the same settings `manage.py retention` deletes by, so the page
can never promise one period while the code keeps data for another.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext, gettext_lazy, ngettext
from wagtail import blocks, hooks

#: ``fn() -> [RetentionPeriod, …]``: what another app keeps, listed with the rest.
REGISTER_RETENTION_PERIODS = "register_retention_periods"


@dataclass(frozen=True)
class RetentionPeriod:
    """One kind of personal data and how many days it is kept."""

    days: int
    what: str

    @property
    def period(self):
        return ngettext("%(days)d day", "%(days)d days", self.days) % {"days": self.days}


def retention_periods():
    """What `manage.py retention` deletes, and after how long, read from the settings now;
    installed apps add theirs through the ``register_retention_periods`` hook."""
    keys_days = settings.RETENTION_KEYS_DAYS
    added = [
        period for periods in hooks.get_hooks(REGISTER_RETENTION_PERIODS) for period in periods()
    ]
    return [
        RetentionPeriod(
            keys_days,
            gettext(
                "The fingerprints of commenters’ network addresses, used to limit spam, and the "
                "daily secrets they are made with. Once a secret is deleted, nobody can link its "
                "fingerprints to an address."
            ),
        ),
        RetentionPeriod(
            keys_days,
            gettext(
                "The fingerprint of the network address of a reader who reports a comment (the "
                "report itself stays with the comment, for the editors)."
            ),
        ),
        RetentionPeriod(
            keys_days,
            gettext("Failed sign-ins to the admin, with the network address they came from."),
        ),
        RetentionPeriod(
            keys_days,
            gettext(
                "The words typed into the site’s search, counted per day: how many times "
                "each was searched, nothing about who searched. Searches the editors promote "
                "a result for keep their words."
            ),
        ),
        RetentionPeriod(
            settings.RETENTION_REJECTED_DAYS,
            gettext(
                "Comments the editors reject or mark as spam. One that others replied to is "
                "emptied instead: its text, name and any email address are erased."
            ),
        ),
        *added,
    ]


class DataRetentionBlock(blocks.StaticBlock):
    """How long the site keeps each kind of personal data, from the server's settings."""

    class Meta:
        icon = "time"
        label = gettext_lazy("Data retention periods")
        group = gettext_lazy("Privacy")
        template = "components/blocks/data_retention.html"
        admin_text = gettext_lazy(
            "Lists how long the site keeps each kind of personal data. Nothing to fill in: "
            "the periods are the ones the daily clean-up uses, read from the server's settings."
        )
        description = gettext_lazy(
            "How long personal data is kept, from the settings the clean-up job uses "
            "(for the Privacy page)."
        )
        preview_value = None

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["periods"] = retention_periods()
        return context
