"""A successful sign-in forgets that user's own failed attempts from that address, only."""

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt


def forget_own_failures(sender, request, user, **kwargs):
    """django-axes' own reset (AXES_RESET_ON_SUCCESS, off in settings) deletes every record
    that matches any lockout parameter: with the address as one, an attacker's successful
    sign-in to their own account wiped their failures against everyone else's. Here only
    the record of this username at this address goes."""
    if request is None:  # signed in by code (login() in a test or a command): no client
        return
    AxesProxyHandler.update_request(request)
    AccessAttempt.objects.filter(
        username=user.get_username(), ip_address=request.axes_ip_address
    ).delete()
