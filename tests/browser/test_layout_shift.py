"""Nothing moves while a page loads (Lighthouse's cumulative layout shift under 0.02).

The usual culprits: a web font that arrives after the first paint and swaps in under the
reader's eyes, an image without its size, content inserted above what is already shown.
Each public page type is loaded in Chromium at phone and desktop width with the fonts held
back (as on a slow connection), and the layout shifts the browser reports are added up the
way Lighthouse adds them (shifts after input excluded).
"""

import time

import pytest

from tests.browser.test_standards import ARTICLE_PATH, load_demo_site

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/explainers/",
    ARTICLE_PATH,
    "/topics/facial-recognition/",
    "/about/",
    "/search/?q=Chongqing",
    "/search/?q=xylophones",
]
VIEWPORTS = {"phone": {"width": 412, "height": 823}, "desktop": {"width": 1350, "height": 940}}
RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) {
            window.__shifts.push({
                value: entry.value,
                nodes: (entry.sources || []).map(
                    s => s.node ? s.node.nodeName + "." + s.node.className : "?"
                ),
            });
        }
    }
}).observe({type: "layout-shift", buffered: true});
"""


def slow_font(route):
    time.sleep(0.4)  # a font that arrives well after the first paint
    route.continue_()


@pytest.mark.parametrize("width", VIEWPORTS)
def test_no_page_moves_while_it_loads(live_server, browser, width):
    load_demo_site()
    context = browser.new_context(viewport=VIEWPORTS[width])
    context.route("**/*.woff2", slow_font)
    page = context.new_page()
    page.add_init_script(RECORD_SHIFTS)
    shifts = {}
    for path in PAGES:
        response = page.goto(live_server.url + path, wait_until="networkidle")
        assert response.status == 200, path
        page.wait_for_timeout(300)
        recorded = page.evaluate("window.__shifts")
        shifts[path] = (round(sum(shift["value"] for shift in recorded), 3), recorded)
    context.close()
    moved = {path: shift for path, shift in shifts.items() if shift[0] >= 0.02}
    assert not moved, f"layout shift at {width} width: {moved}"


def test_the_site_fonts_are_used_when_they_arrive_in_time(live_server, page):
    load_demo_site()
    page.goto(live_server.url + ARTICLE_PATH, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    assert {"Source Serif 4", "Source Sans 3"} <= {family.strip('"') for family in loaded}
