"""Who may publish and who may delete pages, on top of Wagtail's page permissions.

- **Publishing an explainer is the fact check's job.** An explainer (a new one, or any
  change to a live one, corrections included) goes live when a fact-checker approves the
  "Fact check" task, and only then: nobody, superusers included, has a Publish button on an
  explainer. The one exception is the emergency publish: with ``EMERGENCY_PUBLISH_ENABLED``
  on, a superuser may publish an explainer directly; each such publish is recorded in the
  page's history and listed on the dashboard until a fact-checker has approved the page.
- **Deleting a page someone else owns** needs the "Delete" permission on pages
  (``wagtailcore.delete_page``, granted under Settings → Groups). Wagtail lets whoever may
  edit any page delete any draft; with this, editors delete only their own drafts.

The page models hand these testers out from ``permissions_for_user``, which is what every
admin view and button asks.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.conf import settings
from django.db.models import Exists, OuterRef
from wagtail.log_actions import log
from wagtail.models import PageLogEntry, PagePermissionTester

DELETE_OTHERS_PAGES = "wagtailcore.delete_page"
EMERGENCY_PUBLISH = "content.emergency_publish"  # the log action of an emergency publish

# The page whose fact check is being approved right now (its id, as Wagtail's workflow
# states hold it), while that approval publishes it.
_approving = ContextVar("fact_check_approving", default=None)


@contextmanager
def fact_check_approval(object_id):
    """While a fact-checker's approval of the page ``object_id`` publishes it."""
    token = _approving.set(str(object_id))
    try:
        yield
    finally:
        _approving.reset(token)


def publishing_after_fact_check(page):
    """Whether ``page`` is being published by the approval of its fact check."""
    return _approving.get() == str(page.pk)


def emergency_publish_allowed(user):
    """A superuser, while EMERGENCY_PUBLISH_ENABLED is on."""
    return bool(settings.EMERGENCY_PUBLISH_ENABLED) and user.is_active and user.is_superuser


class EditorialPagePermissionTester(PagePermissionTester):
    """Wagtail's rules, except that deleting someone else's page needs the permission."""

    def can_delete(self, ignore_bulk=False):
        if not super().can_delete(ignore_bulk=ignore_bulk):
            return False
        if self.user.is_superuser or self.user.has_perm(DELETE_OTHERS_PAGES):
            return True
        pages = self.page.get_descendants(inclusive=True)
        return not pages.exclude(owner=self.user).exists()


class ExplainerPermissionTester(EditorialPagePermissionTester):
    """An explainer is published by its fact check (or an emergency publish), never directly."""

    def can_publish(self):
        return super().can_publish() and (
            publishing_after_fact_check(self.page) or emergency_publish_allowed(self.user)
        )


class ExplainersIndexPermissionTester(EditorialPagePermissionTester):
    """A new explainer cannot be published straight from the "Add" form either."""

    def can_publish_subpage(self):
        return super().can_publish_subpage() and emergency_publish_allowed(self.user)


# --- Emergency publishes ------------------------------------------------------------------


def record_emergency_publish(sender, instance, created, raw=False, **kwargs):
    """After a user's publish of an explainer (``instance``: its "wagtail.publish" or
    "wagtail.publish.schedule" log entry) that no fact check approved, add an emergency
    publish to the page's history.

    Only an emergency publish gets here: every other way to publish an explainer is refused
    (see the testers above). A go-live reached later by ``publish_scheduled`` has no user,
    and was recorded when it was scheduled.
    """
    if not created or raw or instance.user_id is None:
        return
    if instance.action not in ("wagtail.publish", "wagtail.publish.schedule"):
        return
    article_model = apps.get_model("content", "ArticlePage")
    page = article_model.objects.filter(pk=instance.page_id).first()
    if page is None or publishing_after_fact_check(page):
        return
    log(
        instance=page,
        action=EMERGENCY_PUBLISH,
        user=instance.user,
        revision=instance.revision,
        uuid=instance.uuid,
    )


def emergency_publishes_not_yet_checked():
    """Emergency publishes of explainers that no fact check has approved since, newest first."""
    approved_since = PageLogEntry.objects.filter(
        page=OuterRef("page"),
        action="wagtail.workflow.approve",
        timestamp__gt=OuterRef("timestamp"),
    )
    return (
        PageLogEntry.objects.filter(action=EMERGENCY_PUBLISH)
        .exclude(Exists(approved_since))
        .select_related("page", "user")
        .order_by("-timestamp")
    )
