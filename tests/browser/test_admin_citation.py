"""An editor cites a Source from the rich-text toolbar, as in a real browser.

The "Cite a source" button (static/content/js/citation-entity.js) opens the Source
chooser; the chosen Source is stored as ``<a linktype="source" id="N">`` and readers see
a numbered marker linking to the Sources list. Screenshots go to test-artifacts/ for the
editor guide.
"""

import datetime
import json
import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.models import Site, WorkflowState

from content.models import ArticleIndexPage, ArticlePage, HomePage, Source
from tests.content.factories import ensure_wagtail_base
from tests.editorial.conftest import approve_fact_check

# live_server needs committed data, so each test ends by emptying the database.
pytestmark = pytest.mark.django_db(transaction=True)

EDITOR_PASSWORD = "cite-carefully"
CLAIM = "Chongqing has more cameras per person than London."
CITED_WORDS = "more cameras per person"


@pytest.fixture(autouse=True)
def no_autosave(settings):
    """Save only when the editor clicks: autosave's background requests would race the
    test's own requests on the shared in-memory SQLite database. The editing-session pings
    ("who else is editing this page", every 10 s) are kept to the one on opening the editor
    for the same reason: on a busy machine one can meet a publish ("table is locked")."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 3_600_000


@pytest.fixture
def article_index():
    """The page tree an editor works in: a home page at the site root and the explainers.

    An earlier transactional test may have emptied the database, taking with it the
    Locale and root page that Wagtail's migrations create: make them again if so.
    """
    root = ensure_wagtail_base()
    home = root.add_child(
        instance=HomePage(title="Home", slug="home-citations", statement="Explaining surveillance.")
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
    )
    return home.add_child(instance=ArticleIndexPage(title="Explainers", slug="explainers"))


@pytest.fixture
def daily_mail():
    return Source.objects.create(
        title="Inside the Chinese city with more surveillance cameras than anywhere else",
        publisher="Daily Mail Online",
        date_published=datetime.date(2025, 5, 6),
    )


@pytest.fixture
def police_report():
    return Source.objects.create(
        title="Annual report on public security",
        publisher="Chongqing Public Security Bureau",
        kind=Source.Kind.OFFICIAL,
    )


@pytest.fixture
def admin_page(page, live_server, article_index):
    """The browser, logged into the Wagtail admin as an editor."""
    get_user_model().objects.create_superuser("editor", "editor@example.org", EDITOR_PASSWORD)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", EDITOR_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def select_words(page, editor, words, text_after):
    """Select ``words``, which ``text_after`` follows to the end of the editor's text."""
    editor.click()
    page.keyboard.press("Control+End")
    for _ in text_after:
        page.keyboard.press("ArrowLeft")
    for _ in words:
        page.keyboard.press("Shift+ArrowLeft")


def choose_source(page, search, title):
    """Search the Source chooser for ``search``, which matches one Source, and pick it.

    The list is searched as the editor types and replaced when the answer comes: wait for
    the one match, so that the click cannot land while the list is being replaced.
    """
    modal = page.locator(".modal")
    expect(modal.get_by_role("heading", name=re.compile("Choose"))).to_be_visible()
    modal.locator("#id_q").fill(search)
    expect(modal.locator("a[data-chooser-modal-choice]")).to_have_count(1)
    choice = modal.locator("a[data-chooser-modal-choice]", has_text=title)
    expect(choice).to_have_count(1)
    choice.click()
    expect(modal).to_be_hidden()


def wait_until_editor_saved(page, cited_source=None):
    """Wait for Draftail to write its state to the form (it does so 250 ms after a change).

    With ``cited_source``, until some rich text cites it; without, until none cites anything.
    The state is read as JSON, not matched as text: the form's value as the server sent it
    is indented JSON, Draftail's own is compact, and a pattern written for one form never
    matches the other (a wait for "no citation" then passed at once, before Draftail had
    saved the removal, and the old citation was published).
    """
    page.wait_for_function(
        """(sourceId) => {
            const citedIds = [...document.querySelectorAll('input[type=hidden]')]
                .filter((input) => input.value.includes('entityMap'))
                .flatMap((input) => Object.values(JSON.parse(input.value).entityMap))
                .filter((entity) => entity.type === 'CITATION')
                .map((entity) => entity.data.id);
            return sourceId === null ? citedIds.length === 0 : citedIds.includes(sourceId);
        }""",
        arg=cited_source.pk if cited_source else None,
    )


def publish(page):
    """Submit the article to the fact check, and have a fact-checker approve it: the only
    way an explainer is published (content.editorial.permissions)."""
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[name='action-submit']").click()
    expect(page.locator(".messages .success")).to_contain_text("submitted")
    submitted = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).latest(
        "created_at"
    )
    approve_fact_check(ArticlePage.objects.get(pk=submitted.object_id))


