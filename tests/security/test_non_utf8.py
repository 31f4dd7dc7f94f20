"""Round two, finding 9 (hardening): text that is not UTF-8 is refused, not stored as Latin-1.

Before, a raw byte such as 0xE9 in a query string or a form body was read by Django as
Latin-1 ("caf\\xe9" became "café"): searched for, stored as a search query for the
editors' promotions, posted as a comment. Now it is a 400 that says what went wrong, and
nothing is stored (core.rejections.Utf8RequestMiddleware). A %-escaped byte that is not
UTF-8 is read as U+FFFD, not Latin-1, and still gets a search page
(tests/content/test_search.py).
"""

from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.contrib.search_promotions.models import Query

from comments.models import Comment, CommentSettings
from tests.comments.factories import form_data
from tests.content.factories import ArticlePageFactory, build_site_tree, publish

pytestmark = pytest.mark.django_db

BROWSER = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}


@pytest.fixture
def article():
    tree = build_site_tree()
    page = publish(ArticlePageFactory(parent=tree.index, title="Cameras", slug="cameras"))
    CommentSettings.for_site(page.get_site())  # made now, not by the first comment
    return page


def explained_400(response):
    assert response.status_code == 400
    main = BeautifulSoup(response.content, "html.parser").main
    text = " ".join(main.get_text(" ").split())
    assert "The request could not be read" in text
    assert "not valid UTF-8" in text
    return text


@pytest.mark.parametrize(
    "query_string",
    [
        b"q=caf\xe9".decode("latin-1"),  # a raw byte, as a WSGI server hands it over
        b"q=cameras&utm_source=caf\xe9".decode("latin-1"),  # in any parameter
    ],
)
def test_non_utf8_search_is_refused_and_no_query_is_stored(article, query_string):
    response = Client().get("/search/", QUERY_STRING=query_string)

    explained_400(response)
    assert not Query.objects.exists()


def test_utf8_search_still_works_and_counts(article):
    response = Client().get("/search/", QUERY_STRING="q=" + quote("café"))

    assert response.status_code == 200
    assert list(Query.objects.values_list("query_string", flat=True)) == ["café"]


@pytest.mark.parametrize(
    ("body_text", "content_type"),
    [
        ("Who keeps the footage? caf\xe9", "application/x-www-form-urlencoded"),
        ("Who keeps the footage?", "application/x-www-form-urlencoded; charset=latin-1"),
    ],
)
def test_non_utf8_comment_is_refused_and_nothing_is_posted(article, body_text, content_type):
    fields = form_data(article)
    body = "&".join(f"{quote(k)}={quote(v)}" for k, v in fields.items() if k != "body")
    raw = body.encode("ascii") + b"&body=" + body_text.encode("latin-1").replace(b" ", b"+")

    response = Client().generic(
        "POST", "/comments/post/", raw, content_type=content_type, headers=BROWSER
    )

    explained_400(response)
    assert not Comment.objects.exists()


def test_utf8_comment_is_still_posted(article):
    fields = {**form_data(article), "body": "Who keeps the footage? Café owners ask."}
    body = "&".join(f"{quote(k)}={quote(v)}" for k, v in fields.items()).encode("ascii")

    response = Client().generic(
        "POST",
        "/comments/post/",
        body,
        content_type="application/x-www-form-urlencoded",
        headers=BROWSER,
    )

    assert response.status_code == 302
    assert Comment.objects.get().body == "Who keeps the footage? Café owners ask."
