"""Citing an explainer, and its Sources, in the forms readers and reference managers use.

An explainer is described once (``CitedWork``, built by ``cited_work`` from the article,
its public address, the site's name, the page's language and the content licence); each
function below turns that description into one format: APA, MLA and Chicago for readers
to copy, BibTeX, RIS and CSL-JSON for reference managers, the Highwire Press
``citation_*`` and Dublin Core tags that Zotero, Google Scholar and library tools read in
the page's head. The Sources an article cites are exported as CSL-JSON and BibTeX.

The formats read no database: ``cited_work`` is handed what the page already has, and
only ``cited_work_for_request`` asks for the site (cached on the request) and the licence
(cached under the page-cache generation). The authors are the article's byline (the
Author snippets, in order); an explainer without a byline has the organisation, under the
site's name, as its author.
"""

import datetime
import json
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.html import format_html
from django.utils.translation import gettext, pgettext
from wagtail.models import Site

from content.licensing import licence_for_request
from content.social import SITE_NAME_FALLBACK

# The English styles name months in English, whatever the interface's language.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# MLA 9 abbreviates the months longer than four letters.
MLA_MONTHS = (
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)

#: file extension: content type, of what /…/cite.<extension> serves.
ARTICLE_FORMATS = {
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "json": "application/vnd.citationstyles.csl+json; charset=utf-8",
}
#: What /…/sources.<extension> serves: the article's Sources.
SOURCES_FORMATS = {
    "bib": ARTICLE_FORMATS["bib"],
    "json": ARTICLE_FORMATS["json"],
}


@dataclass(frozen=True)
class CitedWork:
    """One explainer as a citation describes it."""

    key: str  # an ASCII citation key: surveillanceexplained2025chongqing
    title: str
    site_name: str  # the author (the organisation), the publisher and the website
    published: datetime.date
    updated: datetime.date
    url: str
    language: str  # a BCP 47 tag: en-GB, zh-Hans
    licence_name: str
    licence_url: str
    authors: tuple = ()  # the byline's names, in order; empty: the organisation is the author

    @property
    def people(self):
        """The authors as ``(given, family)`` pairs (``given`` empty for a one-word name
        such as a Chinese name written without a space)."""
        return [split_name(name) for name in self.authors]

    @property
    def path(self):
        """The explainer's path on the site, to which the downloads' names are added."""
        return urlsplit(self.url).path

    @property
    def was_updated(self):
        return self.updated > self.published

    @property
    def file_stem(self):
        """The downloads' file name without its extension."""
        return self.key


def citation_key(*parts):
    """An ASCII key from ``parts`` (accents dropped, only letters and digits)."""
    text = unicodedata.normalize("NFKD", "".join(str(part) for part in parts))
    return re.sub(r"[^a-z0-9]", "", text.encode("ascii", "ignore").decode().lower())


def split_name(name):
    """``(given, family)`` of a name as the byline writes it: the last word is the family
    name ("Ana María López" → "Ana María", "López"); a name of one word (李明) is kept whole
    as the family name."""
    words = " ".join(str(name).split()).rsplit(" ", 1)
    return ("", words[0]) if len(words) == 1 else (words[0], words[1])


def inverted(person):
    """ "Family, Given" (or the whole name when it has one word)."""
    given, family = person
    return f"{family}, {given}" if given else family


def natural(person):
    given, family = person
    return f"{given} {family}" if given else family


def initials(given):
    """APA's initials: "Ana María" → "A. M.", "Jean-Paul" → "J.-P."."""
    parts = []
    for word in given.split():
        parts.append("-".join(f"{piece[0]}." for piece in word.split("-") if piece))
    return " ".join(parts)


def cited_work(article, *, url, site_name, language, licence):
    """The ``CitedWork`` for ``article`` (an ArticlePage whose corrections are at hand:
    its last-updated date is its newest correction or update)."""
    published = article.first_published
    key = citation_key(site_name, published.year, article.slug)
    if key == citation_key(site_name, published.year):  # a slug with no ASCII letter
        key = f"{key}{article.pk or ''}"
    return CitedWork(
        key=key,
        title=article.title,
        site_name=site_name,
        published=published,
        updated=max(article.date_modified, published),
        url=url,
        language=language,
        licence_name=licence.name,
        licence_url=licence.url,
        authors=tuple(author.name for author in article.byline_authors()),
    )


