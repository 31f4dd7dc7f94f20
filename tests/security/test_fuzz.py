"""Hostile input, generated: the comment endpoints and search never answer with a server
error, and every refusal tells the sender what went wrong in words.

Hypothesis throws arbitrary Unicode, control characters, empty and huge fields, unknown and
repeated fields, raw bytes, wrong methods and wrong content types at every public endpoint
that takes input. Examples are kept moderate so the suite stays fast; a failure prints the
smallest request that caused it.
"""

import time
from urllib.parse import quote, urlencode

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.tokens import issue_form_token
from tests.comments.factories import CommentFactory
from tests.content.factories import ArticlePageFactory, build_site_tree

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

COMMENT_FIELDS = [
    "article",
    "parent",
    "form_token",
    "manage_token",
    "display_name",
    "email",
    "body",
    "website",
    "notify_on_reply",
    "reason",
    "details",
]
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=latin-1",
    "application/x-www-form-urlencoded; charset=no-such-charset",
    "multipart/form-data; boundary=nothing",
    "multipart/form-data",
    "application/json",
    "text/plain",
    "text/html; charset=utf-16",
    "",
]

# Any character that can travel in UTF-8 (lone surrogates cannot), weighted towards the
# awkward ones: controls, format characters (bidi overrides, zero-width), NUL.
awkward_characters = st.characters(
    categories=["Cc", "Cf", "Zl", "Zp", "Zs", "Mn", "So", "Lo"], exclude_characters="\ud800"
)
any_character = st.characters(codec="utf-8")
text_values = st.one_of(
    st.text(any_character, max_size=80),
    st.text(awkward_characters, max_size=40),
    st.just(""),
    st.sampled_from(["0", "-1", "1e9", "99999999999999999999", "null", "[]", "{}", "on"]),
    # Huge fields, well past every limit.
    st.builds(
        lambda c, n: c * n,
        st.sampled_from(["a", "界", "\x00", "\u202e", "é"]),
        st.integers(5_001, 200_000),
    ),
)
field_names = st.one_of(st.sampled_from(COMMENT_FIELDS), st.text(any_character, max_size=20))
# Random field sets, with repeats: a list of pairs, not a dict.
form_pairs = st.lists(st.tuples(field_names, text_values), max_size=12)


def human_message(response):
    """The words a person would read in the response body."""
    body = response.content.decode("utf-8", "replace")
    if "html" in response.get("Content-Type", ""):
        soup = BeautifulSoup(body, "html.parser")
        main = soup.find("main") or soup
        return " ".join(main.get_text(" ").split())
    return " ".join(body.split())


def assert_handled(response, request_description):
    """Not a server error; and a refusal says why, in a sentence."""
    assert response.status_code < 500, f"{response.status_code} for {request_description}"
    if response.status_code >= 400 and response.request["REQUEST_METHOD"] != "HEAD":
        message = human_message(response)
        assert len(message.split()) >= 4, (
            f"{response.status_code} with no clear message ({message!r}) for {request_description}"
        )


@pytest.fixture
def fuzz_site(db):
    cache.clear()
    tree = build_site_tree()
    article = ArticlePageFactory(parent=tree.index, title="Cameras", slug="cameras")
    comment = CommentFactory(article=article)
    return article, comment


def valid_token(article):
    return issue_form_token(article.pk, started=time.time() - 60, unique=True)


def browser_headers():
    return {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}


@FUZZ
@given(pairs=form_pairs, with_token=st.booleans(), content_type=st.sampled_from(CONTENT_TYPES))
def test_posting_any_form_is_answered_in_words(fuzz_site, pairs, with_token, content_type):
    article, comment = fuzz_site
    base = [("article", str(article.pk))]
    if with_token:
        base.append(("form_token", valid_token(article)))
    body = urlencode(base + pairs)
    response = Client().generic(
        "POST",
        "/comments/post/",
        body.encode("utf-8"),
        content_type=content_type,
        headers=browser_headers(),
    )
    assert_handled(response, f"POST /comments/post/ {content_type!r} {pairs!r}"[:2000])


@FUZZ
@given(raw=st.binary(max_size=3000), content_type=st.sampled_from(CONTENT_TYPES))
def test_posting_raw_bytes_is_answered_in_words(fuzz_site, raw, content_type):
    response = Client().generic(
        "POST", "/comments/post/", raw, content_type=content_type, headers=browser_headers()
    )
    assert_handled(response, f"POST raw {raw[:200]!r} as {content_type!r}")


def comment_urls(comment):
    return [
        "/comments/post/",
        f"/comments/{comment.pk}/reply/",
        f"/comments/{comment.pk}/report/",
        f"/comments/{comment.pk}/reported/",
        "/comments/manage/{token}/",
        "/comments/manage/{token}/" + f"{comment.pk}/edit/",
        "/comments/manage/{token}/" + f"{comment.pk}/delete/",
        "/comments/manage/{token}/export.json",
        "/comments/unsubscribe/{token}/",
        "/comments/posted/{token}/",
        "/search/",
    ]


@FUZZ
@given(
    url_index=st.integers(0, 10),
    token=st.text(any_character, min_size=1, max_size=300),
    method=st.sampled_from(METHODS),
    pairs=form_pairs,
    content_type=st.sampled_from(CONTENT_TYPES),
)
def test_every_endpoint_any_method_any_link(
    fuzz_site, url_index, token, method, pairs, content_type
):
    _, comment = fuzz_site
    url = comment_urls(comment)[url_index].replace("{token}", quote(token, safe=""))
    client = Client()
    if method == "GET":
        response = client.get(url + "?" + urlencode(pairs))
    else:
        response = client.generic(
            method,
            url,
            urlencode(pairs).encode(),
            content_type=content_type,
            headers=browser_headers(),
        )
    assert_handled(response, f"{method} {url} {pairs!r}"[:2000])


@FUZZ
@given(query=text_values, extra=form_pairs)
def test_search_answers_any_query(fuzz_site, query, extra):
    response = Client().get("/search/", [("q", query), *extra])

    assert_handled(response, f"/search/?q={query[:200]!r} {extra!r}"[:2000])
    if response.status_code == 200:
        assert "Search" in human_message(response)


@FUZZ
@given(comment_id=st.text(st.characters(codec="ascii"), min_size=1, max_size=40))
def test_comment_ids_of_any_shape_are_not_found_not_crashes(fuzz_site, comment_id):
    response = Client().get(f"/comments/{quote(comment_id, safe='')}/reply/")

    assert_handled(response, f"reply to {comment_id!r}")
