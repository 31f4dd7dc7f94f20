from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = gettext_lazy("Content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported once the models are loaded, as Django asks of receivers that use them.
        from content import signal_handlers

        signal_handlers.connect(self)
