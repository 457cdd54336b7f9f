"""Word tokens of a text, as both the hand rules and the learned features count them."""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)  # letters, with inner apostrophes


def words_with_offsets(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of each word of ``text``."""
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
