"""Site search: the /search/ page over live, public explainers and plain pages.

Wagtail's search backend does the matching and ranking (PostgreSQL full-text search with
stemming on PostgreSQL, SQLite's FTS5 or plain matching elsewhere). This module cleans the
reader's query, asks the backend, shows the editors' promoted results first, and builds a
short snippet of each result with the query's words marked.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET
from wagtail import blocks
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page, Site
from wagtail.search.query import And, Phrase, PlainText
from wagtail.search.utils import normalise_query_string

from content.citations import known_sources, source_ids_in_stream
from content.models import ArticleIndexPage, ArticlePage, Source, StandardPage, Topic
from content.models.pages import (
    cards_fragment,
    cited_sources_text,
    paginate_with,
    public,
    requested_cards_fragments,
)
from core.page_cache import fragments_for_scope

# Longer queries are cut here (and the reader is told): no one types more, and it bounds
# the work a single request can ask of the database.
MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
SNIPPET_LENGTH = 240  # characters of context shown under each result
SNIPPET_LEAD_IN = 70  # characters shown before the first match

# Words too common to be worth marking in a snippet.
# fmt: off
STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "what", "when",
    "where", "which", "who", "why", "will", "with",
})
# fmt: on
# Suffixes dropped before marking, so "cameras" marks "camera" and the reverse, as the
# backend's stemming would match them.
_SUFFIXES = ("ing", "es", "ed", "s")
_CONTROL_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_WORD = re.compile(r"\w+")
_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\w+)')


@dataclass(frozen=True)
class CleanedQuery:
    """The reader's query made safe to search for, and whether it had to be shortened."""

    text: str
    truncated: bool = False

    def __bool__(self):
        return bool(self.text)


def clean_query(raw):
    """Strip control characters and extra spaces; cut to MAX_QUERY_LENGTH characters."""
    characters = (
        " " if unicodedata.category(char) in _CONTROL_CATEGORIES else char for char in raw or ""
    )
    text = " ".join("".join(characters).split())
    if len(text) <= MAX_QUERY_LENGTH:
        return CleanedQuery(text=text)
    shortened = text[:MAX_QUERY_LENGTH]
    # End on a whole word when there is one to end on.
    if " " in shortened and text[MAX_QUERY_LENGTH] != " ":
        shortened = shortened.rsplit(" ", 1)[0]
    return CleanedQuery(text=shortened.strip(), truncated=True)


