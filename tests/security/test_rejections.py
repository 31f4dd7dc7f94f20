"""Bare refusals (wrong method, unreadable request) come back as a page that explains them."""

from bs4 import BeautifulSoup
from django.test import Client


def main_text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").main.get_text(" ").split())


def test_a_wrong_method_is_explained_in_words(db):
    response = Client().get("/comments/post/")

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    text = main_text(response)
    assert "This address does not take that kind of request" in text
    assert "You reached this address with a GET request, but it only accepts POST." in text


def test_an_unreadable_form_is_explained_in_words(db):
    response = Client().post(
        "/comments/post/",
        b"body=x",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )

    assert response.status_code == 400
    assert "The request could not be read" in main_text(response)


def test_the_explanation_keeps_the_public_security_headers(db):
    response = Client().delete("/search/")

    assert response.status_code == 405
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert dict(response.cookies) == {}


def test_the_admin_keeps_its_own_answers(admin_client):
    response = admin_client.generic("PUT", "/admin/logout/")

    assert "This address does not take that kind of request" not in response.content.decode()


def test_explained_refusal_content_length_is_the_pages_own(db):
    """Round two, finding 8: the page replaced a bare body that CommonMiddleware had already
    sized; the old Content-Length (0 for a 405) made servers cut the page off."""
    for response in (
        Client().get("/comments/post/"),
        Client().get("/search/", QUERY_STRING=b"q=caf\xe9".decode("latin-1")),
    ):
        assert int(response["Content-Length"]) == len(response.content)
        assert response.content.rstrip().endswith(b"</html>")
