"""Fixtures for the editorial tests: a page tree, people in each role, article form data."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from content.editorial.workflow import EDITORS, FACT_CHECKERS, MODERATORS
from tests.content.factories import ArticlePageFactory, build_site_tree


@pytest.fixture
def site_tree(db):
    """Home (the default Site's root), the explainers index (with its workflow) and About."""
    return build_site_tree()


def make_user(username, group_name=None, **extra):
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password="a long test password",
        first_name=username.title(),
        **extra,
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    return make_user("edith", EDITORS)


@pytest.fixture
def fact_checker(db):
    return make_user("fatima", FACT_CHECKERS)


@pytest.fixture
def moderator(db):
    return make_user("moritz", MODERATORS)


@pytest.fixture
def draft_article(site_tree, editor):
    """An explainer an editor has written but not published."""
    article = ArticlePageFactory(
        parent=site_tree.index, title="Cameras on every corner", live=False
    )
    article.owner = editor
    article.save(update_fields=["owner"])
    article.save_revision(user=editor)
    article.refresh_from_db()
    return article


def article_form_data(page, corrections=None, **overrides):
    """What the article edit form posts: ``page``'s fields, ``corrections`` and ``overrides``.

    ``corrections`` is a list of dicts (date, kind, text, and id for an existing entry);
    by default the page's current entries are posted unchanged.
    """
    if corrections is None:
        corrections = [
            {
                "id": str(entry.pk),
                "date": entry.date.isoformat(),
                "kind": entry.kind,
                "text": entry.text,
            }
            for entry in page.corrections.all()
        ]
    initial = sum(1 for entry in corrections if entry.get("id"))
    data = {
        "title": page.title,
        "slug": page.slug,
        "standfirst": page.standfirst,
        "hero_caption": "",
        "hero_credit": "",
        "first_published": page.first_published.isoformat(),
        "last_reviewed": page.last_reviewed.isoformat(),
        "review_interval_months": str(page.review_interval_months),
        "body": streamfield(
            [("paragraph", rich_text("<p>A short article.</p>", features=["bold", "italic"]))]
        ),
        "discussion_question": "",
        "comments_open": "on",
        "corrections": inline_formset(corrections, initial=initial),
        "comments": inline_formset([]),
        "related_article_picks": inline_formset([]),
        "article_authors": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def in_days(days):
    return datetime.date.today() + datetime.timedelta(days=days)


def approve_fact_check(page, fact_checker=None):
    """Approve ``page``'s fact check, submitted by someone else, as a fact-checker does in
    the admin: that publishes it. Returns the workflow state."""
    if fact_checker is None:
        fact_checker = get_user_model().objects.filter(groups__name=FACT_CHECKERS).first()
    fact_checker = fact_checker or make_user("fact-checker", FACT_CHECKERS)
    state = WorkflowState.objects.get(
        object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )
    client = Client()
    client.force_login(fact_checker)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", state.current_task_state.pk],
    )
    response = client.post(url, {"comment": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    state.refresh_from_db()
    return state
