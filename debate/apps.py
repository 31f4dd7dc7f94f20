from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class DebateConfig(AppConfig):
    """Weighing the arguments: readers say whether each Argument convinces them and answer
    an article's closing question; they then see how other readers weighed it. Optional:
    content never names this app (it adds itself through content's extension points)."""

    name = "debate"
    verbose_name = gettext_lazy("Weighing")
    default_auto_field = "django.db.models.BigAutoField"
