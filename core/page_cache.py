"""Anonymous readers' pages from the cache, purged whenever what they show may change.

Every anonymous reader gets the same page (no cookie, nothing about the reader in it), so
a GET answered once can be answered from the cache until something it shows changes.
Rather than tracking which cached pages show which article, Source, topic or comment,
every cache key includes a *generation*; a change starts a new generation, and every
page is rendered afresh on its next request. Listings, feeds, topic pages and the sitemap
are therefore never staler than the article.

What starts a new generation (`purge_html_cache`): publishing, unpublishing, moving, saving
or deleting a page (not saving a draft), a Site, a view restriction or a site setting
(core.signal_handlers); saving or deleting a Source, a Topic or an image
(content.signal_handlers); a comment changing status, being edited or deleted
(comments.signal_handlers). It starts whether or not the HTML cache is on: the article's
fragment caches (`fragments_for`, below) key on it too.

The key is the page's own address: host, path and only the query parameters a page reads
(``KEY_PARAMETERS``: ``page``, ``comments_page``), so ``?utm_source=…`` or any made-up
parameter is served the same copy and cannot fill the cache; a page number that is not
plain, or that the page does not name as its own (``?page=99`` of a one-page listing, whose
rel=canonical names page 1), is rendered and not kept.

Never cached: requests other than GET, anyone with a session (editors, readers
who unlocked a private page), the admin, the comment views, search, and responses that
are not a plain 200 or that set a cookie. HTML_CACHE_SECONDS = 0 turns it all off (the
test settings do). A response to anyone with a session that says nothing about caching is
marked `Cache-Control: private`, so a CDN never hands an editor's page to a reader.

The generation lives in the same cache as the pages, so with several app processes use
Redis (REDIS_URL): with local memory each process purges only itself and the others serve
their copy for up to HTML_CACHE_SECONDS.

Local copies: with a shared cache (Redis), each process also keeps the pages it served
last in its own memory (``LocalCopies``), at most HTML_CACHE_LOCAL_BYTES of them (default
16 MB; 0 turns it off; never with local memory, which is this process's already). A hit
then costs one small read from Redis, the generation, instead of that read and the page
(~180 KB for a long article) and unpickling it. The generation is still read on every
request, so a purge on any instance shows on the next request everywhere: a local copy is
kept under its generation, and the first request that reads a new one drops them all. A
local copy expires when the shared one does, whenever this process fetched it (the stored
value carries its expiry, as time.time(): instances' clocks should agree to within a second
or so, as NTP keeps them; and never later than HTML_CACHE_SECONDS after the fetch). While
the cache is down no generation is known and nothing local is served. Least recently
served pages leave first; the bound counts each page's bytes and headers.

Compressed copies: a page is kept as rendered and, once a client asks for it that way,
brotli- or gzip-compressed too (the key names the encoding), so a cache hit costs no
compression. Every copy carries `Vary: Accept-Encoding`, so a CDN keeps them apart too.
(core.middleware.CompressionMiddleware, outside this one, compresses what is not
cached, and explains why these pages are safe to compress.)

CDN: responses say `s-maxage=HTML_CACHE_SECONDS`, and when a frontend cache is configured
(WAGTAILFRONTENDCACHE, from the environment: see docs/deployment.md) publishing,
unpublishing, moving or deleting a page, or a comment appearing or leaving it, also sends
a purge for the page and for everything that lists it (`purge_cdn_for_page`; the apps name
the listings through the `page_listing_urls` hook).
"""

import hashlib
import math
import re
import threading
import time
import uuid
from collections import OrderedDict
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail import hooks
from wagtail.contrib.frontend_cache.utils import _get_page_cached_urls, purge_urls_from_cache

from core.middleware import compress, may_compress, negotiate_encoding, set_encoded_content
from core.paths import is_admin_request

GENERATION_KEY = "html-cache:generation"
NEVER_CACHED_PREFIXES = ("/comments/", "/search/", "/documents/")


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _new_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def purge_html_cache(**kwargs):
    """Start a new generation: every cached page and fragment is rendered again on its next
    request. Whatever HTML_CACHE_SECONDS is, since the fragment caches key on it too.

    Signals fire inside the transaction that makes the change: a request that reads the
    new generation before the commit still sees the old rows and could store them under
    it. So once the change is committed, a second new generation starts.
    """
    _new_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_new_generation)


# --- Fragments: the expensive parts of an article, for anonymous readers ----------------------

