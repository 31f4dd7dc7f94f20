from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy


class TipoffsConfig(AppConfig):
    """Readers' tip-offs: the contact page's plain form, kept for the editors in the admin.
    Optional: no other app names it (the footer links to it by URL name, the Privacy page's
    retention list hears of it through content's ``register_retention_periods`` hook)."""

    name = "tipoffs"
    verbose_name = gettext_lazy("Tip-offs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, after the models are loaded, as Django asks of receivers.
        from tipoffs.signal_handlers import grant_editors_and_moderators

        post_migrate.connect(grant_editors_and_moderators, sender=self)
