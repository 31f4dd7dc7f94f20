"""`make bench`: serve the site as in production on 127.0.0.1 and measure it with wrk.

Steps: migrate and seed the large data set (`manage.py seed_bench`, skipped when done),
collect static files into a temporary folder, start gunicorn (production settings, two
workers), then run wrk against each page at 8 and 32 connections, with one static file
served by whitenoise as the reference; then the article from the HTML cache, beside the
static file, in three rounds (the median reported: one round's noise is larger than the
difference measured): once with the cache in each process's memory (the default without
REDIS_URL), once with Redis as production runs it (database 11 on 127.0.0.1:6379, emptied
before and after; `--redis-url` picks another, `--redis-url ""` skips this pass). Prints a
table, each server's start-up time (from starting gunicorn to the first page answered)
and its workers' memory after the run, and writes test-artifacts/bench.json.
Also loads the article once in Chromium to count what a first visit downloads.

The database is PostgreSQL when DATABASE_URL is set, otherwise a SQLite file kept in
$TMPDIR/explainer-bench/ so that the data set is seeded once. Nothing leaves the machine.

    python tests/bench/run.py [--duration 10] [--connections 8,32] [--only article,home]
                              [--redis-url redis://127.0.0.1:6379/11] [--scale 10]
"""

import argparse
import gzip
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import redis

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.production_stack import PYTHON, start_gunicorn  # noqa: E402

WORK_DIR = Path(tempfile.gettempdir()) / "explainer-bench"
#: The Redis database of the cached pass with Redis: emptied before and after it.
BENCH_REDIS_URL = "redis://127.0.0.1:6379/11"
RESULTS = REPO / "test-artifacts" / "bench.json"
DEMO_ARTICLE = "/explainers/chongqing-surveillance/"
# The demo's Chinese translation of it (load_demo, which seed_bench runs, loads both trees).
DEMO_ARTICLE_ZH = "/zh-hans/jiedu/chongqing-jiankong/"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_environment(port, static_root, scale=1):
    scale_suffix = "" if scale == 1 else f"-x{scale}"
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback interface only
            "SITE_BASE_URL": f"http://127.0.0.1:{port}",
            "BENCH_STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(WORK_DIR / "media"),
            "LOG_LEVEL": "WARNING",
        }
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{WORK_DIR / f'bench{scale_suffix}.sqlite3'}")
    return env


def manage(env, *args):
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=REPO, env=env, check=True)  # noqa: S603


def ensure_wrk():
    if shutil.which("wrk"):
        return shutil.which("wrk")
    say("wrk is missing: installing it from Debian's packages…")
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)  # noqa: S607
    return shutil.which("wrk")


