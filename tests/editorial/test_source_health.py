"""The source checker, run against a local HTTP server this test starts on 127.0.0.1."""

import datetime
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from content.editorial.source_health import LinkChecker, next_scheduled_check
from content.models import Source
from tests.content.factories import SourceFactory

pytestmark = pytest.mark.django_db
Status = Source.LinkStatus
SLOW_SECONDS = 2.0


class Handler(BaseHTTPRequestHandler):
    """/ok 200, /moved 301 → /ok, /gone 404, /removed 410, /slow answers too late,
    /no-head refuses HEAD (405) but answers GET with 200, /loop redirects to itself."""

    def _answer(self, send_body):
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
        routes = {
            "/ok": (200, None),
            "/moved": (301, "/ok"),
            "/gone": (404, None),
            "/removed": (410, None),
            "/slow": (200, None),
            "/loop": (302, "/loop"),
        }
        if self.path == "/no-head":
            status, location = (405, None) if self.command == "HEAD" else (200, None)
        else:
            status, location = routes.get(self.path, (404, None))
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        body = b"<p>hello</p>"
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def do_HEAD(self):
        self._answer(send_body=False)

    def do_GET(self):
        self._answer(send_body=True)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def refused_url():
    """An address on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def checker():
    return LinkChecker(timeout=0.5, retries=1, retry_pause=0, trust_env=False)


@pytest.mark.parametrize(
    ("path", "status", "http_status"),
    [
        ("/ok", Status.OK, 200),
        ("/moved", Status.REDIRECTED, 200),
        ("/gone", Status.DEAD, 404),
        ("/removed", Status.DEAD, 410),
        ("/no-head", Status.OK, 200),
        ("/slow", Status.UNREACHABLE, None),
        ("/loop", Status.UNREACHABLE, None),
    ],
)
def test_each_answer_is_classified(server, checker, path, status, http_status):
    result = checker.check(server + path)
    assert (result.status, result.http_status) == (status, http_status)


def test_a_redirect_records_where_the_source_is_now(server, checker):
    result = checker.check(f"{server}/moved")
    assert result.final_url == f"{server}/ok"


def test_a_time_out_is_bounded_and_says_so(server, checker):
    started = time.monotonic()
    result = checker.check(f"{server}/slow")
    # HEAD and GET, each tried twice, each given 0.5 s: well under the server's delays.
    assert time.monotonic() - started < 4 * 0.5 + 1.5
    assert "no answer within 0.5 seconds" in result.detail


def test_a_refused_connection_is_unreachable(checker, refused_url):
    result = checker.check(refused_url)
    assert result.status == Status.UNREACHABLE
    assert "connection failed" in result.detail


def test_the_command_records_status_code_and_date_on_every_source(server, refused_url):
    sources = {
        name: SourceFactory(url=url)
        for name, url in {
            "ok": f"{server}/ok",
            "moved": f"{server}/moved",
            "gone": f"{server}/gone",
            "removed": f"{server}/removed",
            "slow": f"{server}/slow",
            "refused": refused_url,
        }.items()
    }
    no_link = SourceFactory(url="")
    from io import StringIO

    out = StringIO()
    call_command(
        "check_sources", "--timeout=0.5", "--retries=0", "--retry-pause=0", "--no-proxy", stdout=out
    )

    found = {name: Source.objects.get(pk=source.pk) for name, source in sources.items()}
    assert {name: s.link_status for name, s in found.items()} == {
        "ok": Status.OK,
        "moved": Status.REDIRECTED,
        "gone": Status.DEAD,
        "removed": Status.DEAD,
        "slow": Status.UNREACHABLE,
        "refused": Status.UNREACHABLE,
    }
    assert found["gone"].link_http_status == 404
    assert found["removed"].link_http_status == 410
    assert found["moved"].link_final_url == f"{server}/ok"
    assert all(source.link_checked_at for source in found.values())
    assert Source.objects.get(pk=no_link.pk).link_status == Status.UNCHECKED
    assert "Checked 6 sources: 2 dead, 1 ok, 1 redirected, 2 unreachable." in out.getvalue()


def test_only_stale_sources_are_checked_again(server):
    source = SourceFactory(url=f"{server}/gone")
    call_command("check_sources", "--timeout=0.5", "--retries=0", "--no-proxy", stdout=None)
    first_check = Source.objects.get(pk=source.pk).link_checked_at
    call_command("check_sources", "--timeout=0.5", "--retries=0", "--no-proxy", "--stale-days=1")
    assert Source.objects.get(pk=source.pk).link_checked_at == first_check


def link_html(source):
    html = render_to_string("components/source_link.html", {"source": source})
    return BeautifulSoup(html, "html.parser")


def test_readers_of_a_dead_source_are_sent_to_the_archived_copy(server):
    source = SourceFactory(url=f"{server}/gone", archive_url="https://archive.example.org/copy")
    call_command("check_sources", "--timeout=0.5", "--retries=0", "--no-proxy")
    links = link_html(Source.objects.get(pk=source.pk))
    text = links.get_text(" ", strip=True)
    assert "Original link dead" in text and "archived copy" in text
    assert [a["href"] for a in links.find_all("a")] == ["https://archive.example.org/copy"]


def test_readers_of_a_live_source_get_the_original_and_the_archive(server):
    source = SourceFactory(url=f"{server}/ok", archive_url="https://archive.example.org/copy")
    call_command("check_sources", "--timeout=0.5", "--retries=0", "--no-proxy")
    links = link_html(Source.objects.get(pk=source.pk))
    assert [a["href"] for a in links.find_all("a")] == [
        f"{server}/ok",
        "https://archive.example.org/copy",
    ]
    assert "dead" not in links.get_text()


# --- In the admin: when links are next checked, and "Check this link now" ----------------


@pytest.fixture
def no_proxy_for_this_machine(monkeypatch):
    """The check-now button honours HTTP(S)_PROXY like the daily run; not for 127.0.0.1."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


