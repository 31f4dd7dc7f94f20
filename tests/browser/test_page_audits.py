"""What Lighthouse audits, on every public page type, served as in production (issue 16).

One site for the whole module: the demo content with 500 approved comments on the Chongqing
explainer (as `make bench` seeds it), in a SQLite file of its own, static files collected,
served by gunicorn with the production settings (tests/bench/settings.py) on 127.0.0.1.

Two kinds of check:

- in Chromium through Playwright, at phone and desktop width: nothing moves while the page
  loads (cumulative layout shift under 0.02, web fonts held back as on a slow connection),
  every image has its size, the page has a title, its language, a meta description of a
  useful length and a canonical link, and axe finds nothing (its landmark rules included:
  landmark-unique, landmark-no-duplicate-*);
- Lighthouse itself (tests/lighthouse/package.json, pinned; `npm ci --prefix
  tests/lighthouse`): performance, accessibility, best practices and SEO at 100 on the
  article, home, index, topic and search pages, with two exceptions written out below
  (EXPECTED_FAILURES: search results are noindex on purpose; MIN_PERFORMANCE: the article
  with 500 comments is not at 100 yet). Skipped where node or the installed
  Lighthouse is missing, except with LIGHTHOUSE_AUDITS=1, where that fails. In CI (CI=true)
  it runs only with LIGHTHOUSE_AUDITS=1: .ci/run gives it a step of its own after the three
  suites, since beside them the scores would measure their load.

Lighthouse scores performance from its simulation of a mid-range phone, which multiplies
the time this machine's processor took by four: on a busy machine one run can lose points
that a quiet one does not. Each page gets up to LIGHTHOUSE_RUNS runs (3) and its best
performance score counts; the other categories must be 100 on every run, and the layout
shift Lighthouse measures under 0.02 on every run.
"""

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.bench.run import PYTHON, REPO, bench_environment, free_port, wait_until_up
from tests.browser import standards
from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.production_stack import start_gunicorn

ARTICLE = "/explainers/chongqing-surveillance/"
COMMENTS_ON_ARTICLE = 500
SEARCH = "/search/?q=cameras"
# (name, address, <html lang>)
PAGES = [
    ("article", ARTICLE, "en-GB"),
    ("home", "/", "en-GB"),
    ("index", "/explainers/", "en-GB"),
    ("topic", "/topics/facial-recognition/", "en-GB"),
    ("topics", "/topics/", "en-GB"),
    ("search", SEARCH, "en-GB"),
    ("search-nothing-found", "/search/?q=xylophones", "en-GB"),
    ("zh-article", "/zh-hans/jiedu/chongqing-jiankong/", "zh-Hans"),
    ("zh-home", "/zh-hans/", "zh-Hans"),
    ("zh-index", "/zh-hans/jiedu/", "zh-Hans"),
    ("zh-topic", "/zh-hans/topics/renlian-shibie/", "zh-Hans"),
    ("zh-topics", "/zh-hans/topics/", "zh-Hans"),
    ("zh-search", "/zh-hans/search/?q=" + quote("人脸识别"), "zh-Hans"),
]
LIGHTHOUSE_PAGES = ["article", "home", "index", "topic", "search"]
VIEWPORTS = {"phone": {"width": 412, "height": 823}, "desktop": {"width": 1350, "height": 940}}
# Search engines show about 150 characters of a description (about 75 Chinese ones); fewer
# than a short sentence says nothing. (A topic's is its one-line description: the Chinese
# demo's shortest, 人脸识别's, is 16 characters.)
DESCRIPTION_LENGTH = {"en-GB": (50, 320), "zh-Hans": (15, 160)}
MAX_LAYOUT_SHIFT = 0.02

SEED_COMMENTS = f"""
from content.models import ArticlePage
from tests.bench.management.commands.seed_bench import Command
article = ArticlePage.objects.get(slug="chongqing-surveillance", locale__language_code="en")
Command().add_threads(article, {COMMENTS_ON_ARTICLE})
"""

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

