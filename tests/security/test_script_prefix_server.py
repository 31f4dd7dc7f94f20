"""Round two, finding 1, through a real server: gunicorn with gunicorn.conf.py and the
production settings (ADMIN_REQUIRE_2FA on), as deployed.

gunicorn's own default takes ``SCRIPT_NAME`` from a request header sent from a trusted
proxy address (127.0.0.1 by default, which is where this test, and a proxy on the same
machine, connect from). gunicorn.conf.py turns that off. So here every admin URL pattern
is asked for by a superuser with a password-only session, with each prefix claim:

- at its own address, with ``SCRIPT_NAME: /x``, ``X-Script-Name: /x`` or
  ``X-Forwarded-Prefix: /x``: the answer is the way to the two-step setup page (the header
  changed nothing), or the open view itself (sign-in, sign-out, assets, two-step);
- at ``/x`` + its address with the same headers (what a client that believed the prefix
  was honoured would send): no admin page at all, the site's "not found" page (or, for an
  address without a final slash, the redirect to add one, as for any unknown address).
"""

from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.security.admin_urls import admin_urls
from tests.security.production_server import fetch, production_server
from tests.security.test_script_prefix import PASSWORD, PREFIX, is_open_view

pytestmark = pytest.mark.django_db(transaction=True)  # committed: the server must see it

PREFIX_HEADERS = ("SCRIPT_NAME", "X-Script-Name", "X-Forwarded-Prefix")


@pytest.fixture
def session_cookie():
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", PASSWORD)
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def test_two_step_bypass_through_gunicorn_every_admin_url(production_static, session_cookie):
    found, unreachable = admin_urls()
    assert unreachable == []
    setup_path = reverse("accounts_setup")
    opened, prefixed_answers = [], []
    with production_server(production_static) as server:
        port = server.port
        for address, route in found:
            for header in PREFIX_HEADERS:
                headers = {"Cookie": session_cookie, header: PREFIX}
                status, answer, _ = fetch(port, address, headers)
                if is_open_view(address):
                    if status >= 500:
                        opened.append((route, header, status))
                    continue
                location = urlsplit(answer.get("Location", ""))
                expected_query = "next=" + quote(address, safe="")
                if (status, location.path, location.query) != (302, setup_path, expected_query):
                    opened.append((route, header, status, answer.get("Location")))
                status, answer, _ = fetch(port, PREFIX + address, headers)
                prefixed_answers.append(status)
                slash_added = status == 301 and answer["Location"] == PREFIX + address + "/"
                if status != 404 and not slash_added:
                    opened.append((PREFIX + route, header, status, answer.get("Location")))
        status, _, body = fetch(port, setup_path, {"Cookie": session_cookie, "SCRIPT_NAME": PREFIX})
        log = server.log()

    assert opened == []
    assert len(prefixed_answers) == len(PREFIX_HEADERS) * sum(
        1 for address, _ in found if not is_open_view(address)
    )
    assert status == 200
    soup = BeautifulSoup(body, "html.parser")
    assert soup.h1.get_text(strip=True) == "Set up two-step verification"
    assert "Traceback" not in log
