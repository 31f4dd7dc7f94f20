"""The licence the site publishes its text and its own images under (CC BY 4.0 unless an
editor chooses another in Settings → Content licence).

Every place that states it (the footer, each article's "Reuse" note and citations, the
JSON-LD, the feeds, the Dublin Core tags) asks ``licence_for_site``/``licence_for_request``.
The setting is read from the cache under the page-cache generation, which saving any site
setting replaces (core.signal_handlers): the footer of every page costs no query once
warm, and a new choice shows on the next request.
"""

import logging
from dataclasses import dataclass

from django.apps import apps
from django.core.cache import cache
from django.db import DatabaseError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from core.page_cache import current_generation

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Licence:
    """A licence as readers see it: its short name, its full title and its deed's URL."""

    key: str
    name: str
    title: str
    url: str
    # Who readers credit when they reuse the text: the site, unless an editor names another.
    holder: str = ""

    @property
    def is_open(self):
        """True for the Creative Commons licences and CC0 (reuse without asking)."""
        return self.key != OTHER


OTHER = "other"
# A new generation makes a new key; the old one just expires.
CACHE_SECONDS = 24 * 3600
DEFAULT_LICENCE = "cc-by-4.0"

#: key: (short name, full title, deed URL). The short names are the same in every language;
#: the titles are Creative Commons' own translations.
LICENCES = {
    "cc-by-4.0": (
        "CC BY 4.0",
        gettext_lazy("Creative Commons Attribution 4.0 International"),
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "cc-by-sa-4.0": (
        "CC BY-SA 4.0",
        gettext_lazy("Creative Commons Attribution-ShareAlike 4.0 International"),
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "cc-by-nc-4.0": (
        "CC BY-NC 4.0",
        gettext_lazy("Creative Commons Attribution-NonCommercial 4.0 International"),
        "https://creativecommons.org/licenses/by-nc/4.0/",
    ),
    "cc-by-nc-sa-4.0": (
        "CC BY-NC-SA 4.0",
        gettext_lazy("Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International"),
        "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    ),
    "cc-by-nd-4.0": (
        "CC BY-ND 4.0",
        gettext_lazy("Creative Commons Attribution-NoDerivatives 4.0 International"),
        "https://creativecommons.org/licenses/by-nd/4.0/",
    ),
    "cc-by-nc-nd-4.0": (
        "CC BY-NC-ND 4.0",
        gettext_lazy("Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International"),
        "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    ),
    "cc0-1.0": (
        "CC0 1.0",
        gettext_lazy("CC0 1.0 Universal (public domain dedication)"),
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
}

LICENCE_CHOICES = [
    *((key, format_lazy("{} ({})", title, name)) for key, (name, title, _url) in LICENCES.items()),
    (OTHER, gettext_lazy("Another licence (name and URL below)")),
]


def licence_from(key, custom_name="", custom_url="", holder=""):
    """The Licence for a setting's values; an unknown key or an incomplete "other" gives
    the default (CC BY 4.0), so readers are never told of a licence without a name."""
    if key == OTHER and custom_name.strip() and custom_url.strip():
        name = custom_name.strip()
        return Licence(OTHER, name, name, custom_url.strip(), holder.strip())
    key = key if key in LICENCES else DEFAULT_LICENCE
    name, title, url = LICENCES[key]
    return Licence(key, name, title, url, holder.strip())


DEFAULT = licence_from(DEFAULT_LICENCE)


def licence_for_site(site):
    """The licence chosen for ``site`` (a Wagtail Site, or None: the default)."""
    if site is None:
        return DEFAULT
    generation = current_generation()
    key = f"licence:{generation}:{site.pk}" if generation else None
    values = cache.get(key) if key else None
    if values is None:
        model = apps.get_model("content", "LicenceSettings")
        try:
            # Read, never created here (as ``for_site`` would): saving a setting starts a
            # new cache generation, which would make this first read useless.
            setting = model.objects.filter(site=site).first()
        except DatabaseError:
            # The footer of an error page must not fail with the database.
            logger.warning("Content licence: cannot read the setting; stating the default")
            return DEFAULT
        setting = setting or model(site=site)
        values = (setting.licence, setting.custom_name, setting.custom_url, setting.holder)
        if key:
            cache.set(key, values, timeout=CACHE_SECONDS)
    return licence_from(*values)


def licence_for_request(request):
    """The licence of the site serving ``request``, read once per request."""
    if request is None:
        return DEFAULT
    licence = getattr(request, "_content_licence", None)
    if licence is None:
        try:
            site = Site.find_for_request(request)
        except DatabaseError:
            return DEFAULT
        licence = request._content_licence = licence_for_site(site)
    return licence
