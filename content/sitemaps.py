"""The sitemap: Wagtail's page tree in every language, and the topic pages outside it. Each
address that has a translation lists every language's version as an alternate
(``<xhtml:link rel="alternate" hreflang="…">``, itself included) and the default language's
as ``x-default``, as search engines read them
(https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap).

Up to SITEMAP_SECTION_SIZE addresses, /sitemap.xml lists them all. A larger site gets a
sitemap index there instead, naming its sections: /sitemap-pages-1.xml, -2…, each the next
SITEMAP_SECTION_SIZE pages in tree order (by path, so a section says the same thing until
pages are added, moved or removed before its end), and /sitemap-topics.xml. The sections
are addresses of their own rather than Django's ``?p=2``: the Varnish configuration
(docs/varnish/explainer.vcl, ``explainer_normalise_url``) drops every query parameter a
page does not read from the cache key, so ``?p=2`` would be answered with the copy of
``?p=1``. Every section answers whether or not the index names it (a small site's
/sitemap-pages-1.xml lists all its pages), one past the last is a 404, and
content.signal_handlers purges them all from a CDN with the sitemap on every publish
(``section_paths``): a new page shifts every later section by one. The index dates no
section (``sitemap`` says why).

Why it is not Django's sitemap view: that built a Wagtail page object per page (with its
specific fields) and reversed its URL (``get_full_url``), then rendered Django's template,
~150 ms for 1,000 pages. Here a page is a row of seven values; its address is its home's
(computed once per home, with Wagtail's own ``get_full_url``) followed by the rest of its
``url_path``, which is what Wagtail's ``get_url_parts`` reverses for every page under that
home; and the XML is written in Python, the same bytes the template wrote
(tests/content/test_sitemap.py compares the two). A page whose type works out its address
some other way, or a translation in another site, still goes through its page object.
"""

import math
import re
from collections import defaultdict
from datetime import UTC, datetime, time
from html import escape
from urllib.parse import quote

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sitemaps.views import x_robots_tag
from django.db.models import F, Max, Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.http import RFC3986_SUBDELIMS, http_date
from wagtail.coreutils import WAGTAIL_APPEND_SLASH, get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from content.models import Topic
from content.models.pages import PublicAddressMixin
from content.templatetags.language_tags import bcp47
from core.site_url import public_url

#: The most addresses /sitemap.xml lists itself, and the most pages a section lists, once
#: the site is larger. Search engines take 50,000 per file; a section is kept small enough
#: to be written in a few milliseconds when it is not in a cache.
SITEMAP_SECTION_SIZE = 1000

_URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
_URLSET_END = "\n</urlset>\n"
_INDEX_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)
_INDEX_END = "\n</sitemapindex>\n"

# What the rest of a page's url_path must look like for Wagtail's serve view to take it
# (wagtail.urls, with WAGTAIL_APPEND_SLASH): anything else gets Wagtail's own answer.
_SERVED_PATH = re.compile(r"(?:[\w\-]+/)*")
# The characters reverse() leaves as they are in an address (Django's pchar).
_SAFE = RFC3986_SUBDELIMS + "/~:@"
# get_url_parts of the page types whose address is their home's plus the rest of their
# url_path: Wagtail's, and on the public address (core.site_url).
_HOME_RELATIVE = (Page.get_url_parts, PublicAddressMixin.get_url_parts)

_PAGE_FIELDS = (
    "pk",
    "url_path",
    "locale_id",
    "translation_key",
    "content_type_id",
    "last_published_at",
    "latest_revision_created_at",
)


def alternates(urls_by_language):
    """The sitemap's alternates for one address: {language code: full URL} of its versions,
    in the order of settings.LANGUAGES, then x-default; none when it has no translation."""
    if len(urls_by_language) < 2:
        return []
    found = [
        {"lang_code": bcp47(code), "location": urls_by_language[code]}
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        if code in urls_by_language
    ]
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    if default in urls_by_language:
        found.append({"lang_code": "x-default", "location": urls_by_language[default]})
    return found


