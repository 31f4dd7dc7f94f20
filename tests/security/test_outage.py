"""When PostgreSQL or Redis is down: a designed 503 with Retry-After, never a 500, and a
commenter always gets their text back (core.outage, core.resilient_cache)."""

import html
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import RequestFactory, override_settings
from wagtail.models import Site

from comments.models import Comment, CommentSettings
from core import resilient_cache as resilient
from core.outage import server_error
from tests.comments.factories import form_data, post_comment
from tests.content.factories import ArticlePageFactory, build_site_tree

REPO = Path(__file__).resolve().parents[2]
COMMENT_TEXT = "Who keeps the footage <and> for how long? I want to know before I vote."


def closed_port():
    """A local port nothing listens on (bound once by us, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def database_down():
    """Every query fails as it does while PostgreSQL restarts."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError("terminating connection due to administrator command")

    with connection.execute_wrapper(refuse):
        yield


def redis_down_settings():
    return {
        "default": {
            "BACKEND": "core.resilient_cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def assert_designed_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    assert "default-src 'self'" in response["Content-Security-Policy"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Back in a moment"
    assert soup.select_one("header.site-header") and soup.select_one("footer.site-footer")
    assert soup.select_one('link[rel="stylesheet"][href$="css/site.css"]')
    assert "Traceback" not in response.text and "OperationalError" not in response.text
    return soup


@pytest.fixture
def article(db):
    cache.clear()
    tree = build_site_tree()
    return ArticlePageFactory(parent=tree.index, title="Chongqing: a city of cameras")


@pytest.fixture
def comments_open(article):
    settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.min_fill_seconds = 0
    settings.save()


# --- the database is down --------------------------------------------------------------


def test_article_is_a_designed_503_while_the_database_is_down(client, article):
    url = article.url  # worked out before the database goes
    with database_down():
        response = client.get(url)
    soup = assert_designed_503(response)
    assert "try again in 10 seconds" in soup.main.get_text(" ", strip=True)
    assert not soup.select("textarea")


def test_site_recovers_on_the_next_request_once_the_database_is_back(client, article):
    url = article.url
    with database_down():
        assert client.get(url).status_code == 503
    response = client.get(url)
    assert response.status_code == 200
    assert article.title in response.text


def test_comment_sent_while_the_database_is_down_comes_back_to_copy(client, article):
    with database_down():
        response = post_comment(client, article, body=COMMENT_TEXT)
    soup = assert_designed_503(response)
    assert "What you sent was not saved" in soup.main.get_text(" ", strip=True)
    kept = soup.select_one("main textarea")
    assert kept.get_text() == COMMENT_TEXT
    assert (
        soup.select_one(f'label[for="{kept["id"]}"]')
        .get_text(strip=True)
        .startswith("Your comment")
    )
    assert html.escape(COMMENT_TEXT) in response.text  # escaped, never markup
    assert not Comment.objects.exists()


def test_outage_log_line_leaves_out_private_links(client, article, caplog):
    """A receipt or manage link in a log would let its reader manage someone's comments."""
    with database_down(), caplog.at_level("WARNING", logger="core.outage"):
        response = client.get("/comments/posted/a-private-receipt-token/")
    assert response.status_code == 503
    outage_lines = [r.getMessage() for r in caplog.records if r.name == "core.outage"]
    assert outage_lines == [
        "503 for GET /comments/posted/…: OperationalError: "
        "terminating connection due to administrator command"
    ]


def test_outage_raised_outside_a_view_is_a_503_not_a_500(db):
    """handler500: an OperationalError from a middleware still gets the designed page."""
    request = RequestFactory().post("/comments/post/", {"body": COMMENT_TEXT})
    try:
        raise OperationalError("the database system is shutting down")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("main textarea").get_text() == COMMENT_TEXT


def test_a_bug_is_still_the_500_page(db):
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug, not an outage")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_server_process_answers_503_when_postgresql_is_unreachable():
    """A real server process (gunicorn) with PostgreSQL's port closed: opening the
    connection itself fails, every request gets the designed 503, the server stays up."""
    port, db_port = closed_port(), closed_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "explainer.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{db_port}/nothing_here",
        "LOG_LEVEL": "CRITICAL",
    }
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(  # noqa: S603 - the project's own gunicorn, on loopback
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "gunicorn.conf.py",
            "explainer.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        answers = [
            fetch(port, "/"),
            fetch(port, "/explainers/"),
            fetch(port, "/comments/post/", post=True),
        ]
    finally:
        server.terminate()
        server.wait(timeout=20)
    for status, headers, body in answers:
        assert status == 503
        assert headers["Retry-After"] == "10"
        assert "<h1>Back in a moment</h1>" in body
        assert "Traceback" not in body
    assert "readonly>Keep this text, please.</textarea>" in answers[2][2]


def fetch(port, path, post=False, deadline=30):
    """(status, headers, body) from the test server, waiting for it to start."""
    data = b"body=Keep+this+text%2C+please." if post else None
    end = time.monotonic() + deadline
    while True:
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.2)


# --- Redis is down ---------------------------------------------------------------------


def test_cache_without_redis_misses_and_skips_writes_but_never_guesses_a_claim():
    with override_settings(CACHES=redis_down_settings()):
        assert cache.get("anything", "default") == "default"
        cache.set("anything", 1)  # skipped, not raised
        assert cache.get_many(["a", "b"]) == {}
        with pytest.raises(resilient.CacheUnavailable):
            resilient.strict_add("a-form-token", 1, timeout=60)


def test_pages_are_served_without_redis(client, article):
    with override_settings(CACHES=redis_down_settings(), HTML_CACHE_SECONDS=300):
        response = client.get(article.url)
    assert response.status_code == 200
    assert article.title in response.text


def test_comment_sent_without_redis_is_refused_with_its_text_and_saved_nowhere(
    client, article, comments_open
):
    """Fail safe: without the record of used form tokens nothing is posted unchecked."""
    with override_settings(CACHES=redis_down_settings()):
        response = post_comment(client, article, body=COMMENT_TEXT)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("textarea[name=body]").get_text() == COMMENT_TEXT
    assert "could not be checked and was not posted" in soup.select_one(".error-summary").text
    assert not Comment.objects.exists()
    # Redis back: the same text, sent again from the form it came back in, is posted.
    token = soup.select_one("input[name=form_token]")["value"]
    response = client.post(
        "/comments/post/",
        form_data(article, body=COMMENT_TEXT, form_token=token),
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
    assert Comment.objects.get().body == COMMENT_TEXT
