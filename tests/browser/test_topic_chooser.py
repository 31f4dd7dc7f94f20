"""Adding a topic from the article form, in Chromium: without leaving the article."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from content.editorial.workflow import EDITORS
from content.models import ArticlePage, Topic
from tests.content.factories import ArticlePageFactory, TopicFactory, build_site_tree

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a long test password"


@pytest.fixture(autouse=True)
def patient_expectations():
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=None)


@pytest.fixture(autouse=True)
def no_autosave(settings):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 3_600_000


@pytest.fixture
def editor_with_draft(db):
    tree = build_site_tree()
    TopicFactory(name="Surveillance in China")
    user = get_user_model().objects.create_user("edith", "edith@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=EDITORS))
    article = ArticlePageFactory(parent=tree.index, title="Who decides?", live=False, owner=user)
    article.save_revision(user=user)
    return user, article


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "edith")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def open_topic_chooser(page):
    page.get_by_role("button", name="Find or add a topic").click()
    modal = page.locator(".modal")
    expect(modal.get_by_role("heading", name=re.compile("Choose"))).to_be_visible()
    return modal


def test_an_editor_adds_a_new_topic_and_ticks_an_existing_one_from_the_article_form(
    page, live_server, editor_with_draft, screenshot
):
    _, article = editor_with_draft
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    topics = page.locator("[data-topic-chooser-url]")
    expect(topics.get_by_label("Surveillance in China")).not_to_be_checked()

    # A new topic, made in the chooser's "Add a new topic" tab.
    modal = open_topic_chooser(page)
    modal.get_by_role("tab", name="Add a new topic").click()
    modal.get_by_label("Name").fill("Predictive policing")
    modal.get_by_label("Description").fill("Software that tells police where to look.")
    screenshot("topic-chooser-add")
    modal.get_by_role("button", name="Add topic").click()
    expect(modal).to_be_hidden()
    expect(topics.get_by_label("Predictive policing")).to_be_checked()

    # An existing one, found by searching.
    modal = open_topic_chooser(page)
    modal.locator("#id_q").fill("Surveil")
    expect(modal.locator("a[data-chooser-modal-choice]")).to_have_count(1)
    modal.locator("a[data-chooser-modal-choice]").click()
    expect(modal).to_be_hidden()
    expect(topics.get_by_label("Surveillance in China")).to_be_checked()
    topics.scroll_into_view_if_needed()
    screenshot("topic-chooser-ticked")

    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages .success")).to_be_visible()
    new_topic = Topic.objects.get(name="Predictive policing")
    assert new_topic.slug == "predictive-policing"
    draft = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert {topic.name for topic in draft.topics.all()} == {
        "Predictive policing",
        "Surveillance in China",
    }
