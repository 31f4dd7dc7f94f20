"""Helpers shared by the public comment views."""

from functools import wraps

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import QueryDict
from django.utils.cache import add_never_cache_headers

from comments.models import article_model, parse_id

#: Form posts larger than Django's in-memory limit (a pasted novel, a bot) are still read
#: up to this size, so the reader gets their text back with a message instead of an error.
MAX_FORM_BYTES = 12 * 1024 * 1024


class OversizedRequest(Exception):
    """A request too large even to read back to its sender."""


def read_post_data(request):
    """request.POST, but an over-large urlencoded form is read rather than refused."""
    try:
        return request.POST
    except RequestDataTooBig:
        pass
    content_type = request.META.get("CONTENT_TYPE", "")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if not content_type.startswith("application/x-www-form-urlencoded") or length > MAX_FORM_BYTES:
        raise OversizedRequest
    raw = request.read(MAX_FORM_BYTES)
    return QueryDict(raw, encoding=request.encoding or settings.DEFAULT_CHARSET)


def is_cross_origin(request):
    """True if the browser says this POST came from another site.

    Browsers send `Origin` with every form POST, and modern ones `Sec-Fetch-Site` too.
    With neither header (an old browser, a script) the signed form token still applies.
    """
    origin = request.headers.get("Origin")
    fetch_site = request.headers.get("Sec-Fetch-Site")
    # Pages sent with "Referrer-Policy: no-referrer" (the private-link pages) make the
    # browser send "Origin: null" even to its own site; Sec-Fetch-Site then decides.
    if origin and not (origin == "null" and fetch_site):
        allowed = {f"{request.scheme}://{request.get_host()}", *settings_trusted_origins()}
        return origin not in allowed
    if fetch_site:
        return fetch_site != "same-origin"
    return False


def settings_trusted_origins():
    return getattr(settings, "CSRF_TRUSTED_ORIGINS", [])


def private_page(view):
    """Pages reached through a private link: never cached, never indexed, no referrer."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response.headers["Cache-Control"] += ", private"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def find_article(raw_id):
    """The live, public article with this id, or None (unpublished, other page type, junk)."""
    article_id = parse_id(raw_id)
    if article_id is None:
        return None
    return article_model().objects.live().public().filter(pk=article_id).first()
