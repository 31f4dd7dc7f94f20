"""The translation lints of `make lint`: unmarked template text, and a catalogue that is
incomplete, fuzzy, obsolete or has wrong placeholders."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.lint import catalogue, template_strings

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "locale"))

from msgfmt import parse  # noqa: E402

PO_HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

"""


def unmarked(template):
    return [text for _line, text in template_strings.unmarked_strings(template)]


# --- Template text --------------------------------------------------------------------


def test_a_planted_unmarked_text_node_is_caught():
    template = '{% load i18n %}<p>{% translate "Marked" %}</p>\n<p>Read the discussion</p>'
    assert template_strings.unmarked_strings(template) == [(2, "Read the discussion")]


def test_an_unmarked_read_out_attribute_is_caught():
    template = '<nav aria-label="Pages"></nav><img alt="A camera" src="x.png">'
    assert unmarked(template) == ["Pages", "A camera"]


def test_text_around_a_variable_is_caught():
    assert unmarked("<p>Page {{ number }} of {{ total }}</p>") == ["Page … of …"]


def test_marked_text_variables_punctuation_and_code_pass():
    template = """{% load i18n %}{# A comment with words #}
{% comment %}More words{% endcomment %}
<h1 title="{% translate 'Title' %}">{{ page.title }}</h1>
<p>{% blocktranslate trimmed with n=count %}{{ n }} comments
  on the article{% endblocktranslate %}</p>
<p>{{ a }} · {{ b }} — &nbsp; &#8594; 42 (→)</p>
<script>const words = "not shown as text";</script>
<style>.x::after { content: "none"; }</style>
{% block body_class %}page-home{% endblock %}"""
    assert unmarked(template) == []


def test_every_project_template_is_marked():
    problems = [
        (path, line, text)
        for path in template_strings.template_files([])
        for line, text in template_strings.unmarked_strings(path.read_text(encoding="utf-8"))
    ]
    assert problems == []


def test_the_template_lint_exits_non_zero_on_a_planted_string(tmp_path):
    planted = tmp_path / "planted.html"
    planted.write_text('{% load i18n %}<button>{% translate "Send" %}</button><p>Oops</p>')
    result = subprocess.run(  # noqa: S603 - our own interpreter and lint, fixed arguments
        [sys.executable, "tests/lint/template_strings.py", str(planted)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "planted.html:1: unmarked text 'Oops'" in result.stdout


# --- The catalogue --------------------------------------------------------------------


def problems(po_text):
    return [message for _line, message in catalogue.entry_problems(parse(PO_HEADER + po_text))]


def test_a_planted_fuzzy_entry_is_caught():
    found = problems('#, fuzzy\nmsgid "Sources"\nmsgstr "来源"\n')
    assert found == ["fuzzy entry 'Sources': check the translation, drop 'fuzzy'"]


def test_an_untranslated_entry_is_caught():
    assert problems('msgid "Sources"\nmsgstr ""\n') == ["untranslated 'Sources'"]


def test_a_plural_entry_without_its_translation_is_caught():
    po = 'msgid "%(n)s comment"\nmsgid_plural "%(n)s comments"\nmsgstr[0] ""\n'
    assert problems(po) == ["untranslated '%(n)s comment'"]


def test_an_obsolete_entry_is_caught():
    found = problems('#~ msgid "Old words"\n#~ msgstr "旧的话"\n')
    assert found == ["obsolete entry 'Old words': delete it (make messages does)"]


def test_a_translation_that_loses_a_placeholder_is_caught():
    po = '#, python-format\nmsgid "Reply to %(name)s"\nmsgstr "回复"\n'
    assert problems(po) == [
        "placeholders of 'Reply to %(name)s' are ['%(name)s'], its translation [0] has []"
    ]


def test_a_complete_catalogue_passes():
    po = (
        '#, python-format\nmsgctxt "button"\nmsgid "Search %(x)s"\nmsgstr "搜索 %(x)s"\n\n'
        'msgid "One"\nmsgid_plural "Many"\nmsgstr[0] "多"\n'
    )
    assert problems(po) == []


def test_the_projects_catalogue_is_complete_and_clean():
    for path in catalogue.catalogues():
        assert catalogue.entry_problems(parse(path.read_text(encoding="utf-8"))) == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext's xgettext")
def test_every_marked_string_is_in_the_catalogue():
    for path in catalogue.catalogues():
        entries = parse(path.read_text(encoding="utf-8"))
        assert catalogue.missing_from(path, entries) == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext's xgettext")
def test_a_string_missing_from_the_catalogue_is_caught(tmp_path):
    (path,) = catalogue.catalogues()
    text = path.read_text(encoding="utf-8")
    # The catalogue without "Read next" (templates/components/related.html marks it).
    planted = tmp_path / "zh_Hans" / "LC_MESSAGES" / "django.po"
    planted.parent.mkdir(parents=True)
    planted.write_text(text.replace('msgid "Read next"\nmsgstr "延伸阅读"\n', ""), encoding="utf-8")
    entries = parse(planted.read_text(encoding="utf-8"))
    assert "Read next" not in {entry.msgid for entry in entries}
    assert catalogue.missing_from(planted, entries) == [
        (0, "'Read next' is marked for translation but not in the catalogue: run make messages")
    ]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext's xgettext")
def test_the_catalogue_lint_never_writes_to_the_catalogue():
    (path,) = catalogue.catalogues()
    before = path.read_bytes()
    catalogue.missing_from(path, parse(before.decode("utf-8")))
    assert path.read_bytes() == before
