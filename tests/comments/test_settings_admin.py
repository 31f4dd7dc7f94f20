"""Editors tune the pipeline in the Wagtail admin: Settings → Comment settings."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from wagtail.models import Site

from comments.models import CommentSettings, ModerationMode

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, tree):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw-for-tests")
    client.force_login(user)
    return client


def test_every_pipeline_setting_is_editable_in_the_admin(admin_client):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/comments/commentsettings/{site.pk}/"
    form = BeautifulSoup(admin_client.get(url).content, "html.parser")
    names = {field["name"] for field in form.select("[name]")}
    expected = {
        "moderation_mode",
        "close_after_days",
        "min_fill_seconds",
        "form_token_max_age_hours",
        "manage_link_max_age_days",
        "banned_words",
        "watch_words",
        "link_threshold",
        "rate_limit_per_client",
        "rate_limit_per_network",
        "rate_limit_per_article",
        "report_threshold",
        "notify_editors",
        "editor_emails",
    }
    assert expected <= names

    response = admin_client.post(
        url,
        {
            "moderation_mode": ModerationMode.HOLD_ALL,
            "close_after_days": "90",
            "min_fill_seconds": "3",
            "form_token_max_age_hours": "24",
            "manage_link_max_age_days": "365",
            "banned_words": "idiot\nscum",
            "watch_words": "Falun",
            "link_threshold": "2",
            "rate_limit_per_client": "5",
            "rate_limit_per_network": "25",
            "rate_limit_per_article": "60",
            "report_threshold": "3",
            "notify_editors": "on",
            "editor_emails": "editors@example.org",
        },
    )
    assert response.status_code == 302
    saved = CommentSettings.for_site(site)
    assert saved.moderation_mode == ModerationMode.HOLD_ALL
    assert saved.banned_word_list == ["idiot", "scum"]
    assert saved.close_after_days == 90
    assert saved.rate_limit_per_network == 25
