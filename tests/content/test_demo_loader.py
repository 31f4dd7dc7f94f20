"""The demo content: one idempotent command loads it, and every page reads as it should."""

import json
import shutil
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Revision, Site

from content.management.commands._demo_format import FIXTURE_PATH
from content.models import ArticlePage, HomePage, SiteImage, Source, StandardPage, Topic

ARTICLE_PATH = "/explainers/chongqing-surveillance/"


def content_counts():
    return {
        "pages": Page.objects.count(),
        "sources": Source.objects.count(),
        "topics": Topic.objects.count(),
        "images": SiteImage.objects.count(),
        "revisions": Revision.objects.count(),
    }


@pytest.fixture
def fixture_copy(tmp_path):
    """A writable copy of fixtures/ (the JSON and its media)."""
    target = tmp_path / "fixtures"
    shutil.copytree(FIXTURE_PATH.parent, target)
    return target / FIXTURE_PATH.name


@pytest.fixture
def article_html(demo_site, client):
    response = client.get(ARTICLE_PATH)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


# Loading ---------------------------------------------------------------------------------


def test_loading_twice_creates_nothing_twice(demo_site):
    first = content_counts()
    call_command("load_demo", verbosity=0)
    assert content_counts() == first
    assert first["sources"] == 3
    assert first["topics"] == 12  # six, each in English and in Chinese
    assert first["images"] == 1


def test_every_demo_page_is_published_with_one_revision(demo_site):
    pages = Page.objects.filter(depth__gt=1)
    assert pages.count() == 12  # six (with the editorial standards), in English and in Chinese
    for page in pages:
        assert page.live, page.url_path
        assert not page.has_unpublished_changes, page.url_path
        # The explainer has a published past in each language (fixtures/demo-history.json,
        # and "history" in fixtures/demo.zh-hans.json).
        history = page.specific_class is ArticlePage and "chongqing" in page.url_path
        assert page.revisions.count() == (2 if history else 1), page.url_path
        assert page.live_revision_id == page.latest_revision_id


def test_the_demo_explainer_was_corrected_and_its_changes_page_shows_the_difference(
    demo_site, client
):
    soup = BeautifulSoup(client.get(f"{ARTICLE_PATH}changes/").content, "html.parser")
    titles = [" ".join(node.get_text(" ").split()) for node in soup.select(".version__title")]
    assert titles == [
        "Version 2 · 1 December 2026, 14:30 · the current version",
        "Version 1 · 25 November 2026, 09:00",
    ]
    assert "It helps in a crisis" in soup.select_one(".version__notes").get_text()
    diff = BeautifulSoup(client.get(f"{ARTICLE_PATH}changes/?from=1&to=2").content, "html.parser")
    assert [node.get_text() for node in diff.select(".change ins")] == ["[added: can]"]
    article = BeautifulSoup(client.get(ARTICLE_PATH).content, "html.parser")
    assert article.select_one("#for-3 .corrected-mark a")["href"] == "#correction-1"


def test_the_chinese_demo_explainer_has_its_own_correction_and_difference(demo_site, client):
    path = "/zh-hans/jiedu/chongqing-jiankong/"
    soup = BeautifulSoup(client.get(f"{path}changes/").content, "html.parser")
    titles = [" ".join(node.get_text(" ").split()) for node in soup.select(".version__title")]
    assert titles == [
        "第 2 版 · 2026年12月2日 09:00 · 当前版本",
        "第 1 版 · 2026年11月25日 10:00",
    ]
    assert "危机时刻派得上用场" in soup.select_one(".version__notes").get_text()
    diff = BeautifulSoup(client.get(f"{path}changes/?from=1&to=2").content, "html.parser")
    assert [node.get_text() for node in diff.select(".change del")] == ["[删除： 就能]"]
    assert [node.get_text() for node in diff.select(".change ins")] == ["[新增： 可以]"]
    article = BeautifulSoup(client.get(path).content, "html.parser")
    assert article.select_one("#for-3 .corrected-mark a")["href"] == "#correction-1"
    # Checked as the corrected version was published, like the English one.
    assert "由 李文 于 2026年12月2日 核查。" in article.get_text(" ", strip=True)


def test_default_site_serves_the_demo_home_page_instead_of_the_welcome_page(demo_site):
    site = Site.objects.get(is_default_site=True)
    # The site answers where SITE_BASE_URL says (http://testserver in the test settings).
    assert (site.hostname, site.port) == ("testserver", 80)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert home.lead_article.url_path.endswith(ARTICLE_PATH)
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail").exists()


def test_menu_pages_are_the_explainers_index_and_about(demo_site):
    home = Site.objects.get(is_default_site=True).root_page
    assert [page.slug for page in home.get_children().in_menu()] == ["explainers", "about"]
    assert StandardPage.objects.filter(slug="privacy", show_in_menus=False).exists()


def test_the_launch_source_has_no_invented_link(demo_site):
    source = Source.objects.get(publisher__startswith="Daily Mail")
    assert source.publisher.startswith("Daily Mail Online")
    assert source.title.startswith("The nightmare lives of the workers who build your laptops")
    assert source.date_published.isoformat() == "2025-05-06"
    assert (source.url, source.archive_url, source.date_accessed) == ("", "", None)
    assert (source.kind, source.language) == ("press", "en")


