"""`make soak`: the production stack under load, with and without its services failing.

Serves the site as in production (gunicorn, production settings, DEBUG off) on 127.0.0.1
with PostgreSQL and Redis, and runs 32 readers and 8 commenters against it for 60 seconds
(tests/soak/load.py) in three scenarios:

* plain: nothing fails;
* postgres: PostgreSQL is restarted a third of the way in;
* redis: Redis is stopped a third of the way in, and started again 10 seconds later;
* varnish: Varnish (docs/varnish/explainer.vcl, as shipped) in front of two gunicorn
  instances, every client talking to Varnish, while an editor's process publishes the
  article once a second (a new title each time, which purges it from Varnish). Reports
  Varnish's hit rate (varnishstat) and how many publishes were not on the next request
  through Varnish (must be none). Skipped when varnishd is not installed.

After each scenario it counts the comments the run created in the database and compares
them, one by one, with the comments the server answered as accepted. It fails (exit 1)
on any 5xx other than the designed 503, any request without an HTTP answer, any accepted
comment missing from the database (or saved without being accepted), any refused post
that did not give the commenter their text back, or a 503 more than RECOVERY_LIMIT
seconds after the service came back. Results: a table, and test-artifacts/soak.json.

Targets come from the environment, with defaults for the standard machine:

    DATABASE_URL       postgres://postgres@127.0.0.1:5432/explainer_soak
    REDIS_URL          redis://127.0.0.1:6379/7
    SOAK_PG_RESTART    pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main restart
    SOAK_REDIS_STOP    redis-cli -p 6379 shutdown nosave
    SOAK_REDIS_START   redis-server --daemonize yes --port 6379 --bind 127.0.0.1 --save '' ...

The restart and stop commands act on the whole server: point them (and the URLs) at a
PostgreSQL cluster and a Redis of your own if anything else uses the standard ones.

    python -m tests.soak.run [--duration 60] [--readers 32] [--commenters 8]
                             [--scenarios plain,postgres,redis,varnish] [--workers 2]
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.bench.run import free_port, say, wait_until_up  # noqa: E402
from tests.production_stack import PYTHON, start_gunicorn  # noqa: E402
from tests.soak import varnish as soak_varnish  # noqa: E402
from tests.soak.load import READER_PATHS, Load  # noqa: E402

RESULTS = REPO / "test-artifacts" / "soak.json"

DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/explainer_soak",
    "REDIS_URL": "redis://127.0.0.1:6379/7",
    "SOAK_PG_RESTART": (
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main restart"
    ),
    "SOAK_REDIS_STOP": "redis-cli -p 6379 shutdown nosave",
    "SOAK_REDIS_START": (
        "redis-server --daemonize yes --port 6379 --bind 127.0.0.1 --save '' --appendonly no"
    ),
}
#: A 503 later than this many seconds after the service is back counts as not recovered.
RECOVERY_LIMIT = 10
REDIS_OUTAGE_SECONDS = 10
#: The comment settings of the soak's site. The per-article limit (60 an hour by default)
#: would close the one demo article after a minute; the per-client limit stays as deployed.
SOAK_COMMENT_SETTINGS = {"rate_limit_per_article": 0, "min_fill_seconds": 1}


def target(name):
    return os.environ.get(name) or DEFAULTS[name]


def shell(command):
    """Run a deployer-supplied command line (it may use $(…)); return its duration."""
    started = time.monotonic()
    subprocess.run(command, shell=True, check=True, stdout=subprocess.DEVNULL)  # noqa: S602
    return time.monotonic() - started


def server_environment(port, static_root):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.bench.settings",  # production + a temp STATIC_ROOT
            "BENCH_STATIC_ROOT": str(static_root),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback interface only
            "SITE_BASE_URL": f"http://127.0.0.1:{port}",
            "DATABASE_URL": target("DATABASE_URL"),
            "REDIS_URL": target("REDIS_URL"),
            # Each simulated commenter has its own network, sent as X-Real-IP.
            "COMMENTS_CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def manage(env, *args, capture=False):
    completed = subprocess.run(  # noqa: S603 - our own manage.py
        [str(PYTHON), "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return completed.stdout


def ensure_database(url):
    """Create the soak's PostgreSQL database if it does not exist yet."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit("make soak needs PostgreSQL: set DATABASE_URL=postgres://…")
    import psycopg

    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


CONFIGURE = """
from comments.models import CommentSettings
from wagtail.models import Site
settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
for name, value in {values}.items():
    setattr(settings, name, value)
settings.save()
"""

COUNT = """
import json
from comments.models import Comment
bodies = Comment.objects.filter(body__startswith="Soak {run_id} ").values_list("body", flat=True)
print(json.dumps(sorted(body.split(":")[0] for body in bodies)))
"""


def prepare(env):
    say("Preparing the soak database (migrate, demo content, comment settings)…")
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo", "-v", "0")
    manage(env, "shell", "-c", CONFIGURE.format(values=repr(SOAK_COMMENT_SETTINGS)))
    manage(env, "collectstatic", "--noinput", "-v", "0")


