"""The page in the other languages: the header's language switcher and the head's hreflang
links (templates/components/language_switcher.html, templates/base.html)."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from content.models import Author, Topic
from core.site_url import public_url

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
        return {code: other.get_url(context.get("request")) for code, other in found.items()}
    if isinstance(topic, (Topic, Author)) and topic.pk:
        others = type(topic).objects.filter(translation_key=topic.translation_key).select_related(
            "locale"
        )
        found = {other.locale.language_code: other.get_absolute_url() for other in others}
        return found if len(found) > 1 else {}
    return {}


def language_home(code):
    with translation.override(code):
        return reverse("wagtail_serve", args=[""])


@register.simple_tag(takes_context=True)
def language_versions(context):
    """Each content language with where this page is in it: its translation, else that
    language's home page (``translated`` False)."""
    current = get_supported_content_language_variant(translation.get_language())
    translations = _translations(context)
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
            )
        )
    return versions


@register.simple_tag
def default_language_version(versions):
    """The version of the default language, for hreflang="x-default"."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return next((version for version in versions if version.code == default), None)
