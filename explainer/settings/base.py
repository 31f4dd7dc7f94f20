"""Settings shared by every environment. Secure by default: DEBUG is off here.

Every value a deployer may change is read from the environment; the README's
configuration table lists each one with its default.
"""

import os
from datetime import time, timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "content",
    "debate",
    "comments",
    "accounts",
    "tipoffs",
    "operations",
    "api",
    "core",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",  # CDN purges; off until WAGTAILFRONTENDCACHE names one
    "wagtail.contrib.search_promotions",
    # Editors translate pages and topics (docs/translation.md). wagtail_localize.locales is
    # wagtail-localize's replacement for wagtail.locales (its install docs): the two register
    # the same admin views, so only one is installed.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, compressed ahead of time
    "core.middleware.CompressionMiddleware",  # outside the HTML cache, which compresses its own
    "core.middleware.SecurityHeadersMiddleware",
    "core.rejections.ClearRejectionMiddleware",  # bare 400/405s get a page in words
    "core.rejections.Utf8RequestMiddleware",  # text that is not UTF-8: a 400, not Latin-1
    "core.outage.ServiceUnavailableMiddleware",  # database down: a designed 503, not a 500
    # `/` alone: Chinese-preferring browsers to /zh-hans/; outside the HTML cache, so a cached
    # English home is never served to them (explainer.locale, docs/translation.md).
    "explainer.locale.RootLanguageMiddleware",
    "core.page_cache.AnonymousPageCacheMiddleware",  # inside the security headers: hits get them
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL alone (/zh-hans/…; no prefix: English), never from a
    # cookie or the browser's Accept-Language (explainer.urls, docs/translation.md).
    "explainer.locale.UrlLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.AdminTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into accounts.lockout's page
]

ROOT_URLCONF = "explainer.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "explainer.wsgi.application"

# One line picks the database: SQLite unless DATABASE_URL names another (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,  # a connection a database restart closed is replaced
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # An unreachable database fails a request in seconds (a designed 503), not a worker timeout.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", 3)
    # No JIT compilation: a page's queries run in milliseconds, but once the tables grow
    # past the planner's cost threshold (10,000 explainers) PostgreSQL spent 0.5-0.9 s
    # compiling the home page's listing query before running it in under 5 ms.
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Same idea for the cache: Redis when REDIS_URL is set, otherwise this process's memory.
# While Redis is down the site runs without it (core.resilient_cache), rather than failing.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "core.resilient_cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "explainer",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "explainer",
        }
    }

# Anonymous readers' pages are cached this many seconds (0: off), and purged on every
# publish or change they could show (core.page_cache). Also sent as s-maxage for a CDN.
HTML_CACHE_SECONDS = int(os.environ.get("HTML_CACHE_SECONDS", "300"))
# With Redis, each process also keeps the pages it served last, up to this many bytes
# (0: none), so that a hit reads only the purge generation from Redis, not the page.
HTML_CACHE_LOCAL_BYTES = int(os.environ.get("HTML_CACHE_LOCAL_BYTES", str(16 * 1024 * 1024)))

# The open data API (api/, docs/api.md): how long an answer is kept (in the cache, under the
# page-cache generation, and by browsers and CDNs: Cache-Control max-age), and how many
# requests one network (IPv4 /24, IPv6 /64) may make (DRF's "N/second|minute|hour|day").
API_CACHE_SECONDS = int(os.environ.get("API_CACHE_SECONDS", "300"))
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/minute")
# The expensive parts of an article (the <article> itself, related explainers, each page of
# the discussion) are kept this many seconds (0: off) under the same purge generation, so
# a page the HTML cache misses is still cheap. Never for previews or signed-in editors.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "300"))

# A CDN in front (docs/deployment.md): purged through wagtail.contrib.frontend_cache whenever
# a page is published, unpublished, moved or deleted, or its comments change (core.page_cache).
# Any of the three may be set; none means no CDN to purge.
FRONTEND_CACHE_HOSTNAMES = env_list("FRONTEND_CACHE_HOSTNAMES", "*")
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):  # Varnish, nginx, Fastly...: HTTP PURGE
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        "HOSTNAMES": FRONTEND_CACHE_HOSTNAMES,
    }
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
        "HOSTNAMES": FRONTEND_CACHE_HOSTNAMES,
    }
    if not WAGTAILFRONTENDCACHE["cloudflare"]["BEARER_TOKEN"]:
        raise ImproperlyConfigured("CLOUDFLARE_ZONE_ID needs CLOUDFLARE_API_TOKEN (Cache Purge).")
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
        "HOSTNAMES": FRONTEND_CACHE_HOSTNAMES,
    }
