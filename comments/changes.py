"""What an author changed in their comment, word by word, for the moderator."""

import difflib
import re
from dataclasses import dataclass

_WORDS_AND_SPACES = re.compile(r"(\s+)")


@dataclass(frozen=True)
class Piece:
    """A run of text that was kept, removed or added."""

    text: str
    kind: str  # "same", "removed" or "added"


def text_changes(before, after):
    """``after`` compared with ``before`` as kept, removed and added runs of words.

    Spaces travel with the words, so joining the "same" and "added" pieces gives ``after``
    and joining "same" and "removed" gives ``before``. Two changes with only a space
    between them read as one ("~~30 days.~~ 90 days, says the bureau."), not as a patchwork.
    """
    old = _WORDS_AND_SPACES.split(before)
    new = _WORDS_AND_SPACES.split(after)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    chunks = []  # [kept, removed, added] texts; a chunk is kept or changed, never both
    for operation, old_from, old_to, new_from, new_to in matcher.get_opcodes():
        removed, added = "".join(old[old_from:old_to]), "".join(new[new_from:new_to])
        if operation == "equal":
            chunks.append([removed, "", ""])
        elif chunks and not chunks[-1][0]:
            chunks[-1][1] += removed
            chunks[-1][2] += added
        elif len(chunks) >= 2 and chunks[-1][0].isspace() and not chunks[-2][0]:
            space = chunks.pop()[0]
            chunks[-1][1] += space + removed
            chunks[-1][2] += space + added
        else:
            chunks.append(["", removed, added])
    pieces = []
    for kept, removed, added in chunks:
        if kept:
            pieces.append(Piece(kept, "same"))
        if removed:
            pieces.append(Piece(removed, "removed"))
        if added:
            pieces.append(Piece(added, "added"))
    return pieces