def source_edit_page(client, source):
    response = client.get(reverse("wagtailsnippets_content_source:edit", args=[source.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def check_now(client, source):
    """Press "Check this link now" as the browser would: send the form the button names."""
    soup = source_edit_page(client, source)
    button = soup.find("button", string="Check this link now")
    form = soup.find("form", id=button["form"])
    assert form.find_parent("form") is None  # a form of its own, not the edit form's
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    response = client.post(form["action"], data, follow=True)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one(".messages").get_text(" ", strip=True), soup


def test_next_scheduled_check_is_the_next_daily_run(settings):
    settings.SOURCE_CHECK_TIME = datetime.time(4, 17)
    before = timezone.make_aware(datetime.datetime(2025, 6, 10, 3, 0))
    after = timezone.make_aware(datetime.datetime(2025, 6, 10, 4, 17))
    assert next_scheduled_check(before) == timezone.make_aware(
        datetime.datetime(2025, 6, 10, 4, 17)
    )
    assert next_scheduled_check(after) == timezone.make_aware(datetime.datetime(2025, 6, 11, 4, 17))


def test_source_form_says_when_its_link_is_next_checked_instead_of_naming_a_command(
    client, editor, settings
):
    settings.SOURCE_CHECK_TIME = datetime.time(4, 17)
    source = SourceFactory(url="https://news.example.org/cameras")
    client.force_login(editor)
    checks = source_edit_page(client, source).select_one(".help-info").get_text(" ", strip=True)
    assert "manage.py" not in checks
    next_run = next_scheduled_check()
    assert "checked daily at 04:17" in checks
    assert f"next checked on {next_run:%-d %b %Y}, 04:17" in checks


def test_check_this_link_now_records_a_dead_link_and_says_so(
    client, editor, server, no_proxy_for_this_machine
):
    source = SourceFactory(url=f"{server}/gone", archive_url="https://archive.example.org/x")
    client.force_login(editor)

    message, soup = check_now(client, source)

    assert "Link checked just now: Dead (HTTP 404)" in message
    assert "Readers are sent to the archived copy." in message
    source.refresh_from_db()
    assert source.link_status == Status.DEAD and source.link_checked_at is not None
    assert "Link: Dead (HTTP 404)" in soup.select_one(".help-critical").get_text(" ", strip=True)


def test_check_this_link_now_on_a_working_link(client, editor, server, no_proxy_for_this_machine):
    source = SourceFactory(url=f"{server}/moved")
    client.force_login(editor)
    message, _ = check_now(client, source)
    assert f"Link checked just now: Redirected (HTTP 200) — now at {server}/ok." in message
    source.refresh_from_db()
    assert source.link_final_url == f"{server}/ok"


def test_check_this_link_now_without_an_answer_says_when_it_is_tried_again(
    client, editor, refused_url, no_proxy_for_this_machine
):
    source = SourceFactory(url=refused_url)
    client.force_login(editor)
    message, _ = check_now(client, source)
    assert "Link checked just now: Unreachable — connection failed" in message
    assert f"The daily check tries again on {next_scheduled_check():%-d %b %Y}" in message


def test_only_those_who_may_change_sources_check_links(client, moderator, server):
    source = SourceFactory(url=f"{server}/gone")
    client.force_login(moderator)
    url = reverse("editorial_check_source_link", args=[source.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code in {302, 403}
    source.refresh_from_db()
    assert source.link_status == Status.UNCHECKED
