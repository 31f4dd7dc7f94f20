"""Nobody skips the fact check, nobody checks their own submission, and nobody deletes
another editor's page without the permission: through the admin views, as each person
sees them."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    Page,
    PageLogEntry,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowState,
)

from content.editorial.permissions import EMERGENCY_PUBLISH
from content.editorial.workflow import (
    DEFAULT_WAGTAIL_WORKFLOW,
    EDITORS,
    FACT_CHECK,
    FACT_CHECKERS,
    setup_fact_check_workflow,
)
from content.models import ArticlePage, FactCheckTask
from tests.content.factories import ArticlePageFactory
from tests.editorial.conftest import approve_fact_check, article_form_data, make_user

pytestmark = pytest.mark.django_db

CORRECTION = "An earlier version gave the wrong year for the camera count."


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        "ada", "ada@example.org", "a long test password"
    )


@pytest.fixture
def live_article(site_tree, editor):
    article = ArticlePageFactory(parent=site_tree.index, title="Cameras on the bridge")
    article.owner = editor
    article.save(update_fields=["owner"])
    return article


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def offered_actions(client, page):
    """The names of the buttons in the editor's action menu (Publish, Submit, Approve…)."""
    soup = soup_of(client.get(edit_url(page)))
    footer = soup.select_one("footer")
    return {
        button.get("name") or button.get("data-workflow-action-name")
        for button in footer.select("button")
        if button.get("name") or button.get("data-workflow-action-name")
    }


def submit(client, user, page, **overrides):
    client.force_login(user)
    response = client.post(
        edit_url(page), article_form_data(page, **overrides) | {"action-submit": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return WorkflowState.objects.get(
        object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )


def approve(client, user, page, state):
    client.force_login(user)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", state.current_task_state.pk],
    )
    return client.post(url, {"comment": ""})


def with_correction(page):
    return article_form_data(
        page, corrections=[{"date": "2025-09-01", "kind": "correction", "text": CORRECTION}]
    )


# --- Publishing an explainer is the fact check's job --------------------------------------


def test_a_superuser_sees_no_publish_button_on_an_explainer_and_cannot_publish_one(
    client, superuser, draft_article
):
    client.force_login(superuser)
    actions = offered_actions(client, draft_article)
    assert "action-publish" not in actions
    assert "action-submit" in actions  # the way to publish is the fact check

    response = client.post(
        edit_url(draft_article), article_form_data(draft_article) | {"action-publish": "1"}
    )

    assert response.status_code == 302
    draft_article.refresh_from_db()
    assert not draft_article.live
    assert not PageLogEntry.objects.filter(page=draft_article, action="wagtail.publish").exists()


def test_a_superuser_cannot_publish_a_new_explainer_from_the_add_form(client, superuser, site_tree):
    client.force_login(superuser)
    add_url = reverse("wagtailadmin_pages:add", args=["content", "articlepage", site_tree.index.pk])
    footer = soup_of(client.get(add_url)).select_one("footer")
    assert footer.select("button[name=action-publish]") == []

    new_article = ArticlePage(
        title="Straight to readers",
        slug="straight-to-readers",
        standfirst="Published without a check?",
        first_published=datetime.date(2025, 6, 1),
        last_reviewed=datetime.date(2025, 6, 1),
    )
    client.post(add_url, article_form_data(new_article) | {"action-publish": "1"})

    article = ArticlePage.objects.get(slug="straight-to-readers")
    assert not article.live


def test_a_fact_checker_cannot_publish_an_explainer_without_approving_it(
    client, fact_checker, live_article
):
    client.force_login(fact_checker)
    assert "action-publish" not in offered_actions(client, live_article)

    client.post(edit_url(live_article), with_correction(live_article) | {"action-publish": "1"})

    live_article.refresh_from_db()
    assert live_article.corrections.count() == 0
    assert CORRECTION not in client.get(live_article.url).content.decode()


def test_a_correction_reaches_readers_only_through_the_fact_check(
    client, editor, fact_checker, live_article
):
    client.force_login(editor)
    client.post(edit_url(live_article), with_correction(live_article) | {"action-submit": "1"})
    client.logout()
    assert CORRECTION not in client.get(live_article.url).content.decode()

    approve_fact_check(live_article, fact_checker)

    assert CORRECTION in client.get(live_article.url).content.decode()
    approval = PageLogEntry.objects.get(page=live_article, action="wagtail.workflow.approve")
    assert approval.user == fact_checker


def test_other_pages_are_still_published_by_an_administrator(client, superuser, site_tree):
    client.force_login(superuser)
    about = site_tree.about
    assert "action-publish" in offered_actions(client, about)


# --- Nobody approves their own submission ---------------------------------------------------


def test_a_superuser_cannot_approve_their_own_submission(
    client, superuser, fact_checker, draft_article
):
    state = submit(client, superuser, draft_article)
    actions = offered_actions(client, draft_article)
    assert "approve" not in actions and "reject" not in actions

    response = approve(client, superuser, draft_article, state)

    assert response.status_code in {302, 403}  # Wagtail sends the refused back to the dashboard
    draft_article.refresh_from_db()
    state.refresh_from_db()
    assert not draft_article.live
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    # Someone else checks it.
    assert approve(client, fact_checker, draft_article, state).status_code == 302
    draft_article.refresh_from_db()
    assert draft_article.live


def test_a_fact_checker_cannot_approve_what_they_submitted_or_resubmitted(
    client, editor, fact_checker, draft_article
):
    second_checker = make_user("farid", FACT_CHECKERS)
    state = submit(client, fact_checker, draft_article)
    approve(client, fact_checker, draft_article, state)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    # The other fact-checker asks for a change; the first makes it and resubmits.
    client.force_login(second_checker)
    reject_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[draft_article.pk, "reject", state.current_task_state.pk],
    )
    assert client.post(reject_url, {"comment": "Say which year."}).status_code == 302
    state = submit(client, fact_checker, draft_article, standfirst="Counted in 2019.")
    approve(client, fact_checker, draft_article, state)
    draft_article.refresh_from_db()
    assert not draft_article.live

    assert approve(client, second_checker, draft_article, state).status_code == 302
    draft_article.refresh_from_db()
    assert draft_article.live