class SiteSitemap:
    """One site's sitemap: its pages (every live, public page under the site's home page
    and the home's translations, each language's tree hanging from its own home) and its
    topics, as rows and addresses.

    ``request`` is the request the sitemap answers (addresses are worked out for it, as
    Wagtail's ``get_full_url(request)`` does); a purge, which only counts sections, has
    none. The queries do not grow with the pages: the site, the homes, the private
    sections, the section's rows, the rows of their translations (with their language); a
    page object only for a page that needs one (rare: one query for them, and one per page
    type).
    """

    def __init__(self, site, request=None):
        self.site = site
        self.request = request
        # What each page type is (its model) and how it is addressed, worked out once.
        self._types, self._home_relative, self._wagtails_entry = {}, {}, {}

    @cached_property
    def homes(self):
        """The site's home page and its translations, longest url_path first (a page is
        under the first whose url_path its own starts with): deferred specific objects,
        of the home's own type (which says how it and the pages under it are addressed)
        without a query for its fields."""
        homes = Page.objects.filter(
            translation_key__in=Page.objects.filter(pk=self.site.root_page_id).values(
                "translation_key"
            )
        ).specific(defer=True)
        return sorted(homes, key=lambda home: len(home.url_path), reverse=True)

    @cached_property
    def private(self):
        """The private sections (a query), as Wagtail's ``public()`` leaves them out: asked
        once for both the pages and their translations."""
        return Page.objects.all().private_q()

    @classmethod
    def for_request(cls, request):
        site = Site.find_for_request(request)
        if site is None:  # as Wagtail's sitemap does
            site = Site.objects.get(is_default_site=True)
        return cls(site, request)

    def pages(self):
        in_the_site = Q()
        for home in self.homes:
            in_the_site |= Q(path__startswith=home.path)
        if not in_the_site:
            return Page.objects.none()
        return Page.objects.live().exclude(self.private).filter(in_the_site).order_by("path")

    def page_count(self):
        return self.pages().count()

    def section_count(self, page_count=None):
        """How many page sections there are; one, empty, for a site without pages."""
        count = self.page_count() if page_count is None else page_count
        return max(1, math.ceil(count / SITEMAP_SECTION_SIZE))

    # --- Addresses ---------------------------------------------------------------------

    @cached_property
    def _home_addresses(self):
        """[(url_path, full URL, get_url_parts)] of each home, longest url_path first."""
        return [
            (home.url_path, home.get_full_url(self.request), type(home).get_url_parts)
            for home in self.homes
        ]

    @cached_property
    def _other_roots(self):
        """The url_paths of site roots that hold none of the homes (another site within
        this one): Wagtail may give a page under one that site's address, so such a page is
        left to Wagtail. A site whose root holds a home (the same root under another host
        name) addresses the home and the pages under it alike."""
        homes = [home.url_path for home in self.homes]
        return tuple(
            root.root_path
            for root in Site.get_site_root_paths()
            if not any(home.startswith(root.root_path) for home in homes)
        )

    def _model(self, content_type_id):
        """The page type of a content type (ContentType's own cache asks the database the
        first time a process meets a type, at most)."""
        if content_type_id not in self._types:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            self._types[content_type_id] = model
        return self._types[content_type_id]

    def _is_home_relative(self, home, content_type_id):
        """True if a page of this type under ``home`` is addressed as Wagtail addresses any
        page under it: its home's address, then the rest of its url_path."""
        key = (home[0], content_type_id)
        if key not in self._home_relative:
            url_parts = getattr(self._model(content_type_id), "get_url_parts", None)
            self._home_relative[key] = (
                home[1] is not None and url_parts is home[2] and url_parts in _HOME_RELATIVE
            )
        return self._home_relative[key]

    def full_url(self, url_path, content_type_id):
        """The page's full URL as ``get_full_url(request)`` gives it, worked out from its
        home's, or None when only the page object can say (another site's page, a page
        type with addresses of its own, a path Wagtail's serve view would not take)."""
        if not WAGTAIL_APPEND_SLASH:
            return None
        home = next((home for home in self._home_addresses if url_path.startswith(home[0])), None)
        if (
            home is None
            or not self._is_home_relative(home, content_type_id)
            or (self._other_roots and url_path.startswith(self._other_roots))
        ):
            return None
        rest = url_path[len(home[0]) :]
        if not _SERVED_PATH.fullmatch(rest):
            return None
        # reverse() quotes what is not ASCII (a Chinese slug); ASCII slugs need nothing.
        return home[1] + (rest if rest.isascii() else quote(rest, safe=_SAFE))

    def _has_wagtails_entry(self, content_type_id):
        """True if the page type's sitemap entry is Wagtail's: its address, dated."""
        if content_type_id not in self._wagtails_entry:
            model = self._model(content_type_id)
            self._wagtails_entry[content_type_id] = (
                getattr(model, "get_sitemap_urls", None) is Page.get_sitemap_urls
            )
        return self._wagtails_entry[content_type_id]

    # --- Entries -----------------------------------------------------------------------

    def page_entries(self, rows, translation_keys):
        """[(location, lastmod, alternates)] of the rows (``_PAGE_FIELDS``), in their order.

        ``translation_keys`` is the query of the rows' translation keys, asked again as a
        subquery rather than sent as a thousand parameters (which psycopg spends longer
        writing into the SQL than the database spends on it).
        """
        own_url, slow = {}, set()
        for pk, url_path, _locale, _key, content_type_id, _published, _revised in rows:
            url = self.full_url(url_path, content_type_id)
            if url is None or not self._has_wagtails_entry(content_type_id):
                slow.add(pk)
            else:
                own_url[pk] = url
        translations = (
            Page.objects.live()
            .exclude(self.private)
            .filter(translation_key__in=translation_keys)
            .values_list(
                "pk", "translation_key", "locale__language_code", "url_path", "content_type_id"
            )
        )
        versions, version_pk = defaultdict(dict), {}
        for pk, translation_key, language, url_path, content_type_id in translations:
            url = own_url.get(pk) or (
                None if pk in slow else self.full_url(url_path, content_type_id)
            )
            if url is None:  # a page object's to say, below
                version_pk[pk] = (translation_key, language)
            else:
                versions[translation_key][language] = url
        # The rare page only its object can address: a listed page of a type with its own
        # addresses, or a translation in another site.
        sitemap_urls = {}
        if slow or version_pk:
            locales = Locale.objects.in_bulk()
            for page in (
                Page.objects.filter(pk__in=slow | version_pk.keys()).specific().defer_streamfields()
            ):
                page.locale = locales[page.locale_id]
                if page.pk in slow:
                    sitemap_urls[page.pk] = page.get_sitemap_urls(self.request)
                    own_url[page.pk] = (
                        sitemap_urls[page.pk][0]["location"]
                        if sitemap_urls[page.pk]
                        else page.get_full_url(self.request)
                    )
                if page.pk in version_pk:
                    translation_key, language = version_pk[page.pk]
                    versions[translation_key][language] = (
                        own_url[page.pk] if page.pk in slow else page.get_full_url(self.request)
                    )
        links = {}  # the translations of a page share their alternates: written once
        entries = []
        for pk, _path, _locale, translation_key, _type, published, revised in rows:
            if translation_key not in links:
                links[translation_key] = _links(alternates(versions[translation_key]))
            if pk in sitemap_urls:
                entries.extend(
                    (info["location"], info.get("lastmod"), links[translation_key])
                    for info in sitemap_urls[pk]
                )
            else:
                entries.append((own_url[pk], published or revised, links[translation_key]))
        return entries

    def section(self, number):
        """(rows, their translation keys' query) of page section ``number`` (from 1); no
        rows past the last."""
        window = slice((number - 1) * SITEMAP_SECTION_SIZE, number * SITEMAP_SECTION_SIZE)
        rows = list(self.pages().values_list(*_PAGE_FIELDS)[window])
        return rows, self.pages().values("translation_key")[window]

    def all_page_entries(self):
        rows = list(self.pages().values_list(*_PAGE_FIELDS))
        return self.page_entries(rows, self.pages().values("translation_key"))

    def topic_entries(self):
        """Each topic that lists at least one live explainer, dated by its newest one, in
        each language, with its translations (those listed too) as alternates. Topics are
        addressed on the site's public address (core.site_url), like the pages."""
        live = Q(articles__live=True)
        topics = list(
            Topic.objects.filter(live)
            .annotate(
                latest_article=Max("articles__last_published_at", filter=live),
                language=F("locale__language_code"),
            )
            .order_by("slug", "pk")
        )
        versions, urls = defaultdict(dict), {}
        for topic in topics:
            urls[topic.pk] = public_url(topic.get_absolute_url())
            versions[topic.translation_key][topic.language] = urls[topic.pk]
        # The Topics page of each language with a topic listed, dated by its newest explainer.
        index_urls, index_dates = {}, {}
        for topic in topics:
            if topic.language not in index_urls:
                with translation.override(topic.language):
                    index_urls[topic.language] = public_url(reverse("topics"))
            newest = index_dates.get(topic.language)
            if topic.latest_article and (newest is None or topic.latest_article > newest):
                index_dates[topic.language] = topic.latest_article
        indexes = [
            (index_urls[code], index_dates.get(code), _links(alternates(index_urls)))
            for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
            if code in index_urls
        ]
        return indexes + [
            (
                urls[topic.pk],
                topic.latest_article,
                _links(alternates(versions[topic.translation_key])),
            )
            for topic in topics
        ]

    def has_topics(self):
        return Topic.objects.filter(articles__live=True).exists()


