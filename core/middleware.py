"""Response middleware: security headers Django does not set itself, and compression.

Public pages get a strict Content-Security-Policy: everything from this origin only, no
inline script or style, no framing. A page's preview in the editor is the same page under the
same policy, except that the admin (this origin) may frame it. The Wagtail admin's own
scripts and styles need inline code, so admin URLs get a narrower exception that still allows
nothing from another origin.

Compression (brotli or gzip, whichever the client prefers) applies only to responses that
carry no secret, because of BREACH: an attacker who can make a victim's browser request a
compressed page that both reflects the attacker's input (a search, a form sent back) and
holds a secret (a CSRF token, a session's data, a private link) can guess the secret from
the sizes of the responses. So nothing is compressed for a request with a session (editors
and the admin), under the admin paths, for a method other than GET or HEAD (a form sent
back may hold the sender's private key), when the response sets a cookie or used a CSRF
token, or when it says `private`/`no-store` (the commenter's private-link pages). What is
left are the pages every anonymous reader gets alike, which hold nothing to steal.
"""

import gzip
import re

import brotli
from django.conf import settings
from django.utils.cache import patch_vary_headers

from core.paths import is_admin_request

PUBLIC_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# A Wagtail preview is the public page, rendered for the admin's preview panel: the same
# strict policy, except that the admin (this origin) may frame it. Wagtail's checks (axe)
# run inside that frame from the admin's own static files, which 'self' already allows.
PREVIEW_CSP = PUBLIC_CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'")

# The admin embeds page previews in a same-origin iframe and uses inline styles/scripts.
ADMIN_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    """Adds CSP and Permissions-Policy to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        is_admin = is_admin_request(request)
        # Wagtail renders a preview by passing a made-up request for the page's public URL
        # through the middleware again, and marks it `is_preview`; that response is the one
        # the admin's preview panel frames, so it must say the admin may frame it.
        if getattr(request, "is_preview", False):
            policy = PREVIEW_CSP
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        else:
            policy = ADMIN_CSP if is_admin else PUBLIC_CSP
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# --- Compression ----------------------------------------------------------------------------

COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
    "image/svg+xml",
)
MIN_COMPRESS_BYTES = 200  # below this, the encoding's own overhead eats the saving
# Brotli 5 and gzip 6: a 300 KB article compresses in a few milliseconds, and the HTML cache
# keeps the compressed copy, so a cached page is compressed once per change, not per reader.
BROTLI_QUALITY = 5
GZIP_LEVEL = 6
_CODING = re.compile(r"^\s*([A-Za-z0-9*-]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?")


def negotiate_encoding(request):
    """ "br", "gzip" or None: the better of the two the client accepts (RFC 9110 q-values)."""
    header = request.META.get("HTTP_ACCEPT_ENCODING", "")
    weights = {}
    for item in header.split(","):
        match = _CODING.match(item)
        if match:
            try:
                weights[match.group(1).lower()] = float(match.group(2) or 1)
            except ValueError:
                continue
    default = weights.get("*", 0.0)
    best, best_weight = None, 0.0
    for coding in ("br", "gzip"):  # on equal weights brotli wins: smaller for the same text
        weight = weights.get(coding, default)
        if weight > best_weight:
            best, best_weight = coding, weight
    return best


def compress(content, coding):
    if coding == "br":
        return brotli.compress(content, quality=BROTLI_QUALITY, mode=brotli.MODE_TEXT)
    return gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)


def may_compress(request, response):
    """True for a response that may be compressed: it holds no secret (see the docstring)."""
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    cache_control = response.get("Cache-Control", "")
    return (
        not response.streaming
        and not response.has_header("Content-Encoding")
        and content_type.startswith(COMPRESSIBLE_TYPES)
        and len(response.content) >= MIN_COMPRESS_BYTES
        and request.method in ("GET", "HEAD")
        and not is_admin_request(request)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page used a CSRF token
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def set_encoded_content(response, content, coding):
    """Give ``response`` the body ``content``, encoded with ``coding``."""
    response.content = content
    response.headers["Content-Length"] = str(len(content))
    response.headers["Content-Encoding"] = coding
    etag = response.get("ETag")
    if etag and etag.startswith('"'):  # a strong ETag names the exact bytes: weaken it
        response.headers["ETag"] = "W/" + etag


class CompressionMiddleware:
    """Brotli or gzip for responses that hold no secret; always `Vary: Accept-Encoding`.

    Sits just inside WhiteNoise (whose static files are compressed ahead of time) and
    outside the HTML cache (core.page_cache), which keeps compressed copies itself; a page
    it serves already carries its Content-Encoding and passes through untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not may_compress(request, response):
            return response
        # Whether or not this client gets it compressed, a shared cache must know that
        # the body depends on Accept-Encoding.
        patch_vary_headers(response, ("Accept-Encoding",))
        coding = negotiate_encoding(request)
        if coding:
            compressed = compress(response.content, coding)
            if len(compressed) < len(response.content):
                set_encoded_content(response, compressed, coding)
        return response
