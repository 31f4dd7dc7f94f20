"""Keep the roles and the fact-check workflow in place without anyone remembering to, and
record every emergency publish of an explainer."""

from django.db.models.signals import post_migrate, post_save
from wagtail.models import PageLogEntry

from content.editorial.permissions import record_emergency_publish
from content.editorial.workflow import setup_fact_check_workflow


def _setup_after_migrate(sender, app_config=None, using="default", **kwargs):
    if app_config is None or app_config.label != "content":
        return
    setup_fact_check_workflow()


def _attach_workflow_to_new_index(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    setup_fact_check_workflow()


post_migrate.connect(_setup_after_migrate, dispatch_uid="content.editorial.setup_after_migrate")
post_save.connect(
    _attach_workflow_to_new_index,
    sender="content.ArticleIndexPage",
    dispatch_uid="content.editorial.attach_workflow_to_new_index",
)
post_save.connect(
    record_emergency_publish,
    sender=PageLogEntry,
    dispatch_uid="content.editorial.record_emergency_publish",
)
