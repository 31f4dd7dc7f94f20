"""Production: refuses to start without SECRET_KEY and ALLOWED_HOSTS.

`manage.py check --deploy` passes with zero warnings under these settings.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list, logging_config

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY: production will not start without it.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated): production needs it.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DEBUG = False

STORAGES = {
    "default": MEDIA_STORAGE,  # noqa: F405 - disk, or the S3 bucket (base)
    # Hashed names, each file also written gzip- and brotli-compressed (the brotli package is
    # installed), served by WhiteNoise with a year's Cache-Control: immutable.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365  # hashed names change with content

# HTTPS everywhere; behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=1.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Never the console backend (base): it prints every message, private links and password
# reset links included, into the server's log. Without EMAIL_HOST no mail is sent, and the
# log says only how many messages were dropped (core.mail).
EMAIL_BACKEND = "core.mail.UnsentMailBackend"
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

LOGGING = logging_config(os.environ.get("LOG_LEVEL", "INFO"))
