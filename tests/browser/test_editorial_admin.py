"""The editorial admin in a real browser, as an editor sees it (screenshots for the guide)."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import WorkflowState

from content.editorial.workflow import EDITORS
from content.models import Source
from tests.content.factories import SourceFactory, build_site_tree

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PASSWORD = "a long test password"


@pytest.fixture
def site_tree(db):
    return build_site_tree()


@pytest.fixture
def logged_in_editor(page, live_server, site_tree):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("edith", "edith@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=EDITORS))
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "edith")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return user


def test_editor_sees_dead_sources_on_the_dashboard_and_warnings_on_a_source(
    page,
    live_server,
    logged_in_editor,
    screenshot,
):
    dead = SourceFactory(
        title="Inside the city of cameras", publisher="Daily Mail Online", archive_url=""
    )
    Source.objects.filter(pk=dead.pk).update(
        link_status=Source.LinkStatus.DEAD,
        link_http_status=404,
        link_checked_at=timezone.now(),
        link_check_detail="the server answers 404",
    )
    page.goto(f"{live_server.url}/admin/")
    panel = page.locator("#dead-sources-section")
    assert "Inside the city of cameras" in panel.inner_text()
    screenshot("editorial-dashboard")

    page.goto(f"{live_server.url}/admin/snippets/content/source/edit/{dead.pk}/")
    text = page.locator("main").inner_text()
    assert "Link: Dead (HTTP 404)" in text
    assert "No archive URL" in text
    screenshot("editorial-source-warnings")

    page.goto(f"{live_server.url}/admin/reports/source-links/")
    assert "Inside the city of cameras" in page.locator("table.listing").inner_text()
    screenshot("editorial-source-links-report")
    assert not WorkflowState.objects.exists()
