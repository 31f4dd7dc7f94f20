"""Views outside the page tree: topic pages, robots.txt and the citation downloads."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_safe
from wagtail.models import Locale, Revision, Site
from wagtail.views import serve as wagtail_serve

from content import changes as history
from content import citing_exports
from content.blocks.pros_cons import find_argument
from content.citations import CitationIndex, source_ids_in_stream
from content.models import ArticlePage, Author, StandardPage, Topic
from content.models.pages import (
    cards_fragment,
    for_listing,
    paginate_listing,
    public,
    requested_cards_fragments,
)
from content.social import argument_side_label, argument_social_meta
from core.page_cache import fragments_for_scope
from core.site_url import public_url

TOPIC_PAGE_SIZE = 12


@require_GET
def topic_index(request):
    """/topics/: every topic with a live explainer in the address's language, A to Z, with
    how many explainers each has (the home page shows only the most covered)."""
    topics = Topic.objects.filter(locale=Locale.get_active(), explainer_count__gt=0).order_by(
        "name"
    )
    language_urls = {}
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        with translation.override(code):
            language_urls[code] = reverse("topics")
    return render(
        request,
        "pages/topic_index.html",
        {
            "topics": topics,
            "canonical_url": public_url(reverse("topics")),
            "language_urls": language_urls,
        },
    )


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
def author_detail(request, slug):
    """One author: their bio and the explainers with their name in the byline, newest first."""
    # The author in the address's language: /zh-hans/authors/<slug>/ finds the Chinese copy.
    author = get_object_or_404(
        Author.objects.select_related("image"), slug=slug, locale=Locale.get_active()
    )
    articles = for_listing(ArticlePage.objects.filter(article_authors__author=author)).order_by(
        "-first_published", "-pk"
    )
    fragments = fragments_for_scope(
        request, f"author:{author.pk}", requested_cards_fragments(request)
    )
    page = paginate_listing(request, articles, TOPIC_PAGE_SIZE, fragments)
    return render(
        request,
        "pages/author_page.html",
        {
            "author": author,
            "articles": page,
            "cards_fragment": cards_fragment(page.number),
            "fragments": fragments,
            "listing_url": public_url(author.get_absolute_url()),
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


def _live_public_page(request, article_path, page_types):
    """The live, public page at ``article_path`` (``explainers/chongqing/``) of one of
    ``page_types``, found as Wagtail's router finds it; else 404."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    components = [part for part in article_path.split("/") if part]
    # Raises Http404 for an address with no page, or a page that is not live. From the home
    # page in the address's language, as Wagtail's own serve view routes: /zh-hans/… is
    # found under the Chinese home page.
    page, _args, _kwargs = site.root_page.localized.specific.route(request, components)
    page = page.specific
    if not isinstance(page, page_types) or not page.live:
        raise Http404
    # A page in a private section is cited from nowhere: its files are not served either.
    if not public(type(page).objects.filter(pk=page.pk)).exists():
        raise Http404
    return page


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_safe
def citation_download(request, article_path, extension):
    """``<explainer>/cite.bib|ris|json``: the explainer for a reference manager."""
    content_type = citing_exports.ARTICLE_FORMATS.get(extension)
    if content_type is None:
        raise Http404(gettext("No citation in that format."))
    article = _live_public_page(request, article_path, ArticlePage)
    work = citing_exports.cited_work_for_request(article, request)
    export = {
        "bib": citing_exports.bibtex,
        "ris": citing_exports.ris,
        "json": citing_exports.article_csl_json,
    }[extension]
    return _download(export(work), content_type, f"{work.file_stem}.{extension}")


@require_safe
def sources_download(request, article_path, extension):
    """``<page>/sources.bib|json``: every Source the page cites (in its text or its
    arguments), by publisher and title, as a bibliography is ordered."""
    content_type = citing_exports.SOURCES_FORMATS.get(extension)
    if content_type is None:
        raise Http404(gettext("No list of sources in that format."))
    page = _live_public_page(request, article_path, (ArticlePage, StandardPage))
    source_ids = source_ids_in_stream(page.body.raw_data)
    sources = sorted(
        CitationIndex.for_source_ids(source_ids).sources_by_id.values(),
        key=lambda source: (source.publisher.casefold(), source.title.casefold(), source.pk),
    )
    export = {"bib": citing_exports.sources_bibtex, "json": citing_exports.sources_csl_json}
    stem = citing_exports.citation_key(page.slug) or f"page{page.pk}"
    return _download(export[extension](sources), content_type, f"{stem}-sources.{extension}")


