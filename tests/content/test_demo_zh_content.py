"""The Chinese demo content (fixtures/demo.zh-hans.json) mirrors the English page for page.

The file is read as data, without the database: it must parse, pair each Chinese page with an
English one, keep the English body's blocks in the same order, cite the same Sources at the
same places, name only images and Sources that demo.json defines, and read as Chinese.
Then the Chinese explainer is validated through its blocks, as the demo loader does, and
published: it renders in Chinese with as many citation markers as the English.
"""

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

from content.management.commands import _demo_format as demo
from content.models import ArticleIndexPage, ArticlePage, SiteImage, Source, Topic

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ENGLISH = json.loads((FIXTURES / "demo.json").read_text(encoding="utf-8"))
CHINESE = json.loads((FIXTURES / "demo.zh-hans.json").read_text(encoding="utf-8"))

PLACEHOLDER = re.compile(r"\{\{(source|image|page):([^{}\"]+)\}\}")
# Values that are keys or choices, not prose: they must equal the English ones.
SAME_AS_ENGLISH = {"type", "level", "tone", "evidence", "sources", "hero_image", "topics"}
SAME_AS_ENGLISH |= {"kind", "date", "precision"}  # a chart's and a timeline's settings
SAME_AS_ENGLISH |= {"lead_article", "first_published", "last_reviewed"}
SAME_AS_ENGLISH |= {"review_interval_months", "comments_open", "show_in_menus"}
SAME_AS_ENGLISH |= {"authors", "fact_checked_by"}  # keys of the same records
NOT_PROSE = SAME_AS_ENGLISH | {"slug", "translation_of", "children"}
# Four or more Latin words in a row: an English sentence left in the Chinese text.
LATIN_RUN = re.compile(r"[A-Za-z]+(?:[\s,.;:'’-]+[A-Za-z]+){3,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def pages_by_path(page, path="/"):
    """{path below home: page} for a fixture's page tree."""
    found = {path: page}
    for child in page.get("children", []):
        found |= pages_by_path(child, f"{path}{child['slug']}/")
    return found


ENGLISH_PAGES = pages_by_path(ENGLISH["pages"])
CHINESE_PAGES = pages_by_path(CHINESE["pages"])


def skeleton(value):
    """The value with prose replaced by the placeholders it holds, in order."""
    if isinstance(value, dict):
        return {
            key: item if key in SAME_AS_ENGLISH else skeleton(item)
            for key, item in value.items()
            if key not in {"translation_of", "children", "slug"}
        }
    if isinstance(value, list):
        return [skeleton(item) for item in value]
    if isinstance(value, str):
        return PLACEHOLDER.findall(value)
    return value


def prose(value, key=None):
    """Every piece of reader-facing text in a page or record, as (field, plain text)."""
    if key in NOT_PROSE:
        return
    if isinstance(value, dict):
        for child_key, item in value.items():
            yield from prose(item, child_key)
    elif isinstance(value, list):
        for item in value:
            yield from prose(item, key)
    elif isinstance(value, str) and value.strip():
        yield key, strip_tags(value)


def chinese_page_pairs():
    return [
        pytest.param(page, ENGLISH_PAGES[page["translation_of"]], id=path)
        for path, page in CHINESE_PAGES.items()
    ]


def test_every_english_page_has_exactly_one_chinese_version():
    pairs = [page["translation_of"] for page in CHINESE_PAGES.values()]
    assert sorted(pairs) == sorted(ENGLISH_PAGES)


def test_each_chinese_page_sits_where_its_english_page_sits():
    english_path_of = {path: page["translation_of"] for path, page in CHINESE_PAGES.items()}
    for path, page in CHINESE_PAGES.items():
        for child in page.get("children", []):
            assert child["translation_of"].startswith(english_path_of[path])


@pytest.mark.parametrize(("chinese", "english"), chinese_page_pairs())
def test_chinese_page_has_its_own_slug(chinese, english):
    assert chinese["slug"] == slugify(chinese["slug"])
    assert chinese["slug"] != english["slug"]


@pytest.mark.parametrize(("chinese", "english"), chinese_page_pairs())
def test_chinese_body_has_the_english_blocks_in_the_same_order(chinese, english):
    assert [block["type"] for block in chinese.get("body", [])] == [
        block["type"] for block in english.get("body", [])
    ]


@pytest.mark.parametrize(("chinese", "english"), chinese_page_pairs())
def test_chinese_page_cites_the_same_sources_in_the_same_places(chinese, english):
    """Same fields, same blocks, same key figures and arguments, same citations in each."""
    assert skeleton(chinese) == skeleton(english)


@pytest.mark.parametrize(("chinese", "english"), chinese_page_pairs())
def test_chinese_page_fills_every_field_the_english_fills(chinese, english):
    english_fields = [field for field, _ in prose(english)]
    chinese_fields = [field for field, _ in prose(chinese)]
    assert set(english_fields) <= set(chinese_fields)
    assert len(chinese_fields) >= len(english_fields)


def test_every_record_the_chinese_names_exists_in_the_english_fixture():
    text = json.dumps(CHINESE, ensure_ascii=False)
    named = set(PLACEHOLDER.findall(text))
    for page in CHINESE_PAGES.values():
        if page.get("hero_image"):
            named.add(("image", page["hero_image"]))
    sources = {key for kind, key in named if kind == "source"}
    assert sources, "the Chinese article cites nothing"
    assert sources <= set(ENGLISH["sources"])
    assert {key for kind, key in named if kind == "image"} <= set(ENGLISH["images"])
    figures = [
        key
        for page in CHINESE_PAGES.values()
        for block in page.get("body", [])
        if block["type"] == "key_figures"
        for figure in block["value"]["figures"]
        for key in figure["sources"]
    ]
    assert set(figures) <= set(ENGLISH["sources"])


def test_chinese_topics_translate_every_english_topic():
    assert set(CHINESE["topics"]) == set(ENGLISH["topics"])
    slugs = [topic["slug"] for topic in CHINESE["topics"].values()]
    assert len(set(slugs)) == len(slugs)
    assert not set(slugs) & set(ENGLISH["topics"])
    for topic in CHINESE["topics"].values():
        assert topic["slug"] == slugify(topic["slug"])
        assert CJK.search(topic["name"]) and CJK.search(topic["description"])


@pytest.mark.parametrize("path", CHINESE_PAGES)
def test_chinese_text_reads_as_chinese(path):
    for field, text in prose(CHINESE_PAGES[path]):
        assert not LATIN_RUN.search(text), (field, text)
        if not re.fullmatch(r"[\d\s%+≈~.,]*", text):
            assert CJK.search(text), (field, text)


def test_chinese_prose_uses_full_width_punctuation():
    for page in CHINESE_PAGES.values():
        for field, text in prose(page):
            assert not re.search(r"[\u4e00-\u9fff][,;:?!]", text), (field, text)
            assert not re.search(r'[\u4e00-\u9fff]"', text), (field, text)


# The content rules and the page a reader gets ---------------------------------------------


def load_chinese_article():
    """The Chinese explainer, validated through its blocks as the demo loader validates
    (every argument cites a Source, every key figure has one…), published beside the
    English one: the locale machinery is not part of this test."""
    keys = demo.Keys()
    for key, spec in ENGLISH["sources"].items():
        source = Source.objects.get(title=spec["title"], publisher=spec["publisher"])
        keys.add("source", key, source.pk)
    for slug in ENGLISH["topics"]:
        keys.add("topic", slug, Topic.objects.get(slug=slug).pk)
    for key, spec in ENGLISH["images"].items():
        keys.add("image", key, SiteImage.objects.get(title=spec["title"]).pk)
    home = Site.objects.get(is_default_site=True).root_page
    for path in ENGLISH_PAGES:
        keys.add("page", path, Page.objects.get(url_path=home.url_path + path[1:]).pk)
    path, spec = next(
        (path, page)
        for path, page in CHINESE_PAGES.items()
        if page["type"] == "content.articlepage"
    )
    article = ArticlePage(live=False)
    demo.load_fields(demo.page_fields(ArticlePage), article, spec, keys)
    ArticleIndexPage.objects.get(locale__language_code="en").add_child(instance=article)
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk), spec


@pytest.fixture
def chinese_article(demo_site):
    """The Chinese explainer as load_demo publishes it: the English one's translation."""
    spec = next(page for page in CHINESE_PAGES.values() if page["type"] == "content.articlepage")
    return ArticlePage.objects.get(locale__language_code="zh-hans"), spec


def test_chinese_explainer_passes_the_content_rules_and_reads_in_chinese(chinese_article, client):
    article, spec = chinese_article
    markers = ".article-body a[href^='#source-']"
    original = article.get_translation(Locale.objects.get(language_code="en"))
    english = BeautifulSoup(client.get(original.url).content, "html.parser")
    with translation.override("zh-hans"):
        response = client.get(article.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == spec["title"]
    # Inline citations, key figures and arguments: as many markers as in the English.
    assert len(soup.select(markers)) == len(english.select(markers)) > 20
    assert "2026年11月25日" in soup.select_one(".article-header").get_text()
    assert f"{article.reading_minutes} 分钟" in soup.select_one(".article-header").get_text()
    assert article.reading_minutes >= 8  # thousands of characters, not a few hundred "words"
