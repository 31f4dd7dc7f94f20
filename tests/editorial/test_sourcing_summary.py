"""The one-line sourcing summary and the evidence legend readers see on an article."""

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.utils import translation

from content.evidence import EVIDENCE_LABELS
from tests.content.factories import (
    ArticlePageFactory,
    SourceFactory,
    argument,
    cite,
    paragraph,
    pros_cons,
)

pytestmark = pytest.mark.django_db


def summary_of(page):
    html = render_to_string("components/sourcing_summary.html", {"page": page})
    return BeautifulSoup(html, "html.parser")


def test_eleven_reported_arguments_citing_one_source(site_tree):
    source = SourceFactory()
    pros = [argument(f"Pro {n}", [source]) for n in range(5)]
    cons = [argument(f"Con {n}", [source]) for n in range(6)]
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[paragraph(f"<p>{cite(source, 'A claim')}.</p>"), pros_cons(pros, cons)],
    )
    assert article.sourcing_summary().text == "11 claims, 1 source, all reported"
    soup = summary_of(article)
    line = soup.select_one(".sourcing-summary__line")
    assert line.get_text(strip=True) == "11 claims, 1 source, all reported."
    assert line.a["href"] == "#sources"
    with translation.override("zh-hans"):
        chinese = summary_of(article).select_one(".sourcing-summary__line")
    # A Chinese sentence ends with a Chinese full stop, not a Latin one.
    assert chinese.get_text(strip=True) == "11 个论断、1 个来源、均为“有报道”。"


def test_mixed_labels_are_counted_in_the_order_they_are_defined(site_tree):
    first, second = SourceFactory(), SourceFactory()
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[
            pros_cons(
                [argument("A", [first], evidence="alleged"), argument("B", [first])],
                [
                    argument("C", [second], evidence="documented"),
                    argument("D", [second], evidence=""),
                ],
            )
        ],
    )
    assert article.sourcing_summary().text == (
        "4 claims, 2 sources, 1 documented, 1 reported, 1 alleged, 1 without a label"
    )


def test_an_article_with_only_inline_citations_counts_its_sources(site_tree):
    source = SourceFactory()
    article = ArticlePageFactory(
        parent=site_tree.index, body=[paragraph(f"<p>{cite(source)} and {cite(source)}.</p>")]
    )
    assert article.sourcing_summary().text == "1 source"
    assert summary_of(article).find("details") is None  # no labels to explain


def test_an_article_citing_nothing_shows_no_summary(site_tree):
    article = ArticlePageFactory(parent=site_tree.index)
    assert summary_of(article).get_text(strip=True) == ""


def test_the_legend_explains_every_evidence_label(site_tree):
    source = SourceFactory()
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[pros_cons([argument("A", [source])], [argument("B", [source])])],
    )
    legend = summary_of(article).select_one("details.evidence-legend")
    assert legend.summary.get_text(strip=True) == "What the evidence labels mean"
    terms = [dt.get_text(strip=True) for dt in legend.find_all("dt")]
    assert terms == [label.label for label in EVIDENCE_LABELS]
    assert all(label.description in legend.get_text() for label in EVIDENCE_LABELS)
