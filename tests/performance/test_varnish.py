"""A real CDN in the loop (issue 16): Varnish, with the VCL that docs/deployment.md ships
(docs/varnish/explainer.vcl, as it is), in front of two gunicorn instances with the
production settings, sharing this test run's PostgreSQL database and one Redis database.

Every reader, commenter and editor here talks to Varnish over HTTP; the instances send
their PURGE requests to it (FRONTEND_CACHE_PURGE_URL) from 127.0.0.1, the address its ACL
allows. Whether Varnish answered from its cache is read from its own counters
(varnishstat: how many requests it sent to the app) and its X-Cache header.

Needs PostgreSQL (DATABASE_URL), Redis (VARNISH_TEST_REDIS_URL, by default database 12 on
127.0.0.1:6379, emptied by the test) and varnishd (Debian's package). Outside CI a missing
one skips the module; in CI (CI=true) a missing Redis or varnishd fails it.
"""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from http import HTTPStatus
from http.client import HTTPConnection
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import Page

from comments.models import Comment, CommentSettings
from content.models import ArticleCorrection
from tests.bench.run import PYTHON, REPO, bench_environment, free_port, start_server
from tests.comments.factories import form_data
from tests.content.factories import (
    ArticlePageFactory,
    TopicFactory,
    argument,
    build_site_tree,
    paragraph,
    pros_cons,
    publish,
)
from tests.performance.test_two_instances import (
    EDITOR,
    Visitor,
    _database_url,
    _NoRedirects,
    _wait_until_answering,
    csrf_token,
    title_of,
)

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
REDIS_URL = os.environ.get("VARNISH_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")
VCL = REPO / "docs" / "varnish" / "explainer.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
USERBAR = "wagtail-userbar"  # what only an editor's copy of a page has

pytestmark = pytest.mark.django_db(transaction=True)  # committed: the instances see it

# The test's backends.vcl: the two instances, and only 127.0.0.1 may purge (127.0.0.2, also
# this machine, is refused: the ACL, not the loopback interface, decides).
BACKENDS_VCL = """
backend app_a {{ .host = "127.0.0.1"; .port = "{a}"; }}
backend app_b {{ .host = "127.0.0.1"; .port = "{b}"; }}
acl purgers {{ "127.0.0.1"; }}
sub vcl_init {{
    app.add_backend(app_a);
    app.add_backend(app_b);
}}
"""


def _missing(message):
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _redis_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        _missing(f"Redis at {REDIS_URL} is not reachable ({error})")
    return client


