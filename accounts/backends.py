"""The authentication backend that throttles sign-in attempts (django-axes)."""

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses sign-in for an account or client that is locked out after repeated failures.

    Every sign-in form on the site (Wagtail's and Django's admin) passes the request, so
    every attempt over the web is counted. A call without a request comes from code run
    on the server itself (a management command, the shell, a test): there is no client to
    throttle, so this backend stays out of the way instead of raising, and the next backend
    checks the password as usual.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
