"""Who and how: bylines, author pages, "How we made this" with the fact check that approved
the live version, the editorial standards link, and the authors in every citation format."""

import datetime
import json

import bibtexparser
import pytest
import rispy
from bibtexparser.bparser import BibTexParser
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale, Page

from content.editorial.workflow import EDITORS, FACT_CHECKERS
from content.models import ArticleAuthor, ArticlePage, Author, EditorialStandardsSettings
from tests.content.factories import ArticlePageFactory, StandardPageFactory, publish
from tests.editorial.conftest import approve_fact_check, make_user
from tests.editorial.test_publishing_rules import submit

pytestmark = pytest.mark.django_db


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def text_of(node):
    return " ".join(node.get_text().split())


@pytest.fixture
def authors(db):
    return [
        Author.objects.create(name="Hannah Okafor", bio="One of the editors."),
        Author.objects.create(name="李文", slug="li-wen", bio="The other editor."),
    ]


@pytest.fixture
def bylined(site_tree, authors):
    page = ArticlePageFactory(
        parent=site_tree.index,
        title="Cameras on every corner",
        slug="cameras",
        first_published=datetime.date(2025, 6, 1),
    )
    page.article_authors = [
        ArticleAuthor(author=author, sort_order=n) for n, author in enumerate(authors)
    ]
    return publish(page)


# --- The demo, as `make run` loads it -------------------------------------------------------


def test_demo_article_has_byline_checked_by_and_standards_in_both_languages(demo_site, client):
    english = ArticlePage.objects.get(locale__language_code="en")
    soup = read(client, english.url)
    byline = soup.select_one(".article-header .byline")
    assert text_of(byline) == "By Hannah Okafor"
    assert byline.a["href"] == "/authors/hannah-okafor/"
    how = soup.select_one("section.how-made")
    assert how.h2.get_text() == "How we made this"
    assert "could not find its original address" in how.get_text()
    check = how.select_one(".how-made__check")
    # The live version is the corrected one the demo's history publishes on 1 December 2026.
    assert text_of(check) == "Checked by Li Wen on 1 December 2026."
    assert check.a["href"] == "/authors/li-wen/"
    assert how.select_one(".how-made__standards a")["href"] == "/editorial-standards/"
    # The demo's fact-checker account signs nothing itself: never its username.
    assert "demo-li-wen" not in soup.decode()
    assert [m["content"] for m in soup.find_all("meta", attrs={"name": "citation_author"})] == [
        "Hannah Okafor"
    ]

    chinese = ArticlePage.objects.get(locale__language_code="zh-hans")
    with translation.override("zh-hans"):
        soup = read(client, chinese.url)
    byline = soup.select_one(".article-header .byline")
    assert text_of(byline) == "作者 汉娜·奥卡福"
    assert byline.a["href"] == "/zh-hans/authors/hannah-okafor/"
    how = soup.select_one("section.how-made")
    assert how.h2.get_text() == "我们如何完成本文"
    # The live version is the corrected one the Chinese history publishes on 2 December 2026.
    assert text_of(how.select_one(".how-made__check")) == "由李文于2026年12月2日核查。"
    standards = how.select_one(".how-made__standards a")
    assert standards["href"] == "/zh-hans/bianji-zhunze/"
    with translation.override("zh-hans"):
        standards_page = read(client, standards["href"])
    assert standards_page.h1.get_text() == "编辑准则"
    headings = [h.get_text() for h in standards_page.select("h2")]
    assert {"来源", "事实核查", "更正", "独立性", "评论"} <= set(headings)


