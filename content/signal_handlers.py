"""What content changes that readers see, and which pages list a page.

Saving or deleting a Source, a topic or an image starts a new page-cache generation
(core.page_cache.purge_html_cache); a topic's own pages and feeds are purged from a CDN.
Connected in ``ContentConfig.ready()``. ``listing_urls`` answers core's
``page_listing_urls`` hook (registered in content/wagtail_hooks.py), so that core purges
an article's listings from a CDN without knowing what a listing is.
"""

import math

from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from wagtail.models import Site

from content.embeds import card_urls
from content.models import ArticleIndexPage, ArticlePage, Author, SiteImage, Source, Topic
from core.page_cache import purge_cdn, purge_html_cache
from core.site_url import public_base_url


def _site_root_url(page):
    """The public address (core.site_url) of a page that belongs to a site, else None."""
    return public_base_url() if page.get_site() else None


def listing_urls(page):
    """Absolute URLs of everything that lists ``page``: its ancestors (the home page, every
    page of the explainers index), its topics' pages and feeds, the site feeds, the sitemap.
    """
    root_url = _site_root_url(page)
    if not root_url:
        return set()
    urls = {root_url + reverse(name) for name in ("feed_rss", "feed_atom", "sitemap")}
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific():
        ancestor_url = ancestor.get_full_url()
        if not ancestor_url:
            continue
        urls.add(ancestor_url)
        if isinstance(ancestor, ArticleIndexPage):
            count = ArticlePage.objects.descendant_of(ancestor).live().count()
            pages = max(1, math.ceil(count / ancestor.per_page))
            urls.update(f"{ancestor_url}?page={number}" for number in range(2, pages + 1))
    if isinstance(page, ArticlePage):
        urls |= card_urls(page)  # its embeddable cards (content.embeds) show it too
        for topic in page.topics.all():
            urls.update(root_url + url for url in _topic_paths(topic))
    return urls


def _topic_paths(topic):
    return [
        reverse(name, kwargs={"slug": topic.slug})
        for name in ("topic", "topic_feed_rss", "topic_feed_atom")
    ]


def _topic_changed(sender, instance, **kwargs):
    purge_html_cache()
    if Site.objects.exists():
        purge_cdn({public_base_url() + path for path in _topic_paths(instance)})


def connect():
    post_save.connect(_topic_changed, sender=Topic, dispatch_uid="html-cache-topic")
    post_delete.connect(_topic_changed, sender=Topic, dispatch_uid="html-cache-d-topic")
    for model in (Source, SiteImage, Author):
        post_save.connect(purge_html_cache, sender=model, dispatch_uid=f"html-cache-{model}")
        post_delete.connect(purge_html_cache, sender=model, dispatch_uid=f"html-cache-d-{model}")
