from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = gettext_lazy("Comments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported once the models are loaded, as Django asks of receivers that use them.
        from comments import signal_handlers

        signal_handlers.connect()
