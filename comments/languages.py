"""The language a comment is written in, and speaking to its author in it.

A discussion belongs to one language version of an article, and a commenter is answered in
the language they wrote from: the receipt, the private-link pages and every email to them
are rendered under ``speaking_to(comment)``, whatever language the request that causes
them is in (an editor's click in an English admin, for one). Emails to editors stay in the
site's default language.
"""

from contextlib import nullcontext

from django.conf import settings
from django.utils import translation


def _supported(code):
    """``code`` as one of settings.LANGUAGES (e.g. "en-gb" → "en"), or None."""
    try:
        return translation.get_supported_language_variant(code or "")
    except LookupError:
        return None


def default_language():
    """The site's default language, as one of settings.LANGUAGES: the base of LANGUAGE_CODE."""
    return _supported(settings.LANGUAGE_CODE) or settings.LANGUAGES[0][0]


def active_language():
    """The language this request is answered in (set by its URL), as a comment stores it."""
    return _supported(translation.get_language()) or default_language()


def language_name(code):
    """The language's own name from settings.LANGUAGES ("English", "简体中文"), or the code."""
    return dict(settings.LANGUAGES).get(code, code)


def speaking_to(comment):
    """Everything rendered inside this block speaks the comment author's language (the
    request's own language if there is no comment)."""
    if comment is None:
        return nullcontext()
    return translation.override(_supported(comment.language) or default_language())


def speaking_to_editors():
    """Emails and notices for editors: the site's default language."""
    return translation.override(settings.LANGUAGE_CODE)
