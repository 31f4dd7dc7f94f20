"""Template lint: every `{#` comment closes with `#}` on the same line.

Django's `{# #}` comment is single-line only. One that runs over two lines is not a comment
at all: it is sent to readers as text, `{#` and all. `{% comment %}` is for longer notes.

    python tests/lint_templates.py [file or folder ...]   (default: every project template)

Prints `path:line: message` for each problem and exits 1 if there is any (`make lint`, CI).
"""

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEMPLATE_SUFFIXES = {".html", ".txt", ".xml"}
SKIPPED_FOLDERS = {".venv", ".venv-django6", "node_modules", "staticfiles", "media", ".git"}

# A complete single-line comment; what is left of the line once these are gone must hold
# neither an opening nor a closing mark.
_COMMENT = re.compile(r"\{#.*?#\}")


def template_files(paths):
    """The template files under ``paths``: every templates/ folder of the project by default."""
    if not paths:
        paths = [
            folder
            for folder in REPO.rglob("templates")
            if folder.is_dir() and not SKIPPED_FOLDERS.intersection(folder.relative_to(REPO).parts)
        ]
    for path in map(Path, paths):
        if path.is_file():
            yield path
        elif path.is_dir():
            for file in sorted(path.rglob("*")):
                if file.is_file() and file.suffix in TEMPLATE_SUFFIXES:
                    yield file


def problems_in(text):
    """(line number, message) for every comment mark without its partner on its line."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        rest = _COMMENT.sub("", line)
        if "{#" in rest:
            found.append(
                (
                    number,
                    "'{#' without '#}' on the same line: Django's {# #} comment is "
                    "single-line, so readers would see it; close it on this line or use "
                    "{% comment %}",
                )
            )
        elif "#}" in rest:
            found.append(
                (number, "'#}' without '{#' on the same line: the end of a multi-line comment")
            )
    return found


def display_path(path):
    path = path.resolve()
    return path.relative_to(REPO) if path.is_relative_to(REPO) else path


def main(argv):
    count = 0
    for path in template_files(argv):
        for number, message in problems_in(path.read_text(encoding="utf-8")):
            sys.stdout.write(f"{display_path(path)}:{number}: {message}\n")
            count += 1
    if count:
        sys.stdout.write(f"{count} template problem{'s' if count != 1 else ''}.\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
