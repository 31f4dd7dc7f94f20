"""What content changes that readers see, and which pages list a page.

Saving or deleting a Source, a topic or an image starts a new page-cache generation
(core.page_cache.purge_html_cache); a topic's own pages and feeds are purged from a CDN.
Those changes, and every page published, unpublished, moved or deleted, a site, a site
setting or a migrate (a deploy's new templates and translations), also start a new
generation of the stored feed entries (content.models.feeds); publishing an explainer
renders its own entry once the publish is committed. Connected in ``ContentConfig.ready()``.
``listing_urls`` answers core's ``page_listing_urls`` hook (registered in
content/wagtail_hooks.py), so that core purges an article's listings from a CDN without
knowing what a listing is.
"""

import logging
import math

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.urls import reverse
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from content.embeds import card_urls
from content.feeds import pages_to_render, render_and_store
from content.models import (
    ArticleCorrection,
    ArticleIndexPage,
    ArticlePage,
    Author,
    FeedGeneration,
    SiteImage,
    Source,
    SourceDescription,
    Topic,
)
from content.models.pages import explainer_saved
from content.sitemaps import section_paths as sitemap_paths
from core.page_cache import purge_cdn, purge_html_cache
from core.signal_handlers import DRAFT_FIELDS
from core.site_url import public_base_url

logger = logging.getLogger(__name__)


def _site_root_url(page):
    """The public address (core.site_url) of a page that belongs to a site, else None."""
    return public_base_url() if page.get_site() else None


def listing_urls(page):
    """Absolute URLs of everything that lists ``page``: its ancestors (the home page, every
    page of the explainers index), its topics' pages and feeds and the Topics page (which
    counts them), the site feeds, the sitemap and every section of it (content.sitemaps: a
    new page shifts the later ones); for an explainer, its cards and its Changes page too.
    """
    root_url = _site_root_url(page)
    if not root_url:
        return set()
    urls = {root_url + reverse(name) for name in ("feed_rss", "feed_atom")}
    urls.update(root_url + path for path in sitemap_paths(page.get_site()))
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
        page_url = page.get_full_url()
        if page_url:  # its Changes page lists its versions and their correction notes
            urls.add(page_url + "changes/")
        for topic in page.topics.all():
            urls.update(root_url + url for url in _topic_paths(topic))
            urls.add(root_url + reverse("topics"))  # the Topics page counts its explainers
    return urls


def _topic_paths(topic):
    return [
        reverse(name, kwargs={"slug": topic.slug})
        for name in ("topic", "topic_feed_rss", "topic_feed_atom")
    ]


def _topic_changed(sender, instance, **kwargs):
    purge_html_cache()
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is not None:
        # Its pages and feeds, and the sitemap's topics section (a slug changed, a topic gone).
        urls = {public_base_url() + path for path in [*_topic_paths(instance), reverse("topics")]}
        urls.update(public_base_url() + path for path in sitemap_paths(site))
        purge_cdn(urls)


# --- Stored feed entries (content.models.feeds) ----------------------------------------------

# What Wagtail writes on an image while rendering it: nothing a feed entry shows.
_IMAGE_BOOKKEEPING_FIELDS = frozenset({"file_hash", "file_size"})


def _feed_saved(sender, instance, update_fields=None, **kwargs):
    """A new feed generation for a save that may change an entry: a live page saved other
    than as a draft (scripts, the demo loader), a site setting."""
    if isinstance(instance, Page):
        if not (update_fields and set(update_fields) <= DRAFT_FIELDS):
            FeedGeneration.advance()
    elif isinstance(instance, BaseSiteSetting | BaseGenericSetting):
        FeedGeneration.advance()


def _feed_page_deleted(sender, instance, **kwargs):
    # Sent once per model of the page's inheritance chain: advance once.
    if isinstance(instance, Page) and type(instance) is instance.specific_class:
        FeedGeneration.advance()


def _feed_image_saved(sender, instance, update_fields=None, **kwargs):
    if not (update_fields and set(update_fields) <= _IMAGE_BOOKKEEPING_FIELDS):
        FeedGeneration.advance()


def _render_published_entry(sender, instance, **kwargs):
    """Publishing an explainer renders its feed entry once the publish is committed (a
    failure there is logged: the next feed request renders the entry instead)."""
    if not isinstance(instance, ArticlePage):
        return
    pk = instance.pk

    def render():
        render_and_store(list(pages_to_render([pk]).live()))

    transaction.on_commit(render, robust=True)


def _feed_migrated(sender, using, **kwargs):
    """A deploy's migrate: its templates and translations may render entries differently."""
    try:
        with transaction.atomic(using=using):
            if FeedGeneration._meta.db_table in connections[using].introspection.table_names():
                FeedGeneration.advance()
    except DatabaseError:
        logger.warning("Feed entries' generation not advanced after migrate", exc_info=True)


def _connect_feed_entries():
    advance = FeedGeneration.advance
    page_published.connect(advance, dispatch_uid="feed-entries-published")
    page_published.connect(_render_published_entry, dispatch_uid="feed-entries-render")
    page_unpublished.connect(advance, dispatch_uid="feed-entries-unpublished")
    post_page_move.connect(advance, dispatch_uid="feed-entries-moved")
    post_delete.connect(_feed_page_deleted, dispatch_uid="feed-entries-page-deleted")
    post_save.connect(_feed_saved, dispatch_uid="feed-entries-saved")
    post_save.connect(_feed_image_saved, sender=SiteImage, dispatch_uid="feed-entries-image")
    post_delete.connect(advance, sender=SiteImage, dispatch_uid="feed-entries-d-image")
    for model in (
        Source,
        SourceDescription,
        Topic,
        Author,
        ArticleCorrection,
        Site,
        PageViewRestriction,
    ):
        post_save.connect(advance, sender=model, dispatch_uid=f"feed-entries-{model}")
        post_delete.connect(advance, sender=model, dispatch_uid=f"feed-entries-d-{model}")


def _count_topic_explainers(sender, instance, **kwargs):
    """The stored counts of the topics in the explainer's language (Topic.explainer_count)."""
    Topic.count_explainers([instance.locale_id])


def _connect_topic_counts():
    explainer_saved.connect(_count_topic_explainers, dispatch_uid="topic-counts-saved")
    page_unpublished.connect(
        _count_topic_explainers, sender=ArticlePage, dispatch_uid="topic-counts-unpublished"
    )
    post_delete.connect(
        _count_topic_explainers, sender=ArticlePage, dispatch_uid="topic-counts-deleted"
    )


def connect(app_config=None):
    _connect_feed_entries()
    _connect_topic_counts()
    if app_config is not None:
        post_migrate.connect(_feed_migrated, sender=app_config, dispatch_uid="feed-entries-migrate")
    post_save.connect(_topic_changed, sender=Topic, dispatch_uid="html-cache-topic")
    post_delete.connect(_topic_changed, sender=Topic, dispatch_uid="html-cache-d-topic")
    for model in (Source, SiteImage, Author):
        post_save.connect(purge_html_cache, sender=model, dispatch_uid=f"html-cache-{model}")
        post_delete.connect(purge_html_cache, sender=model, dispatch_uid=f"html-cache-d-{model}")
