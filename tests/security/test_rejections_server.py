"""Round two, findings 8 and 9, through a real server (gunicorn.conf.py, production settings).

Finding 8: the explained refusals kept the Content-Length of Django's bare answer (0 for a
405), so gunicorn sent the new page's headers with the old length and the browser showed
an empty or cut-off page. Each refusal here is read off the socket to its last byte and
its body compared with its Content-Length.

Finding 9: raw bytes that are not UTF-8 in a comment form, sent the way a script (not a
browser) would: refused in words, nothing stored. (In a query string gunicorn refuses them
itself, in the request line, before the site sees them.)
"""

import pytest

from tests.security.production_server import exchange, production_server

pytestmark = pytest.mark.django_db(transaction=True)  # committed: the server must see it


def request(method, path, body=b"", content_type=None):
    lines = [f"{method} ".encode() + path + b" HTTP/1.1", b"Host: 127.0.0.1", b"Connection: close"]
    if body or method == "POST":
        lines.append(b"Content-Type: " + (content_type or b"application/x-www-form-urlencoded"))
        lines.append(b"Content-Length: " + str(len(body)).encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def test_refusals_through_gunicorn_are_sent_whole_and_non_utf8_is_refused(production_static):
    with production_server(production_static) as server:
        answers = {
            "wrong method": exchange(server.port, request("GET", b"/comments/post/")),
            "wrong method on search": exchange(server.port, request("OPTIONS", b"/search/")),
            "raw non-UTF-8 comment": exchange(
                server.port,
                request("POST", b"/comments/post/", b"article=1&body=Who+keeps+it%3F+caf\xe9"),
            ),
        }
        stored_comments = server.rows("SELECT body FROM comments_comment")
        log = server.log()

    expected = {
        "wrong method": ("405", "This address does not take that kind of request"),
        "wrong method on search": ("405", "This address does not take that kind of request"),
        "raw non-UTF-8 comment": ("400", "not valid UTF-8"),
    }
    for name, (status_line, headers, body) in answers.items():
        status, words = expected[name]
        assert status_line.split()[1] == status, (name, status_line)
        assert int(headers["content-length"]) == len(body), name
        assert body.rstrip().endswith(b"</html>"), name  # the whole page arrived
        assert words in body.decode(), name
    assert stored_comments == []
    assert "Traceback" not in log
