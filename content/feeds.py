"""RSS 2.0 and Atom feeds of the explainers: all of them, and those of each topic.

Each entry carries the whole article, as a reader sees it on the site: the body with its
numbered citation markers and, at the end, the numbered Sources list. Links inside the
content are absolute, so they work in any feed reader.

That content is rendered once and stored (content.models.feeds.FeedEntry): a feed request
reads the stored HTML of its entries and renders only those it does not find for the
page's live revision, the language, the public address and the current generation, and
stores them in turn. Publishing an explainer renders its entry there and then
(content.signal_handlers); `manage.py render_feed_entries` renders every explainer's.
"""

import copy
import datetime
import io
import logging
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.core.handlers.wsgi import WSGIRequest
from django.db import DatabaseError, transaction
from django.db.models import Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import feedgenerator, timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext, gettext_lazy
from wagtail.models import Locale, Site

from content.citations import CitationIndex, known_sources, source_ids_in_stream
from content.extension_points import COPY_ELSEWHERE
from content.licensing import licence_for_site
from content.models import ArticlePage, FeedEntry, FeedGeneration, Topic
from content.models.pages import public
from core.site_url import public_base_url

logger = logging.getLogger(__name__)

FEED_SIZE = 20  # the newest explainers; readers keep what they have already fetched
FEED_AUTHOR = "Surveillance, Explained"
FEED_DESCRIPTION = gettext_lazy(
    "Plain explanations of how people are watched, with the arguments for and against "
    "and every claim sourced."
)

# Root-relative and fragment-only links in rendered HTML, and srcset lists.
_RELATIVE_URL = re.compile(r'\b(href|src|poster)="(/(?!/)[^"]*|#[^"]*)"')
_SRCSET = re.compile(r'\bsrcset="([^"]*)"')


def absolute_urls(html, page_url, site_root):
    """Make the links of ``html`` absolute: fragments point into the article itself."""

    def absolute(url):
        if url.startswith("#"):
            return f"{page_url}{url}"
        if url.startswith("/") and not url.startswith("//"):
            return f"{site_root}{url}"
        return url

    def replace_url(match):
        return f'{match.group(1)}="{absolute(match.group(2))}"'

    def replace_srcset(match):
        candidates = []
        for candidate in match.group(1).split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            candidates.append(f"{absolute(url)} {descriptor}".strip())
        return f'srcset="{", ".join(candidates)}"'

    return _SRCSET.sub(replace_srcset, _RELATIVE_URL.sub(replace_url, html))


# --- Entries' content: rendered once, stored, read back --------------------------------------


def pages_to_render(pks):
    """The explainers ``pks`` with everything their feed content reads, in a few queries."""
    return (
        ArticlePage.objects.filter(pk__in=pks)
        .select_related("hero_image", "locale")
        .prefetch_related("topics", "corrections", "hero_image__renditions")
    )


def render_entries(pages, request):
    """{page pk: the feed content of each of ``pages``} rendered afresh: the article as
    readers see it, body with citation markers, then the Sources; its links absolute.

    Every page's cited Sources are fetched in one query rather than one per page.
    """
    cited = {page.pk: source_ids_in_stream(page.body.raw_data) for page in pages}
    fetched = CitationIndex.for_source_ids(set().union(*cited.values())).sources_by_id
    site_root = public_base_url()
    rendered = {}
    for page in pages:
        source_ids = cited[page.pk]
        sources_by_id = {pk: fetched[pk] for pk in source_ids if pk in fetched}
        with known_sources(source_ids, sources_by_id):
            html = render_to_string(
                "feeds/article_content.html",
                {
                    "page": page,
                    "self": page,
                    "citations": CitationIndex(sources_by_id),
                    "request": request,
                    # No weighing form or comment count in a feed reader (extension_points).
                    COPY_ELSEWHERE: True,
                },
                request=request,
            )
        rendered[page.pk] = absolute_urls(html, page.get_full_url(request), site_root)
    return rendered