def test_a_submitter_does_not_see_their_own_submission_as_waiting_for_them(
    client, fact_checker, draft_article
):
    submit(client, fact_checker, draft_article)
    task = FactCheckTask.objects.get(name=FACT_CHECK)
    assert not task.get_task_states_user_can_moderate(fact_checker).exists()
    assert task.get_task_states_user_can_moderate(make_user("farid", FACT_CHECKERS)).exists()


# --- The emergency publish ----------------------------------------------------------------


def test_emergency_publish_by_a_superuser_is_recorded_in_the_history_and_on_the_dashboard(
    client, settings, superuser, editor, fact_checker, live_article
):
    settings.EMERGENCY_PUBLISH_ENABLED = True
    client.force_login(fact_checker)
    assert "action-publish" not in offered_actions(client, live_article)  # superusers only

    client.force_login(superuser)
    assert "action-publish" in offered_actions(client, live_article)
    response = client.post(
        edit_url(live_article), with_correction(live_article) | {"action-publish": "1"}
    )
    assert response.status_code == 302
    assert CORRECTION in client.get(live_article.url).content.decode()

    emergency = PageLogEntry.objects.get(page=live_article, action=EMERGENCY_PUBLISH)
    assert emergency.user == superuser
    client.force_login(editor)
    history = soup_of(client.get(reverse("wagtailadmin_pages:history", args=[live_article.pk])))
    assert "Published without the fact check (emergency publish)" in history.get_text(" ")

    def dashboard_panel():
        soup = soup_of(client.get(reverse("wagtailadmin_home")))
        panel = soup.find(id="published-without-fact-check-section")
        return panel.get_text(" ", strip=True) if panel else None

    listed = dashboard_panel()
    assert "Published without fact check (1)" in listed
    assert "Cameras on the bridge" in listed and "emergency publish by ada" in listed

    # It stays there until a fact-checker has checked the page.
    state = submit(client, editor, live_article, standfirst="Checked after the emergency.")
    approve_fact_check(live_article, fact_checker)
    assert state.pk
    client.force_login(editor)
    assert dashboard_panel() is None


def test_without_the_setting_there_is_no_emergency_panel(client, editor, live_article):
    client.force_login(editor)
    soup = soup_of(client.get(reverse("wagtailadmin_home")))
    assert soup.find(id="published-without-fact-check-section") is None
    assert "Articles awaiting fact check" in soup.get_text()