def start_server(env, port, workers, log):
    return start_gunicorn(env, port, workers, log=log)


def wait_for_redis(url, deadline=20):
    import redis

    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            if redis.Redis.from_url(url, socket_connect_timeout=1).ping():
                return
        except redis.RedisError:
            time.sleep(0.3)
    raise RuntimeError(f"Redis at {url} is not answering")


def warm_up(base_url):
    for path in set(READER_PATHS):
        with urllib.request.urlopen(base_url + path, timeout=30) as response:  # noqa: S310
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status} before the soak")


class Faults:
    """The actions of one scenario, and when the service was back."""

    def __init__(self, name, duration):
        self.name = name
        self.at = round(duration / 3)
        self.events = []
        self.back_at = None

    def note(self, at, text):
        self.events.append({"at_s": round(at, 2), "event": text})
        say(f"    {at:5.1f} s  {text}")

    def schedule(self):
        if self.name == "postgres":
            return [(self.at, self.restart_postgres)]
        if self.name == "redis":
            return [(self.at, self.stop_redis), (self.at + REDIS_OUTAGE_SECONDS, self.start_redis)]
        return []

    def restart_postgres(self, at):
        self.note(at, "PostgreSQL restart begins")
        took = shell(target("SOAK_PG_RESTART"))
        self.back_at = at + took
        self.note(self.back_at, f"PostgreSQL restarted ({took:.1f} s)")

    def stop_redis(self, at):
        self.note(at, "Redis stopped")
        shell(target("SOAK_REDIS_STOP"))

    def start_redis(self, at):
        shell(target("SOAK_REDIS_START"))
        wait_for_redis(target("REDIS_URL"))
        self.back_at = at
        self.note(at, "Redis started again")


def run_scenario(name, env, options, work_dir):
    if name == "varnish":
        return run_varnish_scenario(env, options, work_dir)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server_env = {**env, "SITE_BASE_URL": base_url}
    log_path = work_dir / f"gunicorn-{name}.log"
    with log_path.open("w") as log:
        server = start_server(server_env, port, options.workers, log)
        try:
            wait_until_up(base_url)
            warm_up(base_url)
            load = Load(
                base_url,
                readers=options.readers,
                commenters=options.commenters,
                duration=options.duration,
                fill_seconds=SOAK_COMMENT_SETTINGS["min_fill_seconds"] + 0.1,
            )
            faults = Faults(name, options.duration)
            say(f"  {name}: {options.readers} readers, {options.commenters} commenters…")
            result = load.run(faults.schedule())
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    saved = json.loads(
        manage(env, "shell", "-c", COUNT.format(run_id=result.run_id), capture=True)
        .strip()
        .splitlines()[-1]
    )
    return judge(name, result, faults, saved, log_path)


