"""Every URL pattern of both admins, as an address that reaches it.

Read from the URLconf itself (everything under WAGTAIL_ADMIN_PATH and /django-admin/), so a
view added by Wagtail, a hook or an app is swept without anyone listing it. Each argument
gets the first sample value its converter (or regular expression) accepts; an address
counts only if Django's resolver sends it to that very pattern. A pattern no sample fits
is reported, so it cannot silently drop out of the sweep.
"""

import itertools
import re

from django.conf import settings
from django.urls import Resolver404, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.regex_helper import normalize

from core.paths import DJANGO_ADMIN_PREFIX

# Tried in order for every argument: an id, a word, a Django app's label, Wagtail's
# revision names.
SAMPLES = ("1", "x", "auth", "live", "latest")


def _pieces(pattern):
    """The ways to write one pattern's part of an address: a list of strings."""
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        parts = re.split(r"<(?:\w+:)?(\w+)>", route)
        options = [[part] for part in parts[0::2]]
        names = parts[1::2]
        for index, name in enumerate(names):
            regex = pattern.converters[name].regex
            fitting = [sample for sample in SAMPLES if re.fullmatch(regex, sample)]
            options.insert(2 * index + 1, fitting)
        return ["".join(choice) for choice in itertools.product(*options)]
    if isinstance(pattern, RegexPattern):
        pieces = []
        for template, params in normalize(pattern._regex):
            for values in itertools.product(SAMPLES, repeat=len(params)):
                piece = template % dict(zip(params, values, strict=True))
                pieces.append(piece)
        return pieces
    raise TypeError(f"unknown URL pattern type: {pattern!r}")


def _walk(patterns, chain):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, [*chain, pattern])
        else:
            yield [*chain, pattern]


def _route(chain):
    return "".join(str(link.pattern) for link in chain)


def admin_urls():
    """(sample address, pattern route) for every admin URL pattern; and the routes that no
    sample address reaches."""
    admin_roots = {settings.WAGTAIL_ADMIN_PATH.lstrip("/"), DJANGO_ADMIN_PREFIX.lstrip("/")}
    found, unreachable = [], []
    for chain in _walk(get_resolver().url_patterns, []):
        if str(chain[0].pattern) not in admin_roots:
            continue
        route = _route(chain)
        for candidate in itertools.product(*(_pieces(link.pattern) for link in chain)):
            address = "/" + "".join(candidate)
            try:
                match = resolve(address)
            except Resolver404:
                continue
            if match.func is chain[-1].callback:  # this pattern's own view, not another's
                found.append((address, route))
                break
        else:
            unreachable.append(route)
    return found, unreachable
