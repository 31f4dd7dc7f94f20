"""The sitemap's sections: Wagtail's page tree in every language, and the topic pages outside
it. Each address that has a translation lists every language's version as an alternate
(``<xhtml:link rel="alternate" hreflang="…">``, itself included) and the default language's
as ``x-default``, as search engines read them
(https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap).
"""

from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Max, Q
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from content.models import Topic
from content.templatetags.language_tags import bcp47
from core.site_url import public_base_url, public_url


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


class PageSitemap(WagtailSitemap):
    """Every live, public page of the site, in each language: each language's tree hangs from
    its own translation of the site's home page.

    The queries do not grow with the pages: one for the pages (and one per page type for
    their specific fields), one for the locales, one for the keys of every translation of
    the pages (their addresses are the listed pages' own).
    """

    def items(self):
        root = self.get_wagtail_site().root_page
        homes = Page.objects.filter(translation_key=root.translation_key).values_list(
            "path", flat=True
        )
        in_the_site = Q()
        for path in homes:
            in_the_site |= Q(path__startswith=path)
        return (
            Page.objects.live()
            .public()
            .filter(in_the_site)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        locales = Locale.objects.in_bulk()
        # Each page's own address first: its translations are nearly always listed here too,
        # and their addresses are taken from there rather than from a second copy of every
        # page (building a page object and its URL is most of what a sitemap costs).
        sitemap_urls, own_url = {}, {}
        for item in pages:
            item.locale = locales[item.locale_id]
            sitemap_urls[item.pk] = item.get_sitemap_urls(self.request)
            own_url[item.pk] = (
                sitemap_urls[item.pk][0]["location"]
                if sitemap_urls[item.pk]
                else item.get_full_url(self.request)
            )
        translations = (
            Page.objects.live()
            .public()
            .filter(translation_key__in={item.translation_key for item in pages})
            .values_list("pk", "translation_key", "locale_id")
        )
        versions, elsewhere = defaultdict(dict), []
        for pk, translation_key, locale_id in translations:
            language = locales[locale_id].language_code
            if pk in own_url:
                versions[translation_key][language] = own_url[pk]
            else:
                elsewhere.append(pk)
        # A translation not on this page of the sitemap (another site's, or a later page).
        for version in Page.objects.filter(pk__in=elsewhere).specific().defer_streamfields():
            version.locale = locales[version.locale_id]
            versions[version.translation_key][version.locale.language_code] = version.get_full_url(
                self.request
            )
        urls, last_mods = [], set()
        for item in pages:
            for url_info in sitemap_urls[item.pk]:
                url_info["alternates"] = alternates(versions[item.translation_key])
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        # Empty if the whole site is private.
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


class TopicSitemap(WagtailSitemap):
    """Each topic page that lists at least one live explainer, dated by its newest one, in
    each language, with its translations (those that list explainers too) as alternates.

    A Wagtail sitemap section so that it is given the request; topics are addressed on the
    site's public address (core.site_url), like the pages.
    """

    def items(self):
        live = Q(articles__live=True)
        return (
            Topic.objects.filter(live)
            .annotate(latest_article=Max("articles__last_published_at", filter=live))
            .order_by("slug")
        )

    def location(self, topic):
        return topic.get_absolute_url()

    def lastmod(self, topic):
        return topic.latest_article

    def get_urls(self, page=1, site=None, protocol=None):
        root = urlsplit(public_base_url())
        urls = DjangoSitemap._urls(self, page, root.scheme, root.netloc)
        listed = [url_info["item"] for url_info in urls]
        locales = Locale.objects.in_bulk()
        versions = defaultdict(dict)
        for topic in listed:
            code = locales[topic.locale_id].language_code
            versions[topic.translation_key][code] = public_url(topic.get_absolute_url())
        for url_info in urls:
            url_info["alternates"] = alternates(versions[url_info["item"].translation_key])
        return urls


SITEMAPS = {"pages": PageSitemap, "topics": TopicSitemap}
