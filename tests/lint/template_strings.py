"""Template lint: every piece of text a reader or editor sees is marked for translation.

Visible text is a text node between HTML tags, or the value of an attribute that is read out
or shown (alt, title, aria-label, placeholder, label). It must sit inside {% translate %} or
{% blocktranslate %}...{% endblocktranslate %}. Whitespace, punctuation, digits, symbols, HTML
entities and pure variables ({{ x }}, other tags) need no marking; nor do <script> and <style>
bodies, comments, or `{% comment %}` blocks.

    python tests/lint/template_strings.py [file or folder ...]   (default: every project template)

Prints `path:line: unmarked text "..."` for each problem and exits 1 if there is any
(`make lint`, CI). docs/translation.md says how to mark a string.
"""

import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.lint_templates import display_path, template_files  # noqa: E402

# Regions whose text is never shown, or is already marked: blanked out (newlines kept, so line
# numbers stay right) before the text is looked at.
_HIDDEN = re.compile(
    r"\{%\s*comment\b.*?%\}.*?\{%\s*endcomment\s*%\}"
    r"|\{%\s*blocktrans(?:late)?\b.*?%\}.*?\{%\s*endblocktrans(?:late)?\s*%\}"
    r"|\{#.*?#\}"
    r"|<script\b.*?</script\s*>"
    r"|<style\b.*?</style\s*>"
    r"|<!--.*?-->"
    # The body's class names, not words.
    r"|\{%\s*block\s+(?:body_class|bodyclass)\s*%\}.*?\{%\s*endblock\b[^%]*%\}",
    re.DOTALL | re.IGNORECASE,
)
# Every other tag or variable: a placeholder that never counts as text.
_TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_HTML_TAG = re.compile(r"<[^>]*>")
_READ_ATTRIBUTES = re.compile(
    r"""\b(alt|title|aria-label|placeholder|label)\s*=\s*(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|\w+);", re.IGNORECASE)
_PLACEHOLDER = "\x00"


def _blank(match):
    """The match replaced by spaces, its newlines kept."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _code(match):
    """The match replaced by placeholders of the same length, its newlines kept."""
    return re.sub(r"[^\n]", _PLACEHOLDER, match.group(0))


def is_visible_text(text):
    """True when ``text`` holds a letter once entities and template code are taken out."""
    text = _ENTITY.sub("", text.replace(_PLACEHOLDER, ""))
    return any(unicodedata.category(char).startswith("L") for char in text)


def unmarked_strings(text):
    """(line number, text) for every visible string of a template that is not marked."""
    return [(line, _shown(string)) for line, _start, string in unmarked_spans(text)]


def unmarked_spans(text):
    """(line number, offset, raw text) of every unmarked visible string of a template.

    The offset and text are those of the template itself (placeholders stand for template
    code), so a tool can find the string again.
    """
    text = _TEMPLATE_CODE.sub(_code, _HIDDEN.sub(_blank, text))
    found = []

    def line_of(offset):
        return text.count("\n", 0, offset) + 1

    position = 0
    for tag in _HTML_TAG.finditer(text):
        found.extend(_text_node(text, position, tag.start(), line_of))
        for attribute in _READ_ATTRIBUTES.finditer(tag.group(0)):
            value = attribute.group(2) if attribute.group(2) is not None else attribute.group(3)
            if is_visible_text(value):
                start = tag.start() + attribute.start(attribute.lastindex)
                found.append((line_of(start), start, value))
        position = tag.end()
    found.extend(_text_node(text, position, len(text), line_of))
    return found


def _text_node(text, start, end, line_of):
    node = text[start:end]
    if not is_visible_text(node):
        return []
    leading = len(node) - len(node.lstrip())
    return [(line_of(start + leading), start + leading, node.strip())]


def _shown(text):
    return " ".join(re.sub(_PLACEHOLDER + "+", "…", text).split())


def main(argv):
    count = 0
    for path in template_files(argv):
        for number, string in unmarked_strings(path.read_text(encoding="utf-8")):
            sys.stdout.write(
                f"{display_path(path)}:{number}: unmarked text {string!r}: wrap it in "
                "{% translate %} or {% blocktranslate trimmed %} (docs/translation.md)\n"
            )
            count += 1
    if count:
        sys.stdout.write(f"{count} unmarked template string{'s' if count != 1 else ''}.\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
