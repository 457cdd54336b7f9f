"""Words of a sentence: tokens with their folded form and stem, folding for the surface metrics,
edit distance and typos, content-word tests, and the multiset helpers the evidence steps share."""

from __future__ import annotations

import collections
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TypeVar

from ..text.english import CLITICS, CONTRACTED, IRREGULAR, NEGATIONS, PRONOUN_CLASS, SCALES, STOPWORDS, TENS, UNITS
from .pair import Token

# a word, a number, or an identifier that starts with letters and holds digits ("G20", "G-20", "MH-17",
# "A380"; not "USA-86"): one token, a name rather than the number 20; "G-20" is folded to "g20"
_WORD_RE = re.compile(r"(?:[^\W\d_]+|\b[A-Z]{1,2}-)\d[^\W_]*|\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_NUMERIC_RE = re.compile(r"\d+(?:[.,]\d+)*")
_SENT_BREAK = set(".!?:;“\"‘«„(")


def stem(w: str) -> str:
    """Lemmatise-lite: lower-cased word with a few English suffixes stripped."""
    if w in IRREGULAR:
        return IRREGULAR[w]
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and (w.endswith("ied") or w.endswith("ies")):
        w = w[:-3] + "y"
    elif len(w) > 4 and (w.endswith("ed") or (w.endswith("es") and w[-3] in "sxzh")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "ls":
        w = w[:-1]
    return w


@lru_cache(maxsize=16_384)  # a sentence is tokenised for the word prefetch and again for its evidence
def tokenize(text: str) -> tuple[Token, ...]:
    """Tokens of ``text`` (shared between callers: a tuple, and tokens are never modified)."""
    return tuple(_tokenize(text))


def _tokenize(text: str) -> list[Token]:
    """Words, numbers and identifiers with their folded form: hyphens and clitics cut, "n't" read as
    a negation cue, numerals parsed."""
    out: list[Token] = []
    prev_end = 0
    for m in _WORD_RE.finditer(text):
        raw = m.group(0)
        gap = text[prev_end : m.start()]
        initial = not out or any(ch in _SENT_BREAK for ch in gap)
        prev_end = m.end()
        low = raw.lower().replace("’", "'")
        if "-" in low:
            low = low.replace("-", "")  # "G-20" = "G20"
        neg = False
        if low.endswith("n't"):
            neg = True
            low = low[:-3]
            low = CONTRACTED.get(low, low)
        elif "'" in low:
            head, _, tail = low.partition("'")
            if tail in CLITICS:
                low = head
        if low in NEGATIONS:
            neg = True
        number = None
        if _NUMERIC_RE.fullmatch(raw):
            number = _parse_numeral(raw)
        if neg and low in ("", "n"):
            low = "not"
        out.append(Token(m.start(), m.end(), raw, low, stem(low), initial, neg, number))
    return out


def _parse_numeral(raw: str) -> float | None:
    """The value of a numeral with thousands separators ("1,000", "1.000.000") or a decimal comma."""
    s = raw
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", s):
        s = s.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", s) and len(s.split(".")[-1]) == 3 and s.count(".") > 1:
        s = s.replace(".", "")
    else:
        s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


def fold(text: str) -> str:
    """Case-, punctuation- and tokenisation-insensitive form of a sentence (for chrF / BLEU features)."""
    text = re.sub(r"\s*n['’]t\b", "n't", text)
    return " ".join(re.findall(r"\w+(?:['’]\w+)*", text.lower().replace("’", "'")))


def edit_distance(a: str, b: str, cap: int = 3) -> int:
    """Levenshtein distance of ``a`` and ``b``; ``cap + 1`` where their lengths differ by more than ``cap``."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[-1]


def typo(a: str, b: str) -> bool:
    """A dropped/swapped/misspelled character, not a different word."""
    if min(len(a), len(b)) < 4 or has_digit(a) or has_digit(b):
        return False  # short words, and identifiers: "A380" / "A350" are two aircraft
    return edit_distance(a, b, 2) <= (2 if min(len(a), len(b)) >= 8 else 1)


def has_digit(w: str) -> bool:
    """An identifier ("G20", "A380") rather than a plain word."""
    return any(ch.isdigit() for ch in w)


def is_content(t: Token) -> bool:
    """A word that carries content: no number, negation cue, stop word, pronoun or number word."""
    return (
        t.number is None
        and not t.neg
        and len(t.lower) > 1
        and (t.lower.isalpha() or t.lower[0].isalpha() and t.lower.isalnum())
        and t.lower not in STOPWORDS
        and t.lower not in PRONOUN_CLASS
        and t.lower not in UNITS
        and t.lower not in TENS
        and t.lower not in SCALES
    )


def present(t: Token, other: set[str]) -> bool:
    """The word or its stem is among ``other`` (a side's words and stems)."""
    return t.lower in other or t.stem in other


def unique(ts: list[Token]) -> list[Token]:
    """The first token of each stem, in order."""
    seen, out = set(), []
    for t in ts:
        if t.stem not in seen:
            seen.add(t.stem)
            out.append(t)
    return out


_T = TypeVar("_T")


def surplus(a: list[_T], b: list[_T], key) -> list[_T]:
    """Items of ``a`` left once each item of ``b`` has cancelled one of equal ``key``."""
    rb = [key(t) for t in b]
    out = []
    for t in a:
        k = key(t)
        if k in rb:
            rb.remove(k)
        else:
            out.append(t)
    return out


def in_place(a: Token, to: Sequence[Token], tc: Sequence[Token], ok, strict: bool = False) -> Token | None:
    """A word of ``tc`` that stands where ``a`` stands in ``to`` (the same word before or after it)
    and that ``tc`` has more often than ``to``, for which ``ok(a, word)`` holds; else None.
    ``strict``: the same words on both sides, or the same content word on one side."""
    def neighbours(ts: Sequence[Token], t: Token) -> set[tuple[int, str]]:
        k = ts.index(t)
        out = set()
        if k:
            out.add((-1, ts[k - 1].lower))
        if k + 1 < len(ts):
            out.add((1, ts[k + 1].lower))
        return out

    around = neighbours(to, a)
    count_o = collections.Counter(t.lower for t in to)
    count_c = collections.Counter(t.lower for t in tc)
    for b in tc:
        if count_c[b.lower] > count_o[b.lower] and ok(a, b):
            shared = neighbours(tc, b) & around
            if shared and (not strict or len(shared) == 2 or any(w.isalpha() and w not in STOPWORDS for _, w in shared)):
                return b
    return None


def same_slot(to: Sequence[Token], a: tuple[int, int], tc: Sequence[Token], b: tuple[int, int]) -> bool:
    """The candidate's span ``b`` stands where the original's span ``a`` stands: the two content words
    nearest before it and the two nearest after it are the same on both sides (some there are)
    ("the vote was 7 to 2 in favour" / "... 7 to 3 in favour"; "met on Friday in Hamburg" / "met on
    Saturday in Hamburg"; not "killed 5 people" / "injured 12 people", nor "Five people were killed"
    / "Twelve people were injured")."""
    def context(ts: Sequence[Token], span: tuple[int, int]) -> tuple[list[str], list[str]]:
        before = [x.stem for x in reversed(ts) if x.end <= span[0] and is_content(x)][:2]
        after = [x.stem for x in ts if x.start >= span[1] and is_content(x)][:2]
        return before, after

    co, cc = context(to, a), context(tc, b)
    return co == cc and bool(co[0] or co[1])
