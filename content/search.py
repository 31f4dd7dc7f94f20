"""Site search: the /search/ page over live, public explainers and plain pages.

Wagtail's search backend does the matching and ranking (PostgreSQL full-text search with
stemming on PostgreSQL, SQLite's FTS5 or plain matching elsewhere). This module cleans the
reader's query, asks the backend, shows the editors' promoted results first, and builds a
short snippet of each result with the query's words marked.

Chinese is searched through character bigrams (content.cjk): the pages index their Han text
as overlapping pairs, and a Chinese query is cut the same way, every pair required.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models.functions import Substr
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Locale, Page, Site
from wagtail.search.query import And, Or, Phrase, PlainText
from wagtail.search.utils import normalise_query_string

from content.citations import known_sources, source_ids_in_stream
from content.cjk import HAN, bigrams, cjk_query, has_cjk, runs
from content.models import ArticleIndexPage, ArticlePage, Source, StandardPage, Topic
from content.models.pages import (
    cards_fragment,
    paginate_with,
    public,
    requested_cards_fragments,
    searchable_parts,
)
from core.page_cache import fragments_for_scope

# Longer queries are cut here (and the reader is told): no one types more, and it bounds
# the work a single request can ask of the database.
MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
SNIPPET_LENGTH = 240  # characters of context shown under each result
SNIPPET_LEAD_IN = 70  # characters shown before the first match
# Different character pairs of a Chinese query required at most (a 32-character query).
MAX_CHINESE_PAIRS = 31

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


def _all_of(parts):
    return None if not parts else parts[0] if len(parts) == 1 else And(parts)


# A Chinese run of this many pairs may be searched again with one of them left out (every
# pair but one: 4 to 8 ANDs, one per pair), when the whole query found nothing.
RELAXED_PAIRS = range(4, 9)


def chinese_backend_query(han_runs, relax=False):
    """The query for a query's Han runs: each run's character pairs, every one required
    ("人脸 脸识 识别"). Pages where they stand side by side, as in the query, rank first;
    a run quoted as a phrase must have them side by side.

    At most MAX_CHINESE_PAIRS different pairs are required (the first ones): a long
    Chinese query would otherwise nest the backend's query too deep to build.

    With ``relax``, an unquoted run of RELAXED_PAIRS pairs needs all of them but one: two
    words written together (深圳人脸识别) make a pair across the join (圳人) that the page,
    where they stand apart, does not have. Returns None when no run can be relaxed.
    """
    parts = []
    required = set()
    relaxed = False
    for run, quoted in han_runs:
        terms = cjk_query(run)
        pairs = [pair for pair in dict.fromkeys(terms.split()) if pair not in required]
        pairs = pairs[: max(MAX_CHINESE_PAIRS - len(required), 0)]
        required.update(pairs)
        if relax and not quoted and len(pairs) in RELAXED_PAIRS:
            relaxed = True
            parts.append(
                Or(
                    [
                        PlainText(" ".join(pairs[:left_out] + pairs[left_out + 1 :]), "and")
                        for left_out in range(len(pairs))
                    ]
                )
            )
        elif len(bigrams(run)) > 1 and quoted:
            parts.append(Phrase(terms))
        elif len(bigrams(run)) > 1 and pairs:
            parts.append(Or([PlainText(" ".join(pairs), operator="and"), Phrase(terms)]))
        elif pairs:
            parts.append(PlainText(" ".join(pairs), operator="and"))
    if relax and not relaxed:
        return None
    return _all_of(parts)


def backend_query(query_text, relax=False):
    """The query for the search backend: its words, and any "quoted phrases".

    Only word characters reach the backend, so no operator or stray quote can break its
    query syntax (SQLite's FTS5 rejects an unbalanced quote). Every word must match.
    Chinese words are searched as character pairs (chinese_backend_query); a query in
    both scripts finds the pages that match its English words or its Chinese ones (a
    page is written in one language), those matching both first.
    Returns None when nothing is left to search for; with ``relax``, the query searched
    when that found nothing (chinese_backend_query), or None when there is none.
    """
    phrases = []
    words = []
    han_runs = []  # (run, quoted)
    for phrase, word in _PHRASE_OR_WORD.findall(query_text):
        latin = []
        for is_han, run in runs(phrase or word):
            if is_han:
                han_runs.append((run, bool(phrase)))
            else:
                latin.append(run)
        if phrase and len(latin) > 1:
            phrases.append(Phrase(" ".join(latin)))
        else:
            words.extend(latin)
    latin_query = _all_of(
        [*phrases, PlainText(" ".join(words), operator="and")] if words else phrases
    )
    chinese_query = chinese_backend_query(han_runs, relax=relax)
    if relax and chinese_query is None:
        return None
    if latin_query is not None and chinese_query is not None:
        return Or([latin_query, chinese_query])
    return latin_query or chinese_query


def _stem(word):
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


# A letter or digit of a word that is not Han: Chinese has no spaces, so a word written
# against Chinese ("AI监控") starts and ends where the Han characters do.
_NON_HAN_WORD_CHAR = rf"[^\W{HAN}]"


def _pattern(latin_stems, han_words):
    alternatives = [
        # Longest first, so "cameras" is preferred to "camera" where both could match.
        *(
            rf"(?<!{_NON_HAN_WORD_CHAR}){re.escape(stem)}{_NON_HAN_WORD_CHAR}*"
            for stem in sorted(latin_stems, key=len, reverse=True)
        ),
        # Chinese words as written: a Han word has no inflections and no spaces around it.
        *(re.escape(word) for word in sorted(han_words, key=len, reverse=True)),
    ]
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _query_runs(query_text):
    """The query's non-Han words (lower case) and Han runs."""
    latin, han = set(), set()
    for word in _WORD.findall(query_text):
        for is_han, run in runs(word):
            (han if is_han else latin).add(run if is_han else run.lower())
    return latin, han


def highlight_pattern(query_text):
    """A regex matching the words of the query (and their simple inflections), or None.

    A Chinese word is marked where it stands whole (人脸识别 in 重庆的人脸识别摄像头).
    """
    latin, han = _query_runs(query_text)
    stems = {
        _stem(word)
        for word in latin
        if word not in STOP_WORDS and (len(word) > 1 or not word.isascii())
    }
    return _pattern(stems, han)


def chinese_fallback_pattern(query_text):
    """For a page where no Chinese word of the query stands whole (it was found through
    the word's character pairs, apart): a regex marking those pairs, or None."""
    _, han = _query_runs(query_text)
    pairs = {pair for run in han if len(run) > 2 for pair in bigrams(run)}
    return _pattern(set(), pairs)


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
    # Neighbouring words form one mark: "<mark>facial recognition</mark>", "<mark>重庆人脸</mark>".
    html = re.sub(r"</mark>(\s*)<mark>", r"\1", "".join(pieces))
    return mark_safe(html)  # noqa: S308 - every piece of reader text is escaped


# Where a Chinese passage may be cut nicely: after a full-width comma, full stop, colon…
_CJK_BREAKS = frozenset("，。、；：！？）」』】》")
_CJK_BREAK_SEARCH = 12  # characters looked through for one


def _width(char):
    """Columns a character takes: Chinese characters are about two Latin letters wide."""
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _narrow_at(text, position):
    """Whether the characters either side of ``position`` are both narrow (not Chinese)."""
    return _width(text[position - 1]) == 1 and _width(text[position]) == 1


def _latin_word_start(text, position):
    """Back from ``position`` to the start of the word not in Chinese it is inside."""
    while position > 0 and text[position - 1].isalnum() and _width(text[position - 1]) == 1:
        position -= 1
    return position


def _start_before(text, position, lead_in):
    """Where a snippet starts that shows about ``lead_in`` columns before ``position``."""
    cut, columns = position, 0
    while cut > 0 and columns < lead_in:
        cut -= 1
        columns += _width(text[cut])
    if cut == 0:
        return 0
    if _narrow_at(text, cut):
        # English: start at a word, after the space before the cut...
        space = text.rfind(" ", 0, cut)
        if not has_cjk(text[space + 1 : cut]):
            return space + 1
        # ...unless that space is behind Chinese text (no spaces): at the word's start.
        return _latin_word_start(text, cut)
    # Chinese: just after a comma or full stop close by, else anywhere.
    for index in range(cut, min(position, cut + _CJK_BREAK_SEARCH)):
        if text[index] in _CJK_BREAKS:
            return index + 1
    return cut


def _end_after(text, start, length):
    """Where a snippet of about ``length`` columns from ``start`` ends."""
    end, columns = start, 0
    while end < len(text) and columns < length:
        columns += _width(text[end])
        end += 1
    if end >= len(text):
        return len(text)
    if _narrow_at(text, end):
        # English: end at the last space...
        space = text.rfind(" ", start, end)
        if space < 0:
            return end
        if not has_cjk(text[space:end]):
            return space
        # ...unless that space is behind Chinese text: before the word cut.
        return max(_latin_word_start(text, end), start + 1)
    # Chinese: just after a comma or full stop close by, else anywhere.
    for index in range(end - 1, max(start, end - _CJK_BREAK_SEARCH), -1):
        if text[index] in _CJK_BREAKS:
            return index + 1
    return end


def make_snippet(text, pattern, length=SNIPPET_LENGTH):
    """A passage of ``text`` around the first match, with the matches marked.

    ``length`` and the lead-in before the match are counted in columns, a Chinese
    character taking two: a Chinese snippet holds about half as many characters.
    """
    text = " ".join(text.split())
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > 0:
        start = _start_before(text, first.start(), SNIPPET_LEAD_IN)
    end = _end_after(text, start, length)
    passage = highlight(text[start:end], pattern)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return SafeString(f"{prefix}{passage}{suffix}")


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


def language_tag(code):
    """A content language code as a lang attribute: ``zh-hans`` → ``zh-Hans``."""
    first, *rest = code.split("-")
    return "-".join([first, *(part.title() for part in rest)])


@dataclass
class SearchResult:
    """One result as the reader sees it."""

    page: Page
    snippet: SafeString
    language: str = ""  # the page's language code (zh-hans)

    @property
    def language_name(self):
        """The page's language, named in itself (English, 简体中文)."""
        return dict(settings.WAGTAIL_CONTENT_LANGUAGES).get(self.language, self.language)

    @property
    def language_tag(self):
        return language_tag(self.language)

    @property
    def is_article(self):
        return isinstance(self.page, ArticlePage)

    @property
    def date(self):
        if self.is_article:
            return self.page.first_published
        published = self.page.last_published_at or self.page.first_published_at
        return published.date() if published else None


def _marked_snippet(page, pattern, fallback=None):
    """page_snippet with ``pattern``; with ``fallback`` where ``pattern`` marks nothing."""
    snippet = page_snippet(page, pattern)
    if fallback is not None and "<mark>" not in snippet:
        snippet = page_snippet(page, fallback)
    return snippet


def snippets_for(pages, pattern, fallback=None):
    """A SearchResult for each page; the Sources they all cite come in one query.

    ``fallback`` marks the snippet of a page where ``pattern`` finds nothing (the pairs
    of a Chinese word found apart: chinese_fallback_pattern).
    """
    pages = list(pages)
    cited = {
        page.pk: source_ids_in_stream(page.body.raw_data) for page in pages if hasattr(page, "body")
    }
    source_ids = set().union(*cited.values())
    sources_by_id = Source.objects.in_bulk(source_ids) if source_ids else {}
    languages = dict(Locale.objects.values_list("pk", "language_code")) if pages else {}
    with known_sources(source_ids, sources_by_id):
        return [
            SearchResult(
                page=page,
                snippet=_marked_snippet(page, pattern, fallback),
                language=languages.get(page.locale_id, ""),
            )
            for page in pages
        ]


#: The language filter's value for every language (also its default, with no ``lang``).
ALL_LANGUAGES = "all"


@dataclass(frozen=True)
class LanguageFilter:
    """The results page's language filter: ``code`` is a content language or None (all);
    ``rejected`` the value asked for when it named none (the page says it was ignored)."""

    code: str | None = None
    rejected: str = ""


def language_filter(raw):
    """The ``lang`` parameter read: ``en``, ``zh-hans``, else every language; a value that
    names no language is ignored, and kept (cut short) to tell the reader so."""
    raw = (raw or "").strip()
    if raw in ("", ALL_LANGUAGES):
        return LanguageFilter()
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    if raw.lower() in codes:
        return LanguageFilter(code=raw.lower())
    return LanguageFilter(rejected=clean_query(raw).text[:40])


def language_choices(chosen):
    """The filter's options: (value, label, lang attribute or "", checked)."""
    choices = [(ALL_LANGUAGES, translation.gettext("All languages"), "", chosen is None)]
    for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
        choices.append((code, name, language_tag(code), code == chosen))
    return choices


def searchable_pages(request, language=None):
    """Live, public explainers and plain pages of the site the reader is on; only those in
    ``language`` (a content language code) when it is given."""
    # Restricted sections are left out inside the query (content.models.pages.public), as
    # a key filter the search backend accepts, instead of Wagtail's .public() query.
    pages = (
        Page.objects.live()
        .type(ArticlePage, StandardPage)
        .filter(pk__in=public(Page.objects.all()).values("pk"))
    )
    site = Site.find_for_request(request)
    if site is not None:
        # The site's home in every language: each language's tree hangs from its own
        # translation of the home page, all at the same depth (one query, as a subquery).
        root = site.root_page
        homes = Page.objects.filter(translation_key=root.translation_key).values("path")
        in_the_site = Page.objects.annotate(home_path=Substr("path", 1, len(root.path))).filter(
            home_path__in=homes
        )
        pages = pages.filter(pk__in=in_the_site.values("pk"))
    if language is not None:
        in_language = Page.objects.filter(locale__language_code=language)
        pages = pages.filter(pk__in=in_language.values("pk"))
    return pages


def promoted_results(query_text, language=None):
    """The editors' picks for this query that a reader may see, in the editors' order; with
    ``language``, only those of pages in it (and links to other sites).

    Reads without creating a Query record: only searches that are made count as hits.
    """
    query = Query.objects.filter(query_string=normalise_query_string(query_text)).first()
    if query is None:
        return []
    promotions = list(query.editors_picks.select_related("page"))
    promoted_ids = [promotion.page_id for promotion in promotions if promotion.page_id]
    visible = public(Page.objects.live().filter(pk__in=promoted_ids))
    if language is not None:
        visible = visible.filter(locale__language_code=language)
    visible_page_ids = set(visible.values_list("pk", flat=True)) if promoted_ids else set()
    return [
        promotion
        for promotion in promotions
        if (promotion.page_id in visible_page_ids)
        or (promotion.page_id is None and promotion.external_link_url)
    ]


def _page_url(query, page_of_results, direction, language=None):
    """The URL of the previous or next page of results, with the cleaned query (and the
    language filter)."""
    if page_of_results is None or not getattr(page_of_results, f"has_{direction}")():
        return None
    number = getattr(page_of_results, f"{direction}_page_number")()
    parameters = {"q": query.text, **({"lang": language} if language else {}), "page": number}
    return f"{reverse('search')}?{urlencode(parameters)}"


RELAXED = " relaxed"  # the cached count of a search made again, relaxed


@require_GET
def search(request):
    """Search results for ?q=… , promoted results first, paginated; ``lang`` keeps the
    results in one language. The interface is the address's language (/zh-hans/search/)."""
    query = clean_query(request.GET.get("q", ""))
    languages = language_filter(request.GET.get("lang"))
    language = languages.code
    promotions = []
    results = None
    page_of_results = None
    result_count = 0
    index_page = None
    fragments = None
    if query:
        promotions = promoted_results(query.text, language)
        promoted_ids = [promotion.page_id for promotion in promotions if promotion.page_id]
        search_for = backend_query(query.text)
        matches = searchable_pages(request, language).exclude(pk__in=promoted_ids).specific()
        matches = matches.search(search_for) if search_for else matches.none()
        # The results are the same for every anonymous reader until the next generation
        # (a publish, a Source saved...): kept per query, and per the promoted pages left
        # out of them, which editors change without starting one; per language filter,
        # and per interface language (the cards' words: /search/ and /zh-hans/search/).
        interface = translation.get_language()
        key = f"{query.text}\0{promoted_ids}\0{language}\0{interface}"
        scope = hashlib.sha256(key.encode()).hexdigest()[:32]
        fragments = fragments_for_scope(
            request, f"search:{scope}", requested_cards_fragments(request)
        )
        paginator = Paginator(matches, RESULTS_PER_PAGE)
        count = fragments.get("count") if fragments is not None else None
        relaxed_query = backend_query(query.text, relax=True) if search_for else None
        if relaxed_query is not None and (
            count.endswith(RELAXED) if count is not None else paginator.count == 0
        ):
            # Nothing had every pair of a long Chinese word: every pair but one, then.
            matches = searchable_pages(request, language).exclude(pk__in=promoted_ids).specific()
            paginator = Paginator(matches.search(relaxed_query), RESULTS_PER_PAGE)
            relaxed = RELAXED
        else:
            relaxed = ""
        if count is not None:
            # A cached_property: no count asked of the backend.
            paginator.count = int(count.removesuffix(RELAXED))
        page_of_results = paginate_with(paginator, request)
        if fragments is not None and count is None:
            fragments.put("count", f"{paginator.count}{relaxed}")
        if fragments is None or fragments.get(cards_fragment(page_of_results.number)) is None:
            pattern = highlight_pattern(query.text)
            fallback = chinese_fallback_pattern(query.text)
            results = snippets_for(page_of_results.object_list, pattern, fallback)
            # In the interface's language: the Chinese index from /zh-hans/search/.
            indexes = public(ArticleIndexPage.objects.live())
            index_page = indexes.filter(locale=Locale.get_active()).first() or indexes.first()
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
            "previous_url": _page_url(query, page_of_results, "previous", language),
            "next_url": _page_url(query, page_of_results, "next", language),
            "search_languages": language_choices(language),
            # With results kept to one language: the same search in every language.
            "every_language_url": (
                f"{reverse('search')}?{urlencode({'q': query.text})}" if language else ""
            ),
            "rejected_language": languages.rejected,
            "mixed_languages": results is not None
            and len({result.language for result in results}) > 1,
            "topics": Topic.objects.filter(
                articles__live=True, locale=Locale.get_active()
            ).distinct(),
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