def page_language():
    """The page's language as a BCP 47 tag: the one its <html lang> states."""
    return pgettext("the lang attribute of the page: this language as a BCP 47 tag", "en-GB")


def site_name_for(request, page):
    """The site's name in the reader's language, as the header shows it (and the feeds)."""
    site = Site.find_for_request(request) if request is not None else None
    site = site or page.get_site()
    return gettext((site.site_name if site else "") or SITE_NAME_FALLBACK)


def cited_work_for_request(article, request):
    """``cited_work`` for ``article`` as ``request`` is served it."""
    return cited_work(
        article,
        url=article.get_full_url(request),
        site_name=site_name_for(request, article),
        language=page_language(),
        licence=licence_for_request(request),
    )


# --- For readers to copy -------------------------------------------------------------------


def _long_date(date):
    return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"


def _bare_url(url):
    """MLA leaves out the scheme: example.org/explainers/…"""
    return re.sub(r"^https?://", "", url)


def _apa_authors(work):
    names = [f"{family}, {initials(given)}" if given else family for given, family in work.people]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def apa(work):
    """APA 7, a web page: by its authors, with the site's name after the title; without a
    byline, by the site (so the site is not named twice). The date is the last update's."""
    date = work.updated
    if work.authors:
        return format_html(
            "{} ({}, {} {}). <i>{}</i>. {}. {}",
            _apa_authors(work),
            date.year,
            MONTHS[date.month - 1],
            date.day,
            work.title,
            work.site_name,
            work.url,
        )
    return format_html(
        "{}. ({}, {} {}). <i>{}</i>. {}",
        work.site_name,
        date.year,
        MONTHS[date.month - 1],
        date.day,
        work.title,
        work.url,
    )


def access_placeholder():
    """Where a style wants the date the reader consulted the page: theirs to fill in."""
    return gettext("[date you read it]")


def _mla_authors(work):
    """MLA 9: the first author inverted; two joined by "and"; three or more "et al."."""
    people = work.people
    if len(people) == 1:
        return inverted(people[0])
    if len(people) == 2:
        return f"{inverted(people[0])}, and {natural(people[1])}"
    return f"{inverted(people[0])}, et al"


def mla(work):
    """MLA 9: the organisation is author and publisher, so the entry starts with the title;
    the date of the version read (the last update), and the access date left to fill in."""
    date = work.updated
    if work.authors:
        return format_html(
            "{}. “{}.” <i>{}</i>, {} {} {}, {}. Accessed {}.",
            _mla_authors(work).rstrip("."),
            work.title,
            work.site_name,
            date.day,
            MLA_MONTHS[date.month - 1],
            date.year,
            _bare_url(work.url),
            access_placeholder(),
        )
    return format_html(
        "“{}.” <i>{}</i>, {} {} {}, {}. Accessed {}.",
        work.title,
        work.site_name,
        date.day,
        MLA_MONTHS[date.month - 1],
        date.year,
        _bare_url(work.url),
        access_placeholder(),
    )


def _chicago_authors(work):
    """Chicago 17: the first author inverted, the others as written, "and" before the last."""
    people = work.people
    names = [inverted(people[0]), *(natural(person) for person in people[1:])]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]}, and {names[1]}"
    return ", ".join(names[:-1]) + ", and " + names[-1]


def chicago(work):
    """Chicago 17, bibliography entry for a web page: its authors (or the site), the site's
    name when the authors are people, published and last-modified dates."""
    if work.authors:
        lead = format_html(
            "{}. “{}.” {}.", _chicago_authors(work).rstrip("."), work.title, work.site_name
        )
    else:
        lead = format_html("{}. “{}.”", work.site_name, work.title)
    if work.was_updated:
        return format_html(
            "{} Published {}. Last modified {}. {}.",
            lead,
            _long_date(work.published),
            _long_date(work.updated),
            work.url,
        )
    return format_html("{} Published {}. {}.", lead, _long_date(work.published), work.url)


# --- BibTeX --------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _is_one_group(value):
    return value.startswith("{") and value.endswith("}") and '"' not in value