def test_demo_author_pages_in_both_languages(demo_site, client):
    soup = read(client, "/authors/hannah-okafor/")
    assert soup.h1.get_text() == "Hannah Okafor"
    assert "editors who run Surveillance, Explained" in soup.select_one(".standfirst").get_text()
    titles = [text_of(a) for a in soup.select(".article-list a, .card a") if text_of(a)]
    assert "Chongqing: how a megacity watches its people" in titles
    switch = soup.select_one(".language-switcher a")
    assert switch["href"] == "/zh-hans/authors/hannah-okafor/"

    with translation.override("zh-hans"):
        soup = read(client, "/zh-hans/authors/hannah-okafor/")
    assert soup.h1.get_text() == "汉娜·奥卡福"
    chinese = ArticlePage.objects.get(locale__language_code="zh-hans")
    assert chinese.title in soup.get_text()
    assert "Chongqing: how a megacity" not in soup.get_text()  # only Chinese explainers

    # Li Wen checks, he does not write: his page says he has no explainers yet.
    soup = read(client, "/authors/li-wen/")
    assert "No explainers by this author yet." in soup.get_text()
    assert client.get("/authors/nobody/").status_code == 404


def test_the_standards_page_is_linked_from_every_article(demo_site, client):
    english = ArticlePage.objects.get(locale__language_code="en")
    other = ArticlePageFactory(parent=english.get_parent(), title="Another explainer", slug="x")
    other = publish(other)
    for page in (english, other):
        soup = read(client, page.url)
        link = soup.select_one("section.how-made .how-made__standards a")
        assert link is not None, page.url
        assert link["href"] == "/editorial-standards/"
    # Published without the fact check (as a test publishes): it says so, and names no one.
    assert "No fact-check approval is recorded for this version." in read(client, other.url).text


# --- The fact check behind "Checked by" ------------------------------------------------------


def test_checked_by_comes_from_the_approved_fact_check_of_the_live_version(site_tree, client):
    editor = make_user("edith", EDITORS)
    checker = make_user("fatima", FACT_CHECKERS)
    article = ArticlePageFactory(parent=site_tree.index, title="Checked piece", live=False)
    article.owner = editor
    article.save(update_fields=["owner"])
    article.save_revision(user=editor)
    submit(client, editor, article)
    approve_fact_check(article, checker)
    client.logout()

    # The reviewer has no public name: the team signs, and the account stays private.
    soup = read(client, article.url)
    check = text_of(soup.select_one(".how-made__check"))
    today = timezone.localdate()
    assert check == f"Checked by the fact-check team on {today.day} {today:%B %Y}."
    page = soup.decode()
    assert "fatima" not in page.lower() and "@example.org" not in page

    # Linked to an author, the reviewer is named with that public name and page.
    Author.objects.create(name="Fatima Example", slug="fatima-example", user=checker)
    soup = read(client, article.url)
    check = soup.select_one(".how-made__check")
    assert text_of(check) == f"Checked by Fatima Example on {today.day} {today:%B %Y}."
    assert check.a["href"] == "/authors/fatima-example/"
    assert check.time["datetime"] == today.isoformat()

    # A later version published without the check carries no earlier approval.
    article.refresh_from_db()
    article.title = "Checked piece, changed"
    article.save_revision().publish()
    assert "Checked by" not in read(client, article.url).select_one("section.how-made").text


def test_approval_of_another_page_does_not_sign_this_one(site_tree, client):
    editor = make_user("edith", EDITORS)
    checked = ArticlePageFactory(parent=site_tree.index, title="Checked", live=False)
    checked.owner = editor
    checked.save(update_fields=["owner"])
    checked.save_revision(user=editor)
    submit(client, editor, checked)
    approve_fact_check(checked, make_user("fatima", FACT_CHECKERS))
    unchecked = publish(ArticlePageFactory(parent=site_tree.index, title="Not checked"))
    client.logout()
    assert unchecked.fact_check_approval() is None
    assert checked.fact_check_approval() is not None


# --- Bylines and citations -------------------------------------------------------------------


def test_byline_lists_the_authors_in_order_with_links(client, bylined, authors):
    soup = read(client, bylined.url)
    byline = soup.select_one(".byline")
    assert text_of(byline) == "By Hannah Okafor and 李文"
    assert [a["href"] for a in byline.select("a[rel=author]")] == [
        "/authors/hannah-okafor/",
        "/authors/li-wen/",
    ]


