"""An explainer's public history: <article>/changes/ lists its published versions with their
correction notes, and ?from=N&to=M shows what changed, word by word."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageLogEntry

from content.changes import word_diff
from content.editorial.forms import ArticlePageForm
from content.models import ArticleCorrection, ArticlePage
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

SENTENCE = "The city has about 20 million cameras, one for every two residents."
CORRECTED = "The city has about 2.6 million cameras, one for every twelve residents."


@pytest.fixture
def sources():
    return [
        SourceFactory(publisher="The Daily Example", title="Inside the city of cameras"),
        SourceFactory(publisher="Ministry of Examples", title="Video networks report"),
        SourceFactory(publisher="Research Institute", title="Counting the cameras"),
    ]


def body(sources, sentence=SENTENCE, crisis="Cameras help in a crisis", extra_source=False):
    cited = cite(sources[2]) if extra_source else cite(sources[0])
    return [
        paragraph(f"<p>{sentence} {cited}</p>"),
        pros_cons(
            pros=[
                argument("Cameras deter crime", [sources[1]]),
                argument(crisis, [sources[1]]),
            ],
            cons=[argument("Cameras watch everyone", [sources[0]])],
        ),
    ]


@pytest.fixture
def article(site_tree, sources):
    page = ArticlePageFactory(
        parent=site_tree.index,
        title="Chongqing: how a megacity watches its people",
        slug="chongqing",
        body=body(sources),
    )
    return publish(page)


def publish_edit(page, *, sentence=SENTENCE, crisis="Cameras help in a crisis", **kwargs):
    """A new version of ``page``: its body edited as an editor would (block and argument ids
    kept), with an optional correction note; published unless ``draft``."""
    draft = kwargs.pop("draft", False)
    page = ArticlePage.objects.get(pk=page.pk)
    raw = json.loads(json.dumps(list(page.body.raw_data)))
    raw[0]["value"] = raw[0]["value"].replace(SENTENCE, sentence)
    raw[1]["value"]["pros"][1]["value"]["headline"] = crisis
    if kwargs.pop("extra_source", False):
        raw[0]["value"] += f"<p>Another count {cite(kwargs['sources'][2])}.</p>"
    kwargs.pop("sources", None)
    page.body = raw
    if note := kwargs.pop("note", None):
        page.corrections.add(ArticleCorrection(date=datetime.date(2025, 7, 9), **note))
    revision = page.save_revision()
    if not draft:
        revision.publish()
    return page


def read(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return BeautifulSoup(response.content, "html.parser")


def changes_url(page):
    return f"{ArticlePage.objects.get(pk=page.pk).url}changes/"


def text(node):
    return " ".join(node.get_text(" ").split())


# The list of versions --------------------------------------------------------------------


def test_the_changes_page_lists_only_published_versions_with_their_notes(client, article):
    publish_edit(
        article,
        sentence=CORRECTED,
        note={"kind": "correction", "text": "We gave the wrong number of cameras."},
    )
    publish_edit(article, sentence="A draft nobody has checked.", draft=True)
    soup = read(client, changes_url(article))
    versions = soup.select(".versions > li")
    # Newest first; the unpublished draft is nowhere.
    assert [text(v.select_one(".version__title")).split(" · ")[0] for v in versions] == [
        "Version 2",
        "Version 1",
    ]
    assert "We gave the wrong number of cameras." in text(versions[0])
    assert "Correction" in text(versions[0])
    assert "First published." in text(versions[1])
    assert "A draft nobody has checked" not in soup.get_text()
    assert versions[0].select_one("a")["href"] == "?from=1&to=2"


def test_the_listing_names_no_editor(client, article, django_user_model):
    editor = django_user_model.objects.create_superuser(
        "ed.itor", email="ed.itor@example.org", first_name="Eddie", last_name="Itor"
    )
    page = ArticlePage.objects.get(pk=article.pk)
    # The workflow's fact check publishes in the admin; the log records who did it.
    page.save_revision(user=editor).publish(user=editor, skip_permission_checks=True)
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=editor).exists()
    html = read(client, changes_url(article)).get_text()
    for personal in ("ed.itor", "Eddie", "Itor", "example.org"):
        assert personal not in html


def test_the_article_links_to_its_changes_page(client, article):
    soup = read(client, ArticlePage.objects.get(pk=article.pk).url)
    link = soup.select_one(".changes-link a")
    assert link["href"] == changes_url(article)
    assert text(link) == "Changes to this explainer"


def listing_queries(client, page):
    """The queries of the Changes page, read a second time (the site's own caches warm)."""
    client.get(changes_url(page))
    with CaptureQueriesContext(connection) as queries:
        soup = read(client, changes_url(page))
    return soup, queries


def test_the_listing_reads_no_revision_content_and_a_bounded_number_of_queries(client, article):
    publish_edit(article, sentence=f"{SENTENCE} Edit.")
    _soup, few = listing_queries(client, article)
    for number in range(6):
        publish_edit(article, sentence=f"{SENTENCE} Edit {number}.")
    soup, many = listing_queries(client, article)
    assert len(soup.select(".versions > li")) == 8
    assert len(many) == len(few) <= 12
    revision_reads = [query["sql"] for query in many if "wagtailcore_revision" in query["sql"]]
    # One query for the corrections of every published revision: the key, not the content.
    assert len(revision_reads) == 1
    assert "corrections" in revision_reads[0].split(" FROM ")[0]


# Comparing two versions ------------------------------------------------------------------


def test_an_edited_sentence_shows_as_removed_and_added_words(client, article):
    publish_edit(article, sentence=CORRECTED)
    soup = read(client, f"{changes_url(article)}?from=1&to=2")
    change = soup.select_one(".change")
    assert text(change.select_one(".change__label")).startswith("Paragraph · changed")
    removed = [text(node) for node in change.select("del")]
    added = [text(node) for node in change.select("ins")]
    assert any("20" in words for words in removed)
    assert any("2.6" in words for words in added)
    assert any("two" in words for words in removed) and any("twelve" in w for w in added)
    # Screen readers hear which words went and which came.
    assert change.select_one("del .visually-hidden").get_text().strip() == "[removed:"
    assert change.select_one("ins .visually-hidden").get_text().strip() == "[added:"
    # The words both versions share are plain text.
    assert "The city has about" in text(change)


def test_a_changed_argument_is_named_by_its_column_and_number(client, article):
    publish_edit(article, crisis="Cameras can help in some crises")
    soup = read(client, f"{changes_url(article)}?from=1&to=2")
    changes = soup.select(".change")
    assert len(changes) == 1
    label = text(changes[0].select_one(".change__label"))
    assert label.startswith("Arguments for: argument 2 · changed")
    assert changes[0].select_one(".change__label a")["href"].endswith("#for-2")
    assert [text(node) for node in changes[0].select("ins")] == [
        "[added: can ]",
        "[added: some crises ]",
    ]
    assert [text(node) for node in changes[0].select("del")] == ["[removed: a crisis ]"]


def test_an_added_source_is_listed(client, article, sources):
    publish_edit(article, extra_source=True, sources=sources)
    soup = read(client, f"{changes_url(article)}?from=1&to=2")
    added = [text(node) for node in soup.select(".changes__sources ins")]
    assert added == ["[added: Research Institute · Counting the cameras ]"]


def test_the_correction_note_links_to_the_passage_and_the_passage_links_back(client, article):
    publish_edit(
        article,
        crisis="Cameras can help in a crisis",
        note={"kind": "correction", "text": "The claim was overstated.", "target": "for-2"},
    )
    page = ArticlePage.objects.get(pk=article.pk)
    soup = read(client, page.url)
    entry = soup.select_one("#corrections .correction")
    assert entry["id"] == "correction-1"
    assert entry.select_one(".correction__passage a")["href"] == "#for-2"
    back = soup.select_one("#for-2 .corrected-mark a")
    assert back["href"] == "#correction-1"
    assert text(back) == "Corrected: see note"
    assert soup.select_one("#for-1 .corrected-mark") is None
    diff = read(client, f"{changes_url(article)}?from=1&to=2")
    note_link = diff.select_one(".changes__notes a")
    assert note_link["href"] == f"{page.url}#for-2"


def test_a_correction_naming_a_passage_the_article_lacks_is_refused(article):
    page = ArticlePage.objects.get(pk=article.pk)
    form_class = page.get_edit_handler().get_form_class()
    assert issubclass(form_class, ArticlePageForm)
    data = {
        "corrections-TOTAL_FORMS": "2",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
        **{
            f"corrections-{index}-{name}": value
            for index, target in enumerate(["for-9", "#For-2"])
            for name, value in {
                "date": "2025-07-09",
                "kind": "correction",
                "text": "Fixed.",
                "target": target,
                "ORDER": str(index + 1),
            }.items()
        },
    }
    form = form_class(data, instance=page, for_user=get_user_model()(is_superuser=True))
    formset = form.formsets["corrections"]
    assert formset.is_valid()
    form.check_correction_targets(page.body)
    # The message stands beside the field the editor typed in; "#For-2" is an argument's link.
    assert "This article has no passage “for-9”" in formset.forms[0].errors["target"][0]
    assert "target" not in formset.forms[1].errors
    assert formset.forms[1].instance.target == "for-2"
    assert not formset.is_valid()


# Bad addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("?from=1&to=9", 404, "There is no published version with that number."),
        ("?from=2&to=1", 400, "Choose an earlier version first"),
        ("?from=1&to=1", 400, "Choose an earlier version first"),
        ("?from=one&to=2", 400, "To compare two versions, give the number of each"),
        ("?from=1", 400, "To compare two versions, give the number of each"),
        ("?from=%00&to=2", 400, "To compare two versions, give the number of each"),
        ("?from=99999999999999999999&to=2", 400, "To compare two versions"),
    ],
)
def test_bad_comparisons_say_what_is_wrong_and_still_list_the_versions(
    client, article, query, status, message
):
    publish_edit(article, sentence=CORRECTED)
    soup = read(client, f"{changes_url(article)}{query}", status=status)
    assert message in text(soup.select_one(".changes__error"))
    assert len(soup.select(".versions > li")) == 2
    assert soup.select(".change") == []


