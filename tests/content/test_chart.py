"""Charts and timelines, as a reader and an editor meet them: the chart's SVG, table and
CSV (English and Chinese), its validation next to the field, and the timeline's dates."""

import csv
import io
import uuid

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Locale

from content.blocks.charts import ChartBlock, TimelineBlock
from content.models import ArticlePage, Source
from tests.content.factories import ArticlePageFactory, SourceFactory, cite, paragraph

pytestmark = pytest.mark.django_db

CITIES = [
    ("Chongqing", "168.03"),
    ("Shenzhen", "159.09"),
    ("Shanghai", "113.46"),
    ("London", "68.40"),
]


def _item(value):
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}


def chart(rows=CITIES, sources=(), title="Cameras per 1,000 people, 2019", **extra):
    """A chart block as the database stores it."""
    return {
        "type": "chart",
        "value": {
            "title": title,
            "category": extra.get("category", "City"),
            "unit": extra.get("unit", "Cameras per 1,000 people"),
            "kind": extra.get("kind", "bar"),
            "rows": [_item({"label": label, "value": value}) for label, value in rows],
            "sources": [_item(source.pk) for source in sources],
            "note": extra.get("note", ""),
        },
        "id": extra.get("id", str(uuid.uuid4())),
    }


def timeline(events, heading="When it happened"):
    return {
        "type": "timeline",
        "value": {
            "heading": heading,
            "events": [
                _item(
                    {
                        "date": date,
                        "precision": precision,
                        "text": text,
                        "sources": [_item(source.pk) for source in sources],
                    }
                )
                for date, precision, text, sources in events
            ],
        },
        "id": str(uuid.uuid4()),
    }


def read(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def bar_widths(soup):
    return [float(rect["width"].rstrip("%")) for rect in soup.select("figure.chart rect")]


def chart_value(**value):
    block = ChartBlock()
    raw = {
        "title": "Cameras",
        "category": "City",
        "unit": "Cameras per 1,000 people",
        "kind": "bar",
        "rows": [{"label": label, "value": number} for label, number in CITIES],
        "sources": [],
        "note": "",
    }
    raw.update(value)
    return block, block.to_python(raw)


# --- What a reader sees ---------------------------------------------------------------------


@pytest.fixture
def article_with_chart(site_tree):
    study = SourceFactory(publisher="Fox Business", title="Big Brother watching you?")
    article = ArticlePageFactory(
        parent=site_tree.index,
        slug="cameras",
        body=[chart(sources=[study], id="0b7f5c6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b")],
    )
    return article, study


def test_the_chart_is_an_svg_image_with_each_label_and_value(client, article_with_chart):
    article, _study = article_with_chart
    soup = read(client, article.url)

    svg = soup.select_one("figure.chart svg")
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.find("title", id=title_id).get_text() == "Cameras per 1,000 people, 2019"
    description = svg.find("desc", id=desc_id).get_text()
    assert "Chongqing: 168.03" in description
    assert "London: 68.40" in description
    labels = [text.get_text() for text in svg.select("text.chart__label")]
    values = [text.get_text() for text in svg.select("text.chart__value")]
    assert labels == [label for label, _value in CITIES]
    assert values == [value for _label, value in CITIES]
    # Colours come from the stylesheet, never from the markup (the CSP forbids style="").
    assert not soup.select("figure.chart [style], figure.chart [fill]")


def test_bars_start_at_zero_and_are_proportional_to_their_values(client, article_with_chart):
    article, _study = article_with_chart
    soup = read(client, article.url)
    widths = bar_widths(soup)
    assert {rect["x"] for rect in soup.select("figure.chart rect")} == {"0"}
    values = [float(value) for _label, value in CITIES]
    for width, value in zip(widths, values, strict=True):
        assert width / widths[0] == pytest.approx(value / values[0], rel=1e-3)
    # London (68.40) is not drawn as if the scale started anywhere above zero.
    assert widths[-1] > widths[0] / 3


def test_largest_first_sorts_the_bars(client, site_tree):
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[chart(rows=list(reversed(CITIES)), sources=[SourceFactory()], kind="bar_sorted")],
    )
    soup = read(client, article.url)
    labels = [text.get_text() for text in soup.select("text.chart__label")]
    assert labels == ["Chongqing", "Shenzhen", "Shanghai", "London"]


def test_the_chart_cites_its_source_numbered_with_the_article(client, site_tree):
    report = SourceFactory(publisher="A newspaper", title="A report")
    study = SourceFactory(publisher="Fox Business", title="The study")
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[paragraph(f"<p>{cite(report, 'A claim')}.</p>"), chart(sources=[study])],
    )
    soup = read(client, article.url)
    marker = soup.select_one(".chart__source sup.citation a")
    assert marker.get_text() == "[2]"
    assert marker["href"] == "#source-2"
    assert "The study" in soup.select_one("ol#sources > li#source-2").get_text()
    assert soup.select_one(".chart__source").get_text().startswith("Source: Fox Business")


