"""The Chinese demo article in Chromium, on a desktop and a phone, light and dark: its
screenshots are saved (test-artifacts/zh-article-*.png), and no English interface word is
left on it.

What may stay in Latin letters: proper names (the publications and firms the article
cites, the licence, the citation formats), addresses and numbers, and whatever the page
marks as English with lang="en" (the sources' original titles and publishers), which a
screen reader then reads in English too.
"""

import re

import pytest

from tests.browser import standards
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_standards import ZH_ARTICLE_PATH, load_demo_site

# live_server needs committed data, so each test ends by emptying the database.
pytestmark = pytest.mark.django_db(transaction=True)

# Names that are written in Latin letters in Chinese too, each word of them.
PROPER_NAMES = {
    # Publications, firms and the people the article cites
    "Daily",
    "Mail",
    "Online",
    "MailOnline",
    "Fox",
    "Business",
    "Comparitech",
    "Chongqing",
    # The networks the article can be shared on, and the feed formats
    "X",
    "Bluesky",
    "Facebook",
    "LinkedIn",
    "Reddit",
    "RSS",
    "Atom",
    # Words Chinese writes in Latin letters too (Cookie, IP 地址)
    "Cookie",
    "IP",
    # The licence
    "CC",
    "BY",
    # Citation formats and the files they download as
    "BibTeX",
    "RIS",
    "CSL",
    "JSON",
    "CSV",
    "APA",
    "MLA",
    "Chicago",
}

# The text of every element a reader sees, and the accessible names and hints of controls,
# outside anything marked lang="en…"; each with a short description of where it is.
VISIBLE_TEXT_SCRIPT = """() => {
    const found = [];
    const english = element => element.closest('[lang]')?.lang.toLowerCase().startsWith('en');
    const describe = element => element.tagName.toLowerCase()
        + (element.id ? '#' + element.id : '')
        + (element.className && typeof element.className === 'string'
            ? '.' + element.className.trim().split(/\\s+/).join('.') : '');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        if (!node.textContent.trim() || !element) continue;
        if (element.closest('script, style, noscript, template')) continue;
        if (!element.checkVisibility({visibilityProperty: true}) || english(element)) continue;
        found.push([describe(element), node.textContent]);
    }
    const controls = 'a, button, input, select, textarea, summary, img, svg, label, abbr, '
        + '[role], [tabindex]';
    for (const element of document.body.querySelectorAll(controls)) {
        if (english(element)) continue;
        for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
            const value = element.getAttribute(name);
            if (value && value.trim()) found.push([describe(element) + '[' + name + ']', value]);
        }
    }
    return found;
}"""

URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|net|uk|cn|io)(?:/\S*)?", re.I)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


def english_interface_words(page):
    """[(where, word, the text it is in)] for each Latin word not in PROPER_NAMES."""
    found = []
    for where, text in page.evaluate(VISIBLE_TEXT_SCRIPT):
        for word in LATIN_WORD.findall(URL.sub(" ", text)):
            if word not in PROPER_NAMES:
                found.append((where, word, " ".join(text.split())[:80]))
    return found


@pytest.fixture
def demo(live_server):
    load_demo_site()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("device", "options"),
    [
        ("desktop", {"viewport": {"width": 1280, "height": 900}}),
        (
            "phone",
            {
                "viewport": {"width": 390, "height": 844},
                "is_mobile": True,
                "has_touch": True,
                "device_scale_factor": 2,
            },
        ),
    ],
)
def test_the_chinese_article_has_no_english_interface_word_left(
    live_server, demo, browser, device, options, color_scheme
):
    context = standards.new_context(browser, color_scheme=color_scheme, **options)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        response = page.goto(live_server.url + ZH_ARTICLE_PATH)
        assert response.status == 200
        assert page.evaluate("document.documentElement.lang") == "zh-Hans"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"zh-article-{device}-{color_scheme}.png"
        page.screenshot(path=str(path), full_page=True)
        english = english_interface_words(page)
        overflow = standards.horizontal_overflow(page)
        scheme = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    finally:
        context.close()
    # A whole article, not an error page or a blank one: several screens tall and wide.
    width, height = png_size(path)
    assert width == options["viewport"]["width"] * options.get("device_scale_factor", 1)
    assert height > 4 * options["viewport"]["height"] * options.get("device_scale_factor", 1)
    assert path.stat().st_size > 100_000
    assert scheme == (color_scheme == "dark")
    assert overflow <= 0, f"the page is {overflow}px wider than the {device}'s screen"
    assert not english, "English interface words on the Chinese article:\n" + "\n".join(
        f"{word!r} in {where}: {text}" for where, word, text in english
    )
    outside = [url for url in requests if not url.startswith((live_server.url + "/", "data:"))]
    assert not outside, f"requests to another origin: {outside}"


def png_size(path):
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def test_the_scan_finds_an_english_word_left_on_the_page(live_server, demo, page):
    """The check above can fail: an English word put into the Chinese page is found, one
    marked lang="en" is not, and the proper names and addresses are allowed."""
    page.goto(live_server.url + ZH_ARTICLE_PATH)
    page.evaluate("""() => {
        const main = document.querySelector('main');
        main.insertAdjacentHTML('beforeend',
            '<p>引自 Daily Mail：https://example.com/a-b Read more</p>'
            + '<p lang="en">The original title</p>'
            + '<button aria-label="Close">×</button>');
    }""")
    words = [(word, text) for _where, word, text in english_interface_words(page)]
    assert ("Read", "引自 Daily Mail：https://example.com/a-b Read more") in words
    assert ("more", "引自 Daily Mail：https://example.com/a-b Read more") in words
    assert ("Close", "Close") in words
    assert not [word for word, _text in words if word in ("original", "Daily", "example")]