def backend_query(query_text):
    """The query for the search backend: its words, and any "quoted phrases".

    Only word characters reach the backend, so no operator or stray quote can break its
    query syntax (SQLite's FTS5 rejects an unbalanced quote). Every word must match.
    Returns None when nothing is left to search for.
    """
    phrases = []
    words = []
    for phrase, word in _PHRASE_OR_WORD.findall(query_text):
        if phrase:
            phrase_words = _WORD.findall(phrase)
            if len(phrase_words) > 1:
                phrases.append(Phrase(" ".join(phrase_words)))
            else:
                words.extend(phrase_words)
        elif word:
            words.append(word)
    parts = [*phrases, PlainText(" ".join(words), operator="and")] if words else phrases
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def _stem(word):
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def highlight_pattern(query_text):
    """A regex matching the words of the query (and their simple inflections), or None."""
    stems = {
        _stem(word)
        for word in (match.lower() for match in _WORD.findall(query_text))
        if word not in STOP_WORDS and (len(word) > 1 or not word.isascii())
    }
    if not stems:
        return None
    # Longest first, so "cameras" is preferred to "camera" where both could match.
    alternatives = "|".join(re.escape(stem) for stem in sorted(stems, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def highlight(text, pattern):
    """Escape ``text`` and wrap each match of ``pattern`` in <mark>; returns safe HTML."""
    if pattern is None:
        return escape(text)
    pieces = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    # Neighbouring words form one mark: "<mark>facial recognition</mark>".
    html = re.sub(r"</mark>(\s+)<mark>", r"\1", "".join(pieces))
    return mark_safe(html)  # noqa: S308 - every piece of reader text is escaped


def make_snippet(text, pattern, length=SNIPPET_LENGTH):
    """A passage of ``text`` around the first match, with the matches marked."""
    text = " ".join(text.split())
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > SNIPPET_LEAD_IN:
        start = text.rfind(" ", 0, first.start() - SNIPPET_LEAD_IN) + 1
    end = start + length
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    passage = highlight(text[start:end], pattern)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return SafeString(f"{prefix}{passage}{suffix}")


def block_text(block, raw):
    """The words a reader sees in a block: like get_searchable_content, without choices.

    A choice (a heading's level, an evidence label's code) is not prose: "Section (H2)"
    has no place in a snippet. Reads the stored JSON (``raw``) against the block
    definitions, so that no Source, image or other chosen object is looked up and no
    block value is built for text that is thrown away after the snippet is cut.
    """
    if raw is None or isinstance(block, (blocks.ChoiceBlock, blocks.ChooserBlock)):
        return []
    if isinstance(block, blocks.StructBlock):
        return [
            text
            for name, child in block.child_blocks.items()
            for text in block_text(child, raw.get(name))
        ]
    if isinstance(block, blocks.ListBlock):
        # Items are stored as {"type": "item", "value": …, "id": …}, or bare in old data.
        return [
            text
            for item in raw
            for text in block_text(
                block.child_block,
                item["value"] if isinstance(item, dict) and item.get("type") == "item" else item,
            )
        ]
    if isinstance(block, blocks.StreamBlock):
        return [
            text
            for item in raw
            if item.get("type") in block.child_blocks
            for text in block_text(block.child_blocks[item["type"]], item.get("value"))
        ]
    return block.get_searchable_content(block.to_python(raw))


def searchable_parts(page):
    """The text a snippet is drawn from, a block at a time: standfirst or introduction,
    then the body, then the titles of the Sources it cites."""
    yield getattr(page, "standfirst", "") or getattr(page, "introduction", "") or ""
    body = getattr(page, "body", None)
    if body is not None:
        stream_block = body.stream_block
        for item in body.raw_data:
            child = stream_block.child_blocks.get(item.get("type"))
            if child is not None:
                yield from block_text(child, item.get("value"))
        yield cited_sources_text(page)


def searchable_text(page):
    """All of a page's searchable_parts as one text."""
    # Rich text arrives as plain text already (get_searchable_content strips it); plain
    # fields stay as written, so "<" in a standfirst is shown, escaped, not taken for a tag.
    return " ".join(part for part in searchable_parts(page) if part)


def page_snippet(page, pattern, length=SNIPPET_LENGTH):
    """``make_snippet(searchable_text(page), pattern)``, reading only as much of the page
    as the snippet needs: up to ``length`` characters past the first match.

    Parts meet at a space and a match never spans a space, so the text read so far is
    the start of the whole text, with the same first match, and the snippet cut from it
    is the same.
    """
    text = ""
    # The snippet starts at or before the first match (the start, without a pattern).
    anchor = 0 if pattern is None else None
    for part in searchable_parts(page):
        words = " ".join(part.split())
        if not words:
            continue
        offset = len(text) + 1 if text else 0
        text = f"{text} {words}" if text else words
        if anchor is None:
            match = pattern.search(words)
            if match:
                anchor = offset + match.start()
        if anchor is not None and len(text) > anchor + length:
            break
    return make_snippet(text, pattern, length)


@dataclass
class SearchResult:
    """One result as the reader sees it."""

    page: Page
    snippet: SafeString

    @property
    def is_article(self):
        return isinstance(self.page, ArticlePage)

    @property
    def date(self):
        if self.is_article:
            return self.page.first_published
        published = self.page.last_published_at or self.page.first_published_at
        return published.date() if published else None


def snippets_for(pages, pattern):
    """A SearchResult for each page; the Sources they all cite come in one query."""
    pages = list(pages)
    cited = {
        page.pk: source_ids_in_stream(page.body.raw_data) for page in pages if hasattr(page, "body")
    }
    source_ids = set().union(*cited.values())
    sources_by_id = Source.objects.in_bulk(source_ids) if source_ids else {}
    with known_sources(source_ids, sources_by_id):
        return [SearchResult(page=page, snippet=page_snippet(page, pattern)) for page in pages]


def searchable_pages(request):
    """Live, public explainers and plain pages of the site the reader is on."""
    # Restricted sections are left out inside the query (content.models.pages.public), as
    # a key filter the search backend accepts, instead of Wagtail's .public() query.
    pages = (
        Page.objects.live()
        .type(ArticlePage, StandardPage)
        .filter(pk__in=public(Page.objects.all()).values("pk"))
    )
    site = Site.find_for_request(request)
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return pages


def promoted_results(query_text):
    """The editors' picks for this query that a reader may see, in the editors' order.

    Reads without creating a Query record: only searches that are made count as hits.
    """
    query = Query.objects.filter(query_string=normalise_query_string(query_text)).first()
    if query is None:
        return []
    promotions = list(query.editors_picks.select_related("page"))
    promoted_ids = [promotion.page_id for promotion in promotions if promotion.page_id]
    visible_page_ids = (
        set(public(Page.objects.live().filter(pk__in=promoted_ids)).values_list("pk", flat=True))
        if promoted_ids
        else set()
    )
    return [
        promotion
        for promotion in promotions
        if (promotion.page_id in visible_page_ids)
        or (promotion.page_id is None and promotion.external_link_url)
    ]


def _page_url(query, page_of_results, direction):
    """The URL of the previous or next page of results, with the cleaned query."""
    if page_of_results is None or not getattr(page_of_results, f"has_{direction}")():
        return None
    number = getattr(page_of_results, f"{direction}_page_number")()
    return f"{reverse('search')}?{urlencode({'q': query.text, 'page': number})}"


@require_GET
def search(request):
    """Search results for ?q=… , promoted results first, paginated."""
    query = clean_query(request.GET.get("q", ""))
    promotions = []
    results = None
    page_of_results = None
    result_count = 0
    index_page = None
    fragments = None
    if query:
        promotions = promoted_results(query.text)
        promoted_ids = [promotion.page_id for promotion in promotions if promotion.page_id]
        search_for = backend_query(query.text)
        matches = searchable_pages(request).exclude(pk__in=promoted_ids).specific()
        matches = matches.search(search_for) if search_for else matches.none()
        # The results are the same for every anonymous reader until the next generation
        # (a publish, a Source saved...): kept per query, and per the promoted pages left
        # out of them, which editors change without starting one.
        scope = hashlib.sha256(f"{query.text}\0{promoted_ids}".encode()).hexdigest()[:32]
        fragments = fragments_for_scope(
            request, f"search:{scope}", requested_cards_fragments(request)
        )
        paginator = Paginator(matches, RESULTS_PER_PAGE)
        count = fragments.get("count") if fragments is not None else None
        if count is not None:
            paginator.count = int(count)  # a cached_property: no count asked of the backend
        page_of_results = paginate_with(paginator, request)
        if fragments is not None and count is None:
            fragments.put("count", str(paginator.count))
        if fragments is None or fragments.get(cards_fragment(page_of_results.number)) is None:
            pattern = highlight_pattern(query.text)
            results = snippets_for(page_of_results.object_list, pattern)
            index_page = public(ArticleIndexPage.objects.live()).first()
        result_count = page_of_results.paginator.count + len(promotions)
        if request.GET.get("page", "1") == "1":  # paging on is not a new search
            Query.get(query.text).add_hit()

    response = render(
        request,
        "pages/search_results.html",
        {
            "query": query,
            "search_query": query.text,
            "promotions": promotions,
            "results": results,
            "page_of_results": page_of_results,
            "result_count": result_count,
            "previous_url": _page_url(query, page_of_results, "previous"),
            "next_url": _page_url(query, page_of_results, "next"),
            "topics": Topic.objects.filter(articles__live=True).distinct(),
            "index_page": index_page,
            "fragments": fragments,
            "cards_fragment": (
                cards_fragment(page_of_results.number) if page_of_results is not None else ""
            ),
            "max_query_length": MAX_QUERY_LENGTH,
        },
    )
    # Search pages are endless and thin: keep them out of search engines.
    response["X-Robots-Tag"] = "noindex"
    return response
