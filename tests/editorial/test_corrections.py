"""The corrections and updates log: shown to readers, append-only once published."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.urls import reverse

from content.editorial.forms import PUBLISHED_ENTRY_CHANGED
from content.models import ArticleCorrection, ArticlePage
from tests.content.factories import ArticlePageFactory, publish
from tests.editorial.conftest import approve_fact_check, article_form_data

pytestmark = pytest.mark.django_db

FIGURE_FIX = "We said Chongqing has 30 million people; the source says 32 million."


@pytest.fixture
def corrected_article(site_tree):
    article = ArticlePageFactory(parent=site_tree.index, first_published=datetime.date(2025, 6, 1))
    article.corrections.add(
        ArticleCorrection(date=datetime.date(2025, 7, 3), kind="correction", text=FIGURE_FIX)
    )
    article.corrections.add(
        ArticleCorrection(
            date=datetime.date(2025, 8, 9), kind="update", text="Added the 2025 camera count."
        )
    )
    publish(article)
    return ArticlePage.objects.get(pk=article.pk)  # with the entries as stored


def render(template, page, **context):
    return BeautifulSoup(render_to_string(template, {"page": page, **context}), "html.parser")


def test_readers_see_every_entry_at_the_end_oldest_first(corrected_article):
    log = render("components/corrections.html", corrected_article)
    section = log.select_one("section#corrections")
    assert section.h2.get_text() == "Corrections and updates"
    entries = section.select("li")
    assert [entry.time["datetime"] for entry in entries] == ["2025-07-03", "2025-08-09"]
    assert "Correction" in entries[0].get_text() and FIGURE_FIX in entries[0].get_text()
    assert "Update" in entries[1].get_text()


def test_the_top_of_the_article_notes_the_latest_change(corrected_article):
    notice = render("components/corrections.html", corrected_article, placement="notice")
    text = notice.select_one(".correction-notice").get_text(" ", strip=True)
    assert text.startswith("Updated on 9 August 2025")
    assert notice.select_one(".correction-notice a")["href"] == "#corrections"
    assert notice.time["datetime"] == "2025-08-09"


def test_an_article_without_corrections_shows_no_log(site_tree):
    article = ArticlePageFactory(parent=site_tree.index)
    assert render("components/corrections.html", article).get_text(strip=True) == ""
    assert render("components/corrections.html", article, placement="notice").text.strip() == ""


def test_date_modified_is_the_newest_entry_or_the_publication_date(corrected_article, site_tree):
    assert corrected_article.date_modified == datetime.date(2025, 8, 9)
    assert corrected_article.latest_correction.text == "Added the 2025 camera count."
    plain = ArticlePageFactory(parent=site_tree.index, first_published=datetime.date(2025, 6, 1))
    assert plain.date_modified == datetime.date(2025, 6, 1)


def test_an_editor_adds_a_correction_through_the_admin_and_it_is_kept_in_the_history(
    admin_client, corrected_article
):
    entries = [
        {"id": str(e.pk), "date": e.date.isoformat(), "kind": e.kind, "text": e.text}
        for e in corrected_article.corrections.all()
    ]
    entries.append({"date": "2025-09-01", "kind": "clarification", "text": "Named the agency."})
    url = reverse("wagtailadmin_pages:edit", args=[corrected_article.pk])
    response = admin_client.post(
        url, article_form_data(corrected_article, corrections=entries) | {"action-submit": "1"}
    )
    assert response.status_code == 302
    assert ArticlePage.objects.get(pk=corrected_article.pk).corrections.count() == 2  # unchecked
    approve_fact_check(corrected_article)
    corrected_article = ArticlePage.objects.get(pk=corrected_article.pk)
    assert corrected_article.corrections.count() == 3
    assert corrected_article.date_modified == datetime.date(2025, 9, 1)
    revision_content = corrected_article.latest_revision.content
    assert [entry["text"] for entry in revision_content["corrections"]][-1] == "Named the agency."


def test_a_published_entry_cannot_be_removed(admin_client, corrected_article):
    keep_only_the_second = [
        {"id": str(e.pk), "date": e.date.isoformat(), "kind": e.kind, "text": e.text}
        for e in corrected_article.corrections.all()
    ]
    keep_only_the_second[0]["DELETE"] = "1"
    url = reverse("wagtailadmin_pages:edit", args=[corrected_article.pk])
    response = admin_client.post(
        url,
        article_form_data(corrected_article, corrections=keep_only_the_second)
        | {"action-publish": "1"},
    )
    assert response.status_code == 200  # the form comes back with the message
    messages = [str(message) for message in response.context["messages"]]
    assert any(PUBLISHED_ENTRY_CHANGED in message for message in messages)
    assert corrected_article.corrections.count() == 2


def test_a_published_entry_cannot_be_reworded(admin_client, corrected_article):
    reworded = [
        {"id": str(e.pk), "date": e.date.isoformat(), "kind": e.kind, "text": e.text}
        for e in corrected_article.corrections.all()
    ]
    reworded[0]["text"] = "Nothing was ever wrong."
    url = reverse("wagtailadmin_pages:edit", args=[corrected_article.pk])
    response = admin_client.post(
        url, article_form_data(corrected_article, corrections=reworded) | {"action-publish": "1"}
    )
    assert response.status_code == 200
    corrected_article = ArticlePage.objects.get(pk=corrected_article.pk)
    assert corrected_article.corrections.get(date=datetime.date(2025, 7, 3)).text == FIGURE_FIX


def test_entries_of_a_never_published_draft_can_still_be_edited(admin_client, site_tree):
    draft = ArticlePageFactory(parent=site_tree.index, live=False)
    draft.corrections.add(ArticleCorrection(date=datetime.date(2025, 7, 3), text="Typo"))
    draft.save()
    draft = ArticlePage.objects.get(pk=draft.pk)
    entry = draft.corrections.get()
    url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    edited = [{"id": str(entry.pk), "date": "2025-07-03", "kind": "correction", "text": "Fixed"}]
    response = admin_client.post(url, article_form_data(draft, corrections=edited))
    assert response.status_code == 302