# Each language version of a page has its own address (the Chinese under /zh-hans/): a purge
# names the page's own URL, with no per-language copies of it to add.
WAGTAILFRONTENDCACHE_LANGUAGES = []

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Editor accounts (see accounts/). After LOGIN_FAILURE_LIMIT wrong passwords, sign-in is
# paused for LOGIN_COOLOFF_MINUTES for that account at that client address, and for that
# address (guessing many accounts): never for the account everywhere, or an attacker could
# keep the newsroom out. Past LOGIN_ACCOUNT_CEILING wrong passwords for one account from all
# addresses, each address waits LOGIN_SLOWDOWN_SECONDS between its tries (accounts.slowdown).
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
# axes' own reset deletes every record matching any parameter, the address's included: any
# sign-in from an address wiped everyone's failures there. accounts.signal_handlers deletes
# only the signing-in user's record at that address.
AXES_RESET_ON_SUCCESS = False
# A refused try (paused, or asked to wait) is not a checked password: neither counted nor
# restarting the pause.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
LOGIN_ACCOUNT_CEILING = int(os.environ.get("LOGIN_ACCOUNT_CEILING", "10"))
LOGIN_SLOWDOWN_SECONDS = int(os.environ.get("LOGIN_SLOWDOWN_SECONDS", "30"))
AXES_DISABLE_ACCESS_LOG = True  # keep failed attempts only, not a log of every sign-in
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"  # honours the proxy header too
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Two-step verification (TOTP): required for superusers unless ADMIN_REQUIRE_2FA is off
# (the dev and test settings turn it off so `make run`'s demo login works on its own).
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = os.environ.get("SITE_NAME", "Surveillance, Explained")

LANGUAGE_CODE = "en-gb"
# The interface's and the content's languages: English (the msgids, and the pages at their
# unprefixed addresses) and Simplified Chinese (the catalogue locale/zh_Hans/LC_MESSAGES/
# django.po, and the pages under /zh-hans/). docs/translation.md.
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Uploaded images and documents: this machine's disk (MEDIA_ROOT), or an S3-compatible bucket
# when AWS_STORAGE_BUCKET_NAME is set, which several app servers can share. Credentials come
# from boto3's usual sources (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or an instance role).
# Public pages load nothing from another origin, so serve the bucket under /media/ on the
# site's own host (a CDN or proxy route) and name that host in AWS_S3_CUSTOM_DOMAIN.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", "media"),
            "querystring_auth": False,  # one plain URL per image: cacheable, the same for all
            "file_overwrite": False,  # a replaced image gets a new name, so caches never lie
            "default_acl": None,  # the bucket's policy decides who may read
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Surveillance, Explained")
# Where readers find the site: every absolute URL it writes starts here (core.site_url).
# `make run` sets it to the address it serves on; core.checks warns if the Wagtail Site differs.
SITE_BASE_URL = os.environ.get("SITE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_BASE_URL  # Wagtail's own e-mails: the same address, not a second
WAGTAIL_ADMIN_PATH = os.environ.get("WAGTAIL_ADMIN_PATH", "admin/")
WAGTAILIMAGES_IMAGE_MODEL = "content.SiteImage"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILSEARCH_BACKENDS = {
    # The database backend uses PostgreSQL full-text search on PostgreSQL, and plain
    # matching on SQLite.
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "english",  # stemming: "camera" also finds "cameras"
    },
}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt"]
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin would otherwise call an outside server
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatars fetched from another origin, even for editors
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Explainers go live only through the fact check (content.editorial.permissions). In an
# emergency (a fact check cannot wait) a deployer may turn this on: superusers may then
# publish an explainer directly, and every such publish is recorded in the page's history
# and listed on the dashboard until a fact-checker has approved the page.
EMERGENCY_PUBLISH_ENABLED = env_bool("EMERGENCY_PUBLISH_ENABLED", False)
# When the daily `check_sources` run is scheduled (docs/source-health.md), in TIME_ZONE, so
# that a Source's edit view can tell editors when its link is next checked.
SOURCE_CHECK_TIME = time.fromisoformat(os.environ.get("SOURCE_CHECK_TIME", "04:17"))
# A Chinese page's link-preview card is drawn with a CJK font from an operating-system package
# (Debian: fonts-noto-cjk). Empty: fontconfig's Noto Serif/Sans CJK SC, then the packages'
# usual paths (content.social.cjk_font_file). Without one, such a card shows the site's
# name and no title (docs/deployment.md, "Social cards in Chinese").
SOCIAL_CARD_CJK_FONT = os.environ.get("SOCIAL_CARD_CJK_FONT", "")

