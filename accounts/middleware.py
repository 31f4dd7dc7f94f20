"""Sends admin users through two-step verification before they reach any admin page."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_otp import user_has_device

from core.paths import is_admin_request

from .policy import two_factor_required

# Pages an editor must reach before verifying: signing in and out, and the admin's assets.
OPEN_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "wagtailadmin_password_reset",
    "admin:login",
    "admin:logout",
    "accounts_verify",
    "accounts_setup",
}


class AdminTwoFactorMiddleware:
    """On admin URLs, asks for a one-time code from anyone who has set up an authenticator,
    and sends administrators who must use one (see accounts.policy) to set it up first.

    Public pages are never touched, so readers get no session and no cookie from this.
    Goes after django_otp.middleware.OTPMiddleware, which marks a verified session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_admin_request(request):  # path_info: a script prefix must not hide the admin
            redirect_to = self.verification_step(request)
            if redirect_to:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(redirect_to)}?{query}")
        return self.get_response(request)

    def verification_step(self, request):
        """The name of the view this user must go through first, or None."""
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        try:
            view_name = resolve(request.path_info).view_name
        except Resolver404:
            return None
        if view_name in OPEN_VIEWS:
            return None
        if user_has_device(user, confirmed=True):
            return "accounts_verify"
        if two_factor_required(user):
            return "accounts_setup"
        return None
