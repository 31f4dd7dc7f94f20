"""Two-step verification: required for administrators, available to every editor."""

import re
from base64 import b32encode

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a long and correct password"


def current_code(device, offset=0):
    """The code the editor's phone shows now (offset in 30-second steps)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, drift=offset)
    return f"{code:06d}"


def page_text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


@pytest.fixture
def require_2fa(settings):
    settings.ADMIN_REQUIRE_2FA = True


@pytest.fixture
def administrator(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.org", PASSWORD)


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("editor", "editor@example.org", PASSWORD)
    group = Group.objects.create(name="Test editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def test_an_administrator_must_set_up_two_step_verification_first(require_2fa, administrator):
    client = Client()
    client.force_login(administrator)

    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts_setup") + "?next=%2Fadmin%2Fpages%2F"


def test_the_setup_page_shows_a_locally_drawn_qr_code_and_the_key(require_2fa, administrator):
    client = Client()
    client.force_login(administrator)

    response = client.get(reverse("accounts_setup"))

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    image = soup.find("img", alt=re.compile("QR code"))
    assert image["src"].startswith("data:image/svg+xml;base64,")
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    key = soup.find("code").get_text().replace(" ", "")
    assert key == b32encode(device.bin_key).decode()
    assert "Administrators must use two-step verification" in page_text(response)
    assert "no-cache" in response["Cache-Control"]


def test_a_correct_code_turns_it_on_and_opens_the_admin(require_2fa, administrator):
    client = Client()
    client.force_login(administrator)
    client.get(reverse("accounts_setup"))
    device = TOTPDevice.objects.get(user=administrator)

    response = client.post(
        reverse("accounts_setup"), {"code": current_code(device), "next": "/admin/pages/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/pages/").status_code == 200


def test_a_wrong_code_is_refused_with_a_reason(require_2fa, administrator):
    client = Client()
    client.force_login(administrator)
    client.get(reverse("accounts_setup"))

    response = client.post(reverse("accounts_setup"), {"code": "000000x"})
    alert = BeautifulSoup(response.content, "html.parser").find(role="alert")
    assert "Type the six digits your authenticator app shows" in alert.get_text()
    response = client.post(reverse("accounts_setup"), {"code": "12 34 56"})
    assert "That code did not match" in page_text(response)
    assert not TOTPDevice.objects.filter(user=administrator, confirmed=True).exists()


def test_signing_in_asks_for_the_code_before_the_admin(administrator):
    device = confirmed_device(administrator)
    client = Client()

    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "admin", "password": PASSWORD, "next": "/admin/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("accounts_verify") + "?next=%2Fadmin%2F"
    assert "Open the authenticator app" in page_text(response)

    response = client.post(
        reverse("accounts_verify"), {"code": current_code(device), "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_used_code_cannot_be_replayed(administrator):
    device = confirmed_device(administrator)
    code = current_code(device)
    first, second = Client(), Client()
    first.force_login(administrator)
    second.force_login(administrator)

    assert first.post(reverse("accounts_verify"), {"code": code})["Location"] == "/admin/"
    response = second.post(reverse("accounts_verify"), {"code": code})

    assert "That code did not match" in page_text(response)


def test_the_verify_page_refuses_to_redirect_to_another_site(administrator):
    device = confirmed_device(administrator)
    client = Client()
    client.force_login(administrator)

    response = client.post(
        reverse("accounts_verify"), {"code": current_code(device), "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("wagtailadmin_home")


def test_an_editor_without_an_authenticator_is_not_asked(require_2fa, editor):
    client = Client()
    client.force_login(editor)

    assert client.get("/admin/").status_code == 200


def test_an_editor_who_set_it_up_is_asked_for_a_code(editor):
    confirmed_device(editor)
    client = Client()
    client.force_login(editor)

    response = client.get("/admin/")

    assert response["Location"].startswith(reverse("accounts_verify"))


def test_the_django_admin_is_behind_the_same_check(require_2fa, administrator):
    client = Client()
    client.force_login(administrator)

    response = client.get("/django-admin/")

    assert response["Location"].startswith(reverse("accounts_setup"))


def test_the_account_menu_offers_two_step_verification(editor):
    client = Client()
    client.force_login(editor)

    response = client.get(reverse("wagtailadmin_account"))

    link = BeautifulSoup(response.content, "html.parser").find("a", href=reverse("accounts_setup"))
    assert link is not None
    assert "Two-step verification" in link.get_text()


def test_an_editor_can_turn_it_off_with_a_fresh_code(editor):
    device = confirmed_device(editor)
    client = Client()
    client.force_login(editor)
    client.post(reverse("accounts_verify"), {"code": current_code(device)})

    page = client.get(reverse("accounts_setup"))
    assert "Two-step verification is on" in page_text(page)
    response = client.post(reverse("accounts_setup"), {"code": current_code(device, offset=1)})

    assert response["Location"] == reverse("accounts_setup")
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_public_pages_are_untouched(require_2fa, administrator, client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert dict(response.cookies) == {}