def section_paths(site):
    """The addresses of ``site``'s sitemap and every current section, as a CDN is asked to
    forget them: any publish may change any of them (a new page shifts later sections)."""
    sections = SiteSitemap(site).section_count()
    return [
        reverse("sitemap"),
        *(reverse("sitemap_pages", args=[number]) for number in range(1, sections + 1)),
        reverse("sitemap_topics"),
    ]


# --- XML ---------------------------------------------------------------------------------
# Written as Django's sitemap templates (django/contrib/sitemaps/templates) wrote it, in
# {% spaceless %}: one line of elements between the opening and closing tags, escaped as
# Django's autoescape does (html.escape, which django.utils.html.escape wraps).


def _text(value):
    return escape(str(value))


def _links(found):
    return "".join(
        f'<xhtml:link rel="alternate" hreflang="{_text(link["lang_code"])}" '
        f'href="{_text(link["location"])}"/>'
        for link in found
    )


def _day(value):
    """``{{ lastmod|date:"Y-m-d" }}``: the day of an aware datetime in the current time
    zone, as the template's ``date`` filter sees it."""
    if isinstance(value, datetime):
        if settings.USE_TZ and timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    return value.isoformat()


def urlset(entries):
    parts = [_URLSET_START]
    for location, lastmod, links in entries:
        parts.append(f"<url><loc>{_text(location)}</loc>")
        if lastmod:
            parts.append(f"<lastmod>{_day(lastmod)}</lastmod>")
        parts.append(f"{links}</url>")
    parts.append(_URLSET_END)
    return "".join(parts)


