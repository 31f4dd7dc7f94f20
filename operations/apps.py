from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Site-wide management commands (backup, restore, retention, the privacy report): they
    reach every app, so they live above them all."""

    name = "operations"
    verbose_name = "Operations"
