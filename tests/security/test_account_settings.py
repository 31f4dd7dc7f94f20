"""Account settings as deployed: read in a fresh interpreter, as production would start."""

from tests.test_settings_and_headers import production_secret_key, read_setting, run_python

PRODUCTION = {"SECRET_KEY": production_secret_key(), "ALLOWED_HOSTS": "example.org"}


def test_production_requires_two_step_verification_for_administrators():
    assert (
        read_setting("explainer.settings.production", "s.ADMIN_REQUIRE_2FA", **PRODUCTION) == "True"
    )
    assert read_setting("explainer.settings.dev", "s.ADMIN_REQUIRE_2FA") == "False"


def test_production_session_and_csrf_cookies_are_secure_and_http_only():
    values = read_setting(
        "explainer.settings.production",
        "s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE",
        **PRODUCTION,
    )
    assert values == "True True True"


def test_sign_in_throttling_reads_its_limits_from_the_environment():
    values = read_setting(
        "explainer.settings.production",
        "s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(), s.LOGIN_ACCOUNT_CEILING, "
        "s.LOGIN_SLOWDOWN_SECONDS, s.AXES_LOCKOUT_PARAMETERS, s.AXES_RESET_ON_SUCCESS",
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_COOLOFF_MINUTES="60",
        LOGIN_ACCOUNT_CEILING="40",
        LOGIN_SLOWDOWN_SECONDS="12",
        **PRODUCTION,
    )
    # Paused per account-and-address and per address, never per account alone; axes' own
    # reset (which wiped every record of the address) is off: accounts.signal_handlers.
    assert values == "3 3600.0 40 12 [['username', 'ip_address'], 'ip_address'] False"


def test_the_admin_and_its_verification_pages_move_with_wagtail_admin_path():
    code = (
        "import django; django.setup(); from django.urls import reverse; "
        "print(reverse('wagtailadmin_login'), reverse('accounts_verify'), "
        "reverse('accounts_setup'))"
    )
    result = run_python(
        ["-c", code],
        DJANGO_SETTINGS_MODULE="explainer.settings.production",
        WAGTAIL_ADMIN_PATH="backstage/",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "/backstage/login/",
        "/backstage/two-step/verify/",
        "/backstage/two-step/",
    ]
