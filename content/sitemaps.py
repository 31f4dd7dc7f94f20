"""The sitemap's sections: Wagtail's page tree, and the topic pages outside it."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Max, Q
from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from content.models import Topic
from core.site_url import public_base_url


class TopicSitemap(PageSitemap):
    """Each topic page that lists at least one live explainer, dated by its newest one.

    A Wagtail sitemap section so that it is given the request; topics are addressed on the
    site's public address (core.site_url), like the pages.
    """

    def items(self):
        live = Q(articles__live=True)
        return (
            Topic.objects.filter(live)
            .annotate(latest_article=Max("articles__last_published_at", filter=live))
            .order_by("slug")
        )

    def location(self, topic):
        return topic.get_absolute_url()

    def lastmod(self, topic):
        return topic.latest_article

    def get_urls(self, page=1, site=None, protocol=None):
        root = urlsplit(public_base_url())
        return DjangoSitemap._urls(self, page, root.scheme, root.netloc)


SITEMAPS = {"pages": PageSitemap, "topics": TopicSitemap}
