"""Editorial roles and the fact-check workflow, set up idempotently.

Roles (Django groups):

- **Editors** write and edit pages and Sources, and submit explainers for fact check. They
  cannot publish: an explainer goes live only when a fact-checker approves it.
- **Fact-checkers** approve an explainer (which publishes it, or schedules it if it has a
  go-live date) or request changes with a comment. They may edit while checking, and hold
  the publish permission on the explainers section, which Wagtail requires of whoever
  approves the last task of a workflow. Nobody checks what they submitted themselves, and
  nobody, superusers included, publishes an explainer other than by approving its check
  (``content.editorial.permissions``; ``FactCheckTask``).
- **Moderators** moderate readers' comments. Wagtail's own "Moderators" group could also
  publish any page; that page permission is withdrawn so nobody bypasses the fact check,
  and Wagtail's "Moderators approval" workflow, which only they could approve, is retired.

Call ``setup_fact_check_workflow()`` any time: it creates what is missing and changes
nothing that is already right. It runs after every ``migrate`` and whenever an explainers
index page is created (see ``content.editorial.signals``).
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Task,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

EDITORS = "Editors"
FACT_CHECKERS = "Fact-checkers"
MODERATORS = "Moderators"
FACT_CHECK = "Fact check"
DEFAULT_WAGTAIL_WORKFLOW = "Moderators approval"  # made by Wagtail's migrations

# (app label, codename) per role, on top of access to the admin.
_MODEL_PERMISSIONS = {
    EDITORS: [
        ("content", "add_source"),
        ("content", "change_source"),
        ("content", "view_source"),
        ("content", "add_topic"),
        ("content", "change_topic"),
        ("content", "view_topic"),
        ("content", "add_siteimage"),
        ("content", "change_siteimage"),
        ("content", "choose_siteimage"),
    ],
    FACT_CHECKERS: [
        ("content", "change_source"),
        ("content", "view_source"),
        ("content", "view_topic"),
        ("content", "choose_siteimage"),
    ],
    MODERATORS: [],
}
_PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    FACT_CHECKERS: ["change_page"],
    MODERATORS: [],
}


def _permission(app_label, codename):
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def _ensure_permissions_exist():
    # During the first `migrate`, post_migrate may reach us before Django has created the
    # permissions of apps later in INSTALLED_APPS; creating them now is harmless.
    for label in ("wagtailcore", "wagtailadmin", "content", "comments"):
        try:
            create_permissions(apps.get_app_config(label), verbosity=0)
        except LookupError:
            continue


def _comment_moderation_permissions():
    """Change, view and delete on every model of the comments app, if it is installed."""
    try:
        config = apps.get_app_config("comments")
    except LookupError:
        return []
    # The comments themselves, reports and settings; not the rate-limiting internals.
    models = [
        model._meta.model_name
        for model in config.get_models()
        if model._meta.model_name.startswith("comment")
    ]
    return list(
        Permission.objects.filter(
            content_type__app_label="comments",
            codename__in=[
                f"{action}_{name}" for name in models for action in ("change", "view", "delete")
            ],
        )
    )


def setup_editorial_roles():
    """Create (or complete) the Editors, Fact-checkers and Moderators groups."""
    _ensure_permissions_exist()
    root = Page.get_first_root_node()
    access_admin = _permission("wagtailadmin", "access_admin")
    groups = {}
    for name, model_permissions in _MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [
            access_admin,
            *(_permission(app, codename) for app, codename in model_permissions),
        ]
        if name == MODERATORS:
            wanted.extend(_comment_moderation_permissions())
        group.permissions.add(*[permission for permission in wanted if permission])
        if root is not None:
            for codename in _PAGE_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=_permission("wagtailcore", codename)
                )
        groups[name] = group
    # Wagtail ships a "Moderators" group that may publish every page; here moderators are
    # comment moderators, and publishing an explainer always goes through the fact check.
    GroupPagePermission.objects.filter(group=groups[MODERATORS]).delete()
    GroupPagePermission.objects.filter(
        group=groups[EDITORS], permission__codename="publish_page"
    ).delete()
    return groups


def fact_check_task():
    """The "Fact check" task (created if missing), a ``FactCheckTask``.

    A site set up before the fact check had its own task type has it as an ordinary group
    approval task: it becomes a fact check task where it is, keeping its groups and any
    check in progress.
    """
    task_model = apps.get_model("content", "FactCheckTask")
    fact_check_type = ContentType.objects.get_for_model(task_model, for_concrete_model=False)
    existing = GroupApprovalTask.objects.filter(name=FACT_CHECK).order_by("pk").first()
    if existing is None:
        return task_model.objects.create(name=FACT_CHECK)
    if existing.content_type_id != fact_check_type.pk:
        Task.objects.filter(pk=existing.pk).update(content_type=fact_check_type)
    return task_model.objects.get(pk=existing.pk)


@transaction.atomic
def setup_fact_check_workflow():
    """Roles, the "Fact check" workflow, and the workflow on every explainers index.

    Idempotent: safe to call from the demo loader, a migration or a management command.
    Returns the workflow.
    """
    groups = setup_editorial_roles()
    task = fact_check_task()
    if not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.add(groups[FACT_CHECKERS])
    workflow, _ = Workflow.objects.get_or_create(name=FACT_CHECK, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    article_index_model = apps.get_model("content", "ArticleIndexPage")
    for index_page in article_index_model.objects.all():
        attach_fact_check_workflow(index_page, workflow, groups[FACT_CHECKERS])
    retire_wagtails_default_workflow(groups[MODERATORS])
    return workflow


def retire_wagtails_default_workflow(moderators):
    """Take Wagtail's own "Moderators approval" workflow off the root, and deactivate it.

    Wagtail's migrations attach it to the root page, so that every page without a workflow
    of its own is submitted to the "Moderators" group. Here moderators moderate comments and
    hold no page permission, so such a submission could never be approved: it is retired.
    Pages outside the explainers then have no workflow (an administrator publishes them),
    and the fact check is the only workflow set up. A workflow an administrator made, or
    changed, is left alone.
    """
    default = Workflow.objects.filter(name=DEFAULT_WAGTAIL_WORKFLOW, active=True).first()
    if default is None:
        return
    tasks = [task.specific for task in default.tasks]
    is_wagtails_default = len(tasks) == 1 and isinstance(tasks[0], GroupApprovalTask)
    if not is_wagtails_default or set(tasks[0].groups.all()) != {moderators}:
        return
    default.deactivate()  # detaches it from every page and cancels what could never finish


def attach_fact_check_workflow(index_page, workflow, fact_checkers):
    """Every page under ``index_page`` (the explainers) goes through the fact check."""
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    GroupPagePermission.objects.get_or_create(
        group=fact_checkers, page=index_page, permission=_permission("wagtailcore", "publish_page")
    )


def is_editorial(user):
    """Editors, fact-checkers and administrators: who sees the editorial panels and reports."""
    return user.is_superuser or user.groups.filter(name__in=[EDITORS, FACT_CHECKERS]).exists()


def articles_awaiting_fact_check():
    """Articles whose current workflow task is the fact check, oldest submission first."""
    article_model = apps.get_model("content", "ArticlePage")
    # In progress only: an article sent back with "request changes" waits for its editor.
    states = WorkflowState.objects.active().filter(
        current_task_state__task__name=FACT_CHECK,
        current_task_state__status=TaskState.STATUS_IN_PROGRESS,
        base_content_type__app_label="wagtailcore",
        base_content_type__model="page",
    )
    submitted = dict(states.values_list("object_id", "created_at"))
    articles = list(article_model.objects.filter(pk__in=[int(pk) for pk in submitted]))
    for article in articles:
        article.submitted_at = submitted[str(article.pk)]
    return sorted(articles, key=lambda article: article.submitted_at)