def store_entries(pages, request, generation):
    """Render ``pages`` for ``request`` (its language, the public address) and store their
    entries under ``generation``; returns {page pk: FeedEntry}."""
    rendered = render_entries(pages, request)
    language, base_url, now = translation.get_language(), public_base_url(), timezone.now()
    entries = [
        FeedEntry(
            page_id=page.pk,
            revision_id=page.live_revision_id,
            language=language,
            base_url=base_url,
            generation=generation,
            html=rendered[page.pk],
            categories=[topic.name for topic in page.topics.all()],
            date_modified=page.date_modified,
            rendered_at=now,
        )
        for page in sorted(pages, key=lambda page: page.pk)  # one lock order for every writer
    ]
    try:
        with transaction.atomic():
            FeedEntry.objects.bulk_create(
                entries,
                update_conflicts=True,
                unique_fields=["page", "language", "base_url"],
                update_fields=[
                    "revision",
                    "generation",
                    "html",
                    "categories",
                    "date_modified",
                    "rendered_at",
                ],
            )
    except DatabaseError:
        # A revision or page deleted meanwhile: serve what was rendered, store it next time.
        logger.warning("Feed entries of pages %s not stored", sorted(rendered), exc_info=True)
    return {entry.page_id: entry for entry in entries}


def feed_entries(pages, request):
    """{page pk: FeedEntry} of ``pages``: the stored entries of their live revisions in
    this language at this address and generation; the others rendered and stored now.

    One query when every entry is stored, whatever the number of pages.
    """
    live_revisions = {page.pk: page.live_revision_id for page in pages}
    if not live_revisions:
        return {}
    current = FeedGeneration.objects.filter(pk=1).values("number")[:1]
    stored = FeedEntry.objects.filter(
        page__in=live_revisions,
        language=translation.get_language(),
        base_url=public_base_url(),
        generation=Coalesce(Subquery(current), 0),
    ).only("page_id", "revision_id", "html", "categories", "date_modified")
    found = {
        entry.page_id: entry
        for entry in stored
        if live_revisions[entry.page_id] == entry.revision_id
    }
    missing = [pk for pk in live_revisions if pk not in found]
    if missing:
        # Read before the pages and Sources the entries are rendered from: those rows are at
        # least as new as the change that started this generation.
        generation = FeedGeneration.current()
        found.update(store_entries(list(pages_to_render(missing)), request, generation))
    return found


def rendering_request(content_language):
    """A reader's GET of the feed of ``content_language``'s explainers at the public address
    (core.site_url), in the language that address is served in: what an entry rendered
    outside a feed request (on publish, by the command) is rendered for. Call it, and
    render, with that language active (``feed_language``)."""
    root = urlsplit(public_base_url())
    with translation.override(content_language):
        path = reverse("feed_rss")
    request = WSGIRequest(
        {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "SCRIPT_NAME": "",
            "SERVER_NAME": root.hostname or "localhost",
            "SERVER_PORT": str(root.port or (443 if root.scheme == "https" else 80)),
            "HTTP_HOST": root.netloc,
            "wsgi.url_scheme": root.scheme or "http",
            "wsgi.input": io.BytesIO(),
        }
    )
    request.user = AnonymousUser()
    request.LANGUAGE_CODE = feed_language(path)
    return request


