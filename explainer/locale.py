"""The reader's language is the URL's: /zh-hans/… is Chinese, every other address English.

Django's LocaleMiddleware would also look at a language cookie and the browser's
Accept-Language header (and say ``Vary: Accept-Language``) before ``i18n_patterns`` with
``prefix_default_language=False`` overrides them for unprefixed addresses. Here nothing but
the path is read, so no reader's cookie or header can change a page, one address is one
page for every reader and every cache, and no cookie is ever set (the site sets none for
readers). docs/translation.md.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import LocalePrefixPattern, URLResolver
from django.utils import translation


def language_of_path(path_info):
    """The language a path's prefix names (``zh-hans``), else the site's default."""
    return translation.get_language_from_path(path_info) or settings.LANGUAGE_CODE


class UrlLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        translation.activate(language_of_path(request.path_info))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # No Vary: Accept-Language, no redirect to a guessed language: the address decides.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class DefaultLanguageUnprefixed(LocalePrefixPattern):
    """``i18n_patterns``' prefix, with no prefix for English in any of its variants.

    Django leaves out the prefix only for LANGUAGE_CODE itself (``en-gb``), but Wagtail
    writes a page's address in its content language (``en``): without this, a link from a
    Chinese page to an English one would read /en/….
    """

    @property
    def language_prefix(self):
        language = translation.get_language() or settings.LANGUAGE_CODE
        if is_default_language(language):
            return ""
        return f"{language}/"


def is_default_language(language):
    try:
        default = translation.get_supported_language_variant(settings.LANGUAGE_CODE)
        return translation.get_supported_language_variant(language) == default
    except LookupError:
        return False


def i18n_patterns(*urls):
    """Django's ``i18n_patterns(*urls, prefix_default_language=False)``, but English is
    unprefixed whichever English the code asks for (``en``, ``en-gb``)."""
    return [URLResolver(DefaultLanguageUnprefixed(prefix_default_language=False), list(urls))]
