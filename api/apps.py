from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The open data API (docs/api.md): read-only JSON for explainers, their arguments,
    Sources and topics. It reads the content app, so it sits above the apps."""

    name = "api"
    verbose_name = "Open data API"
