"""The demo explainer's chart in Chromium: drawn in light and dark, readable at phone width,
its table one click away, its CSV downloaded, axe and the Nu Html Checker clean.

Screenshots go to test-artifacts/chart-*.png.
"""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Collection, Locale, Page

from content.models import ArticlePage
from tests.browser import standards
from tests.browser.conftest import ARTIFACTS

# live_server needs committed data, so each test ends by emptying the database.
pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE_PATH = "/explainers/chongqing-surveillance/"
CITIES = ["Chongqing", "Shenzhen", "Shanghai", "Tianjin", "Ji’nan", "London"]
CITIES_ZH = ["重庆", "深圳", "上海", "天津", "济南", "伦敦"]
VALUES = ["168.03", "159.09", "113.46", "92.87", "73.82", "68.40"]


@pytest.fixture
def demo(live_server):
    Locale.objects.get_or_create(language_code="en")
    if not Page.get_first_root_node():
        Page.add_root(instance=Page(title="Root", slug="root"))
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    call_command("load_demo", verbosity=0)
    return live_server.url


def chinese_article_path():
    article = ArticlePage.objects.live().get(
        slug="chongqing-surveillance", locale__language_code="en"
    )
    return article.get_translation(Locale.objects.get(language_code="zh-hans")).url


def open_chart(browser, url, **options):
    context = standards.new_context(browser, accept_downloads=True, **options)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(url)
    chart = page.locator("figure.chart")
    chart.scroll_into_view_if_needed()
    return context, page, chart, errors


def bar_widths(chart):
    return chart.locator("rect.chart__bar").evaluate_all(
        "bars => bars.map(bar => bar.getBoundingClientRect().width)"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_chart_is_drawn_in_both_colour_schemes(demo, browser, scheme):
    context, page, chart, errors = open_chart(
        browser, demo + ARTICLE_PATH, color_scheme=scheme, viewport={"width": 1280, "height": 900}
    )
    try:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        chart.screenshot(path=str(ARTIFACTS / f"chart-{scheme}.png"))
        svg = chart.get_by_role("img", name="Public CCTV cameras per 1,000 people, 2019")
        assert svg.is_visible()
        assert chart.locator("text.chart__label").all_text_contents() == CITIES
        assert chart.locator("text.chart__value").all_text_contents() == VALUES
        # Bars are drawn to scale from zero: Chongqing's is 168.03/68.40 times London's.
        widths = bar_widths(chart)
        assert widths[0] > 200
        assert widths[0] / widths[-1] == pytest.approx(168.03 / 68.40, rel=0.02)
        # The bars take the accent colour and the text the page's, whichever the scheme.
        colours = page.evaluate(
            """() => {
                const style = element => getComputedStyle(element);
                const root = style(document.documentElement);
                return {
                    bar: style(document.querySelector('.chart__bar')).fill,
                    label: style(document.querySelector('.chart__label')).fill,
                    body: style(document.body).color,
                    background: style(document.body).backgroundColor,
                };
            }"""
        )
        assert colours["label"] == colours["body"]
        assert colours["bar"] != colours["background"]
        dark_text = colours["body"] in ("rgb(27, 29, 33)",)
        assert dark_text is (scheme == "light")

        violations = standards.axe_violations(page)
        assert violations == [], "\n".join(standards.describe_violations(violations))
        assert errors == []
    finally:
        context.close()


def test_the_table_is_one_click_away_and_the_csv_downloads(demo, browser):
    context, page, chart, _errors = open_chart(browser, demo + ARTICLE_PATH)
    try:
        table = chart.locator("table")
        assert not table.is_visible()
        chart.get_by_text("Show the data as a table").click()
        assert table.is_visible()
        rows = table.locator("tbody tr").evaluate_all(
            "rows => rows.map(row => [...row.children].map(cell => cell.textContent))"
        )
        assert rows == [list(pair) for pair in zip(CITIES, VALUES, strict=True)]
        chart.screenshot(path=str(ARTIFACTS / "chart-table-open.png"))
        # axe with the table open too.
        violations = standards.axe_violations(page)
        assert violations == [], "\n".join(standards.describe_violations(violations))

        with page.expect_download() as download_info:
            chart.get_by_role("link", name="Download the data (CSV)").click()
        download = download_info.value
        assert download.suggested_filename == (
            "chongqing-surveillance-public-cctv-cameras-per-1000-people-2019.csv"
        )
        text = Path(download.path()).read_text(encoding="utf-8")
        assert not text.startswith("\ufeff")
        assert list(csv.reader(io.StringIO(text))) == [
            ["City", "Cameras per 1,000 people"],
            *[list(pair) for pair in zip(CITIES, VALUES, strict=True)],
        ]
    finally:
        context.close()


def test_the_chinese_chart_and_its_csv(demo, browser):
    context, page, chart, _errors = open_chart(browser, demo + chinese_article_path())
    try:
        chart.screenshot(path=str(ARTIFACTS / "chart-zh.png"))
        assert chart.locator("text.chart__label").all_text_contents() == CITIES_ZH
        chart.get_by_text("以表格显示数据").click()
        assert chart.locator("table").is_visible()
        with page.expect_download() as download_info:
            chart.get_by_role("link", name="下载数据（CSV）").click()
        text = Path(download_info.value.path()).read_text(encoding="utf-8")
        assert not text.startswith("\ufeff")
        assert list(csv.reader(io.StringIO(text))) == [
            ["城市", "每千人摄像头数（个）"],
            *[list(pair) for pair in zip(CITIES_ZH, VALUES, strict=True)],
        ]
        assert download_info.value.suggested_filename == "chongqing-jiankong-chart.csv"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_at_phone_width_the_chart_fits_and_stays_readable(demo, browser, scheme):
    context, page, chart, _errors = open_chart(
        browser,
        demo + ARTICLE_PATH,
        color_scheme=scheme,
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        device_scale_factor=2,
    )
    try:
        chart.screenshot(path=str(ARTIFACTS / f"chart-phone-{scheme}.png"))
        assert standards.horizontal_overflow(page) == 0
        fits = chart.locator("text.chart__value").evaluate_all(
            """values => values.every(value => {
                const svg = value.ownerSVGElement.getBoundingClientRect();
                return value.getBoundingClientRect().right <= svg.right + 0.5;
            })"""
        )
        assert fits, "a printed value runs past the chart's edge"
        font_size = chart.locator("text.chart__label").first.evaluate(
            "label => parseFloat(getComputedStyle(label).fontSize)"
        )
        assert font_size >= 14
    finally:
        context.close()


@pytest.mark.skipif(not standards.java(), reason="the Nu Html Checker needs Java")
def test_the_pages_with_charts_pass_the_nu_html_checker(demo, browser, tmp_path):
    context = standards.new_context(browser)
    page = context.new_page()
    try:
        for name, path in (("en", ARTICLE_PATH), ("zh", chinese_article_path())):
            response = page.goto(demo + path)
            assert page.locator("figure.chart svg[role=img]").count() == 1
            assert page.locator("section.timeline time[datetime]").count() == 2
            # The HTML as served, not as the browser re-serialises it.
            (tmp_path / f"{name}.html").write_text(response.text(), encoding="utf-8")
    finally:
        context.close()
    messages = [m for m in standards.validate_html(tmp_path) if m["type"] == "error"]
    assert messages == [], "\n".join(standards.describe_html_messages(messages))
