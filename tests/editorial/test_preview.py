"""The editor's preview may be framed by the admin; the public page it shows may not be."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from content.models import ArticlePage
from tests.editorial.conftest import article_form_data

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_preview_in_the_editor_may_be_framed_by_the_admin_only(client, editor, draft_article):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[draft_article.pk])
    posted = client.post(url, article_form_data(draft_article))
    assert posted.json()["is_valid"] is True

    preview = client.get(url, {"in_preview_panel": "true"})

    assert preview.status_code == 200
    assert "<h1" in preview.content.decode() and draft_article.title in preview.content.decode()
    policy = directives(preview)
    assert policy["frame-ancestors"] == ["'self'"]
    assert preview.headers["X-Frame-Options"] == "SAMEORIGIN"
    # Otherwise it is the readers' policy: nothing inline, nothing from elsewhere.
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]


def test_a_revision_preview_may_be_framed_by_the_admin(client, editor, draft_article):
    client.force_login(editor)
    revision = draft_article.latest_revision
    response = client.get(
        reverse("wagtailadmin_pages:revisions_view", args=[draft_article.pk, revision.pk])
    )
    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == ["'self'"]


def test_the_published_page_still_refuses_every_frame(client, editor, draft_article):
    draft_article.save_revision().publish()
    client.force_login(editor)  # an editor reading the site gets the readers' page
    response = client.get(draft_article.url)
    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_preview_of_a_new_article_not_saved_yet_shows_it(client, editor, site_tree):
    """The editor's preview runs as soon as a new article's form is valid, before it is
    saved: the page has no id yet, and neither comments nor relations to fetch."""
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:preview_on_add", args=["content", "articlepage", site_tree.index.pk]
    )
    new_article = ArticlePage(
        title="Not saved yet",
        slug="not-saved-yet",
        standfirst="Seen in the preview before anyone saves it.",
        first_published=datetime.date(2025, 6, 1),
        last_reviewed=datetime.date(2025, 6, 1),
    )
    assert client.post(url, article_form_data(new_article)).json()["is_valid"] is True

    preview = client.get(url, {"in_preview_panel": "true"})

    assert preview.status_code == 200
    soup = BeautifulSoup(preview.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Not saved yet"
    assert soup.select("form[data-comment-form], textarea") == []  # nowhere to comment yet
