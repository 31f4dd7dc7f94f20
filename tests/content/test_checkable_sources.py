"""Sources readers can check (issue 15, item 1): every entry in an article's Sources list says
how a reader can check it (live link, archived copy, a republished copy, or print only and
why); a republication is labelled as one; the launch article cites a second, independent
source for its camera figures."""

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from content.citations import CitationIndex
from content.management.commands._demo_format import FIXTURE_PATH
from content.models import Source
from tests.content.factories import SourceFactory, ensure_wagtail_base

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ARTICLE_PATH = "/explainers/chongqing-surveillance/"
REPUBLISHED = (
    "https://newscats.org/the-nightmare-lives-of-the-workers-who-build-your-laptops-in-"
    "chinese-mega-city-videos-show-daily-grind-of-factory-workers-in-metropolis-of-30million-"
    "and-the-creepy-facial-recognition-and-robots-use"
)
FOX = "https://www.foxbusiness.com/technology/cities-under-most-surveillance-world"
LOOKUP = "https://web.archive.org/web/*/"


def text_of(element):
    return re.sub(r"\s+", " ", element.get_text(" ", strip=True))


def hrefs(element):
    return [a["href"] for a in element.select("a[href]")]


@pytest.fixture
def article_html(demo_site, client):
    response = client.get(ARTICLE_PATH)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def entries(article_html):
    """The Sources list as a reader sees it: {publisher: its <li>}."""
    found = {}
    for entry in article_html.select("ol#sources > li"):
        found[text_of(entry.select_one(".source__publisher"))] = entry
    return found


# --- The launch article, as loaded by `make run` ---------------------------------------


def test_the_sources_list_has_the_feature_its_republished_copy_and_the_camera_study(entries):
    assert list(entries) == ["Daily Mail Online (MailOnline)", "newscats.org", "Fox Business"]
    for publisher, entry in entries.items():
        how = entry.select_one(".source__access .source__how")
        assert how is not None, publisher
        assert any(urlsplit(href).scheme == "https" for href in hrefs(entry)), publisher


def test_the_feature_without_a_known_address_sends_readers_to_its_republished_copy(entries):
    entry = entries["Daily Mail Online (MailOnline)"]
    access = entry.select_one(".source__access")
    assert text_of(access).startswith("Republished copy: newscats.org")
    assert "no link to the original is known" in text_of(access)
    assert hrefs(access) == [REPUBLISHED, LOOKUP + REPUBLISHED]
    assert "No link available" not in text_of(entry)


def test_the_republished_copy_is_labelled_and_has_a_live_link_and_an_archive_lookup(entries):
    entry = entries["newscats.org"]
    label = entry.select_one(".source__republication")
    assert re.sub(r"\s+", " ", label.get_text()).strip() == (
        "Republished copy of the original in Daily Mail Online (MailOnline) (6 May 2025)."
    )
    assert label.select_one('time[datetime="2025-05-06"]')
    access = entry.select_one(".source__access")
    assert text_of(access).startswith("Live link: Original · Look for an archived copy")
    assert access.select_one("a.source__link")["href"] == REPUBLISHED
    lookup = access.select_one("a.source__archive-lookup")
    assert lookup["href"] == LOOKUP + REPUBLISHED
    assert "external" in lookup["rel"] and "noreferrer" in lookup["rel"]


def test_the_camera_study_is_cited_to_the_report_that_published_its_figures(entries):
    entry = entries["Fox Business"]
    assert "Big Brother watching you?" in text_of(entry.select_one(".source__title"))
    assert entry.select_one(".source__republication") is None
    assert hrefs(entry.select_one(".source__access")) == [FOX, LOOKUP + FOX]


def test_the_new_paragraph_puts_chongqings_cameras_in_context_and_cites_the_study(
    article_html, entries
):
    fox_anchor = entries["Fox Business"]["id"]
    paragraph = next(
        p for p in article_html.select(".article-body .prose p") if "Comparitech" in p.get_text()
    )
    text = text_of(paragraph)
    assert "168 for every 1,000 people" in text
    assert "120 large cities" in text and "15.4 million" in text
    markers = [a["href"] for a in paragraph.select("sup.citation a")]
    assert markers and set(markers) == {f"#{fox_anchor}"}
    assert len(markers) == 3  # the ranking, the narrower population, the link with crime