# Security headers that Django sets itself; the rest come from core.middleware.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Behind a reverse proxy, the request header that carries the reader's address (e.g.
# HTTP_X_REAL_IP), for comments' rate limits and sign-in lockouts (core.client_address); it
# is truncated and hashed, never stored (comments.privacy).
COMMENTS_CLIENT_IP_HEADER = os.environ.get("COMMENTS_CLIENT_IP_HEADER", "")
# A link typed without a scheme in a comment ("www.example.org") points at https://, the
# future default, with no deprecation warning on Django 6.1 (Django 5.2 ignores this: http://).
URLIZE_ASSUME_HTTPS = True

# Retention (`manage.py retention`, daily): rate-limit fingerprints, their daily secrets,
# reporters' keys, failed admin sign-ins and daily search counts go after
# RETENTION_KEYS_DAYS; rejected and spam comments after RETENTION_REJECTED_DAYS.
# privacy_report prints the same numbers.
RETENTION_KEYS_DAYS = int(os.environ.get("RETENTION_KEYS_DAYS", "30"))
RETENTION_REJECTED_DAYS = int(os.environ.get("RETENTION_REJECTED_DAYS", "90"))
# A tip-off (the contact page) is deleted, with its contact details, this long after an
# editor closes it; one never closed stays until an editor does.
RETENTION_TIPOFF_DAYS = int(os.environ.get("RETENTION_TIPOFF_DAYS", "30"))
# Searches are counted per day (words and a number, nothing about the reader) for the
# editors' promoted results; the counts go after RETENTION_KEYS_DAYS too, by `retention`
# and by Wagtail's own `searchpromotions_garbage_collect`.
WAGTAILSEARCH_HITS_MAX_AGE = RETENTION_KEYS_DAYS
# Weighing the arguments (debate): answers from one network (IPv4 /24, IPv6 /64) per hour
# beyond this are refused (a school or office shares one network, so not too low).
WEIGHING_NETWORK_VOTES_PER_HOUR = int(os.environ.get("WEIGHING_NETWORK_VOTES_PER_HOUR", "300"))
# Tip-offs accepted from one network (IPv4 /24, IPv6 /64) per hour: a person writes a few.
TIPOFF_NETWORK_PER_HOUR = int(os.environ.get("TIPOFF_NETWORK_PER_HOUR", "10"))

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "editors@localhost")


def logging_config(level):
    """Console logging; commenters' private links (receipts, manage links) never reach a line.

    The filter sits on the loggers that write request paths (so every handler, mail_admins
    included, gets the redacted record) and on the console handler for everything else.
    """
    private_links = {"()": "core.log_filters.RedactPrivateLinks"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"private_links": private_links},
        "formatters": {
            "django.server": {
                "()": "django.utils.log.ServerFormatter",
                "format": "[{server_time}] {message}",
                "style": "{",
            }
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "filters": ["private_links"]},
            "django.server": {
                "class": "logging.StreamHandler",
                "formatter": "django.server",
                "filters": ["private_links"],
            },
        },
        "loggers": {
            "django.request": {"filters": ["private_links"]},
            "django.server": {
                "handlers": ["django.server"],
                "level": "INFO",
                "propagate": False,
            },
        },
        "root": {"handlers": ["console"], "level": level},
    }


LOGGING = logging_config(os.environ.get("LOG_LEVEL", "WARNING"))
