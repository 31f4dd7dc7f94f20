"""Round two, finding 1: a script prefix does not get past two-step verification.

A superuser signed in with a password only (ADMIN_REQUIRE_2FA on, no authenticator yet)
asks for every admin URL pattern (tests/security/admin_urls.py reads them all from the
URLconf) plain, under a WSGI ``SCRIPT_NAME`` of ``/x``, and with the ``X-Script-Name`` and
``X-Forwarded-Prefix`` headers a proxy might add. Before the fix, ``SCRIPT_NAME`` opened
every admin page (``/x/admin/users/``: 200, a new superuser one form away), because the
middleware asked ``request.path`` whether this was the admin. Now every answer is the way
to the two-step setup page, or, for the few views an editor must reach before verifying
(sign-in, sign-out, the admin's scripts and icons), that view and nothing more.

The same sweep runs against a real gunicorn (gunicorn.conf.py, production settings) in
test_script_prefix_server.py.
"""

from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import resolve, reverse

from accounts.middleware import OPEN_VIEWS
from tests.security.admin_urls import admin_urls

PASSWORD = "a long and correct password"
PREFIX = "/x"

# How a request can claim a prefix: (label, client.get keyword arguments).
PREFIX_CLAIMS = {
    "no prefix": {},
    "SCRIPT_NAME": {"SCRIPT_NAME": PREFIX},
    "X-Script-Name": {"headers": {"X-Script-Name": PREFIX}},
    "X-Forwarded-Prefix": {"headers": {"X-Forwarded-Prefix": PREFIX}},
}


@pytest.fixture
def superuser_without_two_step(db, settings):
    settings.ADMIN_REQUIRE_2FA = True
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", PASSWORD)
    client = Client()
    client.force_login(user)
    return client


def is_open_view(address):
    return resolve(address).view_name in OPEN_VIEWS


def setup_redirect(response, full_path):
    """True if ``response`` sends the browser to the two-step setup page, then back."""
    location = urlsplit(response.get("Location", ""))
    return (
        response.status_code == 302
        and location.path.endswith(reverse("accounts_setup"))
        and location.query == "next=" + quote(full_path, safe="")
    )


def test_every_admin_url_pattern_is_in_the_sweep():
    found, unreachable = admin_urls()

    assert unreachable == []
    routes = {route for _, route in found}
    assert {"admin/users/", "admin/users/new/", "django-admin/auth/user/add/"} <= routes
    assert len(found) > 250  # Wagtail's admin, its hooks' views, and Django's admin


@pytest.mark.parametrize("claim", PREFIX_CLAIMS)
def test_two_step_bypass_every_admin_url_leads_to_the_setup_page(superuser_without_two_step, claim):
    client = superuser_without_two_step
    found, _ = admin_urls()
    opened = []
    for address, route in found:
        if is_open_view(address):
            continue
        response = client.get(address, **PREFIX_CLAIMS[claim])
        full_path = (PREFIX if claim == "SCRIPT_NAME" else "") + address
        if not setup_redirect(response, full_path):
            opened.append((route, response.status_code, response.get("Location")))

    assert opened == []


@pytest.mark.parametrize("claim", PREFIX_CLAIMS)
def test_two_step_bypass_users_page_shows_the_setup_page_only(superuser_without_two_step, claim):
    response = superuser_without_two_step.get("/admin/users/", follow=True, **PREFIX_CLAIMS[claim])

    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200
    assert soup.h1.get_text(strip=True) == "Set up two-step verification"
    assert soup.find("a", href=reverse("wagtailusers_users:add")) is None
    assert "admin@example.org" not in response.text


@pytest.mark.parametrize("claim", PREFIX_CLAIMS)
def test_two_step_bypass_no_superuser_is_created_through_a_prefix(
    superuser_without_two_step, claim
):
    form = {
        "username": "intruder",
        "email": "intruder@example.org",
        "first_name": "In",
        "last_name": "Truder",
        "password1": "a brand new long password",
        "password2": "a brand new long password",
        "is_superuser": "on",
        "is_active": "on",
    }

    response = superuser_without_two_step.post("/admin/users/new/", form, **PREFIX_CLAIMS[claim])

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts_setup")
    assert not get_user_model().objects.filter(username="intruder").exists()


def test_the_open_views_are_only_sign_in_out_assets_and_two_step(superuser_without_two_step):
    found, _ = admin_urls()

    open_names = {resolve(address).view_name for address, _ in found if is_open_view(address)}

    assert open_names == OPEN_VIEWS
