"""Reading time: words for text written with spaces, characters for Chinese.

Chinese has no spaces between words, so splitting on spaces counts a whole paragraph as one
"word". Han characters are counted one by one instead (a reader of Chinese reads about 350 a
minute), and the rest of the text (English, or the Latin names inside Chinese) by its words.
"""

import math
import re

WORDS_PER_MINUTE = 230
CJK_CHARACTERS_PER_MINUTE = 350
# Han ideographs (with extension A and the compatibility block), kana and Hangul syllables.
CJK_CHARACTER = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")

WORD = re.compile(r"[^\W_]")


def minutes_to_read(text):
    """Whole minutes, at least one, that a reader needs for ``text`` (plain text, no tags)."""
    characters = len(CJK_CHARACTER.findall(text))
    # Punctuation left between the characters (，。) is not a word.
    words = sum(1 for word in CJK_CHARACTER.sub(" ", text).split() if WORD.search(word))
    minutes = words / WORDS_PER_MINUTE + characters / CJK_CHARACTERS_PER_MINUTE
    return max(1, math.ceil(minutes))
