"""Inline citations of Sources, and their numbering on a page.

In the database a citation is a link entity that points at a Source record::

    <a linktype="source" id="7">the words that make the claim</a>

so fixing the Source fixes every article that cites it, and Wagtail's reference index
(the snippet's "Usage" view) lists every page that cites it.

On the page, numbers follow first use: the first Source cited is [1], a Source cited
eleven times keeps its one number, and each use gets an anchor that the Sources list
links back to. Numbers are handed out while the page renders (body first, Sources list
last), so rendering order is reading order.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.apps import apps
from django.utils.html import escape, format_html, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.rich_text import LinkHandler

# What the link handler writes; CitationIndex.render_html turns it into numbered markers.
_CITATION_LINK = re.compile(
    r'<a data-cite-source="(?P<id>\d+)" href="#sources">(?P<text>.*?)</a>', re.DOTALL
)
# Citations as stored in the database, for collecting the Sources a page uses.
STORED_CITATION = re.compile(r'<a [^>]*linktype=\\?"source\\?"[^>]*id=\\?"(\d+)\\?"')
# Every stored citation's opening tag and its words, whatever its id, for validating them.
_CITATION_TAG = re.compile(
    r'<a (?P<attrs>[^>]*linktype="source"[^>]*)>(?P<text>.*?)</a>', re.DOTALL
)
_ID_ATTRIBUTE = re.compile(r'(?:^|\s)id="(?P<id>[^"]*)"')
# The largest key a Source can have (a 64-bit integer in PostgreSQL and SQLite): a longer
# number would fail the database query, not just find nothing.
MAX_SOURCE_ID = 2**63 - 1


def source_id(raw):
    """The Source key a stored citation names, or None when it names none: its id is not a
    plain number (``abc``, ``None``, ``²``, ``-1``) or not one a key can be.

    Citations come from the editor's "Cite a source" button, which always writes a number;
    anything else was typed into the page's data by other means, or its Source was chosen
    and then deleted. Rendering and saving both ask here, so neither fails on it.
    """
    text = "" if raw is None else str(raw)
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_SOURCE_ID)):
        return None
    value = int(text)
    return value if 0 < value <= MAX_SOURCE_ID else None


# The Sources a page has already fetched, while it renders: (ids asked for, {id: Source}).
_KNOWN_SOURCES = ContextVar("known_sources", default=None)


@contextmanager
def known_sources(source_ids, sources_by_id):
    """Answer lookups of ``source_ids`` from ``sources_by_id`` instead of the database.

    A page fetches every Source its body cites in one query (CitationIndex); the body's
    pros/cons arguments then ask for their own Sources again, one query per side, as their
    stream blocks are read. Inside this block they are given the ones already fetched
    (``Source.objects.in_bulk`` consults ``known_sources_for``).
    """
    token = _KNOWN_SOURCES.set((frozenset(source_ids), sources_by_id))
    try:
        yield
    finally:
        _KNOWN_SOURCES.reset(token)


def known_sources_for(ids):
    """{id: Source} from the Sources already fetched, or None if they do not cover ``ids``.

    A Source that was asked for and not found (deleted since) is known to be missing.
    """
    known = _KNOWN_SOURCES.get()
    if known is None:
        return None
    fetched_ids, sources_by_id = known
    if not all(isinstance(pk, int) and pk in fetched_ids for pk in ids):
        return None
    return {pk: sources_by_id[pk] for pk in ids if pk in sources_by_id}


def _source_model():
    # By its label: the model's module imports this one (Source.objects reads known_sources).
    return apps.get_model("content", "Source")


class SourceLinkHandler(LinkHandler):
    """Expands <a linktype="source" id="N"> for readers (before numbering)."""

    identifier = "source"

    @staticmethod
    def get_model():
        return _source_model()

    @staticmethod
    def expand_db_attributes(attrs):
        # A citation that names no Source (see source_id) renders as a missing one: its
        # words, no number. Rendered outside an article (feeds, search snippets) it still
        # links to the list.
        return f'<a data-cite-source="{source_id(attrs.get("id")) or 0}" href="#sources">'

    @classmethod
    def extract_references(cls, attrs):
        # Feeds Wagtail's reference index, so a Source's "Usage" lists the pages citing it.
        yield cls.get_model(), attrs.get("id"), "", ""


@dataclass
class CitationEntry:
    number: int
    source: object
    uses: list = field(default_factory=list)  # anchor ids, in order of appearance

    @property
    def anchor(self):
        return f"source-{self.number}"


class CitationIndex:
    """Numbers the Sources a page cites, in order of first use.

    Built with the Sources the page may cite (fetched in one query); ``cite`` hands out
    numbers as the page renders.
    """

    def __init__(self, sources_by_id):
        self.sources_by_id = sources_by_id
        self._entries = {}

    @classmethod
    def for_source_ids(cls, source_ids):
        ids = {pk for pk in map(source_id, source_ids) if pk is not None}
        sources = _source_model().objects.in_bulk(ids) if ids else {}
        return cls(sources)

    def cite(self, source_id):
        """Record one use of a Source; returns (entry, anchor id of this use)."""
        source_id = int(source_id)
        source = self.sources_by_id.get(source_id)
        if source is None:
            return None, None
        entry = self._entries.get(source_id)
        if entry is None:
            entry = CitationEntry(number=len(self._entries) + 1, source=source)
            self._entries[source_id] = entry
        use_anchor = f"cite-{entry.number}-{len(entry.uses) + 1}"
        entry.uses.append(use_anchor)
        return entry, use_anchor

    def marker(self, source_id):
        """The superscript link for one use of a Source (empty if it no longer exists)."""
        entry, use_anchor = self.cite(source_id)
        if entry is None:
            return ""
        label = _("Source %(number)s: %(publisher)s") % {
            "number": entry.number,
            "publisher": entry.source.described.publisher,
        }
        return format_html(
            '<sup class="citation"><a href="#{}" id="{}" aria-label="{}">[{}]</a></sup>',
            entry.anchor,
            use_anchor,
            label,
            entry.number,
        )

    def render_html(self, html):
        """Replace the link handler's citation links with numbered markers."""

        def replace(match):
            marker = self.marker(match.group("id"))
            return f'<span class="cited">{match.group("text")}</span>{marker}'

        return _CITATION_LINK.sub(replace, html)

    @property
    def entries(self):
        return sorted(self._entries.values(), key=lambda entry: entry.number)

    def __len__(self):
        return len(self._entries)


