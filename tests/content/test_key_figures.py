"""Key figures cite their Sources like any other claim: a numbered marker beside each number,
linking to the article's Sources list; a figure without a Source is refused in the editor."""

import uuid

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from content.blocks.basic import KeyFigureBlock
from content.models import ArticlePage, Source
from tests.content.factories import ArticlePageFactory, SourceFactory, cite, paragraph
from tests.content.test_admin import editor_client, list_block  # noqa: F401 - a fixture
from tests.editorial.conftest import approve_fact_check

pytestmark = pytest.mark.django_db

DEMO_ARTICLE = "/explainers/chongqing-surveillance/"


def key_figures(*figures, heading="In numbers"):
    """A key-figures block as the database stores it; each figure is (value, label, sources)."""
    return {
        "type": "key_figures",
        "value": {
            "heading": heading,
            "figures": [
                {
                    "type": "item",
                    "value": {
                        "value": value,
                        "label": label,
                        "sources": [
                            {"type": "item", "value": source.pk, "id": str(uuid.uuid4())}
                            for source in sources
                        ],
                        "note": "",
                    },
                    "id": str(uuid.uuid4()),
                }
                for value, label, sources in figures
            ],
        },
        "id": str(uuid.uuid4()),
    }


def read(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def figure_markers(soup):
    """{figure label: [where its markers point]}, in the order the figures are shown."""
    return {
        figure.select_one(".key-figure__label").get_text(strip=True): [
            link["href"] for link in figure.select(".key-figure__value sup.citation a")
        ]
        for figure in soup.select(".key-figure")
    }


def source_entry(soup, href):
    return soup.select_one(f"ol#sources > li{href}")


# --- The block ------------------------------------------------------------------------------


def figure_value(sources):
    return KeyFigureBlock().to_python(
        {"value": "32 million", "label": "Population", "sources": sources, "note": ""}
    )


def test_a_figure_without_a_source_is_refused_on_its_sources_field():
    with pytest.raises(StructBlockValidationError) as raised:
        KeyFigureBlock().clean(figure_value([]))

    errors = raised.value.block_errors
    assert set(errors) == {"sources"}
    assert "Cite at least one Source" in " ".join(errors["sources"].messages)


def test_a_figure_with_a_source_passes():
    source = SourceFactory()
    cleaned = KeyFigureBlock().clean(figure_value([source.pk]))
    assert [item.pk for item in cleaned["sources"]] == [source.pk]


def test_a_figure_without_its_value_reports_value_and_sources_together():
    value = KeyFigureBlock().to_python(
        {"value": "", "label": "Population", "sources": [], "note": ""}
    )
    with pytest.raises(StructBlockValidationError) as raised:
        KeyFigureBlock().clean(value)
    assert {"value", "sources"} <= set(raised.value.block_errors)


# --- What a reader sees ---------------------------------------------------------------------


def test_each_figure_shows_a_numbered_marker_that_links_to_its_source(client, site_tree):
    report, census = SourceFactory(title="A report"), SourceFactory(title="A census")
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[
            paragraph(f"<p>{cite(report, 'The city is huge')}.</p>"),
            key_figures(
                ("32 million", "Population", [census]),
                ("100+", "Foggy days a year", [report, census]),
            ),
        ],
    )

    soup = read(client, article.url)

    # The report was cited first, in the text: [1]; the census first in the figures: [2].
    assert figure_markers(soup) == {
        "Population": ["#source-2"],
        "Foggy days a year": ["#source-1", "#source-2"],
    }
    assert [marker.get_text() for marker in soup.select(".key-figure sup.citation a")] == [
        "[2]",
        "[1]",
        "[2]",
    ]
    assert "A census" in source_entry(soup, "#source-2").get_text()
    # The Sources list links back to the figure's marker.
    population_marker = soup.select_one(".key-figure sup.citation a")
    backlinks = [a["href"] for a in source_entry(soup, "#source-2").select(".source__backlinks a")]
    assert f"#{population_marker['id']}" in backlinks


def test_a_source_cited_only_by_a_figure_is_in_the_sources_list(client, site_tree):
    only_here = SourceFactory(title="Cited by a figure alone")
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[key_figures(("~50%", "Share of the world's laptops", [only_here]))],
    )

    soup = read(client, article.url)

    assert figure_markers(soup) == {"Share of the world's laptops": ["#source-1"]}
    assert "Cited by a figure alone" in source_entry(soup, "#source-1").get_text()


def test_the_demo_chongqing_figures_cite_the_daily_mail_report(client, demo_site):
    soup = read(client, DEMO_ARTICLE)
    daily_mail = Source.objects.get(publisher="Daily Mail Online (MailOnline)")

    markers = figure_markers(soup)
    assert set(markers) == {
        "Population",
        "Area",
        "Share of the world’s laptops made here",
        "Foggy days a year",
    }
    assert all(len(targets) == 1 for targets in markers.values()), markers
    (target,) = set(sum(markers.values(), []))
    assert daily_mail.title in source_entry(soup, target).get_text()


# --- The editor -----------------------------------------------------------------------------


def publish_article_with_a_figure(editor_client, index, sources):  # noqa: F811
    add_url = reverse("wagtailadmin_pages:add", args=("content", "articlepage", index.pk))
    rendered = editor_client.get(add_url)
    data = querydict_from_html(rendered.content.decode(), form_id="page-edit-form").dict()
    data.update(
        nested_form_data(
            {
                "title": "Figures from the admin",
                "slug": "figures-from-the-admin",
                "standfirst": "What the numbers say.",
                "first_published": "2025-05-06",
                "last_reviewed": "2025-06-01",
                "body": streamfield(
                    [
                        (
                            "key_figures",
                            {
                                "heading": "In numbers",
                                "figures": list_block(
                                    [
                                        {
                                            "value": "32 million",
                                            "label": "Population",
                                            "sources": list_block(
                                                [str(source.pk) for source in sources]
                                            ),
                                            "note": rich_text(""),
                                        }
                                    ]
                                ),
                            },
                        )
                    ]
                ),
            }
        )
    )
    # Explainers go live only through the fact check: submit it, as an editor does.
    data["action-submit"] = "action-submit"
    return editor_client.post(add_url, data)


def test_the_editor_is_told_a_figure_needs_a_source_and_nothing_is_published(
    editor_client,  # noqa: F811
    site_tree,
):
    response = publish_article_with_a_figure(editor_client, site_tree.index, [])

    assert response.status_code == 200
    assert not ArticlePage.objects.filter(title="Figures from the admin").exists()
    assert "a figure without a source cannot be published" in response.content.decode()


def test_a_figure_published_with_its_source_shows_its_marker_to_readers(
    editor_client,  # noqa: F811
    site_tree,
):
    source = SourceFactory(title="The population count")
    response = publish_article_with_a_figure(editor_client, site_tree.index, [source])
    assert response.status_code == 302
    approve_fact_check(ArticlePage.objects.get(title="Figures from the admin"))

    editor_client.logout()
    soup = read(editor_client, ArticlePage.objects.get(title="Figures from the admin").url)
    assert figure_markers(soup) == {"Population": ["#source-1"]}
    assert "The population count" in source_entry(soup, "#source-1").get_text()
