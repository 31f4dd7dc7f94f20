"""The word-by-word change an editor reads when an author edits a comment."""

import pytest

from comments.changes import text_changes


def marked(before, after):
    """The change as text: [-removed-] and {+added+}."""
    marks = {"same": "{}", "removed": "[-{}-]", "added": "{{+{}+}}"}
    return "".join(marks[piece.kind].format(piece.text) for piece in text_changes(before, after))


def test_changed_words_are_marked_and_the_rest_kept():
    assert marked("Footage is kept for 30 days.", "Footage is kept for 90 days.") == (
        "Footage is kept for [-30-]{+90+} days."
    )


def test_neighbouring_changes_read_as_one():
    assert marked("kept for 30 days.", "kept for 90 days, says the bureau.") == (
        "kept for [-30 days.-]{+90 days, says the bureau.+}"
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("", "Brand new."),
        ("All of it goes.", ""),
        ("Line one.\n\nLine two.", "Line one.\nLine 2.\n\nLine three."),
        ("same words", "same words"),
    ],
)
def test_both_texts_can_be_read_back_from_the_change(before, after):
    pieces = text_changes(before, after)
    assert "".join(p.text for p in pieces if p.kind != "added") == before
    assert "".join(p.text for p in pieces if p.kind != "removed") == after
