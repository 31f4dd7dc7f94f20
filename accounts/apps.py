from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy


class AccountsConfig(AppConfig):
    """Login lockout (django-axes) and TOTP two-step verification (django-otp) for editors."""

    name = "accounts"
    verbose_name = gettext_lazy("Editor accounts")

    def ready(self):
        # Imported once the models are loaded, as Django asks of receivers that use them.
        from accounts.signal_handlers import forget_own_failures

        user_logged_in.connect(forget_own_failures, dispatch_uid="accounts-forget-own-failures")