def test_the_article_says_it_read_the_feature_in_a_republished_copy(article_html, entries):
    copy_anchor = entries["newscats.org"]["id"]
    cited = article_html.select(f'sup.citation a[href="#{copy_anchor}"]')
    assert len(cited) == 1
    sentence = cited[0].find_parent("p")
    assert "republished on another news site" in text_of(sentence)


def test_the_chinese_explainer_cites_the_study_with_the_same_figure():
    chinese = json.loads((FIXTURES / "demo.zh-hans.json").read_text(encoding="utf-8"))
    body = chinese["pages"]["children"][0]["children"][0]["body"]
    paragraph = next(b["value"] for b in body if "Comparitech" in str(b["value"]))
    assert "每千人168个" in paragraph
    assert paragraph.count("{{source:foxbusiness-cctv-2019}}") == 3


# --- Each way to check a Source -------------------------------------------------------


def sources_list(*sources):
    """The Sources list component, for Sources cited in this order."""
    citations = CitationIndex.for_source_ids([source.pk for source in sources])
    for source in sources:
        citations.cite(source.pk)
    html = render_to_string("components/sources_list.html", {"citations": citations})
    return BeautifulSoup(html, "html.parser").select("ol#sources > li")


@pytest.fixture
def kinds_of_source(db):
    original = SourceFactory(title="The original", url="", archive_url="")
    return {
        "live, with a stored copy": SourceFactory(
            url="https://news.example.org/a", archive_url="https://archive.example.org/a"
        ),
        "live, no copy stored": SourceFactory(url="https://news.example.org/b", archive_url=""),
        "only the copy": SourceFactory(url="", archive_url="https://archive.example.org/c"),
        "print only": SourceFactory(
            url="", archive_url="", print_only_reason="Printed edition only; held by libraries."
        ),
        "original": original,
        "republished": SourceFactory(
            publisher="Reprints",
            title="The original",
            url="https://reprints.example.org/original",
            archive_url="",
            republication_of=original,
        ),
        "nothing": SourceFactory(url="", archive_url=""),
    }


def test_each_source_says_how_a_reader_can_check_it(kinds_of_source):
    entries = dict(zip(kinds_of_source, sources_list(*kinds_of_source.values()), strict=True))
    access = {name: entry.select_one(".source__access") for name, entry in entries.items()}
    # A stored archive URL wins over the lookup link.
    assert text_of(access["live, with a stored copy"]).startswith("Live link: Original · Archived")
    assert hrefs(access["live, with a stored copy"]) == [
        "https://news.example.org/a",
        "https://archive.example.org/a",
    ]
    assert hrefs(access["live, no copy stored"]) == [
        "https://news.example.org/b",
        LOOKUP + "https://news.example.org/b",
    ]
    assert text_of(access["only the copy"]).startswith("Archived copy: read the archived copy")
    assert hrefs(access["only the copy"]) == ["https://archive.example.org/c"]
    assert text_of(access["print only"]).startswith(
        "Print only: Printed edition only; held by libraries."
    )
    assert hrefs(access["print only"]) == []
    assert hrefs(access["original"]) == [
        "https://reprints.example.org/original",
        LOOKUP + "https://reprints.example.org/original",
    ]
    assert text_of(entries["republished"].select_one(".source__republication")).startswith(
        "Republished copy of the original in Publisher"
    )
    assert text_of(access["nothing"]).startswith("No link available.")


def test_a_dead_link_without_a_copy_offers_the_archive_lookup(db):
    source = SourceFactory(url="https://gone.example.org/x", archive_url="")
    source.link_status = Source.LinkStatus.DEAD  # as the link checker records it
    source.save()
    access = sources_list(source)[0].select_one(".source__access")
    assert "Original link dead; no archived copy" in text_of(access)
    assert hrefs(access) == [LOOKUP + "https://gone.example.org/x"]


