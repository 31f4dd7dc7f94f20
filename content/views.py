"""Views outside the page tree: topic pages and robots.txt."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from content.models import ArticlePage, Topic
from content.models.pages import (
    cards_fragment,
    for_listing,
    paginate_listing,
    requested_cards_fragments,
)
from core.page_cache import fragments_for_scope
from core.site_url import public_url

TOPIC_PAGE_SIZE = 12


@require_GET
def topic_detail(request, slug):
    """The explainers on one topic, newest first, paginated like the explainers index."""
    # The topic in the address's language: /zh-hans/topics/<slug>/ finds a Chinese topic.
    topic = get_object_or_404(Topic, slug=slug, locale=Locale.get_active())
    articles = for_listing(ArticlePage.objects.filter(topics=topic)).order_by(
        "-first_published", "-pk"
    )
    # The cards are kept for anonymous readers: a Topic's save starts a new generation.
    fragments = fragments_for_scope(
        request, f"topic:{topic.pk}", requested_cards_fragments(request)
    )
    page = paginate_listing(request, articles, TOPIC_PAGE_SIZE, fragments)
    return render(
        request,
        "pages/topic_page.html",
        {
            "topic": topic,
            "articles": page,
            "cards_fragment": cards_fragment(page.number),
            "fragments": fragments,
            "listing_url": public_url(topic.get_absolute_url()),
        },
    )


@require_GET
def robots_txt(request):
    sitemap_url = public_url(reverse("sitemap"))
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.WAGTAIL_ADMIN_PATH.strip('/')}/",
        "Disallow: /comments/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
