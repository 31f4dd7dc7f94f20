"""The soak's Varnish scenario: Varnish with the shipped VCL, and an editor publishing.

Varnish runs docs/varnish/explainer.vcl as shipped, with a backends.vcl naming the soak's
two gunicorn ports, on 127.0.0.1 only. The publisher is a ``manage.py shell`` process with
the servers' settings (so its publishes send their PURGE to Varnish, as an admin request's
would): once a second it gives the demo article a new title, publishes it, and reads the
article through Varnish at once; a publish whose new title is not on that page is stale.
At the end it puts the title back.
"""

import json
import shutil
import subprocess
from pathlib import Path

from tests.production_stack import PYTHON, REPO

VCL = REPO / "docs" / "varnish" / "explainer.vcl"
BACKENDS_VCL = """
backend app_a {{ .host = "127.0.0.1"; .port = "{a}"; }}
backend app_b {{ .host = "127.0.0.1"; .port = "{b}"; }}
acl purgers {{ "127.0.0.1"; }}
sub vcl_init {{
    app.add_backend(app_a);
    app.add_backend(app_b);
}}
"""
COUNTERS = (
    "MAIN.client_req",
    "MAIN.cache_hit",
    "MAIN.cache_miss",
    "MAIN.cache_hitmiss",
    "MAIN.s_pass",
    "MAIN.backend_req",
    "MAIN.n_purges",
    "MAIN.n_obj_purged",
)

#: The default Site at SITE_BASE_URL (Varnish's address): the purges name its host.
SITE_ADDRESS = """
from wagtail.models import Site
from core.site_url import host_and_port, public_base_url
hostname, port = host_and_port(public_base_url())
Site.objects.filter(is_default_site=True).update(hostname=hostname, port=port)
"""

PUBLISHER = """
import html, json, time, urllib.request
from django.conf import settings
from content.models import ArticlePage

DURATION, OUT = {duration}, {out!r}
page = ArticlePage.objects.get(slug="chongqing-surveillance", locale__language_code="en")
original = page.title
url = settings.SITE_BASE_URL.rstrip("/") + page.url
publishes, stale, lag = 0, 0, []
end = time.monotonic() + DURATION
try:
    while time.monotonic() < end - 1:
        started = time.monotonic()
        page.title = f"{{original}} ({{publishes + 1}})"
        page.save_revision().publish()
        publishes += 1
        published = time.monotonic()
        with urllib.request.urlopen(url, timeout=30) as response:
            if html.escape(page.title) not in response.read().decode():
                stale += 1
        lag.append(round((published - started) * 1000, 1))
        time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
finally:
    page.title = original
    page.save_revision().publish()
with open(OUT, "w") as out:
    json.dump({{"publishes": publishes, "stale_after_publish": stale,
               "publish_ms_max": max(lag, default=None)}}, out)
"""


def installed():
    return bool(shutil.which("varnishd") or Path("/usr/sbin/varnishd").exists())


class Varnish:
    def __init__(self, workdir, port, backend_ports):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.name = str(self.workdir / "instance")
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        (self.workdir / "backends.vcl").write_text(
            BACKENDS_VCL.format(a=backend_ports[0], b=backend_ports[1])
        )
        self.process = None
        self.log = None

    def start(self):
        self.log = (self.workdir / "varnishd.log").open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - Debian's varnishd, loopback only
            [
                shutil.which("varnishd") or "/usr/sbin/varnishd",
                "-F",
                "-n", self.name,
                "-a", f"127.0.0.1:{self.port}",
                "-f", str(VCL),
                "-p", f"vcl_path={self.workdir}",
                "-s", "malloc,256m",
                "-j", "none",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def counters(self, since=None):
        """Varnish's counters (varnishstat); with ``since``, the change since then and the
        hit rate: hits / (hits + misses), passes not counted."""
        output = subprocess.run(  # noqa: S603
            ["varnishstat", "-n", self.name, "-1", *[f"-f{name}" for name in COUNTERS]],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        values = {}
        for line in output.splitlines():
            fields = line.split()
            if len(fields) >= 2 and fields[0] in COUNTERS:
                values[fields[0].removeprefix("MAIN.")] = int(fields[1])
        if since is None:
            return values
        change = {name: values.get(name, 0) - since.get(name, 0) for name in values}
        looked_up = change.get("cache_hit", 0) + change.get("cache_miss", 0)
        change["hit_rate"] = round(change.get("cache_hit", 0) / looked_up, 3) if looked_up else None
        return change

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        if self.log is not None:
            self.log.close()


def start_publisher(env, duration, out):
    return subprocess.Popen(  # noqa: S603 - our own manage.py
        [
            str(PYTHON),
            "manage.py",
            "shell",
            "-c",
            PUBLISHER.format(duration=duration, out=str(out)),
        ],
        cwd=REPO,
        env=env,
    )


def publisher_report(process, out, wait_seconds=120):
    process.wait(timeout=wait_seconds)
    if process.returncode != 0 or not Path(out).exists():
        return {"publishes": 0, "stale_after_publish": 0, "publisher_exit": process.returncode}
    return json.loads(Path(out).read_text())


def describe(counters):
    rate = counters.get("hit_rate")
    rate = "-" if rate is None else f"{rate:.1%}"
    return (
        f"hit rate {rate} ({counters.get('cache_hit', 0)} hits, "
        f"{counters.get('cache_miss', 0)} misses, {counters.get('s_pass', 0)} passed), "
        f"{counters.get('backend_req', 0)} requests to the app, "
        f"{counters.get('n_obj_purged', 0)} objects purged; "
        f"{counters.get('publishes', 0)} publishes, "
        f"{counters.get('stale_after_publish', 0)} not on the next request"
    )
