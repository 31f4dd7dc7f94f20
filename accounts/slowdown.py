"""The per-account ceiling: many wrong passwords for one account slow its sign-in, never stop it.

django-axes pauses one account at one address, and one address for every account, after
LOGIN_FAILURE_LIMIT wrong passwords (settings: AXES_LOCKOUT_PARAMETERS). Neither lets an
attacker pause an editor who signs in from somewhere else. What remains is guessing one
account from many addresses, a few passwords each. Past LOGIN_ACCOUNT_CEILING wrong
passwords for an account (from all addresses together, within the cool-off), every address
must wait LOGIN_SLOWDOWN_SECONDS after its own last wrong password for that account before
the next is checked. An address with no wrong password for it, such as the editor's own, is
never held up: an attacker can slow their own guessing, not the newsroom.
"""

import math

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q, Sum
from django.utils import timezone


def seconds_to_wait(username, address):
    """How many seconds this address must wait before another password for ``username`` is
    checked (0: check it now)."""
    ceiling = settings.LOGIN_ACCOUNT_CEILING
    pause = settings.LOGIN_SLOWDOWN_SECONDS
    if not username or not ceiling or not pause:
        return 0
    now = timezone.now()
    recent = AccessAttempt.objects.filter(username=username)
    if settings.AXES_COOLOFF_TIME:
        recent = recent.filter(attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
    totals = recent.aggregate(
        failures=Sum("failures_since_start"),
        last_here=Max("attempt_time", filter=Q(ip_address=address)),
    )
    if (totals["failures"] or 0) < ceiling or totals["last_here"] is None:
        return 0
    remaining = pause - (now - totals["last_here"]).total_seconds()
    return math.ceil(remaining) if remaining > 0 else 0