def bibtex_escape(text):
    """``text`` safe inside a braced BibTeX field (UTF-8 is kept as it is, for biber)."""
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in " ".join(str(text).split()))


def _bibtex_entry(entry_type, key, fields):
    lines = [f"@{entry_type}{{{key},"]
    lines += [
        # A value that is one braced group (a corporate author) is quoted instead of braced:
        # the same to BibTeX, and it never shows "{{" on the page.
        f'  {name} = "{value}",' if _is_one_group(value) else f"  {name} = {{{value}}},"
        for name, value in fields
        if value
    ]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _bibtex_authors(work):
    """ "Family, Given and …" (unambiguous to BibTeX); a one-word name or the organisation
    braced, so that it stays one name."""
    if not work.authors:
        return "{" + bibtex_escape(work.site_name) + "}"
    return " and ".join(
        f"{bibtex_escape(family)}, {bibtex_escape(given)}"
        if given
        else "{" + bibtex_escape(family) + "}"
        for given, family in work.people
    )


def bibtex(work):
    """A BibTeX @misc entry (biblatex reads its date and url too). The organisation is
    braced so that it is one name, not a surname and a first name."""
    note = f"Last updated {work.updated.isoformat()}. " if work.was_updated else ""
    return _bibtex_entry(
        "misc",
        work.key,
        [
            ("author", _bibtex_authors(work)),
            ("title", bibtex_escape(work.title)),
            ("howpublished", bibtex_escape(work.site_name)),
            ("year", str(work.published.year)),
            ("date", work.published.isoformat()),
            ("url", work.url),
            ("language", work.language),
            ("note", f"{note}Licence: {bibtex_escape(work.licence_name)}"),
        ],
    )


# --- RIS -----------------------------------------------------------------------------------


def _ris_date(date):
    return f"{date.year:04d}/{date.month:02d}/{date.day:02d}"


def _one_line(text):
    return " ".join(str(text).split())


def ris(work):
    """An RIS record of type ELEC (a web page), lines ending in CRLF as the format asks."""
    tags = [
        ("TY", "ELEC"),
        *(
            [("AU", inverted(person)) for person in work.people]
            if work.authors
            else [("AU", work.site_name)]
        ),
        ("TI", work.title),
        ("T2", work.site_name),
        ("PB", work.site_name),
        ("PY", str(work.published.year)),
        ("DA", _ris_date(work.published)),
        ("UR", work.url),
        ("LA", work.language),
    ]
    if work.was_updated:
        tags.append(("N1", f"Last updated {_ris_date(work.updated)}."))
    tags.append(("N1", f"Licence: {work.licence_name} ({work.licence_url})"))
    lines = [f"{tag}  - {_one_line(value)}" for tag, value in tags]
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


# --- CSL-JSON ------------------------------------------------------------------------------


def _date_parts(date):
    return {"date-parts": [[date.year, date.month, date.day]]}


def csl_item(work):
    """The explainer as one CSL-JSON item (https://citeproc-js.readthedocs.io/)."""
    item = {
        "id": work.key,
        "type": "webpage",
        "title": work.title,
        "author": [
            {"family": family, "given": given} if given else {"literal": family}
            for given, family in work.people
        ]
        or [{"literal": work.site_name}],
        "container-title": work.site_name,
        "publisher": work.site_name,
        "issued": _date_parts(work.published),
        "URL": work.url,
        "language": work.language,
        "license": f"{work.licence_name} ({work.licence_url})",
    }
    if work.was_updated:
        item["note"] = f"Last updated {work.updated.isoformat()}."
    return item


def csl_json(items):
    """A CSL-JSON file: an array of items, UTF-8, readable."""
    return json.dumps(list(items), ensure_ascii=False, indent=2) + "\n"


def article_csl_json(work):
    return csl_json([csl_item(work)])


# --- The Sources an article cites ----------------------------------------------------------

#: Source.kind: (CSL type, BibTeX entry type, the BibTeX field naming where it appeared).
SOURCE_TYPES = {
    "press": ("article-newspaper", "article", "journal"),
    "academic": ("article-journal", "article", "journal"),
    "official": ("report", "techreport", "institution"),
    "ngo": ("report", "techreport", "institution"),
    "video": ("motion_picture", "misc", "howpublished"),
    "other": ("webpage", "misc", "howpublished"),
}