#: How long a fragment is kept at most. Purges (a new generation) are what keep fragments
#: fresh; this only bounds how long one could outlive a purge the cache missed (a Redis
#: outage swallows the generation's write). settings.FRAGMENT_CACHE_SECONDS (environment,
#: default 300; 0 in the test settings) sets it; 0 turns fragments off.
FRAGMENT_CACHE_SECONDS = 300


class Fragments:
    """Cached pieces of one article render (see ``fragments_for``); the ``{% fragment %}``
    tag (core/templatetags/fragment_cache.py) reads and fills them."""

    def __init__(self, prefix, found, seconds):
        self.prefix = prefix
        self.found = found
        self.seconds = seconds

    def key(self, name):
        return f"{self.prefix}:{name}"

    def has(self, *names):
        return all(self.key(name) in self.found for name in names)

    def get(self, name):
        key = self.key(name)
        if key not in self.found:
            html = cache.get(key)
            if html is None:
                return None
            self.found[key] = html
        return self.found[key]

    def put(self, name, html):
        self.found[self.key(name)] = html
        cache.set(self.key(name), str(html), timeout=self.seconds)


def fragments_for(request, page, names=()):
    """The fragment cache for rendering ``page`` for ``request``, with ``names`` read in one
    round trip; None when this render must not use it.

    A fragment is the same HTML for every anonymous reader of the live page: it is keyed on
    the page, its live revision, the address it is served at (links and share URLs are
    absolute) and the cache generation, which every change a page could show replaces
    (``purge_html_cache``). Never for previews (a draft is not the live page) or anyone
    with a session (editors, readers who unlocked a private page), never when the cache is
    unreachable: those renders read everything afresh.
    """
    if not page.live:
        return None
    return fragments_for_scope(request, f"{page.pk}:{page.live_revision_id}", names)


def fragments_for_scope(request, scope, names=()):
    """``fragments_for`` for what is not one live page (a topic, a search): ``scope`` names
    what the fragments show; the same rules otherwise (anonymous readers of the live site
    only, keyed on the address and the cache generation)."""
    seconds = getattr(settings, "FRAGMENT_CACHE_SECONDS", FRAGMENT_CACHE_SECONDS)
    if (
        not seconds
        or request is None
        or request.method not in ("GET", "HEAD")
        or getattr(request, "is_preview", False)
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    ):
        return None
    generation = current_generation()
    if generation is None:  # the cache is down: render, do not store
        return None
    # Links in fragments are absolute, and a script prefix (SCRIPT_NAME) is in every one.
    script_prefix = request.path.removesuffix(request.path_info)
    origin = f"{request.scheme}://{request.get_host()}{script_prefix}"
    address = hashlib.sha256(origin.encode()).hexdigest()
    prefix = f"fragment:{generation}:{scope}:{address[:16]}"
    fragments = Fragments(prefix, {}, seconds)
    fragments.found = cache.get_many([fragments.key(name) for name in names]) if names else {}
    return fragments


def _is_cacheable_request(request):
    if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    # path_info, as the URL resolver reads it: a script prefix must not make the admin,
    # the comment views or search look like a cacheable page; nor a language prefix
    # (/zh-hans/search/ is search too).
    return not is_admin_request(request) and not _without_language(request.path_info).startswith(
        NEVER_CACHED_PREFIXES
    )


def _without_language(path_info):
    """``path_info`` without a leading language prefix (``/zh-hans/search/`` → ``/search/``)."""
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path_info.startswith(prefix):
            return path_info[len(prefix) - 1 :]
    return path_info


def _is_cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        # A view that set its own lifetime keeps it (debate's tallies: fresh within a
        # minute, and its result page, whose words depend on the query string).
        and "max-age" not in cache_control
    )


# --- The key: the page's own address, not whatever query string came with it ---------------

#: The query parameters a cached page reads: the page of a listing (the explainers index,
#: a topic), the page of an article's discussion (comments.threads.PAGE_PARAMETER) and the
#: versions a Changes page compares.
#: Every other parameter (utm_source, fbclid, anything made up) changes nothing on the page
#: and is left out of the key, so it cannot make a new copy (round two, finding 7). A page
#: that starts reading another parameter must be named here. An explainer's Changes page
#: reads the two versions it compares (``?from=1&to=2``).
KEY_PARAMETERS = ("page", "comments_page", "from", "to")
#: Query parameters that make a page its reader's own: rendered each time, kept for nobody.
#: An article's ``?about=against-3`` (comments.threads.ABOUT_PARAMETER) filters its
#: discussion to one Argument and sets the comment form to it; the article around it still
#: comes from the fragment cache.
UNCACHED_PARAMETERS = ("about",)
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,3}")
_CANONICAL = re.compile(rb'<link rel="canonical" href="([^"]*)"')


