"""`make bench`'s cached passes: per case, the round with the median ratio; the article from
the cache in memory and from Redis, each beside the static file."""

import socket

from tests.bench.run import (
    cached_cases,
    empty_redis,
    format_table,
    median_rounds,
    server_passes,
    with_changes,
)


def row(case, rps, ratio):
    return {"case": case, "connections": 8, "rps": rps, "ratio_to_static": ratio}


def test_each_row_is_the_round_with_the_median_ratio_and_keeps_every_rounds_figure():
    rounds = [
        [row("static file (whitenoise)", 4000, 1.0), row("article (cached)", 3000, 0.75)],
        [row("static file (whitenoise)", 3500, 1.0), row("article (cached)", 2975, 0.85)],
        [row("static file (whitenoise)", 3800, 1.0), row("article (cached)", 3040, 0.80)],
    ]
    static, article = median_rounds(rounds)
    assert static["rps"] == 3800
    assert static["rounds"] == [4000, 3500, 3800]
    assert article["ratio_to_static"] == 0.80
    assert article["rps"] == 3040
    assert article["rounds"] == [0.75, 0.85, 0.80]


def test_the_cached_article_is_measured_with_memory_then_with_redis():
    environment = {"REDIS_URL": "redis://cache.internal:6379/0", "LOG_LEVEL": "WARNING"}
    passes = dict(server_passes("redis://127.0.0.1:6379/11"))
    assert list(passes) == ["uncached", "cached", "cached, Redis"]
    uncached = with_changes(environment, passes["uncached"])
    memory = with_changes(environment, passes["cached"])
    shared = with_changes(environment, passes["cached, Redis"])
    assert uncached["HTML_CACHE_SECONDS"] == "0"
    assert uncached["FRAGMENT_CACHE_SECONDS"] == "0"  # both caches off (issue 16)
    assert uncached["REDIS_URL"] == "redis://cache.internal:6379/0"  # as the environment says
    assert memory["HTML_CACHE_SECONDS"] == "300"
    assert "REDIS_URL" not in memory  # each process's memory, whatever the environment says
    assert shared["HTML_CACHE_SECONDS"] == "300"
    assert shared["REDIS_URL"] == "redis://127.0.0.1:6379/11"
    assert shared["LOG_LEVEL"] == "WARNING"
    assert list(dict(server_passes(""))) == ["uncached", "cached"]


def test_the_table_names_which_cache_served_each_row_and_stays_aligned():
    rows = [
        {**row("static file (whitenoise)", 4000, None), "p50_ms": 1.0, "p99_ms": 3.0, "errors": 0},
        *(
            {**row(name, 2500, 0.625), "p50_ms": 2.0, "p99_ms": 5.0, "errors": 0}
            for name in cached_cases("/static/site.css", "cached, Redis")
            if not name.startswith("static")
        ),
    ]
    table = format_table(rows).splitlines()
    assert "article, Chinese (cached, Redis)" in table[-1]
    assert table[-1].endswith("62.5%")
    widths = {len(line) for line in table}
    assert len(widths) == 1, table


def test_an_unreachable_redis_skips_the_redis_pass(capsys):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]  # nothing listens once the probe is closed
    assert empty_redis(f"redis://127.0.0.1:{closed}/11") is False
    assert "no cached pass with Redis" in capsys.readouterr().out