def test_the_demo_article_is_published_with_its_topics(article_html):
    # A many-to-many field is no longer "concrete" on Django 6.1; the loader must still set it.
    tags = article_html.select("ul.topic-tags a")
    assert [tag.get_text() for tag in tags] == [
        "AI and big data",
        "China",
        "Chongqing",
        "Facial recognition",
        "Patrol robots",
        "Social credit",
    ]
    assert tags[1]["href"] == "/topics/china/"
    published = ArticlePage.objects.get(slug="chongqing-surveillance").live_revision.as_object()
    assert published.topics.count() == 6


def test_editor_changes_are_kept_unless_overwrite_is_given(demo_site, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "x")
    article = ArticlePage.objects.get(slug="chongqing-surveillance")
    original = article.standfirst
    article.standfirst = "An editor's better standfirst."
    article.save_revision(user=editor).publish()

    call_command("load_demo", verbosity=0, stderr=StringIO())
    assert (
        ArticlePage.objects.get(slug="chongqing-surveillance").standfirst
        == "An editor's better standfirst."
    )

    call_command("load_demo", "--overwrite", verbosity=0)
    assert ArticlePage.objects.get(slug="chongqing-surveillance").standfirst == original


def test_fixture_with_an_argument_without_a_source_fails_and_loads_nothing(db, fixture_copy):
    data = json.loads(fixture_copy.read_text(encoding="utf-8"))
    article = data["pages"]["children"][0]["children"][0]
    pros_cons = next(block for block in article["body"] if block["type"] == "pros_cons")
    pros_cons["value"]["pros"][0]["sources"] = []
    fixture_copy.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(CommandError, match="Cite at least one Source"):
        call_command("load_demo", fixture=fixture_copy, verbosity=0)
    assert Source.objects.count() == 0
    assert not ArticlePage.objects.exists()


def test_fixture_naming_an_undefined_source_fails(db, fixture_copy):
    text = fixture_copy.read_text(encoding="utf-8")
    fixture_copy.write_text(
        text.replace("{{source:dailymail-chongqing-2025}}", "{{source:no-such-source}}", 1),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="no-such-source"):
        call_command("load_demo", fixture=fixture_copy, verbosity=0)


def test_fixture_with_an_unknown_page_type_fails_with_the_page_it_names(db, fixture_copy):
    data = json.loads(fixture_copy.read_text(encoding="utf-8"))
    data["pages"]["children"][1]["type"] = "content.nosuchpage"
    fixture_copy.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(CommandError, match="page /about/: unknown page type 'content.nosuchpage'"):
        call_command("load_demo", fixture=fixture_copy, verbosity=0)
    assert not Page.objects.filter(slug="explainers").exists()


def test_fixture_of_another_format_is_refused_before_anything_loads(db, fixture_copy):
    fixture_copy.write_text('{"format": 2, "pages": {}}', encoding="utf-8")
    with pytest.raises(CommandError, match="format 1"):
        call_command("load_demo", fixture=fixture_copy, verbosity=0)
    assert Topic.objects.count() == 0


def test_fixture_with_an_impossible_date_fails_with_the_source_and_field(db, fixture_copy):
    text = fixture_copy.read_text(encoding="utf-8")
    fixture_copy.write_text(text.replace('"2025-05-06"', '"2025-05-36"', 1), encoding="utf-8")
    with pytest.raises(CommandError, match="source 'dailymail-chongqing-2025': date_published"):
        call_command("load_demo", fixture=fixture_copy, verbosity=0)
    assert Source.objects.count() == 0


# Dumping ---------------------------------------------------------------------------------


def test_dump_writes_back_exactly_the_fixture_that_was_loaded(demo_site, fixture_copy):
    call_command("dump_demo", output=fixture_copy, verbosity=0)
    dumped = json.loads(fixture_copy.read_text(encoding="utf-8"))
    assert dumped == json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))


def test_dump_after_loading_writes_the_fixture_back_byte_for_byte(demo_site, fixture_copy):
    # The copy starts as the same content on one line: only the dump's own writing can
    # bring back the committed file's exact bytes (`make demo`, then `make dump-data`).
    compact = json.dumps(json.loads(fixture_copy.read_text(encoding="utf-8")))
    fixture_copy.write_text(compact, encoding="utf-8")

    call_command("dump_demo", output=fixture_copy, verbosity=0)
    assert fixture_copy.read_bytes() == FIXTURE_PATH.read_bytes()
    assert sorted(path.name for path in (fixture_copy.parent / "media").iterdir()) == [
        "chongqing-hero.png"
    ]


def test_dump_carries_an_editors_change_into_the_fixture(demo_site, fixture_copy):
    Topic.objects.filter(slug="china").update(description="Edited in the admin.")
    article = ArticlePage.objects.get(slug="chongqing-surveillance")
    article.title = "Chongqing: an edited title"
    article.save_revision().publish()

    call_command("dump_demo", output=fixture_copy, verbosity=0)
    dumped = json.loads(fixture_copy.read_text(encoding="utf-8"))
    assert dumped["topics"]["china"]["description"] == "Edited in the admin."
    assert dumped["pages"]["children"][0]["children"][0]["title"] == "Chongqing: an edited title"
    assert "{{source:dailymail-chongqing-2025}}" in json.dumps(dumped["pages"])


