"""Anonymous readers' pages from the cache, purged whenever what they show may change.

Every anonymous reader gets the same page (no cookie, nothing about the reader in it), so
a GET answered once can be answered from the cache until something it shows changes.
Rather than tracking which cached pages show which article, Source, topic or comment,
every cache key includes a *generation*; a change starts a new generation, and every
page is rendered afresh on its next request. Listings, feeds, topic pages and the sitemap
are therefore never staler than the article.

What starts a new generation (`purge_html_cache`, connected in `connect_signals`):
publishing, unpublishing, moving or deleting a page; saving or deleting a Source, a Topic,
an image, a Site or a site setting; a comment changing status, being edited or deleted.

Never cached: requests other than GET, anyone with a session (editors, readers
who unlocked a private page), the admin, the comment views, search, and responses that
are not a plain 200 or that set a cookie. HTML_CACHE_SECONDS = 0 turns it all off (the
test settings do). The generation lives in the same cache as the pages, so with several
app processes use Redis (REDIS_URL): with local memory each process purges only itself
and the others serve their copy for up to HTML_CACHE_SECONDS.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

GENERATION_KEY = "html-cache:generation"
NEVER_CACHED_PREFIXES = ("/comments/", "/django-admin/", "/search/", "/documents/")


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def purge_html_cache(**kwargs):
    """Start a new generation: every cached page is rendered again on its next request."""
    if not settings.HTML_CACHE_SECONDS:
        return
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def _is_cacheable_request(request):
    if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    admin_prefix = "/" + settings.WAGTAIL_ADMIN_PATH.strip("/") + "/"
    return not request.path.startswith((admin_prefix, *NEVER_CACHED_PREFIXES))


def _is_cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def _key(request):
    address = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"html-cache:{current_generation()}:{digest}"


class AnonymousPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.HTML_CACHE_SECONDS
        if not seconds or not _is_cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _is_cacheable_response(response):
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
            headers = [(name, value) for name, value in response.items() if name != "X-Cache"]
            cache.set(key, (response.content, headers), timeout=seconds)
            response["X-Cache"] = "miss"
        return response


def _comment_changed(sender, instance, created=False, **kwargs):
    # A new comment that waits for moderation shows nowhere yet: no need to purge.
    from comments.models import CommentStatus

    if created and instance.status != CommentStatus.APPROVED:
        return
    purge_html_cache()


def _page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        purge_html_cache()


def _setting_saved(sender, instance, **kwargs):
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    if isinstance(instance, BaseSiteSetting | BaseGenericSetting):
        purge_html_cache()


def connect_signals():
    from wagtail.models import Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from comments.models import Comment
    from content.models import SiteImage, Source, Topic

    page_published.connect(purge_html_cache, dispatch_uid="html-cache-published")
    page_unpublished.connect(purge_html_cache, dispatch_uid="html-cache-unpublished")
    post_page_move.connect(purge_html_cache, dispatch_uid="html-cache-moved")
    post_delete.connect(_page_deleted, dispatch_uid="html-cache-page-deleted")
    post_save.connect(_setting_saved, dispatch_uid="html-cache-setting-saved")
    for model in (Source, Topic, SiteImage, Site):
        post_save.connect(purge_html_cache, sender=model, dispatch_uid=f"html-cache-{model}")
        post_delete.connect(purge_html_cache, sender=model, dispatch_uid=f"html-cache-d-{model}")
    post_save.connect(_comment_changed, sender=Comment, dispatch_uid="html-cache-comment")
    post_delete.connect(purge_html_cache, sender=Comment, dispatch_uid="html-cache-comment-d")
