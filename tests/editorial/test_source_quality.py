"""Warnings (not errors) when an editor enters a Source, and the pages that cite it."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from content.models import Source
from tests.content.factories import (
    ArticlePageFactory,
    SourceFactory,
    argument,
    cite,
    paragraph,
    pros_cons,
    publish,
)

pytestmark = pytest.mark.django_db


def source_form(**fields):
    data = {
        "title": "Inside the city of cameras",
        "publisher": "Daily Mail Online",
        "authors": "",
        "date_published": "2025-05-06",
        "kind": "press",
        "language": "en",
        "url": "https://news.example.org/cameras",
        "archive_url": "https://archive.example.org/cameras",
        "date_accessed": "2025-06-01",
        "quote": "",
        # The "In other languages" inline (SourceDescription rows): none.
        "descriptions-TOTAL_FORMS": "0",
        "descriptions-INITIAL_FORMS": "0",
        "descriptions-MIN_NUM_FORMS": "0",
        "descriptions-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def messages_after(response):
    return [str(message) for message in response.context["messages"]]


def test_a_complete_source_is_saved_without_warnings(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailsnippets_content_source:add"), source_form(), follow=True
    )
    assert Source.objects.filter(title="Inside the city of cameras").exists()
    assert not any("Worth fixing" in m or "No archive URL" in m for m in messages_after(response))


def test_a_source_without_archive_or_access_date_is_saved_with_warnings(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailsnippets_content_source:add"),
        source_form(archive_url="", date_accessed=""),
        follow=True,
    )
    assert Source.objects.filter(title="Inside the city of cameras").exists()
    warnings = " ".join(messages_after(response))
    assert "No archive URL" in warnings
    assert "No access date" in warnings


def test_a_duplicate_url_or_title_is_flagged(client, editor):
    SourceFactory(title="Inside the city of cameras", url="https://www.news.example.org/cameras/")
    client.force_login(editor)
    response = client.post(
        reverse("wagtailsnippets_content_source:add"), source_form(), follow=True
    )
    warnings = " ".join(messages_after(response))
    assert "Another Source has the same URL" in warnings
    assert "Another Source has the same title" in warnings


def test_a_url_that_is_not_http_is_flagged_in_the_edit_view(client, editor):
    legacy = SourceFactory(url="ftp://files.example.org/report.pdf")  # e.g. imported
    client.force_login(editor)
    page = client.get(reverse("wagtailsnippets_content_source:edit", args=[legacy.pk]))
    text = BeautifulSoup(page.content, "html.parser").get_text(" ", strip=True)
    assert "The URL is not an http:// or https:// address." in text
    # and saving it through the admin is refused outright (the model's own rule).
    response = client.post(
        reverse("wagtailsnippets_content_source:add"),
        source_form(url="ftp://files.example.org/report.pdf"),
    )
    assert response.status_code == 200
    assert not Source.objects.filter(title="Inside the city of cameras").exists()


def test_the_edit_view_shows_the_link_check_and_links_to_usage(client, editor):
    source = SourceFactory()
    Source.objects.filter(pk=source.pk).update(
        link_status=Source.LinkStatus.DEAD, link_http_status=404, link_checked_at=timezone.now()
    )
    client.force_login(editor)
    page = client.get(reverse("wagtailsnippets_content_source:edit", args=[source.pk]))
    soup = BeautifulSoup(page.content, "html.parser")
    text = soup.get_text(" ", strip=True)
    assert "Link: Dead (HTTP 404)" in text
    assert "Readers are sent to the archived copy." in text
    usage_url = reverse("wagtailsnippets_content_source:usage", args=[source.pk])
    assert soup.find("a", href=usage_url) is not None


def test_the_usage_view_lists_every_page_that_cites_a_source(client, editor, site_tree):
    source = SourceFactory()
    inline = ArticlePageFactory(
        parent=site_tree.index,
        title="Cites it inline",
        body=[paragraph(f"<p>Chongqing is {cite(source, 'huge')}.</p>")],
    )
    in_argument = ArticlePageFactory(
        parent=site_tree.index,
        title="Cites it in an argument",
        body=[pros_cons([argument("Safer streets", [source])], [argument("No privacy", [source])])],
    )
    ArticlePageFactory(parent=site_tree.index, title="Does not cite it")
    for page in (inline, in_argument):
        publish(page)
    client.force_login(editor)
    usage = client.get(reverse("wagtailsnippets_content_source:usage", args=[source.pk]))
    text = BeautifulSoup(usage.content, "html.parser").get_text(" ", strip=True)
    assert "Cites it inline" in text
    assert "Cites it in an argument" in text
    assert "Does not cite it" not in text
