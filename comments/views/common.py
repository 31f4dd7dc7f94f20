"""Helpers shared by the public comment views."""

from functools import wraps

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import QueryDict
from django.utils.cache import add_never_cache_headers

from comments.models import article_model, parse_id
from core.origins import is_cross_origin, settings_trusted_origins  # noqa: F401 (their old home)

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
