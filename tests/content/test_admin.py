"""Editors in the Wagtail admin: creating and publishing an article, managing Sources."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from content.models import ArticlePage
from tests.content.factories import (
    ArticlePageFactory,
    SiteImageFactory,
    SourceFactory,
    TopicFactory,
    argument,
    cite,
    paragraph,
    pros_cons,
)
from tests.editorial.conftest import approve_fact_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser(
        username="editor", email="editor@example.org", password="a long test password"
    )
    client.force_login(user)
    return client


def list_block(items):
    """A ListBlock's form data, the way the admin's editor posts it."""
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index), "id": ""}
        for index, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def argument_form(headline, sources):
    return {
        "headline": headline,
        "explanation": rich_text("<p>Why this matters.</p>", features=["bold", "italic"]),
        "sources": list_block([str(source.pk) for source in sources]),
        "evidence": "reported",
    }


def article_form(editor_client, index, title, pro_sources, con_sources, inline_source):
    """The add-page form as the admin renders it, filled in as an editor would."""
    add_url = reverse("wagtailadmin_pages:add", args=("content", "articlepage", index.pk))
    rendered = editor_client.get(add_url)
    assert rendered.status_code == 200
    data = querydict_from_html(rendered.content.decode(), form_id="page-edit-form").dict()
    data.update(
        nested_form_data(
            {
                "title": title,
                "slug": "published-through-the-admin",
                "standfirst": "What the cameras see.",
                "first_published": "2025-05-06",
                "last_reviewed": "2025-06-01",
                "body": streamfield(
                    [
                        (
                            "paragraph",
                            rich_text(
                                f"<p>Chongqing is {cite(inline_source, 'huge')}.</p>",
                                features=["bold", "italic", "link", "citation"],
                            ),
                        ),
                        (
                            "pros_cons",
                            {
                                "heading": "Does it make the city safer?",
                                "introduction": rich_text("<p>The arguments.</p>"),
                                "pros_heading": "Arguments for",
                                "pros": list_block([argument_form("Faster response", pro_sources)]),
                                "cons_heading": "Arguments against",
                                "cons": list_block([argument_form("Less privacy", con_sources)]),
                            },
                        ),
                    ]
                ),
            }
        )
    )
    return add_url, data


def test_editor_creates_and_publishes_an_article_that_readers_can_read(editor_client, site_tree):
    source = SourceFactory(publisher="Daily Mail Online")
    add_url, data = article_form(
        editor_client, site_tree.index, "Made in the admin", [source], [source], source
    )
    data["action-submit"] = "action-submit"

    response = editor_client.post(add_url, data)

    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(
        ".error-message, .help-critical"
    )
    article = ArticlePage.objects.get(title="Made in the admin")
    assert not article.live  # an explainer goes live with its fact check
    approve_fact_check(article)
    assert article.live
    assert article.get_parent().specific == site_tree.index
    editor_client.logout()
    reader_view = editor_client.get(article.url)
    assert reader_view.status_code == 200
    soup = BeautifulSoup(reader_view.content, "html.parser")
    assert soup.h1.get_text() == "Made in the admin"
    assert [li["data-side"] for li in soup.select("li[data-side]")] == ["pro", "con"]
    assert {a["href"] for a in soup.select("sup.citation a")} == {"#source-1"}
    assert "Made in the admin" in editor_client.get(site_tree.index.url).content.decode()


def test_argument_without_source_returns_the_form_with_the_error_and_creates_nothing(
    editor_client, site_tree
):
    source = SourceFactory()
    add_url, data = article_form(
        editor_client, site_tree.index, "Unsourced claim", [source], [], source
    )
    data["action-publish"] = "action-publish"

    response = editor_client.post(add_url, data)

    assert response.status_code == 200
    assert not ArticlePage.objects.filter(title="Unsourced claim").exists()
    assert "Cite at least one Source" in response.content.decode()


def test_saving_a_draft_does_not_publish_it(editor_client, site_tree):
    source = SourceFactory()
    add_url, data = article_form(
        editor_client, site_tree.index, "Still a draft", [source], [source], source
    )

    response = editor_client.post(add_url, data)

    assert response.status_code == 302
    draft = ArticlePage.objects.get(title="Still a draft")
    assert not draft.live
    editor_client.logout()
    assert editor_client.get(f"{site_tree.index.url}{draft.slug}/").status_code == 404


def listed_rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [row.get_text(" ", strip=True) for row in soup.select("table.listing tbody tr")]


def test_sources_are_listed_in_the_admin(editor_client):
    SourceFactory(title="Inside the city of cameras", publisher="Daily Mail Online")

    response = editor_client.get(reverse("wagtailsnippets_content_source:list"))

    assert response.status_code == 200
    rows = listed_rows(response)
    assert len(rows) == 1
    assert "Inside the city of cameras" in rows[0]
    assert "Daily Mail Online" in rows[0]


def test_sources_can_be_searched_in_the_admin(editor_client):
    SourceFactory(title="Inside the city of cameras", publisher="Daily Mail Online")
    SourceFactory(title="A report on data centres", publisher="Example Institute")

    response = editor_client.get(reverse("wagtailsnippets_content_source:list"), {"q": "cameras"})

    rows = listed_rows(response)
    assert len(rows) == 1
    assert "Inside the city of cameras" in rows[0]


def test_sources_can_be_filtered_by_kind_in_the_admin(editor_client):
    SourceFactory(title="Press feature", kind="press")
    SourceFactory(title="Government white paper", kind="official")

    response = editor_client.get(reverse("wagtailsnippets_content_source:list"), {"kind": "press"})

    rows = listed_rows(response)
    assert len(rows) == 1
    assert "Press feature" in rows[0]


def test_topics_are_listed_and_searchable_in_the_admin(editor_client):
    TopicFactory(name="Facial recognition")
    TopicFactory(name="Social credit")
    list_url = reverse("wagtailsnippets_content_topic:list")

    assert len(listed_rows(editor_client.get(list_url))) == 2
    rows = listed_rows(editor_client.get(list_url, {"q": "social"}))
    assert len(rows) == 1
    assert "Social credit" in rows[0]


def test_source_usage_lists_an_article_that_cites_it_inline(editor_client, site_tree):
    cited = SourceFactory()
    article = ArticlePageFactory(
        parent=site_tree.index,
        title="Cites the source in its text",
        body=[paragraph(f"<p>{cite(cited, 'A claim')}.</p>")],
    )
    article.save_revision().publish()

    response = editor_client.get(reverse("wagtailsnippets_content_source:usage", args=[cited.pk]))

    assert response.status_code == 200
    assert "Cites the source in its text" in response.content.decode()


def test_source_usage_lists_an_article_whose_argument_cites_it(editor_client, site_tree):
    cited = SourceFactory()
    article = ArticlePageFactory(
        parent=site_tree.index,
        title="Cites the source in an argument",
        body=[pros_cons([argument("For", [cited])], [argument("Against", [cited])])],
    )
    article.save_revision().publish()

    response = editor_client.get(reverse("wagtailsnippets_content_source:usage", args=[cited.pk]))

    assert "Cites the source in an argument" in response.content.decode()


def test_source_admin_form_shows_the_archive_url_error_next_to_its_field(editor_client):
    response = editor_client.post(
        reverse("wagtailsnippets_content_source:add"),
        {
            "title": "Inside the city of cameras",
            "publisher": "Daily Mail Online",
            "authors": "",
            "date_published": "2025-05-06",
            "url": "https://www.example.org/story",
            "archive_url": "https://www.example.org/story",
            "date_accessed": "",
            "kind": "press",
            "language": "en",
            "quote": "",
        },
    )

    assert response.status_code == 200
    field = BeautifulSoup(response.content, "html.parser").select_one(
        "[data-contentpath='archive_url']"
    )
    assert "must point at a copy" in field.get_text()


@pytest.mark.parametrize("page_type", ["articlepage", "standardpage"])
def test_page_editor_opens_for_a_new_page(editor_client, site_tree, page_type):
    parent = site_tree.index if page_type == "articlepage" else site_tree.home
    add_url = reverse("wagtailadmin_pages:add", args=("content", page_type, parent.pk))

    response = editor_client.get(add_url)

    assert response.status_code == 200


def test_page_editor_opens_for_an_existing_article(editor_client, site_tree):
    article = ArticlePageFactory(parent=site_tree.index)

    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,)))

    assert response.status_code == 200


def body_blocks():
    return list(ArticlePage._meta.get_field("body").stream_block.child_blocks.items())


@pytest.mark.parametrize(("name", "block"), body_blocks(), ids=[name for name, _ in body_blocks()])
def test_block_preview_in_the_admin_renders_with_the_site_css(editor_client, name, block):
    """What an editor sees when hovering a block in the block picker."""
    SiteImageFactory()  # the image block previews with the newest image in the library

    response = editor_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("link[href$='css/site.css']") is not None
    assert soup.select_one(".block-preview").get_text(strip=True), f"{name} preview is empty"
