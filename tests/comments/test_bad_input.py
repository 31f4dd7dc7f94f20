"""Bad input gets a clear answer and loses nothing: never a 500, always a message."""

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

from comments.models import Comment, CommentStatus
from comments.privacy import manage_key_hash
from comments.tokens import make_manage_token
from tests.comments.factories import POST_URL, CommentFactory, form_data, post_comment
from tests.content.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

SAME_SITE = {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}


def page(response):
    return BeautifulSoup(response.content, "html.parser")


def summary(response):
    box = page(response).select_one(".error-summary")
    return box.get_text(" ", strip=True) if box else ""


def errors_beside(response, field_id):
    field = page(response).find(id=field_id).find_parent(class_="field")
    return " ".join(p.get_text(" ", strip=True) for p in field.select(".field__error"))


def kept_text(response):
    textarea = page(response).find("textarea", attrs={"name": "body"}) or page(response).find(
        id="kept-text"
    )
    return textarea.get_text()


def test_nul_bytes_are_refused_beside_the_field(client, article):
    response = post_comment(client, article, body="Hello\x00world")
    assert response.status_code == 400
    assert "Null characters are not allowed" in errors_beside(response, "id_body")


def test_invalid_utf8_is_refused_with_a_message(client, article):
    fields = form_data(article)
    del fields["body"]
    raw = urlencode(fields).encode() + b"&body=caf%FF%FE"
    response = client.post(
        POST_URL, raw, content_type="application/x-www-form-urlencoded", **SAME_SITE
    )
    assert response.status_code == 400
    assert "could not be read" in errors_beside(response, "id_body")
    assert kept_text(response).startswith("caf")
    assert not Comment.objects.exists()


def test_a_10_megabyte_body_is_answered_with_a_message_and_the_text(client, article):
    body = "a" * (10 * 1024 * 1024)
    raw = urlencode(form_data(article, body=body)).encode()
    response = client.post(
        POST_URL, raw, content_type="application/x-www-form-urlencoded", **SAME_SITE
    )
    assert response.status_code == 400
    assert "up to 5,000 characters; yours has 10,485,760" in errors_beside(response, "id_body")
    assert kept_text(response) == body[:20_000]
    assert (
        "What you sent has 10,485,760 characters, far more than any comment, so only the "
        "first 20,000 are shown below." in errors_beside(response, "id_body")
    )


def test_an_11_5_megabyte_body_is_not_echoed_in_full(client, article):
    """Issue 11.8: an 11.5 MB body was answered with 46 MB (the text echoed, escaped).
    What comes back is capped; what fits in a comment always comes back whole."""
    markup = "<a>" * (3 * 1024 * 1024)  # escaped, each "<" and ">" is four times longer
    body = markup + "a" * (int(11.4 * 1024 * 1024) - len(markup))
    raw = urlencode(form_data(article, body=body, display_name="N" * 100_000), safe="<>").encode()
    assert len(raw) < 12 * 1024 * 1024
    response = client.post(
        POST_URL, raw, content_type="application/x-www-form-urlencoded", **SAME_SITE
    )
    assert response.status_code == 400
    assert len(response.content) < 250_000
    assert kept_text(response) == body[:20_000]
    assert page(response).find("input", attrs={"name": "display_name"})["value"] == "N" * 1000
    assert f"yours has {len(body):,}" in errors_beside(response, "id_body")


def test_a_comment_within_the_limits_always_comes_back_whole(client, article):
    body = "x" * 5_001
    response = post_comment(client, article, body=body)
    assert kept_text(response) == body
    assert "only the first" not in page(response).text


def test_a_valid_259_character_email_with_reply_notices(client, article):
    """Issue 11.8: the form accepted 320 characters, the column holds 254: a 500 on
    PostgreSQL, and the comment text was lost. The address is refused beside its field."""
    email = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 62 + ".org"
    assert len(email) == 259
    response = post_comment(
        client, article, email=email, notify_on_reply="on", body="Keep this text."
    )
    assert response.status_code == 400
    assert "can be up to 254 characters" in errors_beside(response, "id_email")
    assert "this one has 259" in errors_beside(response, "id_email")
    assert kept_text(response).strip() == "Keep this text."
    assert not Comment.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_unsubscribe_with_a_nul_byte(client, method):
    """Issue 11.8: /comments/unsubscribe/%00/ sent a NUL byte into a PostgreSQL query (500).
    A link that cannot be one is an unknown link, explained."""
    response = getattr(client, method)("/comments/unsubscribe/%00/")
    assert response.status_code == (404 if method == "get" else 200)
    assert "No reply emails to stop" in page(response).text


@pytest.mark.parametrize("token", ["x" * 5000, "abc%20def", "%C3%A9" * 20])
def test_unsubscribe_with_a_junk_token(client, token):
    response = client.get(f"/comments/unsubscribe/{token}/")
    assert response.status_code == 404
    assert "No reply emails to stop" in page(response).text


