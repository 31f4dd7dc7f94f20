from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from content import embeds as content_embeds
from content import feeds as content_feeds
from content import search as content_search
from content import sitemaps as content_sitemaps
from content import views as content_views
from explainer.locale import english_home, i18n_patterns

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path(settings.WAGTAIL_ADMIN_PATH, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The sitemap, or above 1,000 addresses its index, and its sections at addresses of their
    # own (not ?p=2, which the Varnish configuration drops from the key): content.sitemaps.
    path("sitemap.xml", content_sitemaps.sitemap, name="sitemap"),
    re_path(
        r"^sitemap-pages-(?P<number>[1-9][0-9]{0,5})\.xml$",
        content_sitemaps.sitemap_pages,
        name="sitemap_pages",
    ),
    path("sitemap-topics.xml", content_sitemaps.sitemap_topics, name="sitemap_topics"),
    path("robots.txt", content_views.robots_txt, name="robots_txt"),
    # The English home at an address that never negotiates: `/` sends a browser that prefers
    # Chinese to /zh-hans/, and the language switcher's "English" must not (explainer.locale).
    path("en/", english_home, name="english_home"),
    # The open data API (docs/api.md): one address in every language, JSON only.
    path("api/", include("api.urls")),
]

# What a reader reads, in every language: English at the addresses it always had (no prefix,
# so links shared since launch keep working), Simplified Chinese under /zh-hans/ (the page
# tree's Chinese home and its pages, Chinese topics, feeds of Chinese explainers). The
# language is the address's alone (explainer.locale): docs/translation.md.
reader_patterns = [
    # /search/ in English, /zh-hans/search/ in Chinese (its interface, and its form's action).
    path("search/", content_search.search, name="search"),
    path("feeds/rss/", content_feeds.ExplainersFeed(), name="feed_rss"),
    path("feeds/atom/", content_feeds.ExplainersAtomFeed(), name="feed_atom"),
    path("topics/", content_views.topic_index, name="topics"),
    path("topics/<slug:slug>/", content_views.topic_detail, name="topic"),
    path("authors/<slug:slug>/", content_views.author_detail, name="author"),
    path("topics/<slug:slug>/rss/", content_feeds.TopicFeed(), name="topic_feed_rss"),
    path("topics/<slug:slug>/atom/", content_feeds.TopicAtomFeed(), name="topic_feed_atom"),
    # A pros/cons block or a chart as a card other sites may frame (content.embeds).
    re_path(
        r"^embed/(?P<page_ref>[\w-]+)/(?P<block_id>[\w-]+)/$",
        content_embeds.embed,
        name="embed",
    ),
    # "Cite this": an explainer's citation files and its Sources list's, beside its address.
    re_path(
        r"^(?P<article_path>(?:[\w-]+/)+)cite\.(?P<extension>\w+)$",
        content_views.citation_download,
        name="citation_download",
    ),
    re_path(
        r"^(?P<article_path>(?:[\w-]+/)+)sources\.(?P<extension>\w+)$",
        content_views.sources_download,
        name="sources_download",
    ),
    # A chart's data, beside its explainer's address: <explainer>/chart/<block id>.csv.
    re_path(
        r"^(?P<article_path>(?:[\w-]+/)+)chart/(?P<block_id>[0-9a-f-]{1,36})\.csv$",
        content_views.chart_download,
        name="chart_download",
    ),
    # One argument on a page of its own, the address it is shared by (with its own card).
    re_path(
        r"^(?P<article_path>(?:[\w-]+/)+)arguments/(?P<anchor>(?:q\d+-)?(?:for|against)-\d+)/$",
        content_views.argument_detail,
        name="argument_detail",
    ),
    # An explainer's public history: its published versions and what changed between two.
    re_path(
        r"^(?P<article_path>(?:[\w-]+/)+)changes/$",
        content_views.article_changes,
        name="article_changes",
    ),
]


if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    # Media on this machine's disk are served by the app in a small deployment; with an S3
    # bucket (docs/deployment.md) the storage gives its own addresses.
    from django.views.static import serve

    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        ),
    ]

if apps.is_installed("comments"):  # optional: the site runs without discussion
    # Under the language prefix too: a comment is written in its page's language, and its
    # receipt and private pages speak it (docs/translation.md, "Comments in both languages").
    reader_patterns += [path("comments/", include("comments.urls"))]

if apps.is_installed("debate"):  # optional: weighing the arguments
    # Under the language prefix: the result page speaks the article's language.
    reader_patterns += [path("weigh/", include("debate.urls"))]

if apps.is_installed("tipoffs"):  # optional: the contact page and its tip-offs
    # /contact/ in English, /zh-hans/contact/ in Chinese: the page speaks its address's language.
    reader_patterns += [path("contact/", include("tipoffs.urls"))]

urlpatterns += i18n_patterns(*reader_patterns, path("", include(wagtail_urls)))

# A database outage raised outside a view still gets the designed 503 (core.outage).
handler500 = "core.outage.server_error"