def test_the_data_table_is_in_a_details_element(client, article_with_chart):
    article, _study = article_with_chart
    soup = read(client, article.url)
    details = soup.select_one("figure.chart details")
    assert details.summary.get_text() == "Show the data as a table"
    headings = [th.get_text() for th in details.select("thead th")]
    assert headings == ["City", "Cameras per 1,000 people"]
    rows = [(row.th.get_text(), row.td.get_text()) for row in details.select("tbody tr")]
    assert rows == CITIES


def test_the_csv_downloads_at_a_stable_address(client, article_with_chart):
    article, _study = article_with_chart
    soup = read(client, article.url)
    link = soup.select_one("figure.chart a[download]")
    assert link.get_text() == "Download the data (CSV)"
    assert link["href"] == f"{article.url}chart/0b7f5c6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b.csv"

    response = client.get(link["href"])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="cameras-cameras-per-1000-people-2019.csv"'
    )
    assert not response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8")
    assert list(csv.reader(io.StringIO(text))) == [
        ["City", "Cameras per 1,000 people"],
        *[list(row) for row in CITIES],
    ]


def test_a_large_value_is_grouped_on_the_page_and_plain_in_the_csv(client, site_tree):
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[
            chart(
                rows=[("Chongqing", "2579890"), ("London", "627707")],
                sources=[SourceFactory()],
                id="11111111-2222-3333-4444-555555555555",
            )
        ],
    )
    soup = read(client, article.url)
    assert [t.get_text() for t in soup.select("text.chart__value")] == ["2,579,890", "627,707"]
    text = client.get(f"{article.url}chart/11111111-2222-3333-4444-555555555555.csv")
    assert text.content.decode().splitlines()[1:] == ["Chongqing,2579890", "London,627707"]


def test_no_csv_for_a_chart_the_page_does_not_have(client, article_with_chart):
    article, _study = article_with_chart
    assert (
        client.get(f"{article.url}chart/99999999-0000-0000-0000-000000000000.csv").status_code
        == 404
    )
    # Nor for a draft: readers get what the live page shows.
    draft = ArticlePageFactory(parent=article.get_parent(), slug="draft", live=False)
    draft.body = [chart(sources=[SourceFactory()], id="0b7f5c6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b")]
    draft.save()
    assert (
        client.get("/explainers/draft/chart/0b7f5c6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b.csv").status_code
        == 404
    )


def test_the_chinese_demo_chart_and_its_csv(client, demo_site):
    english = ArticlePage.objects.get(slug="chongqing-surveillance", locale__language_code="en")
    chinese = english.get_translation(Locale.objects.get(language_code="zh-hans"))
    study = Source.objects.get(publisher="Fox Business")
    soup = read(client, chinese.url)

    figure = soup.select_one("figure.chart")
    labels = [text.get_text() for text in figure.select("text.chart__label")]
    assert labels == ["重庆", "深圳", "上海", "天津", "济南", "伦敦"]
    assert figure.details.summary.get_text() == "以表格显示数据"
    assert figure.select_one(".chart__source").get_text().startswith("来源：美国福克斯商业新闻")
    marker = figure.select_one(".chart__source sup.citation a")
    assert study.title in soup.select_one(f"ol#sources > li{marker['href']}").get_text()
    link = figure.select_one("a[download]")
    assert link.get_text() == "下载数据（CSV）"

    response = client.get(link["href"])

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="chongqing-jiankong-chart.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == ["城市", "每千人摄像头数（个）"]
    assert rows[1] == ["重庆", "168.03"]
    assert rows[-1] == ["伦敦", "68.40"]


def test_the_english_demo_chart_cites_the_fox_business_report(client, demo_site):
    soup = read(client, "/explainers/chongqing-surveillance/")
    figure = soup.select_one("figure.chart")
    labels = [text.get_text() for text in figure.select("text.chart__label")]
    assert labels == ["Chongqing", "Shenzhen", "Shanghai", "Tianjin", "Ji’nan", "London"]
    marker = figure.select_one(".chart__source sup.citation a")
    entry = soup.select_one(f"ol#sources > li{marker['href']}").get_text()
    assert "Fox Business" in entry


# --- What an editor is told -----------------------------------------------------------------


def test_a_chart_with_one_row_is_refused_on_its_rows():
    block, value = chart_value(rows=[{"label": "Chongqing", "value": "168.03"}])
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    error = raised.value.block_errors["rows"]
    assert isinstance(error, ListBlockValidationError)
    assert [e.message for e in error.non_block_errors.as_data()] == [
        "A chart needs at least two rows to compare."
    ]


def test_a_label_used_twice_is_marked_on_the_second_row():
    block, value = chart_value(
        rows=[
            {"label": "Chongqing", "value": "168.03"},
            {"label": "London", "value": "68.40"},
            {"label": "chongqing ", "value": "1"},
        ]
    )
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    row_errors = raised.value.block_errors["rows"].block_errors
    assert set(row_errors) == {2}
    assert row_errors[2].block_errors["label"].messages == [
        "“chongqing ” is already a row: each label may appear once."
    ]


