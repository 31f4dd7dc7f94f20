from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = gettext_lazy("Core")

    def ready(self):
        # Imported once the apps are loaded: the checks and receivers read Wagtail's models.
        from core import checks, signal_handlers  # noqa: F401 - checks register on import

        signal_handlers.connect()