class Varnish:
    """varnishd in the foreground, its working directory in a temporary folder."""

    def __init__(self, workdir, port, backend_ports):
        self.workdir = Path(workdir)
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        (self.workdir / "backends.vcl").write_text(
            BACKENDS_VCL.format(a=backend_ports[0], b=backend_ports[1])
        )
        self.log = open(self.workdir / "varnishd.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - Debian's varnishd, loopback only
            [
                VARNISHD,
                "-F",
                "-n", str(self.workdir / "instance"),
                "-a", f"127.0.0.1:{port}",
                "-T", f"127.0.0.1:{free_port()}",
                "-f", str(VCL),
                "-p", f"vcl_path={self.workdir}",
                "-s", "malloc,64m",
                "-j", "none",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def wait_until_answering(self, deadline=30):
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"varnishd exited with {self.process.returncode}:\n"
                    + (self.workdir / "varnishd.log").read_text(errors="replace")
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"varnishd did not listen on {self.port} within {deadline} s")

    def admin(self, *command):
        return subprocess.run(  # noqa: S603
            ["varnishadm", "-n", str(self.workdir / "instance"), *command],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def forget_everything(self):
        """A ban on every object: each test starts with an empty cache (its pages have the
        addresses the previous test's had, over a new database)."""
        self.admin("ban", "req.url ~ .")

    def backend_requests(self):
        """How many requests Varnish has sent to the app servers so far."""
        output = subprocess.run(  # noqa: S603
            ["varnishstat", "-n", str(self.workdir / "instance"), "-1", "-f", "MAIN.backend_req"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return int(output.split()[1])

    def stop(self):
        os.killpg(self.process.pid, 15)
        self.process.wait(timeout=30)
        self.log.close()


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker):
    """Varnish on one port, in front of two instance ports; the site's address is Varnish's.
    The instances themselves are started for each test (``site``)."""
    if not ON_POSTGRESQL:
        pytest.skip(
            "needs PostgreSQL (set DATABASE_URL): the SQLite test database is in memory, "
            "out of reach of the gunicorn processes"
        )
    if not Path(VARNISHD).exists():
        _missing(f"varnishd is not installed ({VARNISHD}): apt-get install varnish")
    redis_client = _redis_or_skip()
    redis_client.flushdb()
    workdir = tempfile.mkdtemp(prefix="explainer-varnish-")
    static_root = tempfile.mkdtemp(prefix="explainer-varnish-static-")
    media_root = tempfile.mkdtemp(prefix="explainer-varnish-media-")
    varnish_port, ports = free_port(), [free_port(), free_port()]
    site_url = f"http://127.0.0.1:{varnish_port}"
    environment = {
        **bench_environment(ports[0], static_root),
        "DATABASE_URL": _database_url(),
        "DB_CONN_MAX_AGE": "0",  # nothing held open when the test database is flushed
        "REDIS_URL": REDIS_URL,
        "HTML_CACHE_SECONDS": "300",
        "SECRET_KEY": settings.SECRET_KEY,  # so the form tokens this test issues are valid
        "ADMIN_REQUIRE_2FA": "false",  # the editor signs in with a password only
        "MEDIA_ROOT": media_root,
        "SITE_BASE_URL": site_url,  # readers know the site by Varnish's address
        "FRONTEND_CACHE_PURGE_URL": site_url,
        # Wagtail compares host *and port* with FRONTEND_CACHE_HOSTNAMES: this site's
        # address has a port, so the default "*" (a deployment's has none).
    }
    subprocess.run(  # noqa: S603 - our own manage.py
        [str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=REPO,
        env=environment,
        check=True,
    )
    varnish = Varnish(workdir, varnish_port, ports)
    try:
        varnish.wait_until_answering()
        yield SimpleNamespace(
            url=site_url,
            varnish=varnish,
            redis=redis_client,
            ports=ports,
            environment=environment,
        )
    finally:
        varnish.stop()
        redis_client.flushdb()
        for folder in (workdir, static_root, media_root):
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def instances(stack):
    """Instances A and B, started afresh for each test: each test's database is new (a
    transactional test empties it after), and an instance keeps the ids of content types
    it has seen for as long as it runs."""
    servers = []
    try:
        for port in stack.ports:
            servers.append(start_server(stack.environment, port, SimpleNamespace(workers=1)))
        for port, server in zip(stack.ports, servers, strict=True):
            _wait_until_answering(f"http://127.0.0.1:{port}", server)
        yield stack
    finally:
        for server in servers:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)


@pytest.fixture
def content(stack, settings, django_user_model):
    """Article A (topic "Street cameras"), article B (another topic), an editor, the two
    instances; an empty Varnish and an empty app cache. The Site's address is Varnish's, as
    in production the Site and SITE_BASE_URL name the public address: the purges name it."""
    settings.SITE_BASE_URL = stack.url
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    tree = build_site_tree()
    cameras = TopicFactory(name="Street cameras", slug="street-cameras")
    faces = TopicFactory(name="Face recognition", slug="face-recognition")
    tree.a = publish(
        ArticlePageFactory(
            parent=tree.index,
            title="Cameras on every corner",
            slug="cameras",
            body=[
                paragraph("<p>The city installed cameras on every street corner.</p>"),
                pros_cons(pros=[argument("Fewer thefts", [])], cons=[argument("Less privacy", [])]),
            ],
            topics=[cameras],
        )
    )
    tree.b = publish(
        ArticlePageFactory(
            parent=tree.index,
            title="Faces in the crowd",
            slug="faces",
            body=[paragraph("<p>Stations match faces against a list.</p>")],
            topics=[faces],
        )
    )
    django_user_model.objects.create_superuser(EDITOR[0], "editor@example.org", EDITOR[1])
    CommentSettings.for_site(tree.a.get_site())  # made now, not by the first reader
    stack.redis.flushdb()  # the instances' page cache knew the previous test's pages
    stack.varnish.forget_everything()
    return tree


@pytest.fixture
def site(content, instances):
    """The content, served by the two instances behind Varnish."""
    return content


# --- Talking to Varnish ----------------------------------------------------------------------


def get(url, headers=None):
    """One GET without cookies, redirects not followed: status, headers, body as sent."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback
    try:
        response = urllib.request.build_opener(_NoRedirects).open(request, timeout=60)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return SimpleNamespace(
            status=response.status, headers=response.headers, body=response.read()
        )


def text_of(answer):
    return answer.body.decode()


def purge(stack, path, source="127.0.0.1"):
    """A PURGE as wagtail.contrib.frontend_cache sends it, from ``source``."""
    connection = HTTPConnection("127.0.0.1", stack.varnish.port, source_address=(source, 0))
    try:
        connection.request("PURGE", path, headers={"Host": f"127.0.0.1:{stack.varnish.port}"})
        return connection.getresponse().status
    finally:
        connection.close()


def approve_through_the_admin(stack, page, writer):
    """The editor approves ``page``'s submitted revision through the admin, via Varnish
    (passed to an instance: a session, a POST): the only way an explainer is published."""
    state = page.get_workflow().start(page, writer)
    editor = Visitor()
    editor.sign_in(stack.url)
    edit_page = editor.request(f"{stack.url}/admin/pages/{page.pk}/edit/")
    approve_url = stack.url + reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", state.current_task_state.pk],
    )
    done = editor.request(approve_url, {"csrfmiddlewaretoken": csrf_token(edit_page)})
    assert done.status == HTTPStatus.FOUND, done.text[:500]
    return editor


def writer(django_user_model):
    return django_user_model.objects.create_user("writer", "writer@example.org", EDITOR[1])


def warm(stack, paths):
    """Each path read twice by anonymous readers: the second is a Varnish hit."""
    for path in paths:
        get(stack.url + path)
        answer = get(stack.url + path)
        assert answer.headers["X-Cache"] == "HIT", (path, answer.headers)


def hit_or_miss(stack, path):
    return get(stack.url + path).headers["X-Cache"]


# --- The tests -------------------------------------------------------------------------------


def test_the_second_reader_is_answered_by_varnish_without_asking_the_app(stack, site):
    before = stack.varnish.backend_requests()
    first = get(stack.url + site.a.url)
    second = get(stack.url + site.a.url)
    assert (first.status, second.status) == (HTTPStatus.OK, HTTPStatus.OK)
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("MISS", "HIT")
    assert stack.varnish.backend_requests() - before == 1  # the app rendered it once
    assert title_of(SimpleNamespace(text=text_of(second))) == "Cameras on every corner"
    assert "s-maxage=300" in second.headers["Cache-Control"]
    assert second.headers.get_all("Set-Cookie") is None

    # A made-up query parameter is the same page: the same copy, no request to the app.
    tracked = get(stack.url + site.a.url + "?utm_source=newsletter&fbclid=x1")
    assert tracked.headers["X-Cache"] == "HIT"
    # So is any cookie that is not the site's own (another script's): it is dropped.
    assert get(stack.url + site.a.url, {"Cookie": "_ga=GA1.2.3"}).headers["X-Cache"] == "HIT"
    assert stack.varnish.backend_requests() - before == 1


def test_each_encoding_is_kept_apart_and_one_purge_removes_them_all(stack, site):
    url = stack.url + site.a.url
    for encoding, asked in (("br", "gzip, deflate, br"), ("gzip", "gzip"), (None, "identity")):
        get(url, {"Accept-Encoding": asked})
        again = get(url, {"Accept-Encoding": asked})
        assert again.headers["X-Cache"] == "HIT"
        assert again.headers.get("Content-Encoding") == encoding
        # Browsers see the app's Vary, not the header Varnish keeps the copies apart by.
        assert "Accept-Encoding" in again.headers["Vary"]
        assert "X-Explainer-Encoding" not in again.headers["Vary"]
    plain = get(url, {"Accept-Encoding": "identity"})
    assert b"Cameras on every corner" in plain.body

    assert purge(stack, site.a.url) == HTTPStatus.OK
    for asked in ("br", "gzip", "identity"):
        assert get(url, {"Accept-Encoding": asked}).headers["X-Cache"] == "MISS"


def test_a_purge_names_the_address_a_reader_asks_for_and_only_from_the_acl(stack, site):
    for number in range(11):  # with A and B: 13 explainers, two pages of the index
        publish(ArticlePageFactory(parent=site.index, title=f"Explainer {number}"))
    page_two = site.index.url + "?page=2"
    warm(stack, [page_two, site.index.url])
    # Another parameter beside the page number is the same copy.
    assert hit_or_miss(stack, site.index.url + "?utm_medium=x&page=2") == "HIT"

    assert purge(stack, page_two, source="127.0.0.2") == HTTPStatus.METHOD_NOT_ALLOWED
    assert hit_or_miss(stack, page_two) == "HIT"
    assert purge(stack, page_two) == HTTPStatus.OK  # from an address its ACL lists
    assert hit_or_miss(stack, site.index.url + "?page=2&utm_medium=x") == "MISS"
    assert hit_or_miss(stack, site.index.url) == "HIT"  # page 1 is another address


def test_publishing_purges_the_article_and_its_listings_and_nothing_else(
    stack, site, django_user_model
):
    listings = [site.index.url, "/", "/feeds/rss/", "/sitemap.xml", "/topics/street-cameras/"]
    unrelated = [site.b.url, "/topics/face-recognition/", site.about.url]
    warm(stack, [site.a.url, *listings, *unrelated])

    draft = Page.objects.get(pk=site.a.pk).specific
    draft.title = "Cameras on every street corner"
    draft.save_revision(user=writer(django_user_model))
    approve_through_the_admin(stack, draft, django_user_model.objects.get(username="writer"))

    fresh = get(stack.url + site.a.url)
    assert fresh.headers["X-Cache"] == "MISS"
    assert title_of(SimpleNamespace(text=text_of(fresh))) == "Cameras on every street corner"
    for path in listings:
        answer = get(stack.url + path)
        assert answer.headers["X-Cache"] == "MISS", path
        if path != "/sitemap.xml":  # which lists addresses, not titles
            assert "Cameras on every street corner" in text_of(answer), path
    for path in unrelated:
        assert hit_or_miss(stack, path) == "HIT", path  # not purged: it does not show A


def test_a_correction_shows_on_the_next_request(stack, site, django_user_model):
    changes = site.a.url + "changes/"
    warm(stack, [site.a.url, changes, site.b.url])

    draft = Page.objects.get(pk=site.a.pk).specific
    draft.corrections.add(
        ArticleCorrection(text="We said every corner; it is every main street corner.")
    )
    draft.save_revision(user=writer(django_user_model))
    approve_through_the_admin(stack, draft, django_user_model.objects.get(username="writer"))

    fresh = get(stack.url + site.a.url)
    assert fresh.headers["X-Cache"] == "MISS"
    assert "it is every main street corner" in text_of(fresh)
    changed = get(stack.url + changes)
    assert changed.headers["X-Cache"] == "MISS"
    assert "it is every main street corner" in text_of(changed)
    assert hit_or_miss(stack, site.b.url) == "HIT"


def test_an_approved_comment_shows_on_the_next_request(stack, site):
    warm(stack, [site.a.url, site.index.url, site.b.url])
    reader = Visitor()
    body = "Who decides how long the footage from these cameras is kept?"
    posted = reader.request(stack.url + "/comments/post/", form_data(site.a, body=body))
    assert posted.status == HTTPStatus.FOUND
    comment = Comment.objects.get(body=body)
    # Held for an editor (a first comment): nothing changed for readers, nothing purged.
    assert hit_or_miss(stack, site.a.url) == "HIT"

    editor = Visitor()
    editor.sign_in(stack.url)
    thread = editor.request(
        stack.url + reverse("wagtailsnippets_comments_comment:inspect", args=[comment.pk])
    )
    moderate_url = reverse(
        "wagtailsnippets_comments_comment:moderate", args=[comment.pk, "approve"]
    )
    done = editor.request(stack.url + moderate_url, {"csrfmiddlewaretoken": csrf_token(thread)})
    assert done.status == HTTPStatus.FOUND, done.text[:500]

    fresh = get(stack.url + site.a.url)
    assert fresh.headers["X-Cache"] == "MISS"
    assert body in text_of(fresh)
    assert hit_or_miss(stack, site.index.url) == "MISS"  # its card counts the comments
    assert hit_or_miss(stack, site.b.url) == "HIT"


def test_an_editors_page_is_never_kept_for_readers(stack, site):
    editor = Visitor()
    editor.sign_in(stack.url)
    before = stack.varnish.backend_requests()
    for _ in range(2):  # nothing cached yet: an editor's copy kept here would reach readers
        own = editor.request(stack.url + site.a.url)
        assert own.headers["X-Cache"] == "PASS"
        assert USERBAR in own.text
        assert "private" in own.headers["Cache-Control"]
    assert stack.varnish.backend_requests() - before == 2

    for _ in range(2):
        anonymous = get(stack.url + site.a.url)
        assert anonymous.status == HTTPStatus.OK
        assert USERBAR not in text_of(anonymous)
    assert anonymous.headers["X-Cache"] == "HIT"
    # Nor is the editor served the readers' copy.
    assert USERBAR in editor.request(stack.url + site.a.url).text


def test_a_commenters_private_pages_and_filtered_discussions_are_never_shared(stack, site):
    commenter = Visitor()
    posted = commenter.request(
        stack.url + "/comments/post/", form_data(site.a, body="Is the footage shared with police?")
    )
    assert posted.status == HTTPStatus.FOUND
    assert "/comments/posted/" in posted.headers["Location"], posted.headers["Location"]
    receipt_url = stack.url + posted.headers["Location"].removeprefix(stack.url)
    receipt = commenter.request(receipt_url)
    assert receipt.status == HTTPStatus.OK
    manage_path = re.search(r'href="([^"]*/comments/manage/[^"]+)"', receipt.text).group(1)
    manage_url = stack.url + manage_path.removeprefix(stack.url)

    before = stack.varnish.backend_requests()
    for url in (receipt_url, manage_url):
        for _visitor in (commenter, Visitor()):  # the commenter, then someone else
            answer = _visitor.request(url)
            assert answer.headers["X-Cache"] == "PASS", url
    assert stack.varnish.backend_requests() - before == 4  # each one asked of the app

    # ?about= filters the discussion to one argument, for the reader who asked.
    filtered = site.a.url + "?about=for-1"
    answers = [get(stack.url + filtered) for _ in range(2)]
    assert [answer.headers["X-Cache"] for answer in answers] == ["PASS", "PASS"]
    assert "private" in answers[0].headers["Cache-Control"]


def test_the_home_page_keeps_one_copy_per_language_choice(stack, site):
    english = {"Accept-Language": "en-GB,en;q=0.9"}
    chinese = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}
    for headers in (english, english):
        home = get(stack.url + "/", headers)
    assert (home.status, home.headers["X-Cache"]) == (HTTPStatus.OK, "HIT")
    for headers in (chinese, {"Accept-Language": "fr-FR, zh-TW;q=0.8"}):
        sent = get(stack.url + "/", headers)  # not the English copy
        assert sent.status == HTTPStatus.FOUND
        assert sent.headers["Location"].endswith("/zh-hans/")
    assert get(stack.url + "/", {"Accept-Language": "de"}).headers["X-Cache"] == "HIT"


def test_the_open_data_api_keeps_the_parameters_it_reads(stack, site):
    english = "/api/v1/explainers/?language=en"
    warm(stack, [english])
    assert hit_or_miss(stack, english + "&utm_source=x") == "HIT"
    chinese = get(stack.url + "/api/v1/explainers/?language=zh-hans")
    assert chinese.headers["X-Cache"] == "MISS"  # another list, not the English one's copy
    assert b"Cameras on every corner" in get(stack.url + english).body
    assert b"Cameras on every corner" not in chinese.body


def test_the_shipped_configuration_compiles(tmp_path):
    """docs/varnish/explainer.vcl with the backends.vcl a deployer starts from."""
    if not Path(VARNISHD).exists():
        _missing(f"varnishd is not installed ({VARNISHD})")
    result = subprocess.run(  # noqa: S603
        [
            VARNISHD,
            "-C",
            "-n", str(tmp_path / "compile"),
            "-f", str(VCL),
            "-p", f"vcl_path={VCL.parent}",
        ],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
