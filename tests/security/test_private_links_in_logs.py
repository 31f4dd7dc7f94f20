"""A commenter's private link (receipt or manage link) never appears in a log line."""

import logging

import pytest

from core.log_filters import RedactPrivateLinks

pytestmark = pytest.mark.django_db

SECRET = "k3y-that-edits-a-comment"


@pytest.mark.parametrize(
    "path",
    [
        f"/comments/manage/{SECRET}/",
        f"/comments/manage/{SECRET}/12/edit/",
        f"/comments/posted/{SECRET}/",
    ],
)
def test_refused_private_links_are_logged_without_their_token(client, caplog, path):
    with caplog.at_level(logging.WARNING):
        response = client.get(path)
    assert response.status_code in (400, 404, 410)
    logged = [record.getMessage() for record in caplog.records]
    assert logged, "the refusal should still be logged"
    assert not any(SECRET in line for line in logged)
    assert any(path.split(SECRET)[0] + "…" in line for line in logged)


def test_the_console_handler_and_the_request_logger_redact():
    console = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    assert console, "the console handler from settings.LOGGING"
    for handler in console:
        assert any(isinstance(f, RedactPrivateLinks) for f in handler.filters)
    request_logger = logging.getLogger("django.request")
    assert any(isinstance(f, RedactPrivateLinks) for f in request_logger.filters)


def test_a_signed_token_with_colons_is_redacted_whole():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"GET %s HTTP/1.1" 200',
        ("/comments/manage/abc:1tXyZ:Qw-e_r/export.json",),
        None,
    )
    RedactPrivateLinks().filter(record)
    assert record.getMessage() == '"GET /comments/manage/… HTTP/1.1" 200'


def test_other_paths_are_logged_as_they_are(client, caplog):
    with caplog.at_level(logging.WARNING):
        client.get("/no-such-page-here/")
    assert any("/no-such-page-here/" in record.getMessage() for record in caplog.records)