def source_key(source):
    """A key for one Source: its first author's or publisher's first word, year and id."""
    names = source.authors or source.publisher or "source"
    first_word = citation_key(names.split()[0] if names.split() else "source") or "source"
    year = source.date_published.year if source.date_published else ""
    return f"{first_word}{year}-{source.pk}"


def source_authors(source):
    """The Source's credited authors as a list of names.

    Authors are typed as credited: several are separated by semicolons, by "and", or by
    commas between full names ("Ann Lee, Bo Chen"); a lone comma is a "Surname, Given".
    """
    text = _one_line(source.authors or "")
    if not text:
        return []
    if ";" in text:
        names = text.split(";")
    else:
        names = re.split(r"\s+(?:and|&)\s+", text)
        if len(names) == 1:
            by_comma = [part.strip() for part in text.split(",")]
            if len(by_comma) > 1 and all(" " in part for part in by_comma[:2]):
                names = by_comma
    return [name.strip() for name in names if name.strip()]


def source_csl_item(source):
    csl_type, _entry, _field = SOURCE_TYPES.get(source.kind, SOURCE_TYPES["other"])
    item = {
        "id": source_key(source),
        "type": csl_type,
        "title": source.title,
        "author": [{"literal": name} for name in source_authors(source)]
        or [{"literal": source.publisher}],
        "container-title": source.publisher,
        "publisher": source.publisher,
        "URL": source.url or source.archive_url,
        "language": source.language,
    }
    if source.date_published:
        item["issued"] = _date_parts(source.date_published)
    if source.date_accessed:
        item["accessed"] = _date_parts(source.date_accessed)
    if source.archive_url and source.url:
        item["archive_location"] = source.archive_url
    return {name: value for name, value in item.items() if value}


def sources_csl_json(sources):
    return csl_json(source_csl_item(source) for source in sources)


def source_bibtex(source):
    _csl, entry_type, where = SOURCE_TYPES.get(source.kind, SOURCE_TYPES["other"])
    authors = source_authors(source)
    fields = [
        (
            "author",
            " and ".join(bibtex_escape(name) for name in authors)
            if authors
            else "{" + bibtex_escape(source.publisher) + "}",
        ),
        ("title", bibtex_escape(source.title)),
        (where, bibtex_escape(source.publisher)),
    ]
    if source.date_published:
        fields += [
            ("year", str(source.date_published.year)),
            ("date", source.date_published.isoformat()),
        ]
    elif entry_type != "misc":
        fields.append(("year", "n.d."))
    fields += [
        ("url", source.url or source.archive_url),
        ("urldate", source.date_accessed.isoformat() if source.date_accessed else ""),
        ("language", source.language),
    ]
    if source.archive_url and source.url:
        fields.append(("note", f"Archived at {source.archive_url}"))
    return _bibtex_entry(entry_type, source_key(source), fields)


def sources_bibtex(sources):
    return "\n".join(source_bibtex(source) for source in sources)


# --- In the page's head --------------------------------------------------------------------


def highwire_tags(work):
    """(name, content) of the Highwire Press tags, as Zotero's "Embedded Metadata"
    translator and Google Scholar read them. No citation_journal_title: it would make the
    explainer a journal article; the site is its publisher."""
    return [
        ("citation_title", work.title),
        *[("citation_author", name) for name in work.authors or (work.site_name,)],
        ("citation_publication_date", _ris_date(work.published)),
        ("citation_online_date", _ris_date(work.published)),
        ("citation_publisher", work.site_name),
        ("citation_public_url", work.url),
        ("citation_fulltext_html_url", work.url),
        ("citation_language", work.language),
    ]


def dublin_core_tags(work):
    """(name, content) of the Dublin Core elements (with <link rel="schema.DC">)."""
    return [
        ("DC.title", work.title),
        *[("DC.creator", name) for name in work.authors or (work.site_name,)],
        ("DC.date", work.published.isoformat()),
        ("DC.publisher", work.site_name),
        ("DC.rights", f"{work.licence_name} ({work.licence_url})"),
        ("DC.language", work.language),
        ("DC.identifier", work.url),
    ]
