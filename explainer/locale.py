"""The reader's language is the URL's: /zh-hans/… is Chinese, every other address English.

Django's LocaleMiddleware would also look at a language cookie and the browser's
Accept-Language header (and say ``Vary: Accept-Language``) before ``i18n_patterns`` with
``prefix_default_language=False`` overrides them for unprefixed addresses. Here nothing but
the path is read, so no reader's cookie or header can change a page, one address is one
page for every reader and every cache, and no cookie is ever set (the site sets none for
readers). docs/translation.md.

One address is the exception: the site's root, ``/``, which no language names. There the
browser's Accept-Language chooses (RootLanguageMiddleware): a reader who prefers Chinese is
sent to /zh-hans/, everyone else is served the English home, and both answers say
``Vary: Accept-Language``. No other page varies. The English home is also at /en/
(``english_home``), which never negotiates: the language switcher links there, so a reader
who prefers Chinese and asks for English is not sent back.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import LocalePrefixPattern, URLResolver
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.http import require_safe
from wagtail import views as wagtail_views

#: The address whose language the browser chooses; the Chinese home it may send a reader to.
ROOT = "/"
CHINESE = "zh-hans"


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


def prefers_chinese(accept_language):
    """Whether an Accept-Language header ranks Chinese (``zh``, ``zh-CN``, ``zh-Hans``,
    ``zh-TW``…) above English. Languages the site does not have are passed over
    (``fr, zh;q=0.5``: Chinese); ``*``, an empty or unreadable header: English."""
    for language, _quality in parse_accept_lang_header(accept_language or ""):
        primary = language.split("-")[0]
        if primary == "zh":
            return True
        if primary == "en" or language == "*":
            return False
    return False


class RootLanguageMiddleware:
    """``/`` in the reader's language: a 302 to the Chinese home for a browser that prefers
    Chinese, the English home for every other. It stands outside the HTML cache
    (core.page_cache), so a cached English home is only ever served to a reader this has
    already chosen English for; and it reads nothing but the header (no cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != ROOT:
            return self.get_response(request)
        if request.method in ("GET", "HEAD") and prefers_chinese(
            request.headers.get("Accept-Language")
        ):
            script_prefix = request.path.removesuffix(request.path_info)
            response = HttpResponseRedirect(f"{script_prefix}/{CHINESE}/")
        else:
            response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        return response


@require_safe
def english_home(request):
    """The English home at /en/: the same page as ``/``, which it names as canonical, but
    never sent elsewhere whatever the browser prefers (the language switcher's link)."""
    with translation.override(settings.LANGUAGE_CODE):
        request.LANGUAGE_CODE = translation.get_language()
        response = wagtail_views.serve(request, "")
        if hasattr(response, "render"):  # a TemplateResponse: rendered in English, here
            response.render()
        return response
