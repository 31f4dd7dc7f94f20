"""The test suite: fast hashing, mail kept in memory, media in a throwaway folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105 - a visibly fake key, never used in production
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="explainer-test-media-"))
# The test client's host; tests/content/factories.py gives the Wagtail Site the same address.
SITE_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests that exercise two-step verification turn it on themselves.
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA", False)
# Pages are rendered on every request; the caching tests turn the cache on themselves.
HTML_CACHE_SECONDS = 0
# Every render is done in full, so query counts measure what a render costs and no kept
# fragment outlives the test that made it; tests/performance/test_fragment_cache.py turns
# the article's fragments on.
FRAGMENT_CACHE_SECONDS = 0