def sitemap_index(locations):
    """The index of sections, without <lastmod> (see ``sitemap``)."""
    sections = "".join(f"<sitemap><loc>{_text(location)}</loc></sitemap>" for location in locations)
    return f"{_INDEX_START}{sections}{_INDEX_END}"


def _latest(lastmods):
    """The newest of ``lastmods`` if there is one and none is missing, else None."""
    if not lastmods or not all(lastmods):
        return None
    return max(_as_datetime(value) for value in lastmods)


def _as_datetime(value):
    # As Django's sitemap views compare them: a date is its midnight, a naive time is UTC.
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def _response(content, *parts_latest):
    """An XML response; Last-Modified when every part of it is dated (as Django's sitemap
    views send it, for ConditionalGetMiddleware and crawlers' conditional requests)."""
    response = HttpResponse(content, content_type="application/xml")
    if parts_latest and all(latest is not None for latest in parts_latest):
        response.headers["Last-Modified"] = http_date(max(parts_latest).timestamp())
    return response


def _entries_latest(entries):
    return _latest([lastmod for _location, lastmod, _links in entries])


# --- Views -------------------------------------------------------------------------------


@x_robots_tag
def sitemap(request):
    """/sitemap.xml: every address, or, above SITEMAP_SECTION_SIZE, the index of sections.

    The index gives no <lastmod> per section (nor a Last-Modified header), and a section
    none either: its newest page's date is not when its list last changed (unpublishing a
    page shifts an older one into every later section), and a search engine that finds a
    sitemap's dates wrong stops reading them; a 304 answered from such a date (Varnish
    answers conditional requests from its copy) would keep a crawler on the old list. It
    costs a count, not a date per page. The single sitemap keeps its Last-Modified, as
    Django's view sent it.
    """
    sitemap = SiteSitemap.for_request(request)
    page_count = sitemap.page_count()
    if page_count <= SITEMAP_SECTION_SIZE:
        topics = sitemap.topic_entries()
        if page_count + len(topics) <= SITEMAP_SECTION_SIZE:
            pages = sitemap.all_page_entries()
            return _response(
                urlset(pages + topics), _entries_latest(pages), _entries_latest(topics)
            )
    locations = [
        public_url(reverse("sitemap_pages", args=[number]))
        for number in range(1, sitemap.section_count(page_count) + 1)
    ]
    if sitemap.has_topics():
        locations.append(public_url(reverse("sitemap_topics")))
    return _response(sitemap_index(locations))


@x_robots_tag
def sitemap_pages(request, number):
    """/sitemap-pages-N.xml: the Nth SITEMAP_SECTION_SIZE pages in tree order."""
    sitemap = SiteSitemap.for_request(request)
    number = int(number)
    rows, translation_keys = sitemap.section(number)
    if not rows and number != 1:  # past the last section (the first may be empty)
        raise Http404("No such sitemap section")
    return _response(urlset(sitemap.page_entries(rows, translation_keys)))


@x_robots_tag
def sitemap_topics(request):
    """/sitemap-topics.xml: every topic with a live explainer, in each language. Not split:
    there are a few hundred at most, and a sitemap may list 50,000 addresses."""
    return _response(urlset(SiteSitemap.for_request(request).topic_entries()))
