"""The fact check cannot be skipped, seen in Chromium: a superuser's action menu on an
explainer, and the emergency publish when a deployer has allowed it."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.models import PageLogEntry

from content.editorial.permissions import EMERGENCY_PUBLISH
from tests.content.factories import ArticlePageFactory, build_site_tree

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a long test password"
TITLE = "Cameras on the bridge"


@pytest.fixture(autouse=True)
def patient_expectations():
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=None)


@pytest.fixture
def superuser_and_article(db):
    tree = build_site_tree()
    article = ArticlePageFactory(parent=tree.index, title=TITLE)
    user = get_user_model().objects.create_superuser("ada", "ada@example.org", PASSWORD)
    return user, article


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "ada")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def open_actions_menu(page):
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    expect(page.locator("footer [data-w-dropdown-target='content']").first).to_be_visible()


def test_a_superuser_is_offered_the_fact_check_not_publish(
    page, live_server, superuser_and_article, screenshot
):
    _, article = superuser_and_article
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    open_actions_menu(page)
    expect(page.locator("button[name='action-submit']")).to_have_text("Submit to Fact check")
    expect(page.locator("button[name='action-publish']")).to_have_count(0)
    screenshot("fact-check-superuser-menu")


def test_an_emergency_publish_shows_in_the_history_and_on_the_dashboard(
    page, live_server, settings, superuser_and_article, screenshot
):
    settings.EMERGENCY_PUBLISH_ENABLED = True
    user, article = superuser_and_article
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    page.fill("#id_standfirst", "Corrected at once: the bridge has 40 cameras, not 400.")
    open_actions_menu(page)
    page.locator("button[name='action-publish']").click()
    expect(page.locator(".messages .success")).to_contain_text("published")

    assert PageLogEntry.objects.get(page=article, action=EMERGENCY_PUBLISH).user == user
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/history/")
    expect(page.locator("main")).to_contain_text(
        "Published without the fact check (emergency publish)"
    )
    screenshot("fact-check-emergency-history")

    page.goto(f"{live_server.url}/admin/")
    panel = page.locator("#published-without-fact-check-section")
    expect(panel).to_contain_text("Published without fact check (1)")
    expect(panel).to_contain_text(TITLE)
    screenshot("fact-check-emergency-dashboard")
