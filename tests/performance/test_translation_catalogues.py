"""core.translation_catalogues: every lookup answers as before, through fewer dictionaries."""

import functools

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import trans_real

from core.translation_catalogues import compact

LANGUAGES = sorted({code for code, _ in settings.LANGUAGES} | {settings.LANGUAGE_CODE.lower()})


def _fresh(language):
    """An uncompacted translation object, built as Django builds it."""
    return trans_real.DjangoTranslation(language)


def _every_message(translation_object):
    """Every msgid of every dictionary and fallback, with its context and plural, if any."""
    messages = set()
    node = translation_object
    while node is not None:
        catalogue = node._catalog
        keys = catalogue.keys() if hasattr(catalogue, "keys") else []
        messages.update(key for key in keys if key != "")  # "" is the catalogue's header
        node = getattr(node, "_fallback", None)
    return messages


def _answers(translation_object, messages):
    answers = {}
    for key in messages:
        if isinstance(key, tuple):  # a plural: (msgid, index)
            msgid = key[0]
            for n in (0, 1, 2, 5, 21):
                answers[(msgid, n)] = translation_object.ngettext(msgid, msgid + "s", n)
        else:
            answers[key] = translation_object.gettext(key)
    answers["not in any catalogue"] = translation_object.gettext("not in any catalogue")
    answers[("%(n)s thing", 3)] = translation_object.ngettext("%(n)s thing", "%(n)s things", 3)
    return answers


@functools.cache
def _all_messages():
    """Every message any language's catalogues know, to be asked of every language."""
    return frozenset().union(*(_every_message(_fresh(language)) for language in LANGUAGES))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_translates_as_before(language):
    before, after = _fresh(language), _fresh(language)
    compact(after)
    messages = _all_messages()
    assert len(messages) > 1000
    assert _answers(after, messages) == _answers(before, messages)


def _dictionaries(translation_object):
    return len(translation_object._catalog._catalogs)


def _fallbacks(translation_object):
    count, node = 0, translation_object
    while (node := getattr(node, "_fallback", None)) is not None:
        count += 1
    return count


def test_english_walks_fewer_dictionaries_and_no_empty_fallback():
    before, after = _fresh(settings.LANGUAGE_CODE), _fresh(settings.LANGUAGE_CODE)
    compact(after)
    # Wagtail's header-only English catalogues made some 20 dictionaries and 5 fallbacks.
    assert _dictionaries(after) < _dictionaries(before)
    assert _dictionaries(after) <= 6
    assert _fallbacks(after) == 0


@pytest.mark.django_db
def test_a_request_compacts_the_loaded_translations():
    trans_real._translations.clear()
    trans_real._default = None
    Client().get("/no-such-page-at-all/")  # loads English; the next request compacts it
    Client().get("/no-such-page-at-all/")
    english = trans_real.translation(settings.LANGUAGE_CODE)
    assert _dictionaries(english) <= 6
    assert _fallbacks(english) == 0


def test_the_chinese_interface_is_unchanged():
    chinese = _fresh("zh-hans")
    compact(chinese)
    with translation.override("zh-hans"):
        trans_real._translations["zh-hans"] = chinese
        assert translation.gettext("Sources") != "Sources"
        assert translation.gettext("not in any catalogue") == "not in any catalogue"