def test_citation_tags_name_the_authors_for_zotero(client, bylined):
    soup = read(client, bylined.url)
    meta = {}
    for tag in soup.find_all("meta", attrs={"name": True}):
        meta.setdefault(tag["name"], []).append(tag["content"])
    assert meta["citation_title"] == ["Cameras on every corner"]
    assert meta["citation_author"] == ["Hannah Okafor", "李文"]
    assert meta["citation_publication_date"] == ["2025/06/01"]
    assert meta["citation_publisher"] == ["Surveillance, Explained"]
    assert meta["citation_public_url"] == [bylined.get_full_url()]
    assert meta["DC.creator"] == ["Hannah Okafor", "李文"]


def test_cite_this_and_downloads_name_the_authors(client, bylined):
    soup = read(client, bylined.url)
    styles = [text_of(dd) for dd in soup.select(".cite-this__citation")]
    url = bylined.get_full_url()
    assert styles[0] == (
        f"Okafor, H., & 李文 (2025, June 1). Cameras on every corner. "
        f"Surveillance, Explained. {url}"
    )
    assert styles[1].startswith("Okafor, Hannah, and 李文. “Cameras on every corner.” ")
    assert styles[2].startswith(
        "Okafor, Hannah, and 李文. “Cameras on every corner.” Surveillance, Explained. "
        "Published June 1, 2025."
    )

    bib = client.get(f"{bylined.url}cite.bib").content.decode()
    [entry] = bibtexparser.loads(bib, BibTexParser(common_strings=True)).entries
    assert [name.strip() for name in entry["author"].split(" and ")] == [
        "Okafor, Hannah",
        "{李文}",
    ]
    assert entry["howpublished"] == "Surveillance, Explained"

    [record] = rispy.loads(client.get(f"{bylined.url}cite.ris").content.decode())
    assert record["authors"] == ["Okafor, Hannah", "李文"]

    [item] = json.loads(client.get(f"{bylined.url}cite.json").content)
    assert item["author"] == [{"family": "Okafor", "given": "Hannah"}, {"literal": "李文"}]

    [script] = soup.find_all("script", type="application/ld+json")
    people = json.loads(script.string)["author"]
    assert [(p["@type"], p["name"]) for p in people] == [
        ("Person", "Hannah Okafor"),
        ("Person", "李文"),
    ]
    assert people[0]["url"].endswith("/authors/hannah-okafor/")


def test_without_a_byline_the_site_is_the_author(client, site_tree):
    page = publish(ArticlePageFactory(parent=site_tree.index, title="Unsigned"))
    soup = read(client, page.url)
    assert soup.select_one(".byline") is None
    assert [m["content"] for m in soup.find_all("meta", attrs={"name": "citation_author"})] == [
        "Surveillance, Explained"
    ]
    [script] = soup.find_all("script", type="application/ld+json")
    assert json.loads(script.string)["author"]["@type"] == "Organization"


def test_author_slug_is_made_from_the_name_and_must_be_unique_per_language(authors):
    assert authors[0].slug == "hannah-okafor"
    assert authors[0].get_absolute_url() == "/authors/hannah-okafor/"
    duplicate = Author(name="Hannah Okafor")
    with pytest.raises(Exception) as error:
        duplicate.full_clean()
    assert "hannah-okafor" in str(error.value)
    nameless = Author(name="李文")  # no Latin letters to make an address from
    nameless.slug = ""
    with pytest.raises(Exception) as error:
        nameless.clean()
    assert "web address" in str(error.value)


def test_standards_setting_gives_the_translation_in_the_readers_language(site_tree):
    standards = StandardPageFactory(parent=site_tree.home, title="Standards", slug="standards")
    setting = EditorialStandardsSettings.for_site(site_tree.home.get_site())
    setting.standards_page = standards
    setting.save()
    assert setting.standards_page_for(standards.locale_id).pk == standards.pk
    chinese = Locale.objects.create(language_code="zh-hans")
    home_zh = site_tree.home.copy_for_translation(chinese)
    home_zh.save_revision().publish()
    translated = standards.copy_for_translation(chinese)
    translated.save_revision().publish()
    assert setting.standards_page_for(chinese.pk).pk == translated.pk
    Page.objects.filter(pk=translated.pk).update(live=False)
    assert setting.standards_page_for(chinese.pk).pk == standards.pk
    assert reverse("author", kwargs={"slug": "x"}) == "/authors/x/"
