"""Translation lint: every catalogue is complete, current and clean.

For each locale/<language>/LC_MESSAGES/django.po it fails on

- an entry without a translation (or with one plural form missing),
- a fuzzy entry (a guess msgmerge made that nobody has checked; msgfmt leaves it out),
- an obsolete entry (#~: a string the code no longer has, never compiled),
- a translation whose placeholders (%(name)s, %s, {name}) differ from its msgid's, and
- a string marked in the code or templates that the catalogue does not have yet: the check
  runs makemessages into a scratch copy (needs GNU gettext's xgettext; without it this one
  check is skipped, with a warning).

    python tests/lint/catalogue.py [FILE.po ...]   (default: every catalogue under locale/)

Prints `path:line: message` for each problem and exits 1 if there is any (`make lint`, CI).
docs/translation.md says how to fix each.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.lint_templates import display_path  # noqa: E402

sys.path.insert(0, str(REPO / "locale"))
from msgfmt import parse  # noqa: E402

_PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[-#0 +]*\d*[sdifr]|\{\w*\}")


def catalogues():
    return sorted((REPO / "locale").glob("*/LC_MESSAGES/django.po"))


def placeholders(text):
    return sorted(_PLACEHOLDER.findall(text.replace("%%", "")))


def _label(entry):
    context = f" (context {entry.msgctxt!r})" if entry.msgctxt is not None else ""
    return f"{entry.msgid!r}{context}"


def entry_problems(entries):
    """(line, message) for each untranslated, fuzzy, obsolete or mismatched entry."""
    found = []
    for entry in entries:
        if entry.obsolete:
            found.append(
                (entry.line, f"obsolete entry {_label(entry)}: delete it (make messages does)")
            )
            continue
        if entry.fuzzy:
            found.append(
                (entry.line, f"fuzzy entry {_label(entry)}: check the translation, drop 'fuzzy'")
            )
        if not entry.msgid:
            continue  # the header
        if not entry.translated:
            found.append((entry.line, f"untranslated {_label(entry)}"))
            continue
        if "python-format" in entry.flags or "python-brace-format" in entry.flags:
            wanted = placeholders(entry.msgid)
            wanted_plural = placeholders(entry.msgid_plural or entry.msgid)
            for index, text in entry.msgstr.items():
                got = placeholders(text)
                if got != wanted and got != wanted_plural:
                    found.append(
                        (
                            entry.line,
                            f"placeholders of {_label(entry)} are {wanted}, "
                            f"its translation [{index}] has {got}",
                        )
                    )
    return found


def missing_from(po_path, entries):
    """(line, message) for each marked string the catalogue lacks, or None if xgettext is
    not installed.

    makemessages writes its catalogue beside the sources it reads, so it runs on a scratch
    copy of the project (the code, the templates and this catalogue): the real catalogue is
    never touched.
    """
    if shutil.which("xgettext") is None:
        return None
    language = Path(po_path).parent.parent.name
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        for name in SOURCES:
            source = REPO / name
            if source.is_dir():
                shutil.copytree(source, project / name, ignore=shutil.ignore_patterns(*SKIPPED))
            else:
                shutil.copy(source, project / name)
        target = project / "locale" / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(po_path, target / "django.po")
        command = [
            sys.executable,
            "manage.py",
            "makemessages",
            f"--locale={language}",
            "--no-obsolete",
            "--add-location=file",
            *(f"--ignore={folder}" for folder in IGNORED_FOLDERS),
        ]
        # Our own manage.py (the copy), with fixed arguments.
        subprocess.run(command, cwd=project, check=True, capture_output=True)  # noqa: S603
        fresh = parse((target / "django.po").read_text(encoding="utf-8"))
    known = {entry.key for entry in entries if not entry.obsolete}
    return [
        (
            0,
            f"{_label(entry)} is marked for translation but not in the catalogue: "
            "run make messages",
        )
        for entry in fresh
        if entry.msgid and entry.key not in known
    ]


# What makemessages reads: every app, the project package and the templates.
SOURCES = (
    "manage.py",
    "explainer",
    "operations",
    "api",
    "content",
    "comments",
    "debate",
    "tipoffs",
    "accounts",
    "core",
    "templates",
)
SKIPPED = ("__pycache__", "*.pyc", "static", "migrations")

# The same folders the Makefile's `make messages` leaves out.
IGNORED_FOLDERS = (
    ".venv",
    ".venv-django6",
    "staticfiles",
    "media",
    "node_modules",
    "tests",
    "fixtures",
    "test-artifacts",
    "locale",
)


def main(argv):
    paths = [Path(path) for path in argv] or catalogues()
    count = 0
    if not paths:
        sys.stdout.write("No catalogue under locale/.\n")
        return 1
    for path in paths:
        entries = parse(path.read_text(encoding="utf-8"), path)
        problems = entry_problems(entries)
        missing = missing_from(path.resolve(), entries)
        if missing is None:
            sys.stdout.write(
                f"{display_path(path)}: xgettext not found (apt-get install gettext): "
                "not checked for strings missing from the catalogue\n"
            )
            if os.environ.get("CI") == "true":  # CI checks everything or fails
                count += 1
        else:
            problems += missing
        for line, message in problems:
            sys.stdout.write(f"{display_path(path)}:{line}: {message}\n")
        count += len(problems)
    if count:
        sys.stdout.write(f"{count} translation problem{'s' if count != 1 else ''}.\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
