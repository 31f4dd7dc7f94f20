"""Admin URLs for two-step verification, and its entry in the editor's account menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks

from . import views


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("two-step/verify/", views.verify, name="accounts_verify"),
        path("two-step/", views.setup, name="accounts_setup"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_menu_item(request):
    return {
        "url": reverse("accounts_setup"),
        "label": gettext_lazy("Two-step verification"),
        "help_text": gettext_lazy(
            "Ask for a code from your phone as well as your password when you sign in."
        ),
    }