def test_a_huge_multipart_post_is_answered_without_an_error(client, article):
    response = client.post(POST_URL, form_data(article, body="a" * (3 * 1024 * 1024)), **SAME_SITE)
    assert response.status_code == 400
    assert "far too large" in summary(response)


def test_html_and_script_are_shown_as_text(client, article):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)> <b>bold</b>'
    CommentFactory(article=article, body=payload)
    html = client.get(article.url).content.decode()
    body = page(client.get(article.url)).select_one(".comment__body")
    assert body.find("script") is None and body.find("img") is None and body.find("b") is None
    assert payload in body.get_text()
    assert "&lt;script&gt;" in html


def test_links_in_comments_are_safe_and_marked_nofollow(client, article):
    CommentFactory(article=article, body='See https://example.org/?q="><script>')
    link = page(client.get(article.url)).select_one(".comment__body a")
    assert link["href"].startswith("https://example.org/")
    assert "nofollow" in link["rel"]


@pytest.mark.parametrize(
    "parent_value, message",
    [
        ("999999", "does not exist on this article"),
        ("abc", "does not exist"),
        ("12; DROP TABLE", "does not exist"),
    ],
)
def test_reply_to_a_missing_or_malformed_id(client, article, parent_value, message):
    response = post_comment(client, article, parent=parent_value, body="My reply.")
    assert response.status_code == 400
    assert message in summary(response)
    assert "posted as a new comment" in summary(response)
    assert kept_text(response).strip() == "My reply."
    assert page(response).find("input", attrs={"name": "parent"})["value"] == ""


def test_reply_to_a_comment_on_another_article(client, article, other_article):
    elsewhere = CommentFactory(article=other_article)
    response = post_comment(client, article, parent=str(elsewhere.pk))
    assert response.status_code == 400
    assert "does not exist on this article" in summary(response)


@pytest.mark.parametrize(
    "status, message",
    [
        (CommentStatus.PENDING, "not published"),
        (CommentStatus.HIDDEN, "not published"),
        (CommentStatus.SPAM, "not published"),
        (CommentStatus.DELETED, "has been deleted"),
    ],
)
def test_reply_to_a_held_or_deleted_comment(client, article, status, message):
    parent = CommentFactory(article=article, status=status)
    response = post_comment(client, article, parent=str(parent.pk), body="My reply.")
    assert response.status_code == 400
    assert message in summary(response)
    assert not Comment.objects.filter(parent=parent).exists()


def test_posting_to_an_unpublished_article(client, article):
    article.unpublish()
    response = post_comment(client, article, body="Kept for you.")
    assert response.status_code == 400
    assert "only be posted on a published article" in summary(response)
    assert kept_text(response).strip() == "Kept for you."


def test_posting_to_a_page_that_is_not_an_article(client, article, tree):
    response = post_comment(client, article, article=str(tree.about.pk))
    assert response.status_code == 400
    assert "only be posted on a published article" in summary(response)


@pytest.mark.parametrize("article_value", ["", "x", "-1", "99999999999999999999"])
def test_posting_with_a_junk_article_id(client, article, article_value):
    response = post_comment(client, article, article=article_value)
    assert response.status_code == 400
    assert "only be posted on a published article" in summary(response)


def test_a_get_to_the_posting_address_is_refused_politely(client):
    assert client.get(POST_URL).status_code == 405


def test_reply_page_for_a_missing_comment_explains(client, article):
    response = client.get("/comments/424242/reply/")
    assert response.status_code == 404
    assert "cannot be answered" in page(response).text


def test_standard_page_id_in_token_and_form_is_refused(client, tree):
    about = StandardPageFactory(parent=tree.home, slug="privacy", title="Privacy")
    data = form_data(about)
    response = client.post(POST_URL, data, **SAME_SITE)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/comments/99999999999999999999999/reply/",
        "/comments/99999999999999999999999/report/",
        "/comments/abc/report/",
        "/comments/0/reply/",
    ],
)
def test_junk_comment_ids_in_addresses_are_not_found(client, article, url):
    assert client.get(url).status_code == 404


def test_a_huge_report_note_comes_back_capped(client, article):
    comment = CommentFactory(article=article)
    response = client.post(
        f"/comments/{comment.pk}/report/",
        {
            "reason": "spam",
            "details": "d" * 100_000,
            "form_token": form_data(article)["form_token"],
        },
        **SAME_SITE,
    )
    assert response.status_code == 400
    assert page(response).find("textarea", attrs={"name": "details"}).text == "d" * 2_000
    assert "What you sent has 100,000 characters" in page(response).text


def test_a_huge_edit_comes_back_capped(client, article):
    comment = CommentFactory(article=article, manage_key_hash=manage_key_hash("key"))
    response = client.post(
        f"/comments/manage/{make_manage_token('key')}/{comment.pk}/edit/",
        {"body": "e" * 100_000},
        **SAME_SITE,
    )
    assert response.status_code == 400
    assert page(response).find("textarea", attrs={"name": "body"}).text == "e" * 20_000
    assert "What you sent has 100,000 characters" in errors_beside(response, "id_body")
