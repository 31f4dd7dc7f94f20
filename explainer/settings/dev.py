"""Local development: DEBUG on, a visibly fake key, mail printed to the console."""

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105 - a visibly fake key, never used in production
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
INTERNAL_IPS = ["127.0.0.1"]
# The demo login (`make run`) works without a phone; set ADMIN_REQUIRE_2FA=1 to try 2FA.
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA", False)
