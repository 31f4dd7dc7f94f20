"""`manage.py demo_login`: an admin login for the local demo (`make run` prints it)."""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.site_url import public_base_url

USERNAME = "admin"


class Command(BaseCommand):
    """Make sure the superuser `admin` exists, give it a fresh password and print the login.

    The password is random unless DEMO_ADMIN_PASSWORD is set. Because this resets a
    password, it runs only with DEBUG on (the development settings) or with --force.
    """

    help = "Create or reset the demo superuser 'admin' and print the admin URL and login."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (it resets the admin password).",
        )
        parser.add_argument(
            "--base-url",
            default=public_base_url(),
            help="Where the site is served (default: SITE_BASE_URL).",
        )

    def handle(self, *args, force, base_url, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "demo_login resets the admin password, so it runs only with DEBUG on. "
                "Use --force if you really mean it."
            )
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"email": "admin@localhost"}
        )
        user.is_staff = True
        user.is_superuser = True
        user.is_active = True
        user.set_password(password)
        user.save()
        admin_url = f"{base_url.rstrip('/')}/{settings.WAGTAIL_ADMIN_PATH.lstrip('/')}"
        self.stdout.write(
            "\n".join(
                [
                    "",
                    "  Demo admin login",
                    f"  Admin:    {admin_url}",
                    f"  user:     {USERNAME}",
                    f"  password: {password}",
                    "",
                ]
            )
        )
