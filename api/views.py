"""The open data API's views (docs/api.md): read-only JSON, paginated, cached, rate-limited.

Readers get no cookie here either: no authentication (so no session is read or written) and
no CSRF token. Every failure is JSON with a ``detail`` message: a bad parameter a 400, an
unknown id or page a 404, too many requests a 429 (DRF's exception handler). The message is
in the language the client's Accept-Language prefers (English or Chinese); the data never
depends on it.
"""

import hashlib
import math
import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext, gettext_lazy, ngettext
from rest_framework import exceptions, renderers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from api import serialise
from api.openapi import openapi_document
from content.models import ArticlePage, Source, Topic
from content.models.pages import public
from core.client_address import client_address, truncated_network
from core.page_cache import current_generation

PAGE_SIZE = 20
#: The largest id a database row can have (a bigger number is no row's: 404, not an overflow).
MAX_ID = 2**63 - 1
LANGUAGES = ("en", "zh-hans")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")
_NUMBER = re.compile(r"[1-9][0-9]{0,18}")
#: The query parameters the API reads; any other is ignored, and left out of the cache key
#: and of the links to other pages, so made-up parameters cannot fill the cache.
PARAMETERS = ("language", "topic", "page")


def own_address(request):
    """The request's absolute address with only the parameters the API reads, in one order."""
    kept = [(name, value) for name in PARAMETERS for value in request.query_params.getlist(name)]
    query = urlencode(kept)
    return request.build_absolute_uri(request.path) + (f"?{query}" if query else "")


class BadRequest(exceptions.APIException):
    status_code = 400
    default_detail = gettext_lazy("Bad request.")
    default_code = "bad_request"


class TooManyRequests(exceptions.Throttled):
    """429 with Retry-After, and a message in the client's language (DRF's own appends an
    English sentence)."""

    def __init__(self, wait):
        seconds = max(1, math.ceil(wait or 0))
        message = ngettext(
            "Too many requests from your network: try again in %(seconds)s second.",
            "Too many requests from your network: try again in %(seconds)s seconds.",
            seconds,
        ) % {"seconds": seconds}
        exceptions.APIException.__init__(self, message)
        self.wait = seconds


class HashedNetworkThrottle(SimpleRateThrottle):
    """API_RATE_LIMIT requests (default 120 a minute) per network (/24 for IPv4, /64 for
    IPv6), counted in the cache under a keyed hash of the network and the UTC day: no
    address is stored, and the counter expires with its window."""

    scope = "api"

    def get_rate(self):
        return getattr(settings, "API_RATE_LIMIT", "120/minute")

    def get_cache_key(self, request, view):
        network = truncated_network(client_address(request))
        day = timezone.now().date().isoformat()
        digest = salted_hmac(f"api.throttle.{day}", network, algorithm="sha256").hexdigest()
        return f"api-throttle:{digest[:32]}"


class AlwaysJson(BaseContentNegotiation):
    """JSON whatever the Accept header asks for: there is nothing else to offer."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ApiView(APIView):
    """A GET answered from ``data()``, kept in the cache for API_CACHE_SECONDS (default 300)
    under the full address and the page-cache generation, which every publish, Source or
    Topic change replaces (core.page_cache); browsers and CDNs may keep it as long."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    renderer_classes = (renderers.JSONRenderer,)
    content_negotiation_class = AlwaysJson
    throttle_classes = (HashedNetworkThrottle,)
    cached = True

    def initial(self, request, *args, **kwargs):
        # Messages (ours and DRF's, throttling included) in the client's language. The
        # address chooses nothing here: /api/ is one address for every language.
        language = translation.get_language_from_request(request._request, check_path=False)
        translation.activate(language)
        request._request.LANGUAGE_CODE = translation.get_language()
        super().initial(request, *args, **kwargs)

    def throttled(self, request, wait):
        raise TooManyRequests(wait)

    def get(self, request, **kwargs):
        seconds = getattr(settings, "API_CACHE_SECONDS", 300)
        generation = current_generation() if seconds and self.cached else None
        key = None
        data = None
        if generation:
            address = own_address(request).encode()
            key = f"api:{generation}:{hashlib.sha256(address).hexdigest()}"
            data = cache.get(key)
        if data is None:
            data = self.data(request, **kwargs)
            if key:
                cache.set(key, data, timeout=seconds)
        response = Response(data)
        patch_cache_control(response, public=True, max_age=seconds)
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        # Open data: any web page may read it (no credentials are ever involved).
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        if response.status_code >= 400:
            # Only a failure's message depends on the language asked for: the data does
            # not, so a cache keeps one copy of each answer for every reader.
            response["Content-Language"] = translation.get_language()
            patch_vary_headers(response, ["Accept-Language"])
        return response

    def data(self, request, **kwargs):  # pragma: no cover - every view names its own
        raise NotImplementedError


