"""Embeddable cards (content.embeds) in Chromium, framed by a page of another origin: a
second local HTTP server serves a host page that frames the demo explainer's pros/cons
card and chart card and includes the optional resize helper. The cards show, the helper
fits each frame to its card, no cookie is set for either origin and no request leaves the
two of them. axe and the Nu Html Checker run over the cards in test_standards.py.

Screenshots go to test-artifacts/embed-*.png.
"""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from wagtail.models import Collection, Locale, Page

from content.models import ArticlePage
from tests.browser import standards
from tests.browser.conftest import ARTIFACTS

# live_server needs committed data, so each test ends by emptying the database.
pytestmark = pytest.mark.django_db(transaction=True)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def cards(live_server):
    """The demo, and the addresses of its explainer's pros/cons card and chart card."""
    Locale.objects.get_or_create(language_code="en")
    if not Page.get_first_root_node():
        Page.add_root(instance=Page(title="Root", slug="root"))
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    call_command("load_demo", verbosity=0)
    article = ArticlePage.objects.live().get(
        slug="chongqing-surveillance", locale__language_code="en"
    )
    ids = {block.block_type: block.id for block in reversed(list(article.body))}
    return {
        "article": article,
        "pros_cons": f"{live_server.url}/embed/{article.pk}/{ids['pros_cons']}/",
        "chart": f"{live_server.url}/embed/{article.pk}/{ids['chart']}/",
    }


@pytest.fixture
def host(tmp_path, live_server, cards):
    """Another origin: a page on a second local server that frames both cards."""
    (tmp_path / "index.html").write_text(
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A host page</title>
<link rel="icon" href="data:,"></head>
<body style="font-family: sans-serif; max-width: 50rem; margin: 1rem auto">
<h1>A blog that embeds a card</h1>
<p>The arguments, as Surveillance, Explained sets them out:</p>
<iframe id="pros-cons" src="{cards["pros_cons"]}" title="Pros and cons" width="100%"
 height="640" style="border: 1px solid #ccc" loading="lazy"></iframe>
<iframe id="chart" src="{cards["chart"]}" title="Chart" width="100%" height="640"
 style="border: 1px solid #ccc" loading="lazy"></iframe>
<script src="{live_server.url}/static/js/embed-resize.js" async></script>
</body></html>""",
        encoding="utf-8",
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_page_of_another_origin_frames_the_cards_without_cookies(
    browser, live_server, cards, host
):
    assert host != live_server.url
    context = standards.new_context(browser, viewport={"width": 1000, "height": 900})
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(host + "/")
        card = page.frame_locator("#pros-cons")
        card.locator("h1").wait_for()
        assert card.locator("h1").inner_text() == cards["article"].title
        assert card.locator(".argument").count() >= 4
        attribution = card.locator(".embed__attribution")
        assert attribution.inner_text().startswith("From Surveillance, Explained")
        assert card.locator(".embed__meta a[rel=license]").inner_text() == "CC BY 4.0"
        chart = page.frame_locator("#chart")
        assert chart.get_by_role("img", name="Public CCTV cameras per 1,000 people, 2019").count()
        assert chart.locator(".chart__download a").inner_text() == "Download the data (CSV)"
        # The helper fits each frame to its card: no inner scroll, no empty space.
        for frame_id in ("pros-cons", "chart"):
            page.wait_for_function(
                "id => document.getElementById(id).style.height !== ''", arg=frame_id
            )
        card_height = card.locator("html").evaluate(
            "html => Math.ceil(html.getBoundingClientRect().height)"
        )
        frame_height = page.locator("#pros-cons").evaluate("frame => frame.clientHeight")
        assert abs(frame_height - card_height) <= 2
        assert frame_height != 640
        # Opening the card's data table makes it taller, and the frame follows.
        closed = page.locator("#chart").evaluate("frame => frame.clientHeight")
        chart.locator(".chart__data summary").click()
        page.wait_for_function("h => document.getElementById('chart').clientHeight > h", arg=closed)
        # And closing it gives the frame its height back.
        chart.locator(".chart__data summary").click()
        page.wait_for_function(
            "h => Math.abs(document.getElementById('chart').clientHeight - h) <= 2", arg=closed
        )
        ARTIFACTS.mkdir(exist_ok=True)
        # (A full-page screenshot leaves a framed page of another origin unpainted below
        # the window: the window and the chart's frame instead.)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(ARTIFACTS / "embed-host.png"))
        page.locator("#chart").screenshot(path=str(ARTIFACTS / "embed-host-chart.png"))
        origins = (host + "/", live_server.url + "/", "data:")
        assert [url for url in requests if not url.startswith(origins)] == []
        assert any(url.startswith(live_server.url + "/embed/") for url in requests)
        assert context.cookies() == []
        assert errors == []
        # On the article: "Embed this" under the block, with the snippet that frames it.
        page.goto(live_server.url + cards["article"].url)
        control = page.locator(".pros-cons details.embed-this")
        control.locator("summary").click()
        snippet = control.get_by_label("HTML to paste into your page:").input_value()
        assert snippet.startswith(f'<iframe src="{cards["pros_cons"]}"')
        # "Copy the HTML" puts the snippet on the clipboard and says so.
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
        control.get_by_role("button", name="Copy the HTML").click()
        expect(control.get_by_role("status")).to_have_text("HTML copied: paste it into your page.")
        assert page.evaluate("navigator.clipboard.readText()") == snippet
        control.screenshot(path=str(ARTIFACTS / "embed-article-control.png"))
        assert context.cookies() == []
        # The card alone, as the frame shows it, in both colour schemes.
        for scheme in ("light", "dark"):
            check_colour_scheme(browser, cards, scheme)
    finally:
        context.close()


BACKGROUND_AND_TEXT = {
    "light": ["rgb(251, 250, 247)", "rgb(27, 29, 33)"],
    "dark": ["rgb(19, 21, 24)", "rgb(233, 231, 226)"],
}


def check_colour_scheme(browser, cards, scheme):
    context = standards.new_context(
        browser, color_scheme=scheme, viewport={"width": 700, "height": 900}
    )
    page = context.new_page()
    try:
        for name in ("pros_cons", "chart"):
            page.goto(cards[name])
            colours = page.evaluate(
                """() => [getComputedStyle(document.body).backgroundColor,
                          getComputedStyle(document.body).color]"""
            )
            assert colours == BACKGROUND_AND_TEXT[scheme]
            page.screenshot(
                path=str(ARTIFACTS / f"embed-{name.replace('_', '-')}-{scheme}.png"),
                full_page=True,
            )
    finally:
        context.close()
