"""RSS 2.0 and Atom feeds of the explainers: all of them, and those of each topic.

Each entry carries the whole article, as a reader sees it on the site: the body with its
numbered citation markers and, at the end, the numbered Sources list. Links inside the
content are absolute, so they work in any feed reader.
"""

import copy
import datetime
import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import feedgenerator, timezone
from django.utils.html import escape
from django.utils.translation import gettext, gettext_lazy
from wagtail.models import Locale, Site

from content.citations import CitationIndex, known_sources, source_ids_in_stream
from content.licensing import licence_for_site
from content.models import ArticlePage, Topic
from content.models.pages import public
from core.site_url import public_base_url

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
        return (
            public(ArticlePage.objects.live())
            .select_related("hero_image")
            .prefetch_related("topics", "corrections", "hero_image__renditions")
        )

    def items(self, obj=None):
        articles = self.articles(obj)
        if self.site is not None:
            # The home of the address's language (/zh-hans/feeds/…: the Chinese explainers).
            articles = articles.descendant_of(self.site.root_page.localized)
        items = list(
            articles.order_by("-first_published", "-first_published_at", "-pk")[:FEED_SIZE]
        )
        # Every item's cited Sources in one query rather than one per item.
        cited = {item.pk: source_ids_in_stream(item.body.raw_data) for item in items}
        self.cited_source_ids = cited
        self.sources_by_id = CitationIndex.for_source_ids(
            set().union(*cited.values())
        ).sources_by_id
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Readers render a description as HTML; the standfirst is plain text, so escape it.
        return escape(item.standfirst)

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return self.item_link(item)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return _as_datetime(item.first_published, item.first_published_at)

    def item_updateddate(self, item):
        # The later of the last publish and the newest correction or update.
        modified = _as_datetime(item.date_modified, item.last_published_at)
        if item.last_published_at:
            return max(modified, item.last_published_at.replace(microsecond=0))
        return modified

    def item_author_name(self, item):
        return self.site_name()

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]

    def item_extra_kwargs(self, item):
        return {"content_html": self.item_content(item)}

    def item_content(self, item):
        """The article as readers see it: body with citation markers, then the Sources."""
        source_ids = self.cited_source_ids[item.pk]
        sources_by_id = {
            pk: self.sources_by_id[pk] for pk in source_ids if pk in self.sources_by_id
        }
        citations = CitationIndex(sources_by_id)
        with known_sources(source_ids, sources_by_id):
            html = render_to_string(
                "feeds/article_content.html",
                {"page": item, "self": item, "citations": citations, "request": self.request},
                request=self.request,
            )
        return absolute_urls(html, self.item_link(item), self.site_root())


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
