"""The cached article with weighing open, closed, then open again (docs/performance.md).

What the debate controls cost a cache hit, measured in one session on one machine: the
article from the HTML cache beside the static file, three rounds each (the median kept,
as `make bench` does), with the weighing forms on the page and without them (editors'
"Close weighing"). Uses `make bench`'s data set and server set-up; leaves weighing open.

    DATABASE_URL=postgres://…/explainer_bench .venv/bin/python tests/bench/controls_ab.py
"""

import json
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench import run as bench

ARTICLE_SLUG = "chongqing-surveillance"


class Options:
    duration = 10
    connections = "8,32"
    workers = 2
    only = ""


def set_weighing(env, closed):
    code = (
        "from debate.models import WeighingClosure\n"
        "from content.models import ArticlePage\n"
        f"article = ArticlePage.objects.get(slug={ARTICLE_SLUG!r})\n"
        + (
            "WeighingClosure.objects.get_or_create(article=article)\n"
            if closed
            else "WeighingClosure.objects.filter("
            "article__translation_key=article.translation_key).delete()\n"
        )
    )
    bench.manage(env, "shell", "-c", code)


def main():
    wrk = bench.ensure_wrk()
    static_root = Path(tempfile.mkdtemp(prefix="explainer-ab-static-"))
    port = bench.free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = bench.bench_environment(port, static_root)
    bench.manage(env, "collectstatic", "--noinput", "-v", "0")
    cases = {
        "static file (whitenoise)": bench.static_reference_url(static_root),
        "article (cached)": bench.DEMO_ARTICLE,
    }
    report = {}
    try:
        for label, closed in (("open", False), ("closed", True), ("open again", False)):
            set_weighing(env, closed)
            # A new server: the workers' caches (the page, "is weighing closed") start empty.
            server = bench.start_server({**env, "HTML_CACHE_SECONDS": "300"}, port, Options)
            try:
                bench.wait_until_up(base_url)
                size = len(bench.fetch(base_url + bench.DEMO_ARTICLE)[2])
                rounds = [bench.measure(wrk, base_url, cases, Options) for _ in range(3)]
                rows = bench.median_rounds(rounds)
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
            report[label] = {"html_bytes": size, "results": rows}
            bench.say(f"\nWeighing {label}: the article is {size / 1024:.1f} KB as HTML")
            bench.say(bench.format_table(rows))
    finally:
        set_weighing(env, False)
        shutil.rmtree(static_root, ignore_errors=True)
    out = bench.REPO / "test-artifacts" / "bench-controls.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    bench.say(f"\nWritten to {out.relative_to(bench.REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