def cache_address(request):
    """The address a page is kept under: host, path (with any script prefix, which changes
    every link on the page) and the KEY_PARAMETERS present, in one order. None when one of
    them is not a plain page number (``abc``, ``02``, repeated), or one of the
    UNCACHED_PARAMETERS is present: such a request is rendered for its reader and kept for
    nobody."""
    if _has_uncached_parameter(request):
        return None
    kept = []
    for name in KEY_PARAMETERS:
        values = request.GET.getlist(name)
        if not values:
            continue
        if len(values) > 1 or not _PAGE_NUMBER.fullmatch(values[0]):
            return None
        kept.append((name, values[0]))
    query = urlencode(kept)
    return f"{request.get_host()}{request.path}" + (f"?{query}" if query else "")


def _has_uncached_parameter(request):
    return any(name in request.GET for name in UNCACHED_PARAMETERS)


def _is_its_own_address(address, response):
    """True if the page says ``address`` is its own: the KEY_PARAMETERS in its
    rel=canonical link are the ones in the address (none if it has no such link). A listing
    asked for ``?page=99`` shows, and names, its last page; an article names no page."""
    match = _CANONICAL.search(response.content)
    canonical_query = urlsplit(unescape(match.group(1).decode())).query if match else ""
    says = sorted((k, v) for k, v in parse_qsl(canonical_query) if k in KEY_PARAMETERS)
    asked = sorted(parse_qsl(urlsplit("//" + address).query))
    return says == asked


#: The layout of a stored page, named in its key: ``(content, headers, expires)``, expires
#: being time.time() when the copy lapses. A release that stores another layout takes
#: another number, so two releases sharing one Redis during a deploy never read each
#: other's copies (layout 1, before local copies, was ``(content, headers)``).
STORED_LAYOUT = 2


def _key(address, generation, coding):
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"html-cache:{generation}:{coding or 'identity'}:{STORED_LAYOUT}:{digest}"


def _response_from(stored, state):
    content, headers, _expires = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response["X-Cache"] = state
    return response


# --- Local copies: the pages this process served last, in front of a shared cache --------

#: settings.HTML_CACHE_LOCAL_BYTES (environment, default 16 MB) bounds them; 0 turns them off.
HTML_CACHE_LOCAL_BYTES = 16 * 1024 * 1024


class LocalCopies:
    """Stored pages of one generation, in this process's memory, least recently served
    first out once they pass the bound (see the module docstring)."""

    def __init__(self):
        self._lock = threading.Lock()  # gunicorn's threaded workers share one
        self._entries = OrderedDict()  # key → (stored, size, time.monotonic() it expires)
        self._generation = None
        self.bytes = 0

    def get(self, key, generation):
        """The copy kept under ``key`` if it has not expired, else None. A ``generation``
        other than the kept copies' drops them all: a purge happened somewhere."""
        with self._lock:
            if generation != self._generation:
                self._drop_all()
                self._generation = generation
                return None
            entry = self._entries.get(key)
            if entry is None:
                return None
            stored, size, deadline = entry
            if deadline <= time.monotonic():
                del self._entries[key]
                self.bytes -= size
                return None
            self._entries.move_to_end(key)
            return stored

    def put(self, key, generation, stored, limit, seconds):
        """Keep ``stored`` until it expires, ``seconds`` at most (another machine's clock may
        be ahead), unless it is larger than ``limit`` alone; drop the least recently served
        copies until all fit in ``limit`` bytes. A copy of another generation than the one
        last read is not kept: one generation at a time."""
        size = len(stored[0]) + sum(len(name) + len(value) for name, value in stored[1])
        left = min(stored[2] - time.time(), seconds)
        if size > limit or left <= 0:
            return
        # From here on the monotonic clock: setting the wall clock back keeps nothing longer.
        deadline = time.monotonic() + left
        with self._lock:
            if generation != self._generation:
                return
            previous = self._entries.pop(key, None)
            if previous is not None:
                self.bytes -= previous[1]
            while self._entries and self.bytes + size > limit:
                _key, (_stored, dropped, _deadline) = self._entries.popitem(last=False)
                self.bytes -= dropped
            self._entries[key] = (stored, size, deadline)
            self.bytes += size

    def clear(self):
        with self._lock:
            self._drop_all()

    def _drop_all(self):
        self._entries.clear()
        self.bytes = 0


#: This process's local copies (one per process: every thread's cache backend shares it).
local_copies = LocalCopies()