def source_ids_in_stream(raw_stream):
    """Every Source id a StreamField's raw data cites, inline or as an argument's Source."""
    ids = set()

    def walk(value):
        if isinstance(value, dict):
            for key, child in value.items():
                if key == "sources" and isinstance(child, list):
                    for item in child:
                        item_value = item.get("value") if isinstance(item, dict) else item
                        if isinstance(item_value, int) and source_id(item_value):
                            ids.add(item_value)
                else:
                    walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)
        elif isinstance(value, str) and "linktype" in value:
            ids.update(pk for pk in map(source_id, STORED_CITATION.findall(value)) if pk)

    walk(list(raw_stream))
    return ids


def plain_citation(source):
    """A one-line reference for feeds and structured data."""
    parts = [source.publisher, escape(source.title)]
    if source.date_published:
        parts.append(source.date_published.isoformat())
    return ", ".join(str(part) for part in parts if part)


def citation_errors(raw_stream):
    """What is wrong with the inline citations in a StreamField's raw data: one message per
    citation that names no Source (see ``source_id``), saying which words it is on. A page
    with any is not saved (``CitingPageMixin.clean``), so the editor can cite again."""
    errors = []

    def walk(value):
        if isinstance(value, dict):
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)
        elif isinstance(value, str) and "linktype" in value:
            for match in _CITATION_TAG.finditer(value):
                found = _ID_ATTRIBUTE.search(match.group("attrs"))
                if source_id(found.group("id") if found else None) is None:
                    words = strip_tags(match.group("text")).strip()
                    errors.append(
                        _(
                            "The citation on “%(words)s” does not name a Source. Select "
                            "those words, remove the citation and cite the Source again."
                        )
                        % {"words": Truncator(words).chars(60)}
                    )

    walk(list(raw_stream))
    return errors
