"""Sentence segmentation that keeps character offsets.

Lines are segmented one at a time, so a headline without a full stop, a byline or a line of foreign
script stays its own sentence. Inside a line, pysbd (a maintained rule-based segmenter that knows
abbreviations such as "U.S." and quotes inside quotes) splits sentences. Repairs follow for
patterns of news text that pysbd keeps whole:
- a sentence end glued to the next sentence, "in Germany.Putin again" or "forward.”The secretary";
- sentences inside an opened quotation ("“The presidents agreed that X. They confirmed Y"): pysbd
  keeps a quotation whole, but syndicated copies quote, cut and reorder such sentences one by one.
  These are split after a word of 2+ letters ending in lowercase that is not an abbreviation;
- a headline run into its first sentence on one line without a full stop ("... of Khabarovsk In an
  exclusive interview, ..."): split before a capitalised function word followed by a lowercase word;
and one for a split pysbd makes: a title before a name ("the Cathedral of Sts. Peter and Paul").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..results import Segment
from .english import ABBREVIATIONS

# lowercase word (2+ letters) + terminal punctuation (+ closing quote) directly followed by a capital
# or an opening quote: "Germany.Putin", "Syria.He", "forward.”The", "now.”We". Abbreviations such as
# "U.S.A" have a single letter before the stop and are not matched.
_GLUED = re.compile(r"(?<=[a-z\u00e0-\u024f]{2})([.!?]+[”\"’»]?)(?=[“\"«]?[A-Z\u0400-\u042f])")

# inside a quotation: "... solution. They ...", "... it! We ..."
_QUOTED_END = re.compile(r"(?<=[a-z\u00e0-\u024f]{2})([.!?]+)(?=\s+[“\"«‘]?[A-Z\u0400-\u042f])")
_QUOTE_MARKS = frozenset("“”\"«»")
_LAST_WORD = re.compile(r"(\w+)$")

_HAS_WORD = re.compile(r"\w")  # pieces of bare punctuation ("*", "…") are not sentences

# pysbd's cost grows with the square of a line's length (its abbreviation pass rewrites the whole line
# once per abbreviation found): a 223,000-character line took 56 s. Lines over _MAX_LINE characters are
# cut first into chunks of at most _MAX_LINE at sentence ends (_chunks), so segmentation is linear.
_MAX_LINE = 2_000


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _locate(line: str, pieces: list[str], base: int) -> list[Segment]:
    out: list[Segment] = []
    cursor = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        i = line.find(piece, cursor)
        if i < 0:  # pysbd altered the text; fall back to the rest of the line
            rest = line[cursor:].strip()
            if rest:
                j = line.find(rest, cursor)
                out.append(Segment(base + j, base + j + len(rest), rest))
            return out
        out.append(Segment(base + i, base + i + len(piece), piece))
        cursor = i + len(piece)
    return out


def _quoted_cuts(text: str) -> list[int]:
    if not any(ch in _QUOTE_MARKS for ch in text):
        return []
    cuts = []
    for m in _QUOTED_END.finditer(text):
        word = _LAST_WORD.search(text, 0, m.start())
        if word and word.group(1).lower() not in ABBREVIATIONS:
            cuts.append(m.end(1))
    return cuts


# a headline run into its first sentence without a full stop ("... people of Khabarovsk In an
# exclusive interview, ..."): a capitalised function word mid-sentence, after a word, starts a sentence
_RUN_ON = re.compile(r"(?<=[\w)])( )(?=(?:The|In|According|On|At|After|During|This|He|She|They|We|It|An) [a-z0-9])")


def _split_glued(seg: Segment) -> list[Segment]:
    cuts = sorted(set([m.end(1) for m in _GLUED.finditer(seg.text)] + _quoted_cuts(seg.text)
                      + [m.start(1) for m in _RUN_ON.finditer(seg.text)]))
    if not cuts:
        return [seg]
    out: list[Segment] = []
    prev = 0
    for cut in cuts + [len(seg.text)]:
        piece = seg.text[prev:cut]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            s = seg.start + prev + lead
            out.append(Segment(s, s + len(piece), piece))
        prev = cut
    return out


# a sure sentence end to cut a long line at: a lowercase word of 2+ letters (not an abbreviation,
# checked in _cut) and terminal punctuation, a closing quote optional, then space and a capital or an
# opening quote. pysbd splits there, and so does _quoted_cuts inside a quotation.
_SURE_END = re.compile(r"(?<=[a-z\u00e0-\u024f]{2})[.!?]+[”\"’»]?(\s+)(?=[“\"«‘]?[A-Z\u0400-\u042f])")
_ANY_END = re.compile(r"[.!?;。！？]+[”\"’»)\]]*\s*")
_SPACE = re.compile(r"\s")


def _cut(line: str, lo: int, hi: int) -> int:
    """Where to end a chunk that starts before ``lo``: after the last sure sentence end in
    ``line[lo:hi]``; else after the last other stop (an abbreviation's, a CJK full stop, a
    semicolon), else after the last space (text without stops: a cut may then split a sentence);
    else at ``hi``."""
    best = -1
    for m in _SURE_END.finditer(line, lo, hi):
        word = _LAST_WORD.search(line, max(0, m.start() - 32), m.start())
        if not (word and word.group(1).lower() in ABBREVIATIONS):
            best = m.end(1)
    if best > lo:
        return best
    for pattern in (_ANY_END, _SPACE):
        ends = [m.end() for m in pattern.finditer(line, lo, hi)]
        if ends:
            return ends[-1]
    return hi


def _chunks(line: str) -> list[tuple[int, str]]:
    """``line`` in pieces of at most ``_MAX_LINE`` characters, ``(offset, piece)``, each piece but the
    last ending at a sentence end where its second half has one (:func:`_cut`)."""
    if len(line) <= _MAX_LINE:
        return [(0, line)]
    out = []
    pos = 0
    while pos < len(line):
        end = len(line)
        if end - pos > _MAX_LINE:
            end = _cut(line, pos + _MAX_LINE // 2, pos + _MAX_LINE)
        out.append((pos, line[pos:end]))
        pos = end
    return out


# titles that stand before a name and never end a sentence; pysbd splits after some of them
# ("the Cathedral of Sts. | Peter and Paul")
_TITLE_END = re.compile(r"\b(?:Sts|Mt|Mts|Gen|Sen|Sens|Rep|Reps|Gov|Dr|Prof|Rev|Capt|Col|Lt|Sgt|Mr|Mrs|Ms|Messrs|Hon)\.$")
_NAME_START = re.compile(r"[A-Z]")
_TITLE_REACH = 16  # a title ends a sentence in its last 8 characters ("Messrs."): look no further back


def _ends_in_title(line: str, end: int) -> bool:
    """Whether ``line[:end]`` ends in a title ("Sts."); reads only the last characters (``\\b`` still
    sees the one before them), so a line of n sentences costs O(n), not O(n²)."""
    return _TITLE_END.search(line, max(0, end - _TITLE_REACH), end) is not None


@lru_cache(maxsize=32_768)  # syndicated copies repeat whole paragraphs: a line is segmented once per run
def _chunk_spans(chunk: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of the sentences of one chunk of a line (:func:`_chunks`), relative to it."""
    # the processor's sentences, located here: Segmenter.segment() would locate them
    # again with one freshly compiled regex per sentence (a third of the cost)
    pieces = _segmenter().processor(chunk).process() if chunk else []
    return tuple((x.start, x.end) for s in _locate(chunk, pieces, 0) for x in _split_glued(s)
                 if _HAS_WORD.search(x.text))


def _line_spans(line: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the sentences of one line, relative to the line, chunk by chunk."""
    prev: tuple[int, int] | None = None
    for off, chunk in _chunks(line):
        for a, b in _chunk_spans(chunk):
            if prev is not None and _ends_in_title(line, prev[1]) and _NAME_START.match(line, off + a):
                prev = (prev[0], off + b)  # "Sts." + "Peter and Paul ...": one sentence
                continue
            if prev is not None:
                yield prev
            prev = (off + a, off + b)
    if prev is not None:
        yield prev


def segment(text: str, limit: int | None = None) -> list[Segment]:
    """Split ``text`` into sentences; ``text[s.start:s.end] == s.text`` for every sentence.
    ``limit``: only the first ``limit`` sentences (the lines after them are not segmented)."""
    out: list[Segment] = []
    pos = 0
    for raw_line in text.splitlines(keepends=True):
        if limit is not None and len(out) >= limit:
            break
        line = raw_line.rstrip("\r\n")
        if line.strip():
            for a, b in _line_spans(line):
                out.append(Segment(pos + a, pos + b, line[a:b]))
                if limit is not None and len(out) >= limit:  # a yielded sentence is final
                    break
        pos += len(raw_line)
    return out
