"""Sign-in throttling: wrong passwords pause sign-in for one account from one address, and
for one address; many for one account from everywhere slow its sign-in, never stop it."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

PASSWORD = "a long and correct password"
OTHER_PASSWORD = "the attacker's own account password"


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user(
        "editor", "editor@example.org", PASSWORD, is_superuser=True, is_staff=True
    )
    return user


@pytest.fixture
def attackers_own_account(db):
    return get_user_model().objects.create_user(
        "mallory", "mallory@example.org", OTHER_PASSWORD, is_staff=True
    )


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


# --- Round two, finding 2: the lockout wiped by any sign-in, and locking editors out ------------


def test_lockout_wiped_by_any_login_interleaved_guessing_is_refused(editor, attackers_own_account):
    """Four wrong passwords for the editor, then the attacker signs in to their own account
    from the same address, again and again: once cleared every other account's failures
    from that address, so the guessing never stopped. Now only the signing-in user's own
    record is cleared, and the address is paused after LOGIN_FAILURE_LIMIT wrong passwords."""
    limit = settings.AXES_FAILURE_LIMIT
    guesses_checked = 0
    for _round in range(3):
        for _guess in range(limit - 1):
            if sign_in(Client(), "editor", "wrong guess", address="192.0.2.66").status_code == 200:
                guesses_checked += 1
        own = Client()
        sign_in(own, "mallory", OTHER_PASSWORD, address="192.0.2.66")
        own.logout()

    # The LOGIN_FAILURE_LIMIT-th wrong password is checked, counted, and answered with the
    # pause; every later guess is refused unchecked.
    assert guesses_checked == limit - 1
    assert AccessAttempt.objects.get(username="editor").failures_since_start == limit
    response = sign_in(Client(), "editor", "wrong guess", address="192.0.2.66")
    assert response.status_code == 429
    assert "Sign-in paused" in page_text(response)


def test_lockout_wiped_by_any_login_success_clears_only_the_users_own_record(
    editor, attackers_own_account
):
    for _ in range(3):
        sign_in(Client(), "editor", "wrong", address="192.0.2.66")
    sign_in(Client(), "mallory", "wrong", address="192.0.2.66")

    assert sign_in(Client(), "mallory", OTHER_PASSWORD, address="192.0.2.66").status_code == 302

    remaining = AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start")
    assert list(remaining) == [("editor", "192.0.2.66", 3)]


def test_lockout_denial_an_attacker_elsewhere_cannot_lock_the_editor_out(editor):
    """Five wrong passwords for an editor from the attacker's address pause that address
    (for that account, and for any), not the editor at their own."""
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        sign_in(Client(), "editor", "wrong", address="198.51.100.5")

    attacker = sign_in(Client(), "editor", PASSWORD, address="198.51.100.5")
    newsroom = Client()
    editor_signs_in = sign_in(newsroom, "editor", PASSWORD, address="203.0.113.20")

    assert attacker.status_code == 429
    assert editor_signs_in.status_code == 302
    assert int(newsroom.session["_auth_user_id"]) == editor.pk


def guess_from_many_addresses(count):
    for number in range(count):
        address = f"198.51.100.{number // settings.AXES_FAILURE_LIMIT + 1}"
        sign_in(Client(), "editor", "wrong", address=address)


def test_lockout_denial_many_addresses_slow_the_account_but_never_stop_the_editor(editor):
    """Past LOGIN_ACCOUNT_CEILING wrong passwords for one account from all addresses
    together, each address must wait LOGIN_SLOWDOWN_SECONDS after its own last wrong
    password for it. The editor's first try from their own address is never held up."""
    guess_from_many_addresses(settings.LOGIN_ACCOUNT_CEILING + 5)
    newsroom = Client()

    assert sign_in(newsroom, "editor", PASSWORD, address="203.0.113.20").status_code == 302
    assert int(newsroom.session["_auth_user_id"]) == editor.pk


def test_lockout_denial_past_the_ceiling_a_second_try_waits_seconds_not_minutes(editor):
    guess_from_many_addresses(settings.LOGIN_ACCOUNT_CEILING)
    newsroom = Client()
    assert sign_in(newsroom, "editor", "a typo", address="203.0.113.20").status_code == 200

    response = sign_in(newsroom, "editor", PASSWORD, address="203.0.113.20")

    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 0 < wait <= settings.LOGIN_SLOWDOWN_SECONDS
    text = page_text(response)
    assert "Wait a moment" in text
    assert f"try again in {wait} second" in text
    assert "_auth_user_id" not in newsroom.session
    # The wait is counted from the editor's own last wrong password (moved back here, rather
    # than sleeping): once it has passed, the right password signs in.
    AccessAttempt.objects.filter(ip_address="203.0.113.20").update(
        attempt_time=timezone.now() - timedelta(seconds=settings.LOGIN_SLOWDOWN_SECONDS + 1)
    )
    assert sign_in(newsroom, "editor", PASSWORD, address="203.0.113.20").status_code == 302


def test_lockout_denial_a_held_try_is_not_counted_as_a_wrong_password(editor):
    guess_from_many_addresses(settings.LOGIN_ACCOUNT_CEILING)
    sign_in(Client(), "editor", "a typo", address="203.0.113.20")

    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        assert sign_in(Client(), "editor", "wrong", address="203.0.113.20").status_code == 429

    assert AccessAttempt.objects.get(ip_address="203.0.113.20").failures_since_start == 1


def test_retry_after_a_pause_without_end_is_a_403_not_a_429_without_retry_after(
    client, editor, settings
):
    settings.AXES_COOLOFF_TIME = None
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, "editor", "wrong")

    assert response.status_code == 403
    assert "Retry-After" not in response
    assert "paused until an administrator lifts it" in page_text(response)
