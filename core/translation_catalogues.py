"""Faster gettext lookups: drop the empty catalogues Django chains together.

Django builds one translation object per language from every installed app's ``.mo``
files. Many of Wagtail's apps ship an English catalogue that holds nothing but its header,
and Django keeps a separate dictionary for each catalogue whose plural rule differs from
the one before it, and chains each app's ``en`` catalogue behind its ``en_GB`` one as a
fallback. On this site that made 20 dictionaries and 5 fallbacks for English: every
``{% translate %}`` of an English page (whose msgids are the English text, found in no
catalogue) walked all of them, about 30 µs a lookup, and the full-text feeds make some 2,000
lookups per request.

``compact(translation)`` removes, in place, the dictionaries and fallbacks that hold no
message (only the catalogue header, the "" key): every lookup gives the same answer
(tests/performance/test_translation_catalogues.py compares every message of every catalogue
in every language, before and after), only quicker. It is applied at the start of each
request to the translations Django has built so far (``compact_loaded``), so a language
first used mid-request is compacted from the next request on; nothing is built at start-up.
If Django's internals ever change shape, it does nothing.
"""

from django.utils.translation import trans_real

_COMPACTED = "_explainer_compacted"


def _is_empty(catalogue):
    return all(key == "" for key in catalogue)


def compact(translation):
    """Drop the message-less dictionaries and fallbacks of one translation object."""
    if getattr(translation, _COMPACTED, False):
        return
    catalogue = getattr(translation, "_catalog", None)
    dictionaries = getattr(catalogue, "_catalogs", None)
    plurals = getattr(catalogue, "_plurals", None)
    if (
        isinstance(dictionaries, list)
        and isinstance(plurals, list)
        and len(dictionaries) == len(plurals)
    ):
        kept = [
            (dictionary, plural)
            for dictionary, plural in zip(dictionaries, plurals, strict=True)
            if not _is_empty(dictionary)
        ]
        if kept and len(kept) < len(dictionaries):
            dictionaries[:] = [dictionary for dictionary, _ in kept]
            plurals[:] = [plural for _, plural in kept]
    # A fallback that holds no message only passes the lookup on to its own fallback.
    node = translation
    while (fallback := getattr(node, "_fallback", None)) is not None:
        own = getattr(fallback, "_catalog", None)
        if isinstance(own, dict) and _is_empty(own):
            node._fallback = getattr(fallback, "_fallback", None)
            continue
        node = fallback
    setattr(translation, _COMPACTED, True)


def compact_loaded(**kwargs):
    """Compact every translation Django has loaded (a ``request_started`` receiver)."""
    for translation in list(trans_real._translations.values()):
        compact(translation)
    if trans_real._default is not None:
        compact(trans_real._default)
