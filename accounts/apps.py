from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Login lockout (django-axes) and TOTP two-step verification (django-otp) for editors."""

    name = "accounts"
    verbose_name = "Editor accounts"
