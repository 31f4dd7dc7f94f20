"""Local copies in front of Redis (core.page_cache.LocalCopies): a hit reads only the purge
generation from Redis, and a local copy never outlives a purge, its expiry or the cache.

With the production cache backend (core.resilient_cache.ResilientRedisCache) on a Redis
database of this test's own (LOCAL_COPY_REDIS_URL, by default database 11 on
127.0.0.1:6379, emptied by the test; skipped when Redis is not reachable, failed in CI).
Whether a page came from this process or from Redis is told from Redis itself: its copy is
deleted there, and what the next request answers says which copy it read.
"""

import os
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import cache

from core.page_cache import local_copies
from tests.content.factories import ArticlePageFactory, paragraph, publish

REDIS_URL = os.environ.get("LOCAL_COPY_REDIS_URL", "redis://127.0.0.1:6379/11")
PAGE_KEYS = "*html-cache:*"

pytestmark = pytest.mark.django_db


def redis_cache_settings(url):
    """The production cache settings (explainer/settings/base.py with REDIS_URL set)."""
    return {
        "default": {
            "BACKEND": "core.resilient_cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "explainer",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def shared_redis(settings):
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        message = f"Redis at {REDIS_URL} is not reachable ({error})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    client.flushdb()
    settings.CACHES = redis_cache_settings(REDIS_URL)
    settings.HTML_CACHE_SECONDS = 300
    settings.HTML_CACHE_LOCAL_BYTES = 16 * 1024 * 1024
    yield client
    local_copies.clear()
    client.flushdb()


def drop_pages_from_redis(client):
    """Delete every stored page from Redis (not the generation): what is served next comes
    from this process's copy or is rendered."""
    keys = [key for key in client.scan_iter(PAGE_KEYS) if b"generation" not in key]
    assert keys, "nothing was stored in Redis"
    client.delete(*keys)


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response


def warmed(client, url):
    """The page's first request ever creates its comment settings (a purge): after it, the
    next request is the first of a generation."""
    get(client, url)
    return url


@pytest.mark.parametrize("encoding", ["identity", "br"])
def test_a_hit_is_served_from_this_process_without_reading_the_page_from_redis(
    client, article, shared_redis, encoding
):
    headers = {"HTTP_ACCEPT_ENCODING": encoding}
    url = warmed(client, article.url)
    first = get(client, url, **headers)
    assert first["X-Cache"] == "miss"
    drop_pages_from_redis(shared_redis)
    second = get(client, url, **headers)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second.get("Content-Encoding") == first.get("Content-Encoding")
    if encoding == "br":
        assert second["Content-Encoding"] == "br"
    assert "s-maxage=300" in second["Cache-Control"]
    assert "Content-Security-Policy" in second  # the security headers apply to local hits


def test_a_copy_read_from_redis_is_kept_locally_too(client, article, shared_redis, settings):
    url = warmed(client, article.url)
    settings.HTML_CACHE_LOCAL_BYTES = 0  # rendered and stored in Redis only
    assert get(client, url)["X-Cache"] == "miss"
    settings.HTML_CACHE_LOCAL_BYTES = 16 * 1024 * 1024
    assert get(client, url)["X-Cache"] == "hit"  # from Redis, now kept here as well
    drop_pages_from_redis(shared_redis)
    assert get(client, url)["X-Cache"] == "hit"


def test_a_publish_is_served_on_the_next_request(client, article, shared_redis):
    url = warmed(client, article.url)
    get(client, url)
    assert get(client, url)["X-Cache"] == "hit"
    article.title = "Cameras on every street corner"
    publish(article)
    fresh = get(client, url)
    assert fresh["X-Cache"] == "miss"
    assert "Cameras on every street corner" in fresh.content.decode()


def test_a_new_generation_in_redis_drops_the_local_copies(client, article, shared_redis):
    """However the generation changes (another instance's purge, a Redis restart that lost
    it), the next request reads it and renders: the local copy is of the old one."""
    url = warmed(client, article.url)
    get(client, url)
    assert get(client, url)["X-Cache"] == "hit"
    generation = list(shared_redis.scan_iter("*html-cache:generation"))
    assert len(generation) == 1
    shared_redis.delete(*generation)  # directly in Redis, not through this process
    assert get(client, url)["X-Cache"] == "miss"
    assert get(client, url)["X-Cache"] == "hit"


def test_turned_off_nothing_is_served_locally(client, article, shared_redis, settings):
    settings.HTML_CACHE_LOCAL_BYTES = 0
    url = warmed(client, article.url)
    get(client, url)
    drop_pages_from_redis(shared_redis)
    assert get(client, url)["X-Cache"] == "miss"


def test_with_local_memory_as_the_cache_no_second_copy_is_kept(client, article, settings):
    settings.HTML_CACHE_SECONDS = 300
    cache.clear()
    url = warmed(client, article.url)
    get(client, url)
    assert get(client, url)["X-Cache"] == "hit"
    assert local_copies.bytes == 0
    cache.clear()


def test_the_local_copies_stay_within_their_bound_oldest_served_out_first(
    client, site_tree, shared_redis, settings
):
    pages = [
        publish(
            ArticlePageFactory(
                parent=site_tree.index,
                title=f"Cameras on corner {number}",
                slug=f"corner-{number}",
                body=[paragraph("<p>The city installed cameras on every corner.</p>" * 20)],
            )
        )
        for number in range(1, 6)
    ]
    urls = [warmed(client, page.url) for page in pages]
    drop_pages_from_redis(shared_redis)  # kept while warming: start from none
    settings.HTML_CACHE_LOCAL_BYTES = 10**9
    local_copies.clear()
    assert get(client, urls[0])["X-Cache"] == "miss"
    one_page = local_copies.bytes
    assert one_page > 10_000
    settings.HTML_CACHE_LOCAL_BYTES = bound = int(one_page * 2.5)  # two pages fit, not three
    for url in urls[1:]:
        assert get(client, url)["X-Cache"] == "miss"
        assert local_copies.bytes <= bound
    drop_pages_from_redis(shared_redis)
    assert get(client, urls[4])["X-Cache"] == "hit"
    assert get(client, urls[3])["X-Cache"] == "hit"
    for url in urls[:3]:  # served out to make room: rendered again
        assert get(client, url)["X-Cache"] == "miss"
        assert local_copies.bytes <= bound
    assert get(client, urls[1])["X-Cache"] == "hit"  # the two served last are kept
    assert get(client, urls[2])["X-Cache"] == "hit"


def test_a_local_copy_expires_with_the_shared_copy_not_later(
    client, article, shared_redis, settings
):
    """The copy in Redis lives HTML_CACHE_SECONDS from its render; a process that fetches
    it a second later keeps it no longer than that."""
    settings.HTML_CACHE_SECONDS = 4
    url = warmed(client, article.url)
    settings.HTML_CACHE_LOCAL_BYTES = 0
    assert get(client, url)["X-Cache"] == "miss"
    rendered = time.time()  # the copy in Redis lapses by rendered + 4 s
    settings.HTML_CACHE_LOCAL_BYTES = 16 * 1024 * 1024
    time.sleep(1.5)
    assert get(client, url)["X-Cache"] == "hit"  # from Redis, with 2.5 s of its 4 left
    assert time.time() < rendered + 3.5, "the machine was too slow for this test's timing"
    time.sleep(rendered + 4.3 - time.time())  # kept 4 s from the fetch, it would be a hit
    assert get(client, url)["X-Cache"] == "miss"


# --- Redis down --------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_redis(settings):
    """A Redis server of this test's own, which it can stop."""
    server_binary = shutil.which("redis-server")
    if server_binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed")
        pytest.skip("redis-server is not installed")
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - a throwaway Redis on the loopback interface
        [
            server_binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port, socket_connect_timeout=1)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    settings.CACHES = redis_cache_settings(f"redis://127.0.0.1:{port}/0")
    settings.HTML_CACHE_SECONDS = 300
    settings.HTML_CACHE_LOCAL_BYTES = 16 * 1024 * 1024
    yield server
    if server.poll() is None:
        server.terminate()
        server.wait(timeout=10)
    local_copies.clear()


def test_while_redis_is_down_no_local_copy_is_served(client, article, own_redis):
    url = warmed(client, article.url)
    get(client, url)
    assert get(client, url)["X-Cache"] == "hit"
    own_redis.terminate()
    own_redis.wait(timeout=10)
    # The purge this publish sends cannot reach Redis; the local copy must not stand in.
    article.title = "Cameras on every street corner"
    publish(article)
    page = get(client, url)
    assert page.get("X-Cache") != "hit"
    assert "Cameras on every street corner" in page.content.decode()
