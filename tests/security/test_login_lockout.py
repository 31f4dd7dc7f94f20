"""Sign-in throttling: repeated wrong passwords pause sign-in per account and per client."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

PASSWORD = "a long and correct password"


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user(
        "editor", "editor@example.org", PASSWORD, is_superuser=True, is_staff=True
    )
    return user


def sign_in(client, username, password, address="192.0.2.10"):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def page_text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_a_wrong_password_shows_the_sign_in_form_again(client, editor):
    response = sign_in(client, "editor", "wrong")

    assert response.status_code == 200
    assert "Sign-in paused" not in page_text(response)


def test_the_account_is_paused_after_the_failure_limit(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "editor", "wrong").status_code == 200

    response = sign_in(client, "editor", "wrong")

    assert response.status_code == 429
    text = page_text(response)
    assert "Sign-in paused" in text
    assert "Too many failed sign-in attempts" in text
    assert "for 15 minutes" in text
    assert response["Retry-After"] == str(15 * 60)
    # The admin's own sign-in design, not a bare error page.
    body = BeautifulSoup(response.content, "html.parser").body
    assert "login" in body["class"]
    assert body.find("a", string="try again")["href"] == reverse("wagtailadmin_login")


def test_the_right_password_is_refused_while_the_account_is_paused(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "editor", "wrong")

    response = sign_in(client, "editor", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_account_is_paused_for_every_client_address(editor):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), "editor", "wrong", address=f"198.51.100.{number}")

    response = sign_in(Client(), "editor", PASSWORD, address="203.0.113.99")

    assert response.status_code == 429


def test_one_client_guessing_many_accounts_is_paused(client, editor):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{number}", "wrong", address="192.0.2.77")

    paused = sign_in(Client(), "editor", PASSWORD, address="192.0.2.77")
    elsewhere = sign_in(Client(), "someone-else", "wrong", address="192.0.2.78")

    assert paused.status_code == 429
    assert elsewhere.status_code == 200


def test_a_successful_sign_in_clears_earlier_failures(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "editor", "wrong")
    assert sign_in(client, "editor", PASSWORD).status_code == 302
    client.logout()

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "editor", "wrong").status_code == 200


def test_the_django_admin_sign_in_is_throttled_too(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/django-admin/login/", {"username": "editor", "password": "wrong"})

    assert response.status_code == 429


def test_code_signing_in_without_a_request_still_checks_the_password(editor):
    from django.contrib.auth import authenticate

    assert authenticate(username="editor", password=PASSWORD) == editor
    assert authenticate(username="editor", password="wrong") is None