def article_with_body(article_index, body, title="Who watches Chongqing"):
    article = article_index.add_child(
        instance=ArticlePage(
            title=title, standfirst="How one city watches its residents.", body=json.dumps(body)
        )
    )
    article.save_revision().publish()
    return article


def test_editor_cites_a_source_and_readers_see_a_numbered_marker(
    admin_page, live_server, article_index, daily_mail, police_report, screenshot
):
    page = admin_page
    page.goto(f"{live_server.url}/admin/pages/add/content/articlepage/{article_index.pk}/")
    page.fill("#id_title", "Cameras on every corner")
    page.fill("#id_standfirst", "How Chongqing watches its residents.")
    page.locator("button[title='Insert a block']").first.click()
    page.get_by_role("option", name="Paragraph").click()
    editor = page.locator(".public-DraftEditor-content").first
    editor.click()
    page.keyboard.type(CLAIM)
    select_words(page, editor, CITED_WORDS, " than London.")

    cite_button = page.get_by_role("button", name="Cite a source")
    expect(cite_button).to_be_visible()
    screenshot("admin-citation-01-words-selected")
    cite_button.click()
    expect(page.locator(".modal a[data-chooser-modal-choice]")).to_have_count(2)
    page.wait_for_function(  # let the modal finish fading in before the screenshot
        "() => getComputedStyle(document.querySelector('.modal')).opacity === '1'"
    )
    screenshot("admin-citation-02-source-chooser")
    choose_source(page, "Daily", "Inside the Chinese city")

    citation = page.locator(".citation-entity")
    expect(citation).to_have_text(CITED_WORDS)
    expect(citation).to_have_attribute("data-citation-source", str(daily_mail.pk))
    expect(citation).to_have_attribute("data-citation-badge", "Daily Mail Online")
    citation.locator(".TooltipEntity").click()
    tooltip = page.get_by_role("tooltip")
    expect(tooltip).to_contain_text(str(daily_mail))
    expect(tooltip.get_by_role("button", name="Change source")).to_be_visible()
    expect(tooltip.get_by_role("button", name="Remove")).to_be_visible()
    screenshot("admin-citation-03-cited-words-and-tooltip")

    wait_until_editor_saved(page, daily_mail)
    publish(page)
    article = ArticlePage.objects.get(title="Cameras on every corner")
    stored = article.body.raw_data[0]["value"]
    assert f'<a linktype="source" id="{daily_mail.pk}">{CITED_WORDS}</a>' in stored

    page.goto(f"{live_server.url}{article.get_url()}")
    marker = page.locator("sup.citation a")
    expect(marker).to_have_text("[1]")
    expect(marker).to_have_attribute("href", "#source-1")
    expect(page.locator("ol#sources > li")).to_have_count(1)
    expect(page.locator("ol#sources")).to_contain_text(daily_mail.title)
    screenshot("admin-citation-04-published-page")

    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    reopened = page.locator(".citation-entity")
    expect(reopened).to_have_text(CITED_WORDS)
    expect(reopened).to_have_attribute("data-citation-badge", "Daily Mail Online")
    reopened.scroll_into_view_if_needed()
    screenshot("admin-citation-05-reopened-editor")


def test_editor_cites_in_an_argument_explanation_with_nothing_selected(
    admin_page, live_server, article_index, daily_mail, police_report, screenshot
):
    argument = {
        "headline": "Cameras deter street crime",
        "explanation": "<p>Police credit the network with fewer thefts.</p>",
        "sources": [daily_mail.pk],
        "evidence": "reported",
    }
    article = article_with_body(
        article_index,
        [
            {
                "type": "pros_cons",
                "id": str(uuid.uuid4()),
                "value": {
                    "heading": "Does blanket surveillance make a city safer?",
                    "introduction": "",
                    "pros_heading": "Arguments for",
                    "pros": [argument],
                    "cons_heading": "Arguments against",
                    "cons": [{**argument, "headline": "Cameras chill dissent"}],
                },
            }
        ],
    )
    page = admin_page
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    explanation = page.locator("[data-contentpath='explanation'] .public-DraftEditor-content").first
    explanation.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" So says ")
    # With nothing selected the floating toolbar stays hidden: "/" opens the command palette.
    page.keyboard.type("/cite")
    page.get_by_role("option", name="Cite a source").click()
    choose_source(page, "Chongqing", "Annual report on public security")

    inserted = page.locator("[data-contentpath='explanation'] .citation-entity").first
    expect(inserted).to_have_text("Chongqing Public Security Bureau")
    expect(inserted).to_have_attribute("data-citation-source", str(police_report.pk))
    inserted.scroll_into_view_if_needed()
    screenshot("admin-citation-06-argument-explanation")

    wait_until_editor_saved(page, police_report)
    publish(page)
    article.refresh_from_db()
    pros = article.body.raw_data[0]["value"]["pros"]
    explanation_html = pros[0]["value"]["explanation"]
    assert (
        f'So says <a linktype="source" id="{police_report.pk}">'
        "Chongqing Public Security Bureau</a>" in explanation_html
    )
    page.goto(f"{live_server.url}{article.get_url()}")
    expect(page.locator("ol#sources")).to_contain_text("Annual report on public security")


