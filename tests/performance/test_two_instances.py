"""Two app instances behave as one site (issue 6): two gunicorn processes with the production
settings (DEBUG off) on two 127.0.0.1 ports, sharing this test run's PostgreSQL database and
one Redis database, as a load balancer would spread readers and editors across them.

Each test talks to the instances over HTTP only, the way a browser without JavaScript
would; the test process itself writes to the database only to set up content.

Needs PostgreSQL (DATABASE_URL; the SQLite test database lives in this process's memory,
where no other process can reach it) and Redis (TWO_INSTANCE_REDIS_URL, by default database
13 on 127.0.0.1:6379, emptied by the test). Outside CI either missing skips the module;
in CI (CI=true) a missing Redis fails it.
"""

import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from http import HTTPStatus
from types import SimpleNamespace
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import Page

from comments.models import Comment, CommentSettings, CommentStatus
from tests.bench.run import (
    PYTHON,
    REPO,
    bench_environment,
    free_port,
    start_server,
    static_reference_url,
)
from tests.comments.factories import form_data
from tests.content.factories import ArticlePageFactory, build_site_tree, paragraph, publish

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
REDIS_URL = os.environ.get("TWO_INSTANCE_REDIS_URL", "redis://127.0.0.1:6379/13")
EDITOR = ("editor", "a long enough editor password")

pytestmark = [
    pytest.mark.skipif(
        not ON_POSTGRESQL,
        reason="needs PostgreSQL (set DATABASE_URL): the SQLite test database is in memory, "
        "out of reach of the two gunicorn processes",
    ),
    pytest.mark.django_db(transaction=True),  # committed, so the instances see the content
]


# --- Two instances ---------------------------------------------------------------------------


def _redis_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        message = f"Redis at {REDIS_URL} is not reachable ({error})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return client


def _database_url():
    db = settings.DATABASES["default"]
    credentials = quote(db.get("USER") or "postgres")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


def _wait_until_answering(base_url, server, deadline=90):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn at {base_url} exited with {server.returncode}")
        try:
            urllib.request.urlopen(base_url + "/robots.txt", timeout=5).close()  # noqa: S310
            return
        except urllib.error.HTTPError:
            return  # any answer means it is up
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer at {base_url} within {deadline} s")