# --- Issue 11: deleting other editors' pages, and workflows that cannot finish ------------


def delete_page_as(client, user, page):
    client.force_login(user)
    return client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))


def test_editor_cannot_delete_another_editors_draft(client, editor, draft_article):
    colleague = make_user("eli", EDITORS)
    client.force_login(colleague)
    listing = soup_of(
        client.get(reverse("wagtailadmin_explore", args=[draft_article.get_parent().pk]))
    )
    delete_url = reverse("wagtailadmin_pages:delete", args=[draft_article.pk])
    assert listing.select(f"a[href^='{delete_url}']") == []

    response = delete_page_as(client, colleague, draft_article)

    assert response.status_code in {302, 403}
    assert Page.objects.filter(pk=draft_article.pk).exists()


def test_an_editor_deletes_their_own_draft(client, editor, draft_article):
    delete_page_as(client, editor, draft_article)
    assert not Page.objects.filter(pk=draft_article.pk).exists()


def test_a_fact_checker_cannot_delete_a_live_explainer(client, fact_checker, live_article):
    delete_page_as(client, fact_checker, live_article)
    assert Page.objects.filter(pk=live_article.pk).exists()


def test_an_editor_with_the_delete_permission_deletes_another_editors_draft(
    client, editor, draft_article
):
    chief = make_user("chief", EDITORS)
    deleters = Group.objects.create(name="Page deleters")
    deleters.permissions.add(Permission.objects.get(codename="delete_page"))
    chief.groups.add(deleters)

    delete_page_as(client, chief, draft_article)

    assert not Page.objects.filter(pk=draft_article.pk).exists()


def test_the_delete_permission_is_offered_in_the_group_editor(admin_client, site_tree):
    group = Group.objects.get(name=EDITORS)
    page = admin_client.get(reverse("wagtailusers_groups:edit", args=[group.pk]))
    soup = soup_of(page)
    delete_page = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="delete_page"
    )
    assert soup.select(f"input[name=permissions][value='{delete_page.pk}']")


def test_wagtails_default_moderators_approval_workflow_is_taken_off_the_root(site_tree):
    root = Page.get_first_root_node()
    assert not WorkflowPage.objects.filter(page=root).exists()
    assert not Workflow.objects.filter(name=DEFAULT_WAGTAIL_WORKFLOW, active=True).exists()
    assert site_tree.about.get_workflow() is None
    assert [workflow.name for workflow in Workflow.objects.filter(active=True)] == [FACT_CHECK]


def test_every_workflow_the_demo_sets_up_can_complete(client, demo_site):
    """Each page that has a workflow, submitted by an editor, is published by the approval
    of a member of each task's groups: no workflow waits for someone who cannot finish it."""
    submitter = make_user("sam", EDITORS)
    checked = 0
    for page in Page.objects.filter(depth__gt=1).specific():
        workflow = page.get_workflow()
        if workflow is None:
            continue
        page.save_revision(user=submitter)
        state = workflow.start(page, submitter)
        for task in workflow.tasks:
            group = task.specific.groups.first()
            approver = make_user(f"approver-{page.pk}-{task.pk}", group.name)
            response = approve(client, approver, page, state)
            assert response.status_code == 302, (page, task)
            state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_APPROVED, page
        page.refresh_from_db()
        assert page.live and not page.has_unpublished_changes, page
        checked += 1
    assert checked >= 1  # the demo's explainers


def test_a_fact_check_task_from_before_keeps_its_groups_and_checks_in_progress(
    client, editor, fact_checker, draft_article
):
    """A site set up with the fact check as a plain group approval task gets it converted."""
    state = submit(client, editor, draft_article)
    task = Task.objects.get(name=FACT_CHECK)
    plain_type = GroupApprovalTask().content_type
    Task.objects.filter(pk=task.pk).update(content_type=plain_type)
    assert type(Task.objects.get(pk=task.pk).specific) is GroupApprovalTask

    setup_fact_check_workflow()

    task = Task.objects.get(pk=task.pk).specific
    assert type(task) is FactCheckTask
    assert list(task.groups.values_list("name", flat=True)) == [FACT_CHECKERS]
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    approve_fact_check(draft_article, fact_checker)
    assert draft_article.live
