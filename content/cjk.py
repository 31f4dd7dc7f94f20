"""Chinese text for the search index: Han characters cut into overlapping pairs.

Neither PostgreSQL's full-text search nor SQLite's FTS5 knows where one Chinese word ends
and the next begins: both take a run of Han characters between two punctuation marks as a
single "word", so 人脸识别 is never found inside 重庆街头的人脸识别摄像头. Cutting every run
into overlapping character bigrams (人脸 脸识 识别) gives both backends words they can
match, without a dictionary: a query cut the same way matches wherever its characters
stand side by side, and the pairs that straddle two words only cost a little precision
(docs/translation.md, "Chinese search", has the measurements).

Pure Python, no Django: the models index with it, the search view queries with it.
"""

import re

# The Han ideographs: the unified block, extension A, the compatibility block and the
# supplementary planes (extensions B to H). Kana and Hangul are left alone: the site is
# written in English and Simplified Chinese.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_CHAR = re.compile(f"[{HAN}]")
# A run of Han characters, or a word of any other letters and digits.
_RUN = re.compile(f"([{HAN}]+)|((?:(?![{HAN}])\\w)+)")


def has_cjk(text):
    """Whether ``text`` holds at least one Han character."""
    return bool(text) and _HAN_CHAR.search(text) is not None


def runs(text):
    """(is_han, run) for each Han run and each other word of ``text``, in order.

    "AI监控，重庆" gives (False, "AI"), (True, "监控"), (True, "重庆").
    """
    return [(bool(han), han or other) for han, other in _RUN.findall(text or "")]


def bigrams(run):
    """A Han run as the overlapping pairs of its characters; a single character alone."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def cjk_terms(text, latin=True):
    """``text`` as the terms a search backend can match: each Han run as its bigrams,
    other words as they are (left out when ``latin`` is false), separated by spaces.

    >>> cjk_terms("重庆的人脸识别 AI 摄像头")
    '重庆 庆的 的人 人脸 脸识 识别 AI 摄像 像头'
    """
    terms = []
    for is_han, run in runs(text):
        if is_han:
            terms.extend(bigrams(run))
        elif latin:
            terms.append(run)
    return " ".join(terms)


def cjk_query(query):
    """The bigram terms of a query's Han runs, joined by spaces: searched with the
    "and" operator, every one of them must match (人脸识别 → "人脸 脸识 识别").

    Other words are left out: the caller searches for them as it always does. Returns ""
    when the query has no Han character.
    """
    return cjk_terms(query, latin=False)