@pytest.fixture(scope="module")
def instances(django_db_setup, django_db_blocker):
    """Instances A and B: production settings (tests/bench/settings.py only moves the
    collected static files), one worker each, the same database, Redis and SECRET_KEY."""
    redis_client = _redis_or_skip()
    redis_client.flushdb()
    static_root = tempfile.mkdtemp(prefix="explainer-two-instances-static-")
    media_root = tempfile.mkdtemp(prefix="explainer-two-instances-media-")
    ports = [free_port(), free_port()]
    environment = {
        **bench_environment(ports[0], static_root),
        "DATABASE_URL": _database_url(),
        "DB_CONN_MAX_AGE": "0",  # nothing held open when the test database is flushed
        "REDIS_URL": REDIS_URL,
        "HTML_CACHE_SECONDS": "300",
        "SECRET_KEY": settings.SECRET_KEY,  # so the form tokens this test issues are valid
        "ADMIN_REQUIRE_2FA": "false",  # the editor signs in with a password only
        "MEDIA_ROOT": media_root,
    }
    subprocess.run(  # noqa: S603 - our own manage.py
        [str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=REPO,
        env=environment,
        check=True,
    )
    servers = []
    try:
        for port in ports:
            env = {**environment, "SITE_BASE_URL": f"http://127.0.0.1:{port}"}
            servers.append(start_server(env, port, SimpleNamespace(workers=1)))
        for port, server in zip(ports, servers, strict=True):
            _wait_until_answering(f"http://127.0.0.1:{port}", server)
        yield SimpleNamespace(
            a=f"http://127.0.0.1:{ports[0]}",
            b=f"http://127.0.0.1:{ports[1]}",
            static_root=static_root,
            redis=redis_client,
        )
    finally:
        for server in servers:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
        redis_client.flushdb()
        shutil.rmtree(static_root, ignore_errors=True)
        shutil.rmtree(media_root, ignore_errors=True)


@pytest.fixture
def shared_cache(settings, instances):
    """This process uses the instances' Redis too, so its own changes purge their cache."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "explainer",
        }
    }
    settings.HTML_CACHE_SECONDS = 300
    instances.redis.flushdb()
    return instances


@pytest.fixture
def site(shared_cache, django_user_model, settings):
    # The instances know production's password hashers, not the test settings' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    tree = build_site_tree()
    tree.article = publish(
        ArticlePageFactory(
            parent=tree.index,
            title="Cameras on every corner",
            slug="cameras",
            body=[paragraph("<p>The city installed cameras on every street corner.</p>")],
        )
    )
    django_user_model.objects.create_superuser(EDITOR[0], "editor@example.org", EDITOR[1])
    CommentSettings.for_site(tree.article.get_site())  # made now, not by the first reader
    return tree


# --- A browser without JavaScript ------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """Keeps its own cookies and sends them to either instance, as one browser behind a
    load balancer would. (Production marks cookies Secure; the instances speak plain HTTP
    on the loopback interface, where urllib's cookie jar would withhold them.)"""

    def __init__(self):
        self.cookies = {}
        self.opener = urllib.request.build_opener(_NoRedirects)

    def request(self, url, data=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            content = response.read()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, value = cookie.split(";")[0].partition("=")
                self.cookies[name.strip()] = value
            return SimpleNamespace(
                status=response.status, headers=response.headers, text=content.decode()
            )

    def sign_in(self, base_url):
        page = self.request(base_url + "/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        answer = self.request(
            base_url + "/admin/login/",
            {"csrfmiddlewaretoken": token, "username": EDITOR[0], "password": EDITOR[1]},
        )
        assert answer.status == HTTPStatus.FOUND, answer.text[:500]
        assert "sessionid" in self.cookies


def csrf_token(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def title_of(page):
    return re.search(r"<h1[^>]*>(.*?)</h1>", page.text, re.DOTALL).group(1).strip()


# --- The tests -------------------------------------------------------------------------------


def test_a_page_published_through_one_instance_is_served_fresh_by_the_other(
    site, instances, django_user_model
):
    reader, editor = Visitor(), Visitor()
    article = site.article
    for _ in range(2):  # B renders the article once, then serves it from the shared cache
        seen = reader.request(instances.b + article.url)
    assert seen.headers["X-Cache"] == "hit"
    assert title_of(seen) == "Cameras on every corner"
    assert "Cameras on every corner" in reader.request(instances.b + site.index.url).text

    # A writer submits a new title to the fact check; approving it through instance A's
    # admin publishes it (the only way an explainer is published).
    draft = Page.objects.get(pk=article.pk).specific
    draft.title = "Cameras on every street corner"
    writer = django_user_model.objects.create_user("writer", "writer@example.org", EDITOR[1])
    draft.save_revision(user=writer)
    state = draft.get_workflow().start(draft, writer)
    editor.sign_in(instances.a)
    edit_page = editor.request(f"{instances.a}/admin/pages/{article.pk}/edit/")
    approve_url = instances.a + reverse(
        "wagtailadmin_pages:workflow_action",
        args=[article.pk, "approve", state.current_task_state.pk],
    )
    done = editor.request(approve_url, {"csrfmiddlewaretoken": csrf_token(edit_page)})
    assert done.status == HTTPStatus.FOUND, done.text[:500]

    fresh = reader.request(instances.b + article.url)
    assert fresh.status == HTTPStatus.OK
    assert title_of(fresh) == "Cameras on every street corner"
    assert "Cameras on every street corner" in reader.request(instances.b + site.index.url).text
    assert "Cameras on every street corner" in reader.request(instances.b + "/feeds/rss/").text


def test_comment_rate_limits_are_shared(site, instances):
    comment_settings = CommentSettings.for_site(site.article.get_site())
    comment_settings.rate_limit_per_client = 3
    comment_settings.save()
    reader = Visitor()
    answers = []
    for number, base_url in enumerate([instances.a, instances.b, instances.a, instances.b]):
        answers.append(
            reader.request(
                base_url + "/comments/post/",
                form_data(site.article, body=f"Question {number}: who keeps the footage?"),
            )
        )
    assert [answer.status for answer in answers] == [302, 302, 302, 429]
    assert "You have posted 3 comments in the last hour" in answers[-1].text
    assert Comment.objects.filter(article=site.article).count() == 3


def test_the_moderation_queue_is_shared(site, instances):
    reader, editor = Visitor(), Visitor()
    posted = reader.request(
        instances.a + "/comments/post/",
        form_data(site.article, body="Are the robots recording sound as well as video?"),
    )
    assert posted.status == HTTPStatus.FOUND
    comment = Comment.objects.get(body="Are the robots recording sound as well as video?")
    assert comment.status == CommentStatus.PENDING  # a first comment waits for an editor

    editor.sign_in(instances.a)
    queue = editor.request(instances.b + "/admin/snippets/comments/comment/")  # same session
    assert queue.status == HTTPStatus.OK
    assert "Are the robots recording sound as well as video?" in queue.text


def test_static_files_go_out_compressed_and_cached_for_a_year(instances):
    url = instances.a + static_reference_url(instances.static_root)
    for encoding in ("br", "gzip"):
        request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            assert response.headers["Content-Encoding"] == encoding
            assert "max-age=31536000" in response.headers["Cache-Control"]
            assert "immutable" in response.headers["Cache-Control"]