def wait_until_up(base_url, deadline=60):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(base_url + "/", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer at {base_url} within {deadline} s")


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback only
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _millis(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output):
    """Requests/s, p50 and p99 in ms, and errors (socket errors and non-2xx/3xx answers)."""
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for percentile in ("50", "99"):
        match = re.search(rf"^\s+{percentile}%\s+(\S+)", output, re.MULTILINE)
        result[f"p{percentile}_ms"] = round(_millis(match.group(1)), 1) if match else None
    errors = (
        sum(
            int(n)
            for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output.split("Socket")[-1])
        )
        if "Socket errors" in output
        else 0
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["errors"] = errors + (int(non_2xx.group(1)) if non_2xx else 0)
    result["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    return result


def run_wrk(wrk, url, connections, duration):
    threads = min(2, connections)
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    output = subprocess.run(  # noqa: S603 - wrk against our own loopback server
        [*command, "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    return parse_wrk(output)


def first_load(url):
    """What a first visit to ``url`` downloads, as Chromium counts it (None without it)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    requests = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("requestfinished", lambda request: requests.append(request))
        page.goto(url, wait_until="networkidle")
        loaded = [
            {
                "url": request.url,
                "type": request.resource_type,
                "bytes": request.sizes()["responseBodySize"],
                "encoding": (request.response().headers.get("content-encoding") or "none"),
            }
            for request in requests
        ]
        browser.close()
    text_types = {"document", "stylesheet", "script"}
    status, headers, html = fetch(url)
    return {
        "requests": len(loaded),
        "html_css_js_bytes_as_sent": sum(r["bytes"] for r in loaded if r["type"] in text_types),
        "html_bytes_as_sent": sum(r["bytes"] for r in loaded if r["type"] == "document"),
        "html_bytes_gzipped": len(gzip.compress(html, 6)),
        "html_css_js_bytes_if_html_gzipped": (
            sum(r["bytes"] for r in loaded if r["type"] in {"stylesheet", "script"})
            + len(gzip.compress(html, 6))
        ),
        "resources": loaded,
    }


def static_reference_url(static_root):
    manifest = json.loads((Path(static_root) / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def machine():
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average_before": os.getloadavg(),
    }


def median_rounds(rounds):
    """One row per (case, connections): of the rounds' rows, the one with the median ratio
    to the static file (for the static rows: the median req/s), with every round's figure."""

    def figure(row):
        return row["rps"] if row["case"].startswith("static") else row["ratio_to_static"]

    combined = []
    for position in range(len(rounds[0])):
        same_case = [one_round[position] for one_round in rounds]
        figures = [figure(row) for row in same_case]
        median = dict(sorted(same_case, key=figure)[len(same_case) // 2])
        median["rounds"] = figures
        combined.append(median)
    return combined


def format_table(rows):
    header = f"{'page':<34}{'conns':>6}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}"
    lines = [header + f"{'/ static':>10}", "-" * (len(header) + 10)]
    for row in rows:
        ratio = f"{row['ratio_to_static']:.1%}" if row.get("ratio_to_static") else ""
        lines.append(
            f"{row['case']:<34}{row['connections']:>6}{row['rps']:>10.1f}"
            f"{row['p50_ms'] or 0:>10.1f}{row['p99_ms'] or 0:>10.1f}{row['errors']:>8}{ratio:>10}"
        )
    return "\n".join(lines)


def cases(static_url, last_page, tallies_url):
    return {
        "static file (whitenoise)": static_url,
        "article (uncached)": DEMO_ARTICLE,
        "article, Chinese (uncached)": DEMO_ARTICLE_ZH,
        "home": "/",
        "index, first page": "/explainers/",
        "index, last page": f"/explainers/?page={last_page}",
        "topic page": "/topics/street-cameras/",
        "topics (all)": "/topics/",
        "search": "/search/?q=cameras",
        "search, Chinese": "/zh-hans/search/?q=%E4%BA%BA%E8%84%B8%E8%AF%86%E5%88%AB",  # 人脸识别
        "rss feed": "/feeds/rss/",
        "atom feed": "/feeds/atom/",
        # Above 1,000 addresses /sitemap.xml is an index of sections of 1,000 (content.sitemaps):
        # a search engine then reads the index and each section.
        "sitemap": "/sitemap.xml",
        "sitemap, first section": "/sitemap-pages-1.xml",
        # The weighing tallies, kept apart from the cached article (debate.views).
        "weighing tallies (json)": tallies_url,
    }


def worker_memory(server_pid):
    """{pid: resident MB} of the gunicorn workers (the children of ``server_pid``), read
    from /proc (Linux); {} elsewhere."""
    workers = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:  # the process ended while being read
            continue
        if fields.get("PPid", "").strip() == str(server_pid) and "VmRSS" in fields:
            workers[int(status.parent.name)] = int(fields["VmRSS"].split()[0]) / 1024
    return workers


def start_server(env, port, options):
    return start_gunicorn(env, port, options.workers)


def server_passes(redis_url):
    """(name, environment changes) of each server the bench starts, in order: every page
    rendered on each request (the cache as the environment says: memory without
    REDIS_URL); the article from the HTML cache in each process's memory; and, with a
    ``redis_url``, from Redis, the cache every instance shares in production, with each
    process's local copies in front (core.page_cache). A None value removes the variable."""
    passes = [
        # Both caches off: what every reader gets right after a publish or a purge.
        ("uncached", {"HTML_CACHE_SECONDS": "0", "FRAGMENT_CACHE_SECONDS": "0"}),
        ("cached", {"HTML_CACHE_SECONDS": "300", "REDIS_URL": None}),
    ]
    if redis_url:
        passes.append(("cached, Redis", {"HTML_CACHE_SECONDS": "300", "REDIS_URL": redis_url}))
    return passes


def with_changes(env, changes):
    changed = {**env, **changes}
    return {name: value for name, value in changed.items() if value is not None}


def cached_cases(static_url, name):
    """The cached pass's cases: the static file and the article in both languages, their
    names saying which cache (``name``: "cached", "cached, Redis") served them."""
    return {
        "static file (whitenoise)": static_url,
        f"article ({name})": DEMO_ARTICLE,
        f"article, Chinese ({name})": DEMO_ARTICLE_ZH,
    }


def empty_redis(url):
    """Empty the Redis database at ``url``; False (and why, printed) when it is not reachable."""
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except redis.RedisError as error:
        say(f"Redis at {url} is not reachable ({error}): no cached pass with Redis.")
        return False
    return True


def last_page(base_url):
    _, _, index_html = fetch(base_url + "/explainers/")
    numbers = [int(n) for n in re.findall(rb"[?&]page=(\d+)", index_html)]
    return max([*numbers, math.ceil(1000 / 12)])


def tallies_url(base_url):
    """The demo article's tallies endpoint, named by the weighing form the article carries."""
    _, _, article_html = fetch(base_url + DEMO_ARTICLE)
    found = re.search(rb'action="/weigh/(\d+)/"', article_html)
    if found is None:
        raise SystemExit("The demo article has no weighing form: is debate installed?")
    return f"/weigh/{found.group(1).decode()}/tallies.json"


def select(all_cases, only):
    if not only:
        return all_cases
    wanted = [name.strip() for name in only.split(",")]
    return {
        name: url
        for name, url in all_cases.items()
        if name.startswith("static") or any(name.startswith(w) for w in wanted)
    }


def measure(wrk, base_url, selected, options):
    for name, path in selected.items():
        status, _, _ = fetch(base_url + path)  # warm up: renditions, per-process caches
        if status != 200:
            raise RuntimeError(f"{name}: {path} answered {status}")
    rows = []
    for connections in [int(n) for n in options.connections.split(",")]:
        static_rps = None
        for name, path in selected.items():
            say(f"  {name} at {connections} connections…")
            # The server may still be working through the previous case's queue (wrk stops
            # sending, but a slow page's backlog of requests is still being answered): this
            # request waits its turn behind them, so the case starts on an idle server.
            fetch(base_url + path)
            result = run_wrk(wrk, base_url + path, connections, options.duration)
            if name.startswith("static"):
                static_rps = result["rps"]
            row = {"case": name, "url": path, "connections": connections, **result}
            row["ratio_to_static"] = result["rps"] / static_rps if static_rps else None
            rows.append(row)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per case (10)")
    parser.add_argument("--connections", default="8,32", help="comma-separated (8,32)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--only", default="", help="comma-separated case names to run")
    parser.add_argument(
        "--redis-url",
        default=BENCH_REDIS_URL,
        help=f"the Redis database of the cached pass with Redis, emptied ({BENCH_REDIS_URL}; "
        '"" skips that pass)',
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=1,
        help="seed N times the data set (seed_bench --scale; 10: 10,000 explainers); a "
        "database of its own with SQLite, and with PostgreSQL the one DATABASE_URL names",
    )
    options = parser.parse_args()

    wrk = ensure_wrk()
    machine_before = machine()
    WORK_DIR.mkdir(exist_ok=True)
    static_root = Path(tempfile.mkdtemp(prefix="explainer-bench-static-"))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = bench_environment(port, static_root, options.scale)
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    say(f"Database: {database}. Seeding (skipped when done)…")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_bench", "--scale", str(options.scale))
    # The feeds' stored entries (content.models.FeedEntry), as a deploy renders them after
    # migrate: no measured request pays for filling them.
    manage(env, "render_feed_entries")
    manage(env, "collectstatic", "--noinput", "-v", "0")

    static_url = static_reference_url(static_root)
    rows, weight, servers = [], None, []
    try:
        # First every page rendered on each request, then the article from the HTML cache.
        for name, changes in server_passes(options.redis_url):
            uses_redis = bool(changes.get("REDIS_URL"))
            if uses_redis and not empty_redis(changes["REDIS_URL"]):
                continue
            started = time.monotonic()
            server = start_server(with_changes(env, changes), port, options)
            try:
                wait_until_up(base_url)
                # From starting gunicorn to the first answered page (the home page, rendered).
                start_up_s = time.monotonic() - started
                if name == "uncached":
                    selected = select(
                        cases(static_url, last_page(base_url), tallies_url(base_url)),
                        options.only,
                    )
                    rows += measure(wrk, base_url, selected, options)
                else:
                    # Served from a cache, these differ from the static file by less than
                    # one round's noise: three rounds, each row the round with the median
                    # ratio (every round's ratio is in bench.json under "rounds").
                    selected = cached_cases(static_url, name)
                    rounds = [measure(wrk, base_url, selected, options) for _ in range(3)]
                    rows += median_rounds(rounds)
                memory = worker_memory(server.pid)
                servers.append(
                    {
                        "pass": name,
                        "html_cache_seconds": int(changes["HTML_CACHE_SECONDS"]),
                        "redis": uses_redis,
                        "start_up_s": round(start_up_s, 2),
                        "worker_rss_mb_after": sorted(round(mb, 1) for mb in memory.values()),
                    }
                )
                if name == "uncached":
                    weight = first_load(base_url + DEMO_ARTICLE)
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
                if uses_redis:
                    empty_redis(changes["REDIS_URL"])
    finally:
        shutil.rmtree(static_root, ignore_errors=True)

    say()
    say(format_table(rows))
    if weight:
        say(
            f"\nArticle first load: {weight['requests']} requests; HTML+CSS+JS "
            f"{weight['html_css_js_bytes_as_sent'] / 1024:.1f} KB as sent "
            f"(HTML {weight['html_bytes_as_sent'] / 1024:.1f} KB uncompressed), "
            f"{weight['html_css_js_bytes_if_html_gzipped'] / 1024:.1f} KB with the HTML gzipped."
        )
    for served in servers:
        which = {
            "uncached": "page cache off",
            "cached": "page cache on (memory)",
            "cached, Redis": "page cache on (Redis)",
        }[served["pass"]]
        say(
            f"Server with the {which}: first page answered {served['start_up_s']:.1f} s after "
            f"start; workers' memory after the run: "
            + (", ".join(f"{mb:.0f} MB" for mb in served["worker_rss_mb_after"]) or "unknown")
        )
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "database": database,
        "scale": options.scale,
        "gunicorn_workers": options.workers,
        "duration_s": options.duration,
        "machine": {**machine_before, "load_average_after": os.getloadavg()},
        "results": rows,
        "article_first_load": weight,
        "servers": servers,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2))
    say(f"\nWritten to {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