def row_id(text):
    """A path's id as a number, or a JSON 404 for anything no row can have."""
    if not _NUMBER.fullmatch(text) or int(text) > MAX_ID:
        raise exceptions.NotFound(gettext("No record has the id %(id)s.") % {"id": repr(text[:40])})
    return int(text)


def paginated(request, items, serialise_item):
    """One page (``?page=N``, PAGE_SIZE a page) of ``items`` with the count and links."""
    number = request.query_params.get("page", "1")
    if not _NUMBER.fullmatch(number) or len(number) > 6:
        raise BadRequest(gettext("page must be a whole number from 1 to 999999."))
    number = int(number)
    paginator = Paginator(items, PAGE_SIZE)
    if number > paginator.num_pages:
        raise exceptions.NotFound(
            ngettext(
                "There is no page %(number)s: there is %(pages)s page.",
                "There is no page %(number)s: there are %(pages)s pages.",
                paginator.num_pages,
            )
            % {"number": number, "pages": paginator.num_pages}
        )
    page = paginator.page(number)
    address = own_address(request)

    def link(to):
        return (
            remove_query_param(address, "page")
            if to == 1
            else replace_query_param(address, "page", to)
        )

    return {
        "count": paginator.count,
        "page": number,
        "pages": paginator.num_pages,
        "next": link(number + 1) if page.has_next() else None,
        "previous": link(number - 1) if page.has_previous() else None,
        "results": [serialise_item(item, request) for item in page.object_list],
    }


def language_parameter(request):
    language = request.query_params.get("language")
    if language is not None and language not in LANGUAGES:
        raise BadRequest(
            gettext("language must be one of: %(languages)s.") % {"languages": ", ".join(LANGUAGES)}
        )
    return language


def explainers():
    """Live, public explainers, newest first."""
    return (
        public(ArticlePage.objects.live())
        .select_related("locale")
        .prefetch_related("topics__locale")
        .order_by("-first_published", "-pk")
    )


def cited_source_ids():
    """The ids of the Sources that at least one live, public explainer cites."""
    ids = set()
    for article in public(ArticlePage.objects.live()).only("body"):
        ids |= serialise.source_ids(article)
    return ids


class Root(ApiView):
    cached = False

    def data(self, request):
        def link(name):
            return request.build_absolute_uri(reverse(f"api:{name}"))

        return {
            "name": "Surveillance, Explained: open data API",
            "version": "1",
            "documentation": link("openapi"),
            "licence": serialise.licence(request),
            "explainers": link("explainers"),
            "sources": link("sources"),
            "topics": link("topics"),
        }


class OpenApiDocument(ApiView):
    cached = False
    throttle_classes = ()

    def data(self, request):
        return openapi_document()


class ExplainerList(ApiView):
    def data(self, request):
        articles = explainers().defer("body")
        language = language_parameter(request)
        if language:
            articles = articles.filter(locale__language_code=language)
        topic = request.query_params.get("topic")
        if topic is not None:
            if not _SLUG.fullmatch(topic):
                raise BadRequest(gettext("topic must be a topic's slug: letters, digits, - and _."))
            articles = articles.filter(topics__slug=topic).distinct()
        return paginated(request, articles, serialise.explainer_summary)


class ExplainerDetail(ApiView):
    def data(self, request, pk):
        try:
            # The byline's authors with the credits: one query, however many there are.
            article = explainers().prefetch_related("article_authors__author").get(pk=row_id(pk))
        except ArticlePage.DoesNotExist:
            raise exceptions.NotFound(
                gettext("No published explainer has the id %(id)s.") % {"id": pk}
            ) from None
        return serialise.explainer(article, request)


class SourceList(ApiView):
    def data(self, request):
        sources = Source.objects.filter(pk__in=cited_source_ids()).order_by("pk")
        return paginated(request, sources, serialise.source)


class SourceDetail(ApiView):
    def data(self, request, pk):
        number = row_id(pk)
        if number not in cited_source_ids():
            raise exceptions.NotFound(
                gettext("No Source cited by a published explainer has the id %(id)s.") % {"id": pk}
            )
        return serialise.source(Source.objects.get(pk=number), request)


class TopicList(ApiView):
    def data(self, request):
        topics = Topic.objects.select_related("locale").order_by("locale_id", "name", "pk")
        language = language_parameter(request)
        if language:
            topics = topics.filter(locale__language_code=language)
        return paginated(request, topics, serialise.topic)


class TopicDetail(ApiView):
    def data(self, request, pk):
        try:
            topic = Topic.objects.select_related("locale").get(pk=row_id(pk))
        except Topic.DoesNotExist:
            raise exceptions.NotFound(gettext("No topic has the id %(id)s.") % {"id": pk}) from None
        return serialise.topic(topic, request, detail=True)


class NotFoundView(ApiView):
    """Any other address under /api/: a JSON 404, as the API's own."""

    cached = False

    def data(self, request, **kwargs):
        raise exceptions.NotFound(
            gettext("Nothing is at this address: the API's addresses are listed at %(root)s")
            % {"root": request.build_absolute_uri(reverse("api:root"))}
        )