def test_the_ways_to_check_a_source_read_in_chinese(kinds_of_source):
    with translation.override("zh-hans"):
        entries = sources_list(*kinds_of_source.values())
    texts = [text_of(entry.select_one(".source__access")) for entry in entries]
    assert texts[0].startswith("在线链接： 原文 · 存档副本")
    assert texts[1].startswith("在线链接： 原文 · 查找存档副本")
    assert texts[2].startswith("存档副本： 阅读存档副本")
    assert texts[3].startswith("仅有印刷版： Printed edition only")
    assert texts[4].startswith("转载版本：") and "（原文链接不详）" in texts[4]
    assert text_of(entries[5].select_one(".source__republication")).startswith("转载自Publisher")
    assert texts[6].startswith("没有可用的链接。")


# --- For editors ----------------------------------------------------------------------


def test_a_print_only_reason_beside_a_link_is_refused_with_a_clear_message(db):
    source = SourceFactory.build(url="https://news.example.org/x", print_only_reason="In print")
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "leave 'why there is no link' empty" in str(error.value.message_dict)


def test_a_source_cannot_be_a_republication_of_itself_or_of_its_copy(db):
    original = SourceFactory()
    copy = SourceFactory(republication_of=original)
    original.republication_of = copy
    with pytest.raises(ValidationError) as error:
        original.full_clean()
    assert "cannot be a republication of itself" in str(error.value.message_dict)
    copy.republication_of = copy
    with pytest.raises(ValidationError):
        copy.full_clean()


def test_a_republication_shares_its_originals_title_without_a_duplicate_warning(db):
    original = SourceFactory(title="The same headline")
    copy = SourceFactory(title="The same headline", republication_of=original)
    assert not any("same title" in warning for warning in copy.quality_warnings())
    assert not any("same title" in warning for warning in original.quality_warnings())


def test_a_source_readers_cannot_check_is_flagged_to_editors(db):
    source = SourceFactory(url="", archive_url="")
    assert any("Readers have no way to check" in w for w in source.quality_warnings())
    source.print_only_reason = "Printed edition only."
    assert not any("Readers have no way to check" in w for w in source.quality_warnings())


def test_the_source_form_explains_the_new_fields(client, django_user_model):
    editor = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(editor)
    response = client.get(reverse("wagtailsnippets_content_source:add"))
    page = text_of(BeautifulSoup(response.content, "html.parser"))
    assert "Why there is no link" in page
    assert "Readers see 'Print only:' followed by this text." in page
    assert "Republication of" in page
    assert "choose the original's Source" in page
    assert "a link to look for one in the Internet Archive" in page


# --- The demo fixture ----------------------------------------------------------------


def fixture_in(directory, data):
    """The demo fixture ``data``, written beside a copy of its media."""
    shutil.copytree(FIXTURE_PATH.parent / "media", directory / "media")
    fixture = directory / "demo.json"
    fixture.write_text(json.dumps(data), encoding="utf-8")
    return fixture


def test_a_republication_listed_before_its_original_still_loads(db, tmp_path):
    data = json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))
    data["sources"] = dict(reversed(list(data["sources"].items())))
    fixture = fixture_in(tmp_path, data)
    ensure_wagtail_base()
    call_command("load_demo", fixture=fixture, verbosity=0)
    copy = Source.objects.get(publisher="newscats.org")
    assert copy.republication_of.publisher == "Daily Mail Online (MailOnline)"


def test_republications_that_go_round_in_a_circle_are_refused(db, tmp_path):
    data = json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))
    data["sources"]["dailymail-chongqing-2025"]["republication_of"] = "newscats-chongqing-2025"
    fixture = fixture_in(tmp_path, data)
    with pytest.raises(CommandError, match="go round in a circle"):
        call_command("load_demo", fixture=fixture, verbosity=0)
    assert not Source.objects.exists()