def test_editor_changes_then_removes_a_citation_from_its_tooltip(
    admin_page, live_server, article_index, daily_mail, police_report, screenshot
):
    article = article_with_body(
        article_index,
        [
            {
                "type": "paragraph",
                "id": str(uuid.uuid4()),
                "value": (
                    f'<p>Chongqing has <a linktype="source" id="{daily_mail.pk}">'
                    f"{CITED_WORDS}</a> than London.</p>"
                ),
            }
        ],
    )
    page = admin_page
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    citation = page.locator(".citation-entity")
    expect(citation).to_have_attribute("data-citation-source", str(daily_mail.pk))

    citation.locator(".TooltipEntity").click()
    page.get_by_role("tooltip").get_by_role("button", name="Change source").click()
    choose_source(page, "Chongqing", "Annual report on public security")
    expect(citation).to_have_attribute("data-citation-source", str(police_report.pk))
    expect(citation).to_have_text(CITED_WORDS)
    wait_until_editor_saved(page, police_report)
    publish(page)
    article.refresh_from_db()
    assert (
        f'<a linktype="source" id="{police_report.pk}">{CITED_WORDS}</a>'
        in (article.body.raw_data[0]["value"])
    )

    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    page.locator(".citation-entity .TooltipEntity").click()
    page.get_by_role("tooltip").get_by_role("button", name="Remove").click()
    expect(page.locator(".citation-entity")).to_have_count(0)
    wait_until_editor_saved(page, cited_source=None)
    publish(page)
    article.refresh_from_db()
    stored = article.body.raw_data[0]["value"]
    assert "linktype" not in stored
    assert CLAIM in stored


def test_the_tooltip_changes_and_removes_its_own_citation_wherever_the_caret_is(
    admin_page, live_server, article_index, daily_mail, police_report, screenshot
):
    """A click on a citation's icon opens its tooltip without moving the caret. With the
    caret in another paragraph, Change source and Remove still act on that citation: the
    new Source is not inserted at the caret, and Remove does remove."""
    first_paragraph = "Chongqing is a city of 32 million people."
    other_paragraph = "Officials say the network deters crime."
    article = article_with_body(
        article_index,
        [
            {
                "type": "paragraph",
                "id": str(uuid.uuid4()),
                "value": (
                    f"<p>{first_paragraph}</p>"
                    f'<p>Chongqing has <a linktype="source" id="{daily_mail.pk}">'
                    f"{CITED_WORDS}</a> than London.</p><p>{other_paragraph}</p>"
                ),
            }
        ],
    )
    page = admin_page
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    editor = page.locator(".public-DraftEditor-content").first
    citation = page.locator(".citation-entity")
    expect(citation).to_have_attribute("data-citation-source", str(daily_mail.pk))

    def open_tooltip_by_its_icon_with_the_caret_in_the_other_paragraph(cited_source):
        editor.get_by_text(other_paragraph).click()
        page.keyboard.press("End")
        citation.locator(".TooltipEntity .icon").click()
        tooltip = page.get_by_role("tooltip")
        expect(tooltip).to_contain_text(str(cited_source))
        return tooltip

    tooltip = open_tooltip_by_its_icon_with_the_caret_in_the_other_paragraph(daily_mail)
    tooltip.get_by_role("button", name="Change source").click()
    choose_source(page, "Chongqing", "Annual report on public security")
    expect(citation).to_have_count(1)
    expect(citation).to_have_attribute("data-citation-source", str(police_report.pk))
    expect(citation).to_have_text(CITED_WORDS)
    expect(editor).to_have_text(f"{first_paragraph}{CLAIM}{other_paragraph}")

    tooltip = open_tooltip_by_its_icon_with_the_caret_in_the_other_paragraph(police_report)
    screenshot("admin-citation-07-tooltip-with-the-caret-elsewhere")
    tooltip.get_by_role("button", name="Remove").click()
    expect(citation).to_have_count(0)
    wait_until_editor_saved(page, cited_source=None)
    publish(page)
    article.refresh_from_db()
    stored = article.body.raw_data[0]["value"]
    assert "linktype" not in stored
    assert first_paragraph in stored
    assert CLAIM in stored
    assert other_paragraph in stored
