"""`make run PORT=…` on a port other than 8000: every link the site writes leads there.

The command a person types, for real: `make run` in its own process, on a free port, with
its own SQLite database and media folder (it migrates, loads the demo and serves). Then
canonical links, the feeds, the sitemap, robots.txt, the link-preview tags and social card,
the share links and "Copy link" (in Chromium), a commenter's private link and the e-mails
the site sends (printed by the development mail backend) must all name that port, and the
Wagtail Site must have been kept in step (the system check core.W001 is quiet).
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from tests.bench.run import PYTHON, REPO, free_port

ARTICLE_PATH = "/explainers/chongqing-surveillance/"
OTHER_SITES = ("bsky.app", "linkedin.com", "x.com", "facebook.com", "reddit.com")
ADDRESS = re.compile(r"""https?://[^\s"'<>)\]]+""")
# Addresses of standards, of the content licence's deed and of the demo's Sources (the
# article's JSON-LD names the Sources it cites), which are not the site's own.
DEMO_SOURCES = json.loads(
    (Path(__file__).resolve().parents[2] / "fixtures" / "demo.json").read_text(encoding="utf-8")
)["sources"]
NOT_THE_SITES = (
    "www.w3.org",
    "purl.org",
    "sitemaps.org",
    "schema.org",
    "creativecommons.org",
    *(urlsplit(source["url"]).netloc for source in DEMO_SOURCES.values() if source["url"]),
)


def make_run_environment(folder):
    """The environment of a person who typed `make run`: development settings, no
    SITE_BASE_URL of their own, a database and media folder of this test's."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"SITE_BASE_URL", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"}
        and name not in {"HOST", "PORT"}
        and not name.startswith("MAKE")
    }
    env.update(
        DATABASE_URL=f"sqlite:///{folder}/db.sqlite3",
        MEDIA_ROOT=str(folder / "media"),
        DEMO_ADMIN_PASSWORD="a demo password for this test",
    )
    return env


def wait_until_answering(base_url, server, log, deadline=600):
    """Migrating and loading the demo take a while on a busy machine: wait for an answer."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if server.poll() is not None:
            pytest.fail(f"make run exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(base_url + "/robots.txt", timeout=5).close()  # noqa: S310
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    pytest.fail(f"make run did not answer at {base_url}:\n{log.read_text()[-3000:]}")


def manage(env, *arguments):
    return subprocess.run(  # noqa: S603 - our own manage.py
        [str(PYTHON), "manage.py", *arguments],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def make_run():
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    folder = Path(tempfile.mkdtemp(prefix="explainer-make-run-"))
    port = free_port()
    env = make_run_environment(folder)
    log = folder / "make-run.log"
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603 - our own Makefile
            ["make", "--no-print-directory", "run", "HOST=127.0.0.1", f"PORT={port}"],  # noqa: S607
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(base_url, server, log)
        # The demo's comment settings, made for a test: no minimum time to fill in the form
        # (Chromium types at once), and an editor to tell about held comments.
        configured = manage(
            env,
            "shell",
            "-c",
            "from wagtail.models import Site; from comments.models import CommentSettings; "
            "CommentSettings.objects.update_or_create(site=Site.objects.get(is_default_site=True),"
            " defaults={'min_fill_seconds': 0, 'editor_emails': 'editors@example.net'})",
        )
        assert configured.returncode == 0, configured.stderr
        yield type("MakeRun", (), {"url": base_url, "env": env, "log": log, "port": port})
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the test's server
        return response.read().decode()


def the_sites_addresses(text):
    """Every absolute address in ``text`` (share links' targets too), other sites' left out."""
    return [
        address
        for address in ADDRESS.findall(unquote(text))
        if not any(f"{host}/" in address for host in OTHER_SITES)
        and not any(host in address for host in NOT_THE_SITES)
    ]


def assert_on(base_url, addresses, where):
    assert addresses, f"{where}: no addresses"
    wrong = [address for address in addresses if not address.startswith(base_url + "/")]
    assert not wrong, f"{where} names addresses off {base_url}: {wrong}"


def test_canonical_links_feeds_sitemap_robots_and_social_tags_use_the_port(make_run):
    base = make_run.url
    for path in ("/", "/explainers/", ARTICLE_PATH):
        soup = BeautifulSoup(fetch(base + path), "html.parser")
        assert soup.find("link", rel="canonical")["href"] == base + path
        assert_on(base, the_sites_addresses(str(soup.head)), f"<head> of {path}")

    article = BeautifulSoup(fetch(base + ARTICLE_PATH), "html.parser")
    assert article.find("meta", property="og:url")["content"] == base + ARTICLE_PATH
    card = article.find("meta", property="og:image")["content"]
    assert card.startswith(f"{base}/media/")
    urllib.request.urlopen(card, timeout=30).close()  # noqa: S310 - the card is really there
    assert_on(base, the_sites_addresses(str(article.select_one(".share"))), "the share links")

    for path in ("/feeds/rss/", "/feeds/atom/"):
        text = fetch(base + path)
        feed = feedparser.parse(text)
        assert [entry.link for entry in feed.entries] == [base + ARTICLE_PATH]
        assert_on(base, the_sites_addresses(text), path)

    sitemap = fetch(base + "/sitemap.xml")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert base + ARTICLE_PATH in locations
    assert_on(base, locations, "the sitemap")

    assert f"Sitemap: {base}/sitemap.xml" in fetch(base + "/robots.txt").splitlines()


def test_copy_link_copies_the_address_on_the_port(make_run, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(make_run.url + ARTICLE_PATH)
        copy = page.get_by_role("button", name="Copy link")
        copy.click()
        expect(page.locator("[data-share-status]")).to_have_text("Link copied.")
        assert page.evaluate("navigator.clipboard.readText()") == make_run.url + ARTICLE_PATH
    finally:
        context.close()


def test_a_commenters_private_link_and_the_emails_use_the_port(make_run, browser):
    base = make_run.url
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + ARTICLE_PATH)
        page.fill("#id_body", "Who decides how long the footage is kept?")
        page.fill("#id_display_name", "Lin")
        page.fill("#id_email", "lin@example.net")
        page.get_by_role("button", name="Send comment").click()
        expect(page.locator("#manage-link")).to_have_value(
            re.compile(rf"^{re.escape(base)}/comments/manage/")
        )
    finally:
        context.close()

    # The development settings print e-mail: the commenter's private link and the editors'
    # alert about a first-time commenter's held comment, with its link into the admin.
    log = make_run.log.read_text()
    assert f"{base}/comments/manage/" in log
    assert f"{base}/admin/" in log
    e_mails = log[log.index("Subject:") :]
    assert_on(base, the_sites_addresses(e_mails), "the e-mails")


def test_the_wagtail_site_was_kept_in_step_with_the_port(make_run):
    in_step = manage({**make_run.env, "SITE_BASE_URL": make_run.url}, "check")
    assert in_step.returncode == 0, in_step.stderr
    assert "core.W001" not in in_step.stdout + in_step.stderr

    # The same database read with the default address: the check says they disagree.
    elsewhere = manage({**make_run.env, "SITE_BASE_URL": "http://127.0.0.1:8000"}, "check")
    assert "core.W001" in elsewhere.stdout + elsewhere.stderr
    assert f"127.0.0.1:{make_run.port}" in elsewhere.stdout + elsewhere.stderr
