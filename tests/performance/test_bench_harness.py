"""`make bench`'s cached pass reports, per case, the round with the median ratio."""

from tests.bench.run import median_rounds


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
