"""The fact check: an editor's explainer goes live only when a fact-checker approves it."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, WorkflowState

from content.editorial.workflow import (
    EDITORS,
    FACT_CHECK,
    FACT_CHECKERS,
    MODERATORS,
    articles_awaiting_fact_check,
    setup_fact_check_workflow,
)
from tests.editorial.conftest import article_form_data

pytestmark = pytest.mark.django_db


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def submit_for_fact_check(client, editor, article, **overrides):
    client.force_login(editor)
    response = client.post(
        edit_url(article), article_form_data(article, **overrides) | {"action-submit": "Submit"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    return WorkflowState.objects.get(
        object_id=str(article.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )


def act_on_task(client, user, article, state, action, comment=""):
    client.force_login(user)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[article.pk, action, state.current_task_state.pk],
    )
    response = client.post(url, {"comment": comment})
    assert response.status_code == 302
    article.refresh_from_db()
    state.refresh_from_db()
    return response


def test_roles_and_the_workflow_exist_after_migrate_and_guard_the_explainers(site_tree):
    assert set(Group.objects.values_list("name", flat=True)) >= {EDITORS, FACT_CHECKERS, MODERATORS}
    workflow = site_tree.index.get_workflow()
    assert workflow is not None and workflow.name == FACT_CHECK
    assert [task.name for task in workflow.tasks] == [FACT_CHECK]
    assert list(workflow.tasks[0].specific.groups.values_list("name", flat=True)) == [FACT_CHECKERS]


def test_setting_up_twice_creates_nothing_twice(site_tree):
    setup_fact_check_workflow()
    call_command("setup_roles", verbosity=0)
    assert Group.objects.filter(name=FACT_CHECKERS).count() == 1
    assert site_tree.index.get_workflow().name == FACT_CHECK
    from wagtail.models import GroupApprovalTask, Workflow

    assert Workflow.objects.filter(name=FACT_CHECK).count() == 1
    assert GroupApprovalTask.objects.filter(name=FACT_CHECK).count() == 1


def test_an_editor_is_offered_no_publish_button_and_cannot_publish(client, editor, draft_article):
    client.force_login(editor)
    response = client.post(
        edit_url(draft_article), article_form_data(draft_article) | {"action-publish": "Publish"}
    )
    assert response.status_code == 302
    draft_article.refresh_from_db()
    assert not draft_article.live
    assert not PageLogEntry.objects.filter(page=draft_article, action="wagtail.publish").exists()


def test_a_moderator_cannot_publish_an_explainer_either(client, moderator, draft_article):
    client.force_login(moderator)
    response = client.post(
        edit_url(draft_article), article_form_data(draft_article) | {"action-publish": "Publish"}
    )
    assert response.status_code in {302, 403}
    draft_article.refresh_from_db()
    assert not draft_article.live


def test_submitted_explainer_stays_unpublished_until_a_fact_checker_approves(
    client, editor, fact_checker, draft_article
):
    state = submit_for_fact_check(client, editor, draft_article)
    assert state.current_task_state.task.name == FACT_CHECK
    assert not draft_article.live

    # The editor cannot approve their own explainer.
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[draft_article.pk, "approve", state.current_task_state.pk],
    )
    client.post(url, {"comment": ""})
    draft_article.refresh_from_db()
    state.refresh_from_db()
    assert not draft_article.live
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    act_on_task(client, fact_checker, draft_article, state, "approve", "Checked every claim.")
    assert draft_article.live
    assert state.status == WorkflowState.STATUS_APPROVED

    approval = PageLogEntry.objects.get(page=draft_article, action="wagtail.workflow.approve")
    assert approval.user == fact_checker
    # The page history, as an editor sees it, says who approved.
    client.force_login(editor)
    history = client.get(reverse("wagtailadmin_pages:history", args=[draft_article.pk]))
    text = history.content.decode()
    assert "Approved" in text and "Fatima" in text


def test_a_request_for_changes_returns_the_explainer_to_its_editor_with_the_comment(
    client, editor, fact_checker, draft_article
):
    state = submit_for_fact_check(client, editor, draft_article)
    assert draft_article in articles_awaiting_fact_check()
    comment = "The population figure is 32 million in the source, not 30 million."
    act_on_task(client, fact_checker, draft_article, state, "reject", comment)

    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not draft_article.live
    assert state.current_task_state.comment == comment
    # The editor is told, with the comment.
    assert any(editor.email in message.to and comment in message.body for message in mail.outbox)
    # and sees it in the workflow history of the page.
    client.force_login(editor)
    detail = client.get(
        reverse("wagtailadmin_pages:workflow_history_detail", args=[draft_article.pk, state.pk])
    )
    assert comment in detail.content.decode()
    # It waits for its editor now, not for a fact-checker.
    assert draft_article not in articles_awaiting_fact_check()


def test_an_approved_explainer_with_a_go_live_date_is_published_on_schedule(
    client, editor, fact_checker, draft_article, monkeypatch
):
    go_live = timezone.now() + datetime.timedelta(days=2)
    state = submit_for_fact_check(
        client, editor, draft_article, go_live_at=go_live.strftime("%Y-%m-%d %H:%M")
    )
    act_on_task(client, fact_checker, draft_article, state, "approve")
    revision = draft_article.latest_revision
    assert not draft_article.live
    assert revision.approved_go_live_at is not None

    call_command("publish_scheduled")
    draft_article.refresh_from_db()
    assert not draft_article.live  # not yet

    # Three days later, the scheduler's next run publishes it.
    later = timezone.now() + datetime.timedelta(days=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")
    draft_article.refresh_from_db()
    assert draft_article.live


def test_an_explainer_expires_on_schedule(client, editor, fact_checker, draft_article, monkeypatch):
    expiry = timezone.now() + datetime.timedelta(days=30)
    state = submit_for_fact_check(
        client, editor, draft_article, expire_at=expiry.strftime("%Y-%m-%d %H:%M")
    )
    act_on_task(client, fact_checker, draft_article, state, "approve")
    assert draft_article.live
    assert draft_article.expire_at is not None

    later = timezone.now() + datetime.timedelta(days=31)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")
    draft_article.refresh_from_db()
    assert not draft_article.live
    assert draft_article.expired
