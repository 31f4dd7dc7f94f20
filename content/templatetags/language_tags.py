"""The page in the other languages: the header's language switcher and the head's hreflang
links (templates/components/language_switcher.html, templates/base.html)."""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from content.models import Author, Topic
from core.site_url import public_url

ROOT = "/"  # the address whose language the browser chooses (explainer.locale)

register = template.Library()


def bcp47(code):
    """A language code as a lang attribute: ``zh-hans`` → ``zh-Hans``."""
    first, *rest = code.split("-")
    return "-".join(
        [first.lower(), *(part.title() if len(part) == 4 else part.upper() for part in rest)]
    )


@dataclass
class LanguageVersion:
    code: str
    name: str
    url: str
    translated: bool  # False: no translation of this page; the url is that language's home
    current: bool = False
    # Where the switcher links, when not ``url``: the English home's /en/, which (unlike
    # ``/``) never sends a browser that prefers Chinese back to Chinese (explainer.locale).
    switch_url: str = ""
    # False: not named in hreflang links (a search, which search engines are kept out of).
    indexable: bool = True

    @property
    def link(self):
        return self.switch_url or self.url

    @property
    def lang(self):
        return bcp47(self.code)

    @property
    def full_url(self):
        return self.url if "://" in self.url else public_url(self.url)


def _translations(context):
    """{language code: url} of the live translations of what the page shows (a page, a
    topic or an author), this one included; empty when it has none."""
    page, topic = context.get("page"), context.get("topic") or context.get("author")
    if isinstance(page, Page) and page.pk and page.live:
        others = Page.objects.live().filter(translation_key=page.translation_key)
        others = others.exclude(pk=page.pk).select_related("locale")
        found = {other.locale.language_code: other.specific_deferred for other in others}
        if not found:
            return {}
        found[page.locale.language_code] = page
        # A view beside the page (its changes, one of its arguments) names the part of the
        # address after the page's: the same view in the other language.
        subpath = context.get("page_subpath") or ""
        return {
            code: other.get_url(context.get("request")) + subpath for code, other in found.items()
        }
    if isinstance(topic, (Topic, Author)) and topic.pk:
        others = (
            type(topic)
            .objects.filter(translation_key=topic.translation_key)
            .select_related("locale")
        )
        found = {other.locale.language_code: other.get_absolute_url() for other in others}
        return found if len(found) > 1 else {}
    return {}


def language_home(code):
    with translation.override(code):
        return reverse("wagtail_serve", args=[""])


def switch_url(code, url):
    """The switcher's link for ``url`` in language ``code``: the English home's address
    that never negotiates (/en/) for ``/``, else none (the switcher links to ``url``)."""
    if urlsplit(url).path == ROOT and language_home(code) == ROOT:
        return reverse("english_home")
    return ""


#: Search's query parameters that a search in the other language keeps (not the page).
SEARCH_PARAMETERS = ("q", "lang")


def _search_urls(request):
    """{language code: url} of this search in each language, or {} when the page is not
    search: the same query (and language filter) with the other language's interface."""
    match = getattr(request, "resolver_match", None) if request is not None else None
    if match is None or match.url_name != "search":
        return {}
    kept = [(name, value) for name in SEARCH_PARAMETERS for value in request.GET.getlist(name)]
    query = f"?{urlencode(kept)}" if kept else ""
    urls = {}
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        with translation.override(code):
            urls[code] = reverse("search") + query
    return urls


@register.simple_tag(takes_context=True)
def language_versions(context):
    """Each content language with where this page is in it: its translation, else that
    language's home page (``translated`` False)."""
    current = get_supported_content_language_variant(translation.get_language())
    searches = _search_urls(context.get("request"))
    # A view that is not a page (another app's form, say) names its own address in each
    # language as ``language_urls``: {code: url}.
    translations = searches or context.get("language_urls") or _translations(context)
    versions = []
    for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
        url = translations.get(code)
        versions.append(
            LanguageVersion(
                code=code,
                name=name,
                url=url or language_home(code),
                translated=url is not None,
                current=code == current,
                switch_url=switch_url(code, url or language_home(code)),
                indexable=not searches,
            )
        )
    return versions


@register.simple_tag
def default_language_version(versions):
    """The version of the default language, for hreflang="x-default"."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return next((version for version in versions if version.code == default), None)