@require_safe
def chart_download(request, article_path, block_id):
    """``<explainer>/chart/<block id>.csv``: the numbers one of its charts draws, as the
    live page shows them (UTF-8, no byte-order mark, a header row)."""
    page = _live_public_page(request, article_path, ArticlePage)
    chart = next(
        (block for block in page.body if block.block_type == "chart" and block.id == block_id),
        None,
    )
    if chart is None:
        raise Http404(gettext("This explainer has no such chart."))
    stem = slugify(page.slug) or f"page{page.pk}"
    # The title's words where they are Latin letters; a Chinese title gives "chart".
    title = slugify(chart.value.get("title") or "")[:60].strip("-")
    title = title if any(character.isalpha() for character in title) else "chart"
    return _download(chart.value.as_csv(), "text/csv; charset=utf-8", f"{stem}-{title}.csv")


def _version_number(value):
    """A version number from the address, or None when it is not one."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit() and len(value) < 7):
        return None
    return int(value)


@require_safe
def article_changes(request, article_path):
    """``<explainer>/changes/``: the explainer's published versions, with the correction
    notes each carried; with ``?from=N&to=M``, what changed from version N to version M."""
    try:
        article = _live_public_page(request, article_path, ArticlePage)
    except Http404:
        # Not an explainer: perhaps a page of the tree whose slug is "changes".
        return wagtail_serve(request, f"{article_path}changes/")
    versions = history.published_versions(article)
    context = {"page": article, "article": article, "versions": versions, "error": None}
    status = 200
    asked = {name: request.GET.get(name) for name in ("from", "to") if name in request.GET}
    if asked:
        numbers = {name: _version_number(value) for name, value in asked.items()}
        by_number = {version.number: version for version in versions}
        if len(asked) < 2 or None in numbers.values():
            context["error"] = gettext(
                "To compare two versions, give the number of each: for example "
                "?from=1&to=2. The versions are listed below."
            )
            status = 400
        elif any(number not in by_number for number in numbers.values()):
            context["error"] = gettext(
                "There is no published version with that number. This explainer's "
                "published versions are listed below."
            )
            status = 404
        elif numbers["from"] >= numbers["to"]:
            context["error"] = gettext(
                "Choose an earlier version first and a later one second: for example ?from=1&to=2."
            )
            status = 400
        else:
            older, newer = by_number[numbers["from"]], by_number[numbers["to"]]
            revisions = Revision.objects.in_bulk([older.revision_id, newer.revision_id])
            context["older"], context["newer"] = older, newer
            context["comparison"] = history.compare(
                revisions[older.revision_id].as_object(),
                revisions[newer.revision_id].as_object(),
            )
            context["notes"] = [
                note
                for version in versions
                if older.number < version.number <= newer.number
                for note in version.notes
            ]
    # The address the page is kept under by the page cache (core.page_cache) names it.
    context["canonical_url"] = f"{article.get_full_url(request)}changes/"
    if "comparison" in context:
        context["canonical_url"] += f"?from={older.number}&to={newer.number}"
    return render(request, "pages/article_changes.html", context, status=status)


@require_safe
def argument_detail(request, article_path, anchor):
    """``<explainer>/arguments/for-2/``: one argument of an explainer on a page of its own,
    the address a reader shares it by. Link previews show the argument's own card; the page
    leads into the explainer at the argument (``#for-2``), where the other side is."""
    try:
        article = _live_public_page(request, article_path, ArticlePage)
    except Http404:
        # Not an explainer: perhaps a page of the tree under a page called "arguments".
        return wagtail_serve(request, f"{article_path}arguments/{anchor}/")
    found = find_argument(article.body, anchor)
    if found is None:
        raise Http404(gettext("This explainer has no argument at that address."))
    block, link = found
    url = f"{article.get_full_url(request)}arguments/{anchor}/"
    context = {
        "page": article,
        "article": article,
        "question": block.value.get("heading") or "",
        "argument": link,
        "side_label": argument_side_label(link),
        "argument_sources": [source for source in link.value.get("sources") or [] if source],
        "social": argument_social_meta(article, block, link, url, request),
        "page_subpath": f"arguments/{anchor}/",
    }
    return render(request, "pages/argument.html", context)
