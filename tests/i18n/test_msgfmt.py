"""locale/msgfmt.py, the pure-Python stand-in for GNU msgfmt, builds the .mo Django reads."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "locale"))

from msgfmt import compile_file, parse  # noqa: E402

SAMPLE = r"""# A translator's comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=1; plural=0;\n"

#: templates/base.html
msgid "Skip to main content"
msgstr "跳到主要内容"

#, python-format
msgctxt "button"
msgid "Search"
msgstr "搜索"

#, python-format
msgid "%(count)s comment"
msgid_plural "%(count)s comments"
msgstr[0] "%(count)s 条评论"

msgid ""
"Hello %(name)s,\n"
"\n"
"a \"quoted\" line\twith a tab."
msgstr ""
"%(name)s，你好：\n"
"\n"
"一行“引号”\t和制表符。"

#, fuzzy
msgid "A guess"
msgstr "猜测"

msgid "Not yet translated"
msgstr ""

#~ msgid "Gone"
#~ msgstr "没了"
"""


def load(mo_path):
    with open(mo_path, "rb") as file:
        return gettext.GNUTranslations(file)


@pytest.fixture
def compiled(tmp_path):
    po_path = tmp_path / "django.po"
    po_path.write_text(SAMPLE, encoding="utf-8")
    return load(compile_file(po_path))


def test_singular_context_plural_and_multiline_messages_are_compiled(compiled):
    assert compiled.gettext("Skip to main content") == "跳到主要内容"
    assert compiled.pgettext("button", "Search") == "搜索"
    assert compiled.ngettext("%(count)s comment", "%(count)s comments", 5) == "%(count)s 条评论"
    assert compiled.gettext('Hello %(name)s,\n\na "quoted" line\twith a tab.') == (
        "%(name)s，你好：\n\n一行“引号”\t和制表符。"
    )


def test_fuzzy_untranslated_and_obsolete_entries_are_left_out(compiled):
    assert compiled.gettext("A guess") == "A guess"
    assert compiled.gettext("Not yet translated") == "Not yet translated"
    assert compiled.gettext("Gone") == "Gone"


def test_the_header_gives_the_plural_rule(compiled):
    assert compiled.info()["plural-forms"] == "nplurals=1; plural=0;"


def test_the_parser_reads_flags_contexts_and_obsolete_entries():
    entries = {entry.msgid: entry for entry in parse(SAMPLE)}
    assert entries["A guess"].fuzzy
    assert entries["Search"].msgctxt == "button"
    assert entries["Gone"].obsolete
    assert entries["%(count)s comment"].msgid_plural == "%(count)s comments"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU msgfmt to compare with")
def test_the_projects_catalogue_compiles_as_gnu_msgfmt_compiles_it(tmp_path):
    for po_path in REPO.glob("locale/*/LC_MESSAGES/django.po"):
        ours = load(compile_file(po_path, tmp_path / "ours.mo"))
        gnu_mo = tmp_path / "gnu.mo"
        subprocess.run([shutil.which("msgfmt"), "-o", gnu_mo, po_path], check=True)  # noqa: S603
        gnu = load(gnu_mo)
        # GNU msgfmt drops POT-Creation-Date from the header; the messages must match.
        assert {k: v for k, v in ours._catalog.items() if k} == {
            k: v for k, v in gnu._catalog.items() if k
        }
        assert len(ours._catalog) > 500
