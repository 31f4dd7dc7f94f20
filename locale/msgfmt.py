"""Compile a gettext catalogue (.po) into the binary .mo Django reads, in plain Python.

`make` uses GNU msgfmt when the machine has it (Debian's `gettext` package); this is the
stand-in for a machine with only Python, so the site never depends on a committed binary:

    python locale/msgfmt.py locale/zh_Hans/LC_MESSAGES/django.po   (writes django.mo beside it)

It reads what Django's makemessages writes (msgctxt, msgid, msgid_plural, msgstr[n],
multi-line strings, the usual escapes) and, like msgfmt, leaves out fuzzy entries,
untranslated ones and obsolete (#~) ones. The output is the GNU .mo format (little-endian,
no hash table), which Python's gettext module and therefore Django load.
"""

import ast
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

MAGIC = 0x950412DE
CONTEXT_SEPARATOR = "\x04"


@dataclass
class Entry:
    """One message of a catalogue, as written in the .po file."""

    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict = field(default_factory=dict)  # plural index (0 when singular) → text
    flags: set = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def fuzzy(self):
        return "fuzzy" in self.flags

    @property
    def translated(self):
        return bool(self.msgstr) and all(self.msgstr.values())

    @property
    def key(self):
        return (self.msgctxt, self.msgid)


class PoSyntaxError(ValueError):
    pass


def _unquote(text, path, number):
    text = text.strip()
    if not (len(text) >= 2 and text[0] == text[-1] == '"'):
        raise PoSyntaxError(f"{path}:{number}: expected a quoted string, got {text!r}")
    try:
        return ast.literal_eval(text)
    except (SyntaxError, ValueError) as error:
        raise PoSyntaxError(f"{path}:{number}: cannot read {text!r}: {error}") from None


def parse(text, path="<po>"):
    """Every entry of a .po file, the header (msgid "") included, in file order."""
    entries = []
    entry = Entry()
    current = None  # (attribute, plural index) that a continuation line extends

    def finish():
        nonlocal entry, current
        if current is not None:
            entries.append(entry)
        entry, current = Entry(), None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            continue
        if line.startswith("#") or obsolete and line.startswith("|"):
            # A comment after a complete entry starts the next one.
            if current is not None and current[0] == "msgstr":
                finish()
            if line.startswith("#,") and not obsolete:
                entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and current is not None and current[0] == "msgstr":
            finish()
        if current is None:
            entry.line = number
        entry.obsolete = entry.obsolete or obsolete
        if keyword == "msgctxt":
            entry.msgctxt, current = _unquote(rest, path, number), ("msgctxt", None)
        elif keyword == "msgid":
            entry.msgid, current = _unquote(rest, path, number), ("msgid", None)
        elif keyword == "msgid_plural":
            entry.msgid_plural, current = _unquote(rest, path, number), ("msgid_plural", None)
        elif keyword == "msgstr":
            entry.msgstr[0], current = _unquote(rest, path, number), ("msgstr", 0)
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            index = int(keyword[7:-1])
            entry.msgstr[index], current = _unquote(rest, path, number), ("msgstr", index)
        elif line.startswith('"') and current is not None:
            more = _unquote(line, path, number)
            name, index = current
            if name == "msgstr":
                entry.msgstr[index] += more
            else:
                setattr(entry, name, getattr(entry, name) + more)
        else:
            raise PoSyntaxError(f"{path}:{number}: cannot read {raw!r}")
    finish()
    return entries


def compiled_messages(entries):
    """{original: translation} as the .mo file holds them, as msgfmt would keep them."""
    messages = {}
    for entry in entries:
        if entry.obsolete or entry.fuzzy and entry.msgid or not entry.translated:
            continue
        original = entry.msgid
        if entry.msgid_plural is not None:
            original += "\0" + entry.msgid_plural
            translation = "\0".join(entry.msgstr[index] for index in sorted(entry.msgstr))
        else:
            translation = entry.msgstr[0]
        if entry.msgctxt is not None:
            original = entry.msgctxt + CONTEXT_SEPARATOR + original
        messages[original] = translation
    return messages


def mo_bytes(messages):
    """The GNU .mo file holding ``messages`` ({original: translation}, both str)."""
    pairs = sorted((key.encode(), value.encode()) for key, value in messages.items())
    count = len(pairs)
    header_size = 7 * 4
    originals_table = header_size
    translations_table = originals_table + count * 8
    data_start = translations_table + count * 8
    originals, translations, data = [], [], b""
    for key, _ in pairs:
        originals.append((len(key), data_start + len(data)))
        data += key + b"\0"
    for _, value in pairs:
        translations.append((len(value), data_start + len(data)))
        data += value + b"\0"
    output = struct.pack("<7I", MAGIC, 0, count, originals_table, translations_table, 0, data_start)
    for length, offset in originals + translations:
        output += struct.pack("<2I", length, offset)
    return output + data


def compile_file(po_path, mo_path=None):
    po_path = Path(po_path)
    mo_path = Path(mo_path) if mo_path else po_path.with_suffix(".mo")
    entries = parse(po_path.read_text(encoding="utf-8"), po_path)
    mo_path.write_bytes(mo_bytes(compiled_messages(entries)))
    return mo_path


def main(argv):
    if not argv:
        sys.stderr.write("usage: python locale/msgfmt.py FILE.po [FILE.po ...]\n")
        return 2
    for po_path in argv:
        try:
            compile_file(po_path)
        except (OSError, PoSyntaxError) as error:
            sys.stderr.write(f"{error}\n")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