def test_dump_names_a_source_an_editor_added_by_its_publisher_and_year(demo_site, fixture_copy):
    Source.objects.create(
        title="Inside the city brain", publisher="Sixth Tone", date_published="2024-03-01"
    )
    call_command("dump_demo", output=fixture_copy, verbosity=0)
    dumped = json.loads(fixture_copy.read_text(encoding="utf-8"))
    assert list(dumped["sources"]) == [
        "dailymail-chongqing-2025",
        "foxbusiness-cctv-2019",
        "newscats-chongqing-2025",
        "sixth-tone-2024",
    ]
    assert dumped["sources"]["sixth-tone-2024"]["title"] == "Inside the city brain"

    call_command("load_demo", fixture=fixture_copy, verbosity=0)
    assert Source.objects.count() == 4


# What readers see ------------------------------------------------------------------------


def test_every_live_page_renders_for_an_anonymous_reader(demo_site, client):
    for page in Page.objects.live().filter(depth__gt=1):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert not response.cookies, page.url


def test_article_shows_five_pros_and_six_cons_each_citing_the_source(article_html):
    pros_cons = article_html.select_one(".pros-cons")
    pros = pros_cons.select('li[data-side="pro"]')
    cons = pros_cons.select('li[data-side="con"]')
    assert len(pros) == 5
    assert len(cons) == 6
    for argument in pros + cons:
        assert argument.select('a[href="#source-1"]'), argument.get_text(" ", strip=True)
        assert "Reported" in argument.get_text(" ", strip=True)


def test_sources_list_names_the_daily_mail_feature_and_sends_readers_to_the_copy(article_html):
    entries = article_html.select("ol#sources > li")
    assert len(entries) == 3  # the feature, its republished copy, the camera study
    entry = entries[0]
    assert "Daily Mail Online" in entry.get_text(" ", strip=True)
    assert entry.select_one('time[datetime="2025-05-06"]')
    text = entry.get_text(" ", strip=True)
    assert "Republished copy:" in text and "no link to the original is known" in text
    assert entry.select_one("a.source__link")["href"].startswith("https://newscats.org/")


def test_article_cites_its_claims_inline_in_the_body(article_html):
    paragraphs = article_html.select(".article-body .prose")
    cited = [p for p in paragraphs if p.select('sup.citation a[href="#source-1"]')]
    assert len(cited) >= 10


def test_article_has_its_sections_in_order(article_html):
    toc = [a.get_text(strip=True) for a in article_html.select("nav.toc a")]
    assert toc[:5] == [
        "The city",
        "Facial recognition",
        "AI and big data",
        "Social credit",
        "Robot patrols",
    ]


def test_article_flags_the_sources_30_versus_32_million(article_html):
    caveat = article_html.select_one(".callout--caveat").get_text(" ", strip=True)
    assert "30 million" in caveat
    assert "32 million" in caveat


def test_article_hands_the_closing_question_to_readers(article_html):
    question = article_html.select(".callout--question")[-1].get_text(" ", strip=True)
    assert "How much control is too much?" in question
    assert ArticlePage.objects.get(slug="chongqing-surveillance").discussion_question.startswith(
        "How much control"
    )


def test_hero_illustration_has_alt_text_and_our_credit(article_html):
    hero = article_html.select_one("figure.hero")
    assert hero.select_one("img")["alt"] == SiteImage.objects.get().description
    assert "fog" in hero.select_one("img")["alt"]
    assert "Illustration: Surveillance, Explained" in hero.figcaption.get_text(" ", strip=True)


def test_about_page_explains_the_evidence_labels(demo_site, client):
    html = BeautifulSoup(client.get("/about/").content, "html.parser")
    labels = [dt.get_text(strip=True) for dt in html.select(".evidence-legend dt")]
    assert labels == ["Documented", "Reported", "Alleged", "Disputed"]


# The demo login --------------------------------------------------------------------------


def test_demo_login_refuses_to_reset_a_password_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_login")
    assert not authenticate(username="admin", password="")


def test_demo_login_prints_a_login_that_works(db, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "correct-horse-battery")
    out = StringIO()
    call_command("demo_login", stdout=out)
    assert f"/{settings.WAGTAIL_ADMIN_PATH}" in out.getvalue()
    assert "password: correct-horse-battery" in out.getvalue()
    user = authenticate(username="admin", password="correct-horse-battery")
    assert user is not None and user.is_superuser


def test_demo_login_makes_a_fresh_random_password_each_time(db, settings, monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    passwords = []
    for _ in range(2):
        out = StringIO()
        call_command("demo_login", "--force", stdout=out)
        passwords.append(out.getvalue().split("password:")[1].strip())
    assert passwords[0] != passwords[1]
    assert authenticate(username="admin", password=passwords[1]) is not None
