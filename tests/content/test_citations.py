"""Citation numbering as a reader sees it: markers in the text, a numbered Sources list."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content.citations import source_ids_in_stream
from tests.content.factories import (
    ArticlePageFactory,
    SourceFactory,
    argument,
    cite,
    paragraph,
    pros_cons,
)

pytestmark = pytest.mark.django_db


def read(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def marker_targets(soup):
    """Where each citation marker in the text points, in reading order."""
    return [link["href"] for link in soup.select("sup.citation a")]


def sources_list_titles(soup):
    return [
        entry.select_one("cite").get_text(strip=True) for entry in soup.select("ol#sources > li")
    ]


def test_numbers_follow_first_use_across_paragraphs_and_arguments(client, site_tree):
    first, second, third = SourceFactory(), SourceFactory(), SourceFactory()
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[
            paragraph(f"<p>The city has {cite(second, 'many cameras')}.</p>"),
            paragraph(f"<p>{cite(first, 'One claim')} and {cite(second, 'another')}.</p>"),
            pros_cons(
                pros=[argument("Faster response", [third])],
                cons=[argument("Less privacy", [first])],
            ),
        ],
    )

    soup = read(client, article)

    assert marker_targets(soup) == [
        "#source-1",
        "#source-2",
        "#source-1",
        "#source-3",
        "#source-2",
    ]
    assert sources_list_titles(soup) == [second.title, first.title, third.title]
    assert [sup.get_text() for sup in soup.select("sup.citation")] == [
        "[1]",
        "[2]",
        "[1]",
        "[3]",
        "[2]",
    ]


def test_inline_citation_in_an_argument_explanation_is_numbered_in_reading_order(client, site_tree):
    argument_source, explanation_source = SourceFactory(), SourceFactory()
    con = argument(
        "Less privacy",
        [argument_source],
        explanation=f"<p>As {cite(explanation_source, 'one study')} found.</p>",
    )
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[pros_cons(pros=[argument("Safer", [argument_source])], cons=[con])],
    )

    soup = read(client, article)

    assert marker_targets(soup) == ["#source-1", "#source-1", "#source-2"]
    assert sources_list_titles(soup) == [argument_source.title, explanation_source.title]


def test_source_cited_eleven_times_keeps_one_number_and_gets_eleven_back_links(client, site_tree):
    """The launch article: five pros and six cons, each citing the same feature."""
    feature = SourceFactory(publisher="Daily Mail Online")
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[
            pros_cons(
                pros=[argument(f"Pro {n}", [feature]) for n in range(5)],
                cons=[argument(f"Con {n}", [feature]) for n in range(6)],
            )
        ],
    )

    soup = read(client, article)

    assert marker_targets(soup) == ["#source-1"] * 11
    entries = soup.select("ol#sources > li")
    assert len(entries) == 1
    assert entries[0]["id"] == "source-1"
    back_links = [link["href"] for link in entries[0].select(".source__backlinks a")]
    assert back_links == [f"#cite-1-{n}" for n in range(1, 12)]
    # Every back-link lands on the marker it names.
    marker_ids = [link["id"] for link in soup.select("sup.citation a")]
    assert marker_ids == [f"cite-1-{n}" for n in range(1, 12)]


def test_every_marker_links_to_an_entry_in_the_sources_list(client, site_tree):
    sources = SourceFactory.create_batch(3)
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[paragraph("<p>" + " ".join(cite(source) for source in sources) + "</p>")],
    )

    soup = read(client, article)

    for href in marker_targets(soup):
        assert href.startswith("#source-")
        assert soup.find(id=href[1:]) is not None, f"{href} points nowhere"
        assert soup.find(id=href[1:]).find_parent("ol", id="sources") is not None


def test_marker_names_its_source_for_screen_readers(client, site_tree):
    source = SourceFactory(publisher="Daily Mail Online")
    article = ArticlePageFactory(
        parent=site_tree.index, body=[paragraph(f"<p>{cite(source, 'A claim')}.</p>")]
    )

    soup = read(client, article)

    assert soup.select_one("sup.citation a")["aria-label"] == "Source 1: Daily Mail Online"
    assert soup.select_one(".cited").get_text() == "A claim"


def test_citation_of_a_deleted_source_renders_no_marker_and_no_error(client, site_tree):
    kept, deleted = SourceFactory(), SourceFactory()
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[
            paragraph(f"<p>{cite(deleted, 'Claim whose source is gone')}.</p>"),
            paragraph(f"<p>{cite(kept, 'Claim that stands')}.</p>"),
            pros_cons(
                pros=[argument("Argument with a lost source", [deleted])],
                cons=[argument("Argument with its source", [kept])],
            ),
        ],
    )
    deleted.delete()

    soup = read(client, article)

    assert "Claim whose source is gone" in soup.get_text()
    assert "Argument with a lost source" in soup.get_text()
    # The surviving source is [1]: numbers are not wasted on the deleted one.
    assert marker_targets(soup) == ["#source-1", "#source-1"]
    assert sources_list_titles(soup) == [kept.title]


def test_sources_list_shows_everything_a_reader_needs_to_find_the_source(client, site_tree):
    source = SourceFactory(
        title="Inside the city of cameras",
        publisher="Daily Mail Online",
        authors="Jane Roe",
        date_published=datetime.date(2025, 5, 6),
        url="https://www.example.org/story",
        archive_url="https://archive.example.org/story",
        date_accessed=datetime.date(2025, 6, 1),
    )
    article = ArticlePageFactory(
        parent=site_tree.index, body=[paragraph(f"<p>{cite(source)}.</p>")]
    )

    entry = read(client, article).select_one("ol#sources > li#source-1")

    text = " ".join(entry.get_text(" ").split())
    assert entry.select_one("cite").get_text(strip=True) == "Inside the city of cameras"
    assert "Daily Mail Online" in text
    assert "Jane Roe" in text
    dates = {time["datetime"]: time.get_text(strip=True) for time in entry.select("time")}
    assert dates == {"2025-05-06": "6 May 2025", "2025-06-01": "1 June 2025"}
    assert "Accessed" in entry.select_one(".source__accessed").get_text()
    assert entry.select_one("a.source__link")["href"] == "https://www.example.org/story"
    assert entry.select_one("a.source__archive")["href"] == "https://archive.example.org/story"
    assert "No link available" not in text


def test_source_without_url_says_no_link_available(client, site_tree):
    source = SourceFactory(url="", archive_url="", date_accessed=None, authors="")
    article = ArticlePageFactory(
        parent=site_tree.index, body=[paragraph(f"<p>{cite(source)}.</p>")]
    )

    entry = read(client, article).select_one("ol#sources > li#source-1")

    assert "No link available" in entry.get_text()
    assert entry.select("a.source__link, a.source__archive") == []
    assert entry.select_one(".source__accessed") is None


def test_article_without_citations_has_no_empty_sources_list(client, site_tree):
    article = ArticlePageFactory(parent=site_tree.index, body=[paragraph("<p>No claims.</p>")])

    soup = read(client, article)

    assert soup.select("ol#sources") == []


def test_source_ids_in_stream_finds_inline_and_argument_sources(site_tree):
    inline, in_argument, in_explanation, unused = SourceFactory.create_batch(4)
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[
            paragraph(f"<p>{cite(inline)}</p>"),
            pros_cons(
                pros=[argument("Pro", [in_argument])],
                cons=[argument("Con", [in_argument], explanation=f"<p>{cite(in_explanation)}</p>")],
            ),
        ],
    )
    article.refresh_from_db()

    found = source_ids_in_stream(article.body.raw_data)

    assert found == {inline.pk, in_argument.pk, in_explanation.pk}
    assert unused.pk not in found


def test_source_ids_in_stream_of_an_empty_body_is_empty():
    assert source_ids_in_stream([]) == set()


def count_queries_to_render(client, page):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(queries)


def article_citing(parent, sources, arguments_per_side):
    return ArticlePageFactory(
        parent=parent,
        body=[
            paragraph("<p>" + " ".join(cite(source) for source in sources) + "</p>"),
            pros_cons(
                pros=[argument(f"Pro {n}", sources) for n in range(arguments_per_side)],
                cons=[argument(f"Con {n}", sources) for n in range(arguments_per_side)],
            ),
        ],
    )


def test_rendering_queries_do_not_grow_with_the_number_of_citations(client, site_tree):
    small = article_citing(site_tree.index, SourceFactory.create_batch(1), arguments_per_side=1)
    large = article_citing(site_tree.index, SourceFactory.create_batch(12), arguments_per_side=6)
    # Warm the caches (content types, site root paths, each article's own: whether its
    # weighing is closed), so both are counted as every later reader's visit is.
    count_queries_to_render(client, small)
    count_queries_to_render(client, large)

    assert count_queries_to_render(client, large) == count_queries_to_render(client, small)