def test_an_unpublished_revision_cannot_be_compared(client, article):
    publish_edit(article, sentence="A draft nobody has checked.", draft=True)
    soup = read(client, f"{changes_url(article)}?from=1&to=2", status=404)
    assert "A draft nobody has checked" not in soup.get_text()


def test_a_draft_article_has_no_changes_page(client, site_tree):
    draft = ArticlePageFactory(parent=site_tree.index, slug="draft", live=False)
    response = client.get(f"{site_tree.index.url}{draft.slug}/changes/")
    assert response.status_code == 404


# In Chinese ------------------------------------------------------------------------------


def test_the_chinese_article_has_its_own_history_in_chinese(client, article):
    chinese = article.copy_for_translation(
        Locale.objects.get_or_create(language_code="zh-hans")[0], copy_parents=True
    )
    chinese.save_revision().publish()
    chinese = ArticlePage.objects.get(pk=chinese.pk)
    chinese.standfirst = "摄像头看到什么，谁在看。"
    chinese.save_revision().publish()
    published = PageLogEntry.objects.filter(page=chinese, action="wagtail.publish")
    assert published.count() == 2
    published.update(timestamp=datetime.datetime(2025, 5, 6, 8, 0, tzinfo=datetime.UTC))
    publish_edit(article, sentence=CORRECTED)  # the English history is another page's
    soup = read(client, changes_url(chinese))
    assert soup.find("html")["lang"] == "zh-Hans"
    assert text(soup.find("h1")) == "这篇解读的修改记录"
    titles = [text(node) for node in soup.select(".version__title")]
    assert len(titles) == 2
    assert titles[0].startswith("第 2 版 · 2025年5月6日 08:00")
    diff = read(client, f"{changes_url(chinese)}?from=1&to=2")
    change = diff.select_one(".change")
    assert text(change.select_one(".change__label")).startswith("导语")
    assert change.select_one("ins .visually-hidden").get_text().strip() == "[新增："


def test_a_marked_change_neither_ends_with_a_space_nor_loses_one():
    old, new = "the same systems speed up", "the same systems can speed up"
    parts = word_diff(old, new)
    assert [words.strip() for op, words in parts if op != "same"] == ["can"]
    assert all(words == words.rstrip() for op, words in parts if op != "same")
    # Read with the added words, it is the new text; with the removed ones, the old text
    # (as a browser shows it: runs of spaces are one).
    assert "".join(words for op, words in parts if op != "removed") == new
    assert " ".join("".join(w for op, w in parts if op != "added").split()) == old
    assert "".join(words for _op, words in word_diff("a b", "a  b")) == "a  b"


def test_chinese_words_are_compared_a_character_at_a_time():
    parts = word_diff("重庆有三千万人口", "重庆有三千二百万人口")
    assert ("added", "二百") in parts
    assert ("same", "重庆有三千") in parts
