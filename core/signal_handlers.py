"""What Wagtail itself changes that readers see: each starts a new page-cache generation
(core.page_cache.purge_html_cache) and, with a CDN configured, purges what it served.

Connected in ``CoreConfig.ready()``. The apps connect their own models' receivers the same
way: content's pages' Sources, topics and images (content.signal_handlers), comments
(comments.signal_handlers).
"""

from django.conf import settings
from django.core.signals import request_started
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.page_cache import listing_urls, page_urls, purge_cdn, purge_cdn_for_page, purge_html_cache
from core.site_url import public_base_url
from core.translation_catalogues import compact_loaded


def _page_published_or_unpublished(sender, instance, **kwargs):
    purge_html_cache()
    # wagtail.contrib.frontend_cache purges the page's own addresses on these two signals.
    purge_cdn_for_page(instance, include_page=False)


def _page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    purge_html_cache()
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None) or url_path_before == url_path_after:
        return
    old_urls = {
        public_base_url() + "/" + url_path_before.removeprefix(root_path)
        for _, root_path, _, _ in Site.get_site_root_paths()
        if url_path_before.startswith(root_path)
    }
    old_parent = kwargs.get("parent_page_before")
    if old_parent is not None:
        old_urls |= listing_urls(Page.objects.get(pk=old_parent.pk).specific) | page_urls(
            old_parent
        )
    purge_cdn(old_urls | listing_urls(instance.specific) | page_urls(instance))


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge_html_cache()
        # Django sends post_delete once per model of the page's inheritance chain; purge
        # once, for the most specific one.
        if type(instance) is instance.specific_class:
            purge_cdn_for_page(instance)


# What Wagtail saves on a page when an editor saves a draft or locks it: nothing readers see.
DRAFT_FIELDS = frozenset(
    {
        "wagtail_admin_comments",
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def _saved(sender, instance, update_fields=None, **kwargs):
    if isinstance(instance, BaseSiteSetting | BaseGenericSetting):
        purge_html_cache()
    elif isinstance(instance, Page) and not (update_fields and set(update_fields) <= DRAFT_FIELDS):
        # Publishing purges anyway; this catches a live page saved directly (scripts, the
        # demo loader), whose live revision may not change.
        purge_html_cache()


def connect():
    page_published.connect(_page_published_or_unpublished, dispatch_uid="html-cache-published")
    page_unpublished.connect(_page_published_or_unpublished, dispatch_uid="html-cache-unpub")
    post_page_move.connect(_page_moved, dispatch_uid="html-cache-moved")
    post_delete.connect(_page_deleted, dispatch_uid="html-cache-page-deleted")
    post_save.connect(_saved, dispatch_uid="html-cache-setting-saved")
    for model in (Site, PageViewRestriction):
        post_save.connect(purge_html_cache, sender=model, dispatch_uid=f"html-cache-{model}")
        post_delete.connect(purge_html_cache, sender=model, dispatch_uid=f"html-cache-d-{model}")
    # Not a cache matter: quicker gettext lookups (core/translation_catalogues.py).
    request_started.connect(compact_loaded, dispatch_uid="compact-translation-catalogues")