PAGE_FACTS = """() => {
    const description = document.querySelector('meta[name="description"]');
    const robots = document.querySelector('meta[name="robots"]');
    const canonical = document.querySelector('link[rel="canonical"]');
    return {
        lang: document.documentElement.getAttribute("lang"),
        title: document.title.trim(),
        descriptions: document.querySelectorAll('meta[name="description"]').length,
        description: description ? description.content.trim() : null,
        robots: robots ? robots.content : null,
        canonical: canonical ? canonical.href : null,
        unsizedImages: [...document.images]
            .filter(img => !(img.getAttribute("width") && img.getAttribute("height")))
            .map(img => img.outerHTML.slice(0, 160)),
    };
}"""


def _manage(env, *args):
    subprocess.run(  # noqa: S603 - our own manage.py
        [str(PYTHON), "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def production_site(tmp_path_factory):
    """The demo site with 500 comments on the article, served by gunicorn with the
    production settings; its address."""
    work = tmp_path_factory.mktemp("page-audits")
    port = free_port()
    env = bench_environment(port, work / "static")
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{work / 'site.sqlite3'}",
            "MEDIA_ROOT": str(work / "media"),
            # Cached pages are what readers get most of the time; a second look at a page
            # is served from the HTML cache, in each worker's memory here.
            "REDIS_URL": "",
        }
    )
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "load_demo", "-v0")
    _manage(env, "shell", "-v0", "-c", SEED_COMMENTS)
    _manage(env, "collectstatic", "--noinput", "-v0")
    server = start_gunicorn(env, port, workers=2)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base_url)
        yield base_url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def slow_font(route):
    time.sleep(0.4)  # a font that arrives well after the first paint
    route.continue_()


@pytest.mark.parametrize("width", VIEWPORTS)
def test_every_page_type_is_still_while_it_loads_and_complete_for_search_engines(
    production_site, browser, width
):
    context = browser.new_context(viewport=VIEWPORTS[width])
    context.route("**/*.woff2", slow_font)
    page = context.new_page()
    page.add_init_script(RECORD_SHIFTS)
    problems = []
    for name, path, lang in PAGES:
        response = page.goto(production_site + path, wait_until="load")
        assert response.status == 200, f"{name}: {path} answered {response.status}"
        page.evaluate("document.fonts.ready.then(() => true)")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        shifts = page.evaluate("window.__shifts")
        moved = round(sum(shift["value"] for shift in shifts), 3)
        if moved >= MAX_LAYOUT_SHIFT:
            problems.append(f"{name}: layout shift {moved}: {shifts}")

        facts = page.evaluate(PAGE_FACTS)
        if facts["lang"] != lang:
            problems.append(f"{name}: <html lang={facts['lang']!r}>, expected {lang!r}")
        if not facts["title"]:
            problems.append(f"{name}: no <title>")
        shortest, longest = DESCRIPTION_LENGTH[lang]
        if facts["descriptions"] != 1 or not (
            shortest <= len(facts["description"] or "") <= longest
        ):
            problems.append(
                f"{name}: {facts['descriptions']} meta description(s), "
                f"{facts['description']!r} (wanted one of {shortest}-{longest} characters)"
            )
        if "search" in name:
            # Search pages are endless and thin: kept out of search engines on purpose.
            if facts["robots"] != "noindex":
                problems.append(f"{name}: search results without robots noindex")
        else:
            if facts["robots"]:
                problems.append(f"{name}: robots {facts['robots']!r} on a public page")
            if facts["canonical"] != production_site + path:
                problems.append(f"{name}: canonical {facts['canonical']!r}")
        problems += [
            f"{name}: image without width and height: {img}" for img in facts["unsizedImages"]
        ]

        problems += [
            f"{name}: {line}"
            for line in standards.describe_violations(standards.axe_violations(page))
        ]
        if name in {"article", "search", "zh-search"}:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"page-audits-{name}-{width}.png"), full_page=True)
    context.close()
    assert not problems, "\n".join(problems)


def test_the_article_carries_its_500_comments(production_site, page):
    """The article audited is the heavy one: its comments are there, a page of them shown."""
    page.goto(production_site + ARTICLE)
    comments = page.locator("#comments")
    assert "500 comments" in comments.inner_text()
    # A page of threads is shown (20 comments with their replies as written).
    assert comments.locator("article").count() >= 50


# --- Lighthouse itself --------------------------------------------------------------------

