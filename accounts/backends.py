"""The authentication backend that throttles sign-in attempts (django-axes, and the slowdown)."""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.handlers.proxy import AxesProxyHandler

from .slowdown import seconds_to_wait


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses sign-in for an account at an address, or an address, that is paused after
    repeated failures (django-axes), and asks an address to wait a few seconds between
    tries once the account has had many failures from everywhere (accounts.slowdown).

    Every sign-in form on the site (Wagtail's and Django's admin) passes the request, so
    every attempt over the web is counted. A call without a request comes from code run
    on the server itself (a management command, the shell, a test): there is no client to
    throttle, so this backend stays out of the way instead of raising, and the next backend
    checks the password as usual.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        AxesProxyHandler.update_request(request)
        wait = seconds_to_wait(username, request.axes_ip_address)
        if wait:
            # Shown by accounts.lockout; with AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT
            # off, axes records no failure for a try that was never checked.
            request.sign_in_wait_seconds = wait
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("this address must wait before trying again")
        return None
