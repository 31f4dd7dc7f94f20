"""A Source in both languages (issue 13, item 1): one record, so one number and one link in
both versions of an article; its descriptive text in the page's language, else the default
language's, marked as such."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Locale

from content.models import SourceDescription
from tests.content.factories import (
    ArticlePageFactory,
    SourceFactory,
    build_site_tree,
    cite,
    paragraph,
    publish,
)
from tests.editorial.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions():
    """An English article and its Chinese translation, citing two Sources: one described in
    Chinese, one not."""
    tree = build_site_tree()
    chinese, _ = Locale.objects.get_or_create(language_code="zh-hans")
    described = SourceFactory(
        title="The city of cameras",
        publisher="Daily Planet",
        print_only_reason="",
        note="A British report on Chongqing's cameras.",
    )
    SourceDescription.objects.create(
        source=described,
        locale=chinese,
        title="摄像头之城",
        publisher="《每日星球报》",
        note="英国媒体关于重庆摄像头的报道。",
    )
    bare = SourceFactory(title="Counting cameras", publisher="Camera Watch", note="A count.")
    body = [paragraph(f"<p>{cite(described, 'Cameras')} and {cite(bare, 'more')}.</p>")]
    english = ArticlePageFactory(parent=tree.index, title="Cameras", body=body)
    publish(english)
    translation = english.copy_for_translation(chinese, copy_parents=True, alias=False)
    translation.title = "摄像头"
    publish(translation)
    return english, translation, described, bare


def sources_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return soup, soup.select("ol#sources > li")


def text(element):
    return " ".join(element.get_text(" ", strip=True).split()) if element else ""


def test_the_chinese_page_describes_a_source_in_chinese_the_english_page_in_english(
    client, two_versions
):
    english, chinese, _, _ = two_versions
    _, (en_entry, _) = sources_of(client, english)
    assert text(en_entry.select_one(".source__publisher")) == "Daily Planet"
    assert text(en_entry.select_one(".source__note")) == "A British report on Chongqing's cameras."
    assert en_entry.select_one(".source__note").get("lang") is None
    assert en_entry.select_one(".source__translated-title") is None

    soup, (zh_entry, _) = sources_of(client, chinese)
    # The original title stays as published, marked as English; its translation follows.
    title = zh_entry.select_one("cite.source__title")
    assert (text(title), title["lang"]) == ("The city of cameras", "en")
    assert text(zh_entry.select_one(".source__translated-title")) == "（《摄像头之城》）"
    publisher = zh_entry.select_one(".source__publisher")
    assert text(publisher) == "《每日星球报》" and publisher.get("lang") is None
    note = zh_entry.select_one(".source__note")
    assert text(note) == "英国媒体关于重庆摄像头的报道。" and note.get("lang") is None
    # The citation marker's label names the publisher as Chinese readers know it.
    marker = soup.select_one("sup.citation a")
    assert marker["aria-label"] == "来源 1：《每日星球报》"


def test_a_source_without_chinese_text_shows_the_english_marked_as_english(client, two_versions):
    _, chinese, _, _ = two_versions
    _, (_, zh_bare) = sources_of(client, chinese)
    note = zh_bare.select_one(".source__note")
    assert (text(note), note["lang"]) == ("A count.", "en")
    publisher = zh_bare.select_one(".source__publisher")
    assert (text(publisher), publisher["lang"]) == ("Camera Watch", "en")
    assert zh_bare.select_one(".source__translated-title") is None


def test_a_source_keeps_its_number_and_link_in_both_versions(client, two_versions):
    english, chinese, described, bare = two_versions
    _, en_entries = sources_of(client, english)
    _, zh_entries = sources_of(client, chinese)
    for en_entry, zh_entry, source in zip(en_entries, zh_entries, (described, bare), strict=True):
        assert en_entry["id"] == zh_entry["id"]
        en_link = en_entry.select_one("a.source__link")["href"]
        assert en_link == zh_entry.select_one("a.source__link")["href"] == source.url
    assert [e["id"] for e in zh_entries] == ["source-1", "source-2"]


def test_the_print_only_reason_follows_the_language():
    chinese, _ = Locale.objects.get_or_create(language_code="zh-hans")
    source = SourceFactory(url="", archive_url="", print_only_reason="Printed edition only.")
    SourceDescription.objects.create(
        source=source, locale=chinese, print_only_reason="仅有印刷版。"
    )
    assert source.described_in("en").print_only_reason == "Printed edition only."
    chinese_text = source.described_in("zh-hans")
    assert (chinese_text.print_only_reason, chinese_text.print_only_reason_lang) == (
        "仅有印刷版。",
        "",
    )


@pytest.fixture
def editor_and_source():
    build_site_tree()
    Locale.objects.get_or_create(language_code="zh-hans")
    user = make_user("edith", is_superuser=True)
    return user, SourceFactory(title="The city of cameras", publisher="Daily Planet")


def form_data(source, rows):
    data = {
        "title": source.title,
        "publisher": source.publisher,
        "authors": source.authors,
        "date_published": source.date_published.isoformat(),
        "url": source.url,
        "archive_url": source.archive_url,
        "date_accessed": source.date_accessed.isoformat(),
        "kind": source.kind,
        "language": source.language,
        "quote": "",
        "translated_title": "",
        "note": "",
        "print_only_reason": "",
        "republication_of": "",
        "descriptions-TOTAL_FORMS": str(len(rows)),
        "descriptions-INITIAL_FORMS": "0",
        "descriptions-MIN_NUM_FORMS": "0",
        "descriptions-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        prefix = f"descriptions-{number}-"
        data |= {prefix + "ORDER": str(number + 1), prefix + "DELETE": "", prefix + "id": ""}
        data |= {prefix + key: value for key, value in row.items()}
    return data


def test_the_source_form_has_the_other_languages_and_saves_them(client, editor_and_source):
    user, source = editor_and_source
    client.force_login(user)
    url = reverse("wagtailsnippets_content_source:edit", args=[source.pk])
    page = BeautifulSoup(client.get(url).content, "html.parser")
    assert page.select_one("#id_descriptions-TOTAL_FORMS")
    assert "In other languages" in page.get_text()
    # Only the other languages can be chosen: the default's text is the Source's own.
    template = page.select_one("#id_descriptions-EMPTY_FORM_TEMPLATE")
    assert "简体中文" in template.get_text() or "zh-hans" in template.get_text()
    chinese = Locale.objects.get(language_code="zh-hans")
    row = {"locale": str(chinese.pk), "title": "摄像头之城", "publisher": "", "note": "报道。"}
    row |= {"print_only_reason": ""}
    response = client.post(url, form_data(source, [row]))
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = SourceDescription.objects.get(source=source)
    assert (saved.locale, saved.title, saved.note) == (chinese, "摄像头之城", "报道。")

    # Two rows in one language: a message in the form, not an error page.
    response = client.post(url, form_data(source, [row, row]))
    assert response.status_code == 200
    assert "duplicate" in response.content.decode()
    assert SourceDescription.objects.filter(source=source).count() == 1