LIGHTHOUSE_DIR = REPO / "tests" / "lighthouse"
LIGHTHOUSE_RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# Lighthouse counts a page that asks search engines not to index it as an SEO failure. The
# search results page does so on purpose (content/search.py: endless, thin pages; Google
# asks sites to keep them out of its index), so that one audit is the only one it may fail.
EXPECTED_FAILURES = {"search": {"is-crawlable"}}
# Performance, best of the runs. The article with 500 comments is not at 100 yet: its first
# paint waits for the whole page's style and layout (about 2,300 elements, 12 weighing
# forms, a page of 100 comments), which the simulated phone's slower processor turns into
# a first paint at 1.1-1.6 s and 65-690 ms of blocking time; it scored 91-98 at best of
# three on a busy two-core machine (December 2026). Raise it to 100 when that is fixed.
MIN_PERFORMANCE = {"article": 90}


@pytest.fixture(scope="module")
def lighthouse():
    """The pinned Lighthouse's command (checked before the site is set up)."""
    binary = os.environ.get("LIGHTHOUSE") or LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    missing = None
    if not shutil.which("node"):
        missing = "node is not installed"
    elif not Path(binary).exists():
        missing = f"Lighthouse is not installed ({binary}): npm ci --prefix tests/lighthouse"
    elif not CHROMIUM.exists():
        missing = f"{CHROMIUM} is not installed"
    if missing:
        if os.environ.get("LIGHTHOUSE_AUDITS"):
            pytest.fail(missing)
        pytest.skip(missing)
    return str(binary)


def run_lighthouse(binary, url, output):
    subprocess.run(  # noqa: S603 - the pinned Lighthouse against our own loopback server
        [
            binary,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={output}",
            "--only-categories=" + ",".join(CATEGORIES),
            "--chrome-flags=" + " ".join(CHROMIUM_ARGS),
        ],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        check=True,
        capture_output=True,
        timeout=240,
    )
    return json.loads(Path(output).read_text("utf-8"))


def failing_audits(report, category):
    audits = report["audits"]
    return {
        ref["id"]: audits[ref["id"]].get("displayValue") or audits[ref["id"]]["score"]
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0
        and audits[ref["id"]]["score"] is not None
        and audits[ref["id"]]["score"] < 1
    }


@pytest.mark.skipif(
    bool(os.environ.get("CI")) and not os.environ.get("LIGHTHOUSE_AUDITS"),
    reason="in CI, Lighthouse runs in a step of its own once the suites are done "
    "(LIGHTHOUSE_AUDITS=1): beside them, its performance scores would measure their load",
)
def test_lighthouse_scores_every_public_page_type_100(lighthouse, production_site):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems, scores = [], {}
    for name, path, _lang in (page for page in PAGES if page[0] in LIGHTHOUSE_PAGES):
        wanted = MIN_PERFORMANCE.get(name, 100)
        performance = []  # (score, failing performance audits) of each run
        while len(performance) < LIGHTHOUSE_RUNS:
            output = ARTIFACTS / f"lighthouse-{name}-{len(performance) + 1}.json"
            report = run_lighthouse(lighthouse, production_site + path, output)
            score = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
            scores.setdefault(name, []).append(score)
            layout_shift = report["audits"]["cumulative-layout-shift"]["numericValue"]
            if layout_shift >= MAX_LAYOUT_SHIFT:
                problems.append(f"{name}: cumulative layout shift {layout_shift:.3f}")
            for category in CATEGORIES[1:]:
                unexpected = {
                    audit: value
                    for audit, value in failing_audits(report, category).items()
                    if audit not in EXPECTED_FAILURES.get(name, set())
                }
                if unexpected:
                    problems.append(f"{name}: {category} {score[category]}: {unexpected}")
            performance.append((score["performance"], failing_audits(report, "performance")))
            if score["performance"] >= wanted:
                break
        best = max(performance, key=lambda run: run[0])
        if best[0] < wanted:
            problems.append(
                f"{name}: performance {best[0]} at best of {len(performance)} runs "
                f"(wanted {wanted}): {best[1]}"
            )
    assert not problems, f"{scores}\n" + "\n".join(problems)