def run_varnish_scenario(env, options, work_dir):
    """Readers and commenters through Varnish to two instances, one publish a second."""
    ports = [free_port(), free_port()]
    varnish = soak_varnish.Varnish(work_dir / "varnish", free_port(), ports)
    server_env = {
        **env,
        "SITE_BASE_URL": varnish.url,  # readers, links and purges know Varnish's address
        "FRONTEND_CACHE_PURGE_URL": varnish.url,
    }
    manage(server_env, "shell", "-c", soak_varnish.SITE_ADDRESS)
    log_path = work_dir / "gunicorn-varnish.log"
    servers = []
    with log_path.open("w") as log:
        try:
            for port in ports:
                servers.append(start_server(server_env, port, max(1, options.workers // 2), log))
            for port in ports:
                wait_until_up(f"http://127.0.0.1:{port}")
            varnish.start()
            wait_until_up(varnish.url)
            warm_up(varnish.url)
            load = Load(
                varnish.url,
                readers=options.readers,
                commenters=options.commenters,
                duration=options.duration,
                fill_seconds=SOAK_COMMENT_SETTINGS["min_fill_seconds"] + 0.1,
            )
            faults = Faults("varnish", options.duration)
            publisher = soak_varnish.start_publisher(
                server_env, options.duration, work_dir / "publisher.json"
            )
            counters_before = varnish.counters()
            say(
                f"  varnish: {options.readers} readers, {options.commenters} commenters, "
                "one publish a second…"
            )
            result = load.run(faults.schedule())
            counters = varnish.counters(since=counters_before)
            publishes = soak_varnish.publisher_report(publisher, work_dir / "publisher.json")
        finally:
            for server in servers:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
            varnish.stop()
    saved = json.loads(
        manage(env, "shell", "-c", COUNT.format(run_id=result.run_id), capture=True)
        .strip()
        .splitlines()[-1]
    )
    summary = judge("varnish", result, faults, saved, log_path)
    summary["varnish"] = {**counters, **publishes}
    if publishes["stale_after_publish"]:
        summary["problems"].append(
            f"{publishes['stale_after_publish']} publishes not shown on the next request"
        )
    if not publishes["publishes"]:
        summary["problems"].append("the publisher published nothing")
    return summary


def judge(name, result, faults, saved, log_path):
    summary = result.summary()
    accepted = result.accepted_markers
    saved_set = set(saved)
    summary.update(
        {
            "scenario": name,
            "run_id": result.run_id,
            "events": faults.events,
            "comments_in_database": len(saved),
            "accepted_but_missing": sorted(accepted - saved_set),
            "saved_but_not_accepted": sorted(saved_set - accepted),
            "saved_twice": len(saved) - len(saved_set),
        }
    )
    if faults.back_at is not None and summary["last_503_s"] is not None:
        summary["last_503_after_back_s"] = round(summary["last_503_s"] - faults.back_at, 2)
    log_text = log_path.read_text(errors="replace")
    summary["tracebacks_in_server_log"] = log_text.count("Traceback")
    summary["worker_restarts"] = log_text.count("WORKER TIMEOUT") + log_text.count("Worker exiting")
    problems = []
    if summary["server_errors_5xx_not_503"]:
        problems.append(f"{summary['server_errors_5xx_not_503']} 5xx other than 503")
    if summary["transport_errors"]:
        problems.append(f"{summary['transport_errors']} requests without an HTTP answer")
    if summary["accepted_but_missing"] or summary["saved_but_not_accepted"]:
        problems.append(
            f"accepted {summary['accepted']} but {len(saved)} in the database "
            f"({len(summary['accepted_but_missing'])} missing, "
            f"{len(summary['saved_but_not_accepted'])} not accepted)"
        )
    if summary["saved_twice"]:
        problems.append(f"{summary['saved_twice']} comments saved twice")
    if summary["refused_without_text"]:
        problems.append(f"{summary['refused_without_text']} refused posts lost the text")
    if summary.get("last_503_after_back_s", 0) > RECOVERY_LIMIT:
        problems.append(f"503s for {summary['last_503_after_back_s']} s after the service was back")
    if name == "plain" and summary["designed_503"]:
        problems.append(f"{summary['designed_503']} 503s with nothing failing")
    summary["problems"] = problems
    return summary


def format_table(rows):
    header = (
        f"{'scenario':<10}{'requests':>9}{'req/s':>7}{'5xx':>5}{'503':>6}{'p50 ms':>8}"
        f"{'p99 ms':>8}{'accepted':>9}{'in DB':>7}{'refused':>8}{'recovered':>11}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        recovered = row.get("last_503_after_back_s")
        recovered = "-" if recovered is None else f"{max(recovered, 0):.1f} s"
        lines.append(
            f"{row['scenario']:<10}{row['requests']:>9}{row['requests_per_second']:>7}"
            f"{row['server_errors_5xx_not_503']:>5}{row['designed_503']:>6}"
            f"{row['p50_ms']:>8}{row['p99_ms']:>8}{row['accepted']:>9}"
            f"{row['comments_in_database']:>7}"
            f"{row['refused'] + row['unavailable_posts']:>8}{recovered:>11}"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds per scenario (60)")
    parser.add_argument("--readers", type=int, default=32)
    parser.add_argument("--commenters", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--scenarios", default="plain,postgres,redis,varnish")
    options = parser.parse_args()

    work_dir = Path(tempfile.mkdtemp(prefix="explainer-soak-"))
    static_root = work_dir / "static"
    env = server_environment(0, static_root)
    say(f"Database {env['DATABASE_URL']}, cache {env['REDIS_URL']}")
    wait_for_redis(env["REDIS_URL"])
    prepare(env)
    load_before = os.getloadavg()
    rows = []
    try:
        for name in [s.strip() for s in options.scenarios.split(",") if s.strip()]:
            if name == "varnish" and not soak_varnish.installed():
                say("  varnish: skipped, varnishd is not installed (apt-get install varnish)")
                continue
            rows.append(run_scenario(name, env, options, work_dir))
    finally:
        shutil.rmtree(static_root, ignore_errors=True)

    say()
    say(format_table(rows))
    failed = False
    for row in rows:
        for problem in row["problems"]:
            failed = True
            say(f"FAIL {row['scenario']}: {problem}")
        reasons = ", ".join(f"{k} {v}" for k, v in row["refusal_reasons"].items()) or "none"
        say(f"  {row['scenario']}: refusals: {reasons}")
        if "varnish" in row:
            say(f"  varnish: {soak_varnish.describe(row['varnish'])}")
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "duration_s": options.duration,
        "readers": options.readers,
        "commenters": options.commenters,
        "gunicorn_workers": options.workers,
        "comment_settings": SOAK_COMMENT_SETTINGS,
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_before": load_before,
            "load_average_after": os.getloadavg(),
        },
        "server_logs": str(work_dir),
        "scenarios": rows,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2))
    say(f"\nWritten to {RESULTS.relative_to(REPO)}; server logs in {work_dir}")
    say("FAILED" if failed else "PASSED: no 5xx, no comment lost, every refusal kept its text")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
