"""An explainer's public history: its published versions, and what changed between two.

Only versions that were published are public: the page's ``wagtail.publish`` log entries
name them (with their revision and time), and nothing else of the log (who published,
drafts, workflow steps) is read. The listing reads the corrections log of each published
revision from inside its stored JSON, in one query, never the revisions' content; a
comparison reads the two revisions it compares.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.translation import gettext, pgettext
from wagtail.models import PageLogEntry, Revision

from content.blocks.pros_cons import SIDES, argument_links
from content.citations import source_ids_in_stream
from content.models import Source


@dataclass
class Version:
    """One published version: its number (1 for the first), revision and time."""

    number: int
    revision_id: int
    published_at: object
    notes: list = field(default_factory=list)  # (date, kind label, text) new in this version


def published_versions(page):
    """The page's published versions, oldest first, each with the correction notes it added.

    Two queries, whatever the number of versions.
    """
    entries = (
        PageLogEntry.objects.filter(page=page, action="wagtail.publish", revision__isnull=False)
        .order_by("timestamp", "pk")
        .values_list("revision_id", "timestamp")
    )
    seen, rows = set(), []
    for revision_id, timestamp in entries:
        if revision_id not in seen:  # a revision published twice is one version
            seen.add(revision_id)
            rows.append((revision_id, timestamp))
    logs = dict(Revision.objects.filter(pk__in=seen).values_list("pk", "content__corrections"))
    kinds = dict(page.corrections.model.Kind.choices)
    versions, before = [], set()
    for number, (revision_id, timestamp) in enumerate(rows, start=1):
        version = Version(number, revision_id, timestamp)
        entries = [entry for entry in logs.get(revision_id) or [] if isinstance(entry, dict)]
        for entry in entries:
            key = (entry.get("date"), entry.get("kind"), (entry.get("text") or "").strip())
            if key not in before:
                version.notes.append(
                    {
                        "date": entry.get("date"),
                        "kind": kinds.get(entry.get("kind"), ""),
                        "text": key[2],
                        "target": entry.get("target") or "",
                    }
                )
        before = {
            (entry.get("date"), entry.get("kind"), (entry.get("text") or "").strip())
            for entry in entries
        }
        versions.append(version)
    return versions


# A word is a run of letters or digits; a Chinese character is a word of its own, so that a
# changed character in a sentence is marked alone, not the whole sentence.
TOKENS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W\u3400-\u9fff\uf900-\ufaff]+|\s+|[^\w\s]")


def word_diff(old, new):
    """[(op, text)] with op "same", "removed" or "added": ``old`` becoming ``new``.

    Changes separated only by a space are shown as one ("a crisis" became "some crises",
    not "a" became "some" and "crisis" became "crises")."""
    before, after = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    parts, removed, added = [], [], []

    def flush():
        # A space a change ends with is shown outside it, so that no marked space starts a
        # line ("can " inserted reads "can" marked, then a plain space).
        texts = [("removed", "".join(removed)), ("added", "".join(added))]
        texts = [(op, text) for op, text in texts if text]
        if not texts:
            return
        if not any(text.strip() for _op, text in texts):  # only spaces changed: not a change
            parts.append(("same", "".join(added) or "".join(removed)))
            removed.clear()
            added.clear()
            return
        ends = {text[len(text.rstrip()) :] for _op, text in texts}
        space = ends.pop() if len(ends) == 1 else ""
        for op, text in texts:
            if text.strip():
                parts.append((op, text[: len(text) - len(space)] if space else text))
        if space:
            parts.append(("same", space))
        removed.clear()
        added.clear()

    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = "".join(before[i1:i2])
            between_changes = 0 < index < len(opcodes) - 1 and (removed or added)
            if between_changes and not same.strip():
                removed.append(same)
                added.append(same)
                continue
            flush()
            parts.append(("same", same))
            continue
        if tag in ("delete", "replace"):
            removed.extend(before[i1:i2])
        if tag in ("insert", "replace"):
            added.extend(after[j1:j2])
    flush()
    return parts


@dataclass
class Change:
    """One changed passage: what it is, whether it was added, removed or changed, and the
    words of the change."""

    label: str
    status: str  # "added", "removed" or "changed"
    parts: list
    anchor: str = ""


def _text(value):
    return " ".join(strip_tags(str(value or "")).split())


def _change(label, old, new, anchor=""):
    """The Change from ``old`` to ``new`` (either may be None: added or removed), or None."""
    if old == new:
        return None
    if old is None:
        return Change(label, "added", [("added", new)], anchor)
    if new is None:
        return Change(label, "removed", [("removed", old)], anchor)
    return Change(label, "changed", word_diff(old, new), anchor)


def block_label(block):
    names = {
        "heading": gettext("Heading"),
        "paragraph": gettext("Paragraph"),
        "image": gettext("Image"),
        "pull_quote": gettext("Pull quote"),
        "callout": gettext("Callout"),
        "evidence_legend": gettext("Evidence labels explained"),
        "key_figures": gettext("Key figures"),
        "pros_cons": gettext("Arguments"),
    }
    return names.get(block.block_type, str(block.block.label))


def block_text(block):
    if block.block_type == "pros_cons":
        value = block.value
        return _text(f"{value.get('heading') or ''} {value.get('introduction') or ''}")
    return _text(" ".join(str(part) for part in block.block.get_searchable_content(block.value)))


COLUMNS = {"pros": lambda: gettext("Arguments for"), "cons": lambda: gettext("Arguments against")}


def arguments_of(stream):
    """{(block position, side, link number): (label, text, anchor)} for every argument."""
    arguments, position = {}, 0
    for block in stream:
        if block.block_type != "pros_cons":
            continue
        position += 1
        prefix = "" if position <= 1 else f"q{position}-"
        for side, links in argument_links(block.value, prefix).items():
            heading = block.value.get(f"{side}_heading") or ""
            for link in links:
                label = gettext("%(column)s: argument %(number)s") % {
                    "column": heading or COLUMNS[side](),
                    "number": link.number,
                }
                stop = pgettext("after an argument's headline, before its explanation", ". ")
                text = _text(f"{link.headline}{stop}{link.value.get('explanation') or ''}")
                arguments[(position, SIDES[side], link.number)] = (label, text, link.anchor)
    return arguments


def body_changes(old_stream, new_stream):
    """The body's blocks (matched by their ids) and arguments (by their link numbers) that
    were added, removed or changed, in the newer version's reading order."""
    old_blocks = {block.id: block for block in old_stream}
    new_ids = {block.id for block in new_stream}
    changes = []
    for block in old_stream:
        if block.id not in new_ids:
            changes.append(_change(block_label(block), block_text(block), None))
    for block in new_stream:
        old = old_blocks.get(block.id)
        old_text = None if old is None else block_text(old)
        changes.append(_change(block_label(block), old_text, block_text(block)))
    old_arguments, new_arguments = arguments_of(old_stream), arguments_of(new_stream)
    for key in [*old_arguments, *(key for key in new_arguments if key not in old_arguments)]:
        old, new = old_arguments.get(key), new_arguments.get(key)
        label, _text_, anchor = new or old
        changes.append(_change(label, old and old[1], new and new[1], anchor if new else ""))
    return [change for change in changes if change is not None]


def _source_name(source):
    return " · ".join(filter(None, [source.described.publisher, source.title]))


def compare(old_page, new_page):
    """What changed from ``old_page`` to ``new_page`` (two versions of one explainer):
    {"text": [Change…], "body": [Change…], "sources_added": […], "sources_removed": […]}."""
    text = [
        _change(gettext("Title"), old_page.title, new_page.title),
        _change(gettext("Standfirst"), old_page.standfirst, new_page.standfirst),
    ]
    old_sources = set(source_ids_in_stream(old_page.body.raw_data))
    new_sources = set(source_ids_in_stream(new_page.body.raw_data))
    by_id = Source.objects.in_bulk(old_sources ^ new_sources)
    return {
        "text": [change for change in text if change is not None],
        "body": body_changes(old_page.body, new_page.body),
        "sources_added": sorted(
            _source_name(by_id[pk]) for pk in new_sources - old_sources if pk in by_id
        ),
        "sources_removed": sorted(
            _source_name(by_id[pk]) for pk in old_sources - new_sources if pk in by_id
        ),
    }
