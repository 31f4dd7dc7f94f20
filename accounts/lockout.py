"""What a paused editor sees: the admin's sign-in page design, saying why and for how long."""

import math

from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    """A 429 page in the admin sign-in style, with Retry-After (AXES_LOCKOUT_CALLABLE).

    Either sign-in from this address is paused (django-axes), or the account has had many
    wrong passwords and this address must wait a few seconds (accounts.slowdown).
    """
    wait = getattr(request, "sign_in_wait_seconds", None)
    if wait:
        response = render(request, "accounts/lockout.html", {"wait": wait}, status=429)
        response["Retry-After"] = str(wait)
        return response
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = math.ceil(cooloff.total_seconds() / 60) if cooloff else None
    response = render(
        request,
        "accounts/lockout.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        # A 429 says "later" and when (Retry-After); a pause with no end
        # (LOGIN_COOLOFF_MINUTES=0) has no "later" to give: refused until lifted.
        status=429 if cooloff else 403,
    )
    if cooloff:
        response["Retry-After"] = str(math.ceil(cooloff.total_seconds()))
    return response