def feed_language(path):
    """The language a feed's address is served in: its prefix's (``zh-hans``), else the
    site's default (``en-gb``, which the unprefixed addresses activate)."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def render_and_store(pages):
    """Render and store the feed entries of ``pages`` (explainers, any languages) in the
    languages their feeds are served in, as a feed would; returns how many were stored."""
    generation = FeedGeneration.current()
    by_language = {}
    for page in pages:
        by_language.setdefault(page.locale.language_code, []).append(page)
    for content_language, group in by_language.items():
        request = rendering_request(content_language)
        with translation.override(request.LANGUAGE_CODE):
            store_entries(group, request, generation)
    return sum(len(group) for group in by_language.values())


class FullContentRssFeed(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with each article's full HTML in <content:encoded>."""

    def rss_attributes(self):
        attributes = super().rss_attributes()
        attributes["xmlns:content"] = "http://purl.org/rss/1.0/modules/content/"
        return attributes

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class FullContentAtomFeed(feedgenerator.Atom1Feed):
    """Atom with each article's full HTML in <content type="html">."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


def _as_datetime(date, hint=None):
    """The publication date as an aware datetime: the real time if ``hint`` falls that day."""
    if hint is not None and timezone.localtime(hint).date() == date:
        return hint.replace(microsecond=0)
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.min))


class ExplainersFeed(Feed):
    """All explainers, newest first (/feeds/rss/)."""

    feed_type = FullContentRssFeed
    description = FEED_DESCRIPTION
    author_name = FEED_AUTHOR

    def __call__(self, request, *args, **kwargs):
        # The feed object is shared by every request: serve each from its own copy.
        feed = copy.copy(self)
        feed.request = request
        feed.site = Site.find_for_request(request)
        return Feed.__call__(feed, request, *args, **kwargs)

    def site_name(self):
        name = (self.site.site_name if self.site else "") or FEED_AUTHOR
        # The site's name is a brand the templates translate too: the catalogue's
        # translation when it has one (the default name), else the name as it is.
        return gettext(name)

    def site_root(self):
        """The site's public address (core.site_url), without a trailing slash."""
        return public_base_url()

    def title(self, obj=None):
        return self.site_name()

    def feed_copyright(self, obj=None):
        """<copyright> (RSS) and <rights> (Atom): the licence of the explainers' text."""
        licence = licence_for_site(self.site)
        return gettext("%(holder)s. Text and the site's own images: %(licence)s (%(url)s).") % {
            "holder": licence.holder or self.site_name(),
            "licence": licence.name,
            "url": licence.url,
        }

    def link(self, obj=None):
        return f"{self.site_root()}/"

    def feed_url(self, obj=None):
        return f"{self.site_root()}{self.request.path}"

    def articles(self, obj=None):
        # The entries' titles, addresses and publication dates; their content, categories
        # and date of last correction are stored (feed_entries).
        return public(ArticlePage.objects.live()).defer_streamfields()

    def items(self, obj=None):
        articles = self.articles(obj)
        if self.site is not None:
            # The home of the address's language (/zh-hans/feeds/…: the Chinese explainers).
            articles = articles.descendant_of(self.site.root_page.localized)
        items = list(
            articles.order_by("-first_published", "-first_published_at", "-pk")[:FEED_SIZE]
        )
        self.entries = feed_entries(items, self.request)
        # Less any explainer deleted since the query above (nothing was rendered for it).
        return [item for item in items if item.pk in self.entries]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Readers render a description as HTML; the standfirst is plain text, so escape it.
        return escape(item.standfirst)

    def item_link(self, item):
        # Asked for twice per item (link and guid): worked out once.
        if not hasattr(item, "feed_link"):
            item.feed_link = item.get_full_url(self.request)
        return item.feed_link

    def item_guid(self, item):
        return self.item_link(item)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return _as_datetime(item.first_published, item.first_published_at)

    def item_updateddate(self, item):
        # The later of the last publish and the newest correction or update.
        modified = _as_datetime(self.entries[item.pk].date_modified, item.last_published_at)
        if item.last_published_at:
            return max(modified, item.last_published_at.replace(microsecond=0))
        return modified

    def item_author_name(self, item):
        return self.site_name()

    def item_categories(self, item):
        return self.entries[item.pk].categories

    def item_extra_kwargs(self, item):
        return {"content_html": self.item_content(item)}

    def item_content(self, item):
        """The article as readers see it: body with citation markers, then the Sources."""
        return self.entries[item.pk].html


class ExplainersAtomFeed(ExplainersFeed):
    """All explainers, newest first, as Atom (/feeds/atom/)."""

    feed_type = FullContentAtomFeed
    subtitle = FEED_DESCRIPTION


class TopicFeed(ExplainersFeed):
    """The explainers of one topic, newest first (/topics/<slug>/rss/)."""

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug, locale=Locale.get_active())

    def title(self, obj=None):
        return f"{obj.name} · {self.site_name()}"

    def link(self, obj=None):
        return f"{self.site_root()}{obj.get_absolute_url()}"

    def description(self, obj=None):
        return obj.description or gettext("Explainers on %(topic)s.") % {"topic": obj.name}

    def articles(self, obj=None):
        return super().articles(obj).filter(topics=obj)


class TopicAtomFeed(TopicFeed):
    """The explainers of one topic, newest first, as Atom (/topics/<slug>/atom/)."""

    feed_type = FullContentAtomFeed

    def subtitle(self, obj=None):
        return self.description(obj)