def test_a_value_that_is_not_a_number_is_marked_on_its_field():
    block, value = chart_value()
    # As the editor's form hands it over: the words typed, not yet a number.
    value["rows"][1]["value"] = "sixty-eight"
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    row_errors = raised.value.block_errors["rows"].block_errors
    assert set(row_errors) == {1}
    assert row_errors[1].block_errors["value"].messages == ["Enter a number."]


def test_a_negative_value_is_marked_on_its_field():
    block, value = chart_value(
        rows=[{"label": "Chongqing", "value": "168.03"}, {"label": "London", "value": "-1"}]
    )
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    messages = raised.value.block_errors["rows"].block_errors[1].block_errors["value"].messages
    assert messages == ["Bars start at zero, so a value cannot be negative."]


def test_a_chart_without_a_source_is_refused_on_its_sources():
    block, value = chart_value()
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    assert set(raised.value.block_errors) == {"sources"}
    assert "Cite at least one Source" in raised.value.block_errors["sources"].messages[0]


def test_a_valid_chart_passes():
    source = SourceFactory()
    block, value = chart_value(sources=[source.pk])
    cleaned = block.clean(value)
    assert [row["label"] for row in cleaned["rows"]] == [label for label, _v in CITIES]


def test_the_messages_are_in_chinese_for_a_chinese_editor():
    block, value = chart_value(rows=[{"label": "重庆", "value": "168.03"}])
    with translation.override("zh-hans"), pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    with translation.override("zh-hans"):
        messages = [
            str(e.message) for e in raised.value.block_errors["rows"].non_block_errors.as_data()
        ]
    assert messages == ["图表至少需要两行数据才能比较。"]


def test_the_block_previews_render_in_the_admin_style():
    html = ChartBlock().render(ChartBlock().get_preview_value())
    soup = BeautifulSoup(html, "html.parser")
    assert [t.get_text() for t in soup.select("text.chart__label")] == [
        "Chongqing",
        "Shenzhen",
        "Shanghai",
        "London",
    ]
    # No page, so no download link to a page that is not there.
    assert not soup.select("a[download]")
    html = TimelineBlock().render(TimelineBlock().get_preview_value())
    assert '<time class="timeline__date" datetime="2019">2019</time>' in html


# --- Timelines ------------------------------------------------------------------------------


def test_a_timeline_is_an_ordered_list_of_dated_cited_events(client, site_tree):
    study, report = SourceFactory(title="The study"), SourceFactory(title="The report")
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[
            timeline(
                [
                    ("2019-01-01", "year", "The cameras are counted.", [study]),
                    ("2019-09-01", "month", "The count is reported.", [study]),
                    ("2025-05-06", "day", "The report is published.", [report]),
                ]
            )
        ],
    )
    soup = read(client, article.url)
    events = soup.select("section.timeline ol > li")
    assert [
        (t["datetime"], t.get_text()) for t in soup.select("section.timeline ol > li time")
    ] == [
        ("2019", "2019"),
        ("2019-09", "September 2019"),
        ("2025-05-06", "6 May 2025"),
    ]
    assert [e.select_one("sup.citation a").get_text() for e in events] == ["[1]", "[1]", "[2]"]
    assert "The report is published." in events[2].get_text()


def test_timeline_dates_read_naturally_in_chinese(client, demo_site):
    english = ArticlePage.objects.get(slug="chongqing-surveillance", locale__language_code="en")
    chinese = english.get_translation(Locale.objects.get(language_code="zh-hans"))
    soup = read(client, chinese.url)
    times = [(t["datetime"], t.get_text()) for t in soup.select("section.timeline time")]
    assert times == [("2019", "2019年"), ("2025-05-06", "2025年5月6日")]


def test_events_out_of_order_are_marked_on_the_later_date():
    source = SourceFactory()
    block = TimelineBlock()
    value = block.to_python(
        {
            "heading": "",
            "events": [
                {"date": "2025-05-06", "precision": "day", "text": "B", "sources": [source.pk]},
                {"date": "2019-01-01", "precision": "year", "text": "A", "sources": [source.pk]},
            ],
        }
    )
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    event_errors = raised.value.block_errors["events"].block_errors
    assert set(event_errors) == {1}
    assert "oldest first" in event_errors[1].block_errors["date"].messages[0]


def test_an_event_without_a_source_is_refused_on_its_sources():
    block = TimelineBlock()
    value = block.to_python(
        {
            "heading": "",
            "events": [{"date": "2019-01-01", "precision": "year", "text": "A", "sources": []}],
        }
    )
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    event_error = raised.value.block_errors["events"].block_errors[0]
    assert "Cite at least one Source" in event_error.block_errors["sources"].messages[0]


def test_a_duplicate_label_is_marked_even_when_another_row_is_wrong():
    block, value = chart_value(
        rows=[
            {"label": "Chongqing", "value": "168.03"},
            {"label": "Shenzhen", "value": "-5"},
            {"label": "Chongqing", "value": "1"},
        ]
    )
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    row_errors = raised.value.block_errors["rows"].block_errors
    assert set(row_errors) == {1, 2}
    assert set(row_errors[1].block_errors) == {"value"}
    assert "already a row" in row_errors[2].block_errors["label"].messages[0]