def _local_limit():
    """The bound on local copies in bytes; 0 when there are none: turned off, or the
    cache is this process's memory already."""
    limit = getattr(settings, "HTML_CACHE_LOCAL_BYTES", HTML_CACHE_LOCAL_BYTES)
    if limit <= 0 or isinstance(caches["default"], LocMemCache):
        return 0
    return limit


def _seconds_left(stored):
    """The shared cache's timeout for a copy made from ``stored``: no longer than it."""
    return max(1, math.ceil(stored[2] - time.time()))


class AnonymousPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.HTML_CACHE_SECONDS
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # An editor's (or an unlocked private) page: a CDN must not keep it for others.
            response = self.get_response(request)
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True)
            return response
        if not seconds or not _is_cacheable_request(request):
            return self.get_response(request)
        address = cache_address(request)
        if address is None:
            response = self.get_response(request)
            if _has_uncached_parameter(request) and not response.has_header("Cache-Control"):
                # The reader's own page: a CDN that keys on fewer parameters must not keep
                # it for the plain address (docs/deployment.md).
                patch_cache_control(response, private=True)
            return response
        coding = negotiate_encoding(request)
        # Read once, before rendering: a purge while the page renders leaves this copy
        # under the old generation, where nobody looks for it.
        generation = current_generation()
        key = _key(address, generation, coding)
        # No generation: the cache is down, and a local copy may have missed a purge.
        limit = _local_limit() if generation is not None else 0
        if limit:
            stored = local_copies.get(key, generation)
            if stored is not None:
                return _response_from(stored, "hit")
        elif local_copies.bytes:
            local_copies.clear()
        stored = cache.get(key)
        if stored is not None:
            if limit:
                local_copies.put(key, generation, stored, limit, seconds)
            return _response_from(stored, "hit")
        if coding:
            # Rendered before for a client that wanted another encoding: compress that copy.
            plain = cache.get(_key(address, generation, None))
            if plain is not None:
                encoded = self._encode(plain, coding)
                cache.set(key, encoded, timeout=_seconds_left(encoded))
                if limit:
                    local_copies.put(key, generation, encoded, limit, seconds)
                return _response_from(encoded, "hit")
        response = self.get_response(request)
        if _is_cacheable_response(response) and _is_its_own_address(address, response):
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
            if may_compress(request, response):
                patch_vary_headers(response, ("Accept-Encoding",))
            headers = [(name, value) for name, value in response.items() if name != "X-Cache"]
            served = plain = (response.content, headers, time.time() + seconds)
            cache.set(_key(address, generation, None), plain, timeout=seconds)
            if coding:
                served = self._encode(plain, coding)
                cache.set(key, served, timeout=seconds)
                if served[0] is not response.content:
                    set_encoded_content(response, served[0], coding)
            if limit:
                local_copies.put(key, generation, served, limit, seconds)
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _encode(stored, coding):
        """The stored copy ``stored`` encoded with ``coding`` (expiring with it): itself if
        the response was not found fit to compress (it then has no Vary on
        Accept-Encoding), or does not get smaller."""
        content, headers, expires = stored
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        if "accept-encoding" not in response.get("Vary", "").lower():
            return stored
        compressed = compress(content, coding)
        if len(compressed) >= len(content):
            return stored
        set_encoded_content(response, compressed, coding)
        return compressed, [(name, value) for name, value in response.items()], expires


# --- CDN purges (wagtail.contrib.frontend_cache) ---------------------------------------------

#: The Wagtail hook through which an app names the pages that list another: each function
#: registered under it takes a page and returns a set of absolute URLs (content's listings,
#: topics and feeds: content.signal_handlers.listing_urls).
LISTING_URLS_HOOK = "page_listing_urls"


def listing_urls(page):
    """Absolute URLs of everything that lists ``page``, as the installed apps name them."""
    urls = set()
    for urls_of in hooks.get_hooks(LISTING_URLS_HOOK):
        urls |= set(urls_of(page))
    return urls


def page_urls(page):
    return set(_get_page_cached_urls(page))


def purge_cdn(urls):
    """Ask the configured CDN(s) to forget ``urls``; nothing without WAGTAILFRONTENDCACHE."""
    if not urls or not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    purge_urls_from_cache(sorted(urls))


def purge_cdn_for_page(page, include_page=True):
    """Purge ``page`` (unless Wagtail's own handler already does) and whatever lists it."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    page = page.specific_deferred
    urls = listing_urls(page)
    if include_page:
        urls |= page_urls(page)
    purge_cdn(urls)
