"""Round two, finding 3: no mail is written to a production server's log.

Before, production without EMAIL_HOST fell back to the console mail backend: every
commenter's private manage link, address and unsubscribe link, every editor alert and every
password reset link was printed to the server's log, where the reviewer found a reset link
and took over an editor's account. Here a real gunicorn with the production settings and
no EMAIL_HOST is made to send each kind of mail, and its whole log (stdout and stderr, at
production's INFO level) is searched for what those mails carry.
"""

import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model

from comments.models import CommentSettings
from tests.comments.factories import form_data
from tests.content.factories import ArticlePageFactory, build_site_tree, paragraph, publish
from tests.security.production_server import fetch, production_server
from tests.test_settings_and_headers import production_secret_key, read_setting

pytestmark = pytest.mark.django_db(transaction=True)  # committed: the server must see it

COMMENTER = "lin.commenter@example.org"
EDITOR = "night.editor@example.org"
DESK = "comments.desk@example.org"


@pytest.fixture
def article(settings):
    # The server knows production's password hashers, not the test settings' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    tree = build_site_tree()
    page = publish(
        ArticlePageFactory(
            parent=tree.index,
            title="Cameras on every corner",
            slug="cameras",
            body=[paragraph("<p>The city installed cameras on every street corner.</p>")],
        )
    )
    comment_settings = CommentSettings.for_site(page.get_site())
    comment_settings.notify_editors = True
    comment_settings.editor_emails = DESK
    comment_settings.save()
    get_user_model().objects.create_user(
        "editor", EDITOR, "a long enough editor password", is_staff=True
    )
    return page


def cookies_of(headers):
    return "; ".join(cookie.split(";")[0] for cookie in headers.get_all("Set-Cookie") or [])


def request_password_reset(port, email):
    status, headers, body = fetch(port, "/admin/password_reset/")
    assert status == 200
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    status, _, _ = fetch(
        port,
        "/admin/password_reset/",
        {
            "Cookie": cookies_of(headers),
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}/admin/password_reset/",
        },
        method="POST",
        body=urlencode({"csrfmiddlewaretoken": token, "email": email}),
    )
    return status


def test_secrets_in_the_log_no_mail_reaches_a_production_servers_log(production_static, article):
    with production_server(production_static, LOG_LEVEL="INFO") as server:
        port = server.port
        posted, _, _ = fetch(
            port,
            "/comments/post/",
            {"Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
            body=urlencode(
                form_data(article, email=COMMENTER, notify_on_reply="on", display_name="Lin")
            ),
        )
        reset = request_password_reset(port, EDITOR)
        log = server.log()
        saved = server.rows("SELECT email, unsubscribe_token FROM comments_comment")

    assert posted == 302  # the comment was taken, and its mails were sent
    [(email, unsubscribe_token)] = saved
    assert email == COMMENTER
    assert unsubscribe_token
    assert reset == 302  # Wagtail's "check your e-mail" step
    for secret in (
        COMMENTER,
        EDITOR,
        DESK,
        "/comments/manage/",
        "password_reset/confirm",
        "reset/",
    ):
        assert secret not in log, f"{secret!r} is in the server's log:\n{log}"
    assert unsubscribe_token not in log
    assert "Cameras on every corner" not in log  # not even a subject line
    # What the log does say: that mail was not sent, and why; once for each mail (the
    # commenter's manage link, the editors' alert, the password reset).
    assert log.count("Mail not sent: 1 message(s) dropped because EMAIL_HOST is not set") == 3


def test_secrets_in_the_log_production_mail_backend_is_smtp_or_unsent_never_the_console():
    production = {"SECRET_KEY": production_secret_key(), "ALLOWED_HOSTS": "example.org"}

    without_host = read_setting("explainer.settings.production", "s.EMAIL_BACKEND", **production)
    with_host = read_setting(
        "explainer.settings.production",
        "s.EMAIL_BACKEND",
        EMAIL_HOST="smtp.example.org",
        **production,
    )

    assert without_host == "core.mail.UnsentMailBackend"
    assert with_host == "django.core.mail.backends.smtp.EmailBackend"
