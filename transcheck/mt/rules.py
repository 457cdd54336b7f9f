"""Hand rules of the machine-translation detector: artefacts with checkable reasons.

Foreign-language residue, lowercase proper nouns (against the casing of the story's texts), Russian-
style dash attribution of quotes, «guillemets» and spacing before punctuation. Each rule gives a
:class:`~transcheck.results.Reason` with spans (character offsets into the document text) and a
hand-set weight in log-odds (``RULE_WEIGHTS``; justification in ``docs/mt_detector.md``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..results import Reason, Segment, Span
from ..text.english import (
    ATTRIBUTION_VERBS,
    CASING_DETERMINERS,
    CASING_STOP,
    DEMONYM_SUFFIXES,
    GAZETTEER_BIGRAMS,
    LANGUAGE_NAMES,
    NAME_PARTICLES,
)
from .words import WORD, words_with_offsets

# ---------------------------------------------------------------------------------------------
# Rule weights (log-odds added to the calibrated learned logit; justification in docs/mt_detector.md)
# ---------------------------------------------------------------------------------------------

RULE_WEIGHTS: dict[str, float] = {
    "foreign_first": 4.0,  # first foreign-language segment in an English text
    "foreign_more": 0.5,  # each further one
    "foreign_cap": 5.0,
    "casing_strong": 2.0,  # a distinct proper noun, capitalised mid-sentence elsewhere / gazetteer
    "casing_weak": 1.0,  # a distinct proper noun, capitalised only sentence-initially elsewhere
    "casing_cap": 4.5,
    "dash_attribution": 1.0,  # “...”, – said X / said X. – More quote
    "dash_cap": 2.5,
    "guillemets": 1.0,  # «...» in English text
    "spacing": 0.4,  # space before , . ; : ? ! or inside brackets
    "spacing_cap": 1.2,
}


# ---------------------------------------------------------------------------------------------
# Foreign residue
# ---------------------------------------------------------------------------------------------

_MIN_FOREIGN_LETTERS = 8  # a segment in another script: this many letters of it
# A segment in Latin script is read as another language only when it is this long: langdetect takes
# short English lines for other languages ("Unfortunate item." as Romanian, "REUTERS/Piroschka van de
# Wouw" as Dutch). On native English and human translations (dev data) its longest such false reading
# had 114 letters, and no Latin-script segment of the MT outputs was a real foreign one.
_MIN_LATIN_FOREIGN_LETTERS = 150
# bylines, photo credits, URLs, e-mail addresses, markup: never language evidence
_NOT_PROSE = re.compile(r"https?://|www\.|\w@\w|<!--|-->|<[a-z/]|\b[A-Z]{2,}/\w|^\s*(?:by|photo|image|credit|source)\b",
                        re.IGNORECASE)


def _latin_share(text: str) -> float:
    """The share of the letters of ``text`` that are Latin (Basic Latin to Latin Extended-B)."""
    letters = [ch for ch in text if ch.isalpha()]
    return sum(1 for ch in letters if ch < "\u0250") / len(letters) if letters else 1.0


def foreign_segments(segments: Sequence[Segment], languages: Sequence[str]) -> list[int]:
    """Indices of segments in a language other than English (``und`` excluded) that are evidence:
    mostly in a non-Latin script with at least ``_MIN_FOREIGN_LETTERS`` letters, or in Latin script
    with at least ``_MIN_LATIN_FOREIGN_LETTERS``; never a byline, credit, URL or markup."""
    out = []
    for i, (s, lang) in enumerate(zip(segments, languages)):
        if lang in ("en", "und"):
            continue
        letters = sum(1 for ch in s.text if ch.isalpha())
        if letters < _MIN_FOREIGN_LETTERS or _NOT_PROSE.search(s.text):
            continue
        if _latin_share(s.text) > 0.5 and letters < _MIN_LATIN_FOREIGN_LETTERS:
            continue
        out.append(i)
    return out


def english_share(segments: Sequence[Segment], languages: Sequence[str]) -> float:
    """The share of the text's characters in segments detected as English."""
    total = sum(s.end - s.start for s in segments) or 1
    return sum(s.end - s.start for s, lang in zip(segments, languages) if lang == "en") / total


def foreign_reason(text: str, segments: Sequence[Segment], languages: Sequence[str]) -> Reason | None:
    """Segments left in another language (``foreign_residue``), or None."""
    idx = foreign_segments(segments, languages)
    if not idx:
        return None
    w = RULE_WEIGHTS
    weight = min(w["foreign_cap"], w["foreign_first"] + w["foreign_more"] * (len(idx) - 1))
    langs = sorted({languages[i] for i in idx})
    names = ", ".join(LANGUAGE_NAMES.get(lang, lang) for lang in langs)
    spans = [Span(segments[i].start, segments[i].end, segments[i].text, "foreign_residue", "major") for i in idx]
    n = len(idx)
    msg = f"{n} segment{'s' if n > 1 else ''} left in {names} inside an English text (untranslated residue)"
    return Reason("foreign_residue", msg, weight, spans)


# ---------------------------------------------------------------------------------------------
# Casing artefacts
# ---------------------------------------------------------------------------------------------

def _is_title(w: str) -> bool:
    return len(w) >= 2 and w[0].isupper() and not w.isupper()


def _is_cap(w: str) -> bool:
    return bool(w) and w[0].isupper()


def _mid_sentence(text: str, start: int) -> bool:
    """The word at ``start`` follows a letter, digit or comma on the same line (not a sentence start)."""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0 or text[i] in "\n\r":
        return False
    ch = text[i]
    return ch.isalnum() or ch in ",&"


def headline_mask(text: str) -> list[tuple[int, int]]:
    """Character ranges of title-case lines ("Trump, Putin Reach Syria Deal As ..."): no casing evidence."""
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        long_words = [w for w in WORD.findall(line) if len(w) >= 4]
        if len(long_words) >= 3 and sum(1 for w in long_words if w[0].isupper()) / len(long_words) >= 0.6:
            out.append((pos, pos + len(line)))
        pos += len(line)
    return out


@dataclass(frozen=True)
class CasingCorpus:
    """Casing statistics of a story's texts, computed once per story (not once per document):
    title-case word counts (all, mid-sentence, and standing alone mid-sentence: neither neighbour
    capitalised, so a name of its own and not a common noun inside a capitalised name such as
    "Merseyside Police"), title-case bigrams, all words and determiner-led lowercase words ("the
    president": a common noun); title-case headlines are skipped."""

    cap_all: dict[str, int]
    cap_mid: dict[str, int]
    cap_alone: dict[str, int]
    bigrams: set[tuple[str, str]]
    vocab: set[str]
    common: dict[str, int]


def casing_corpus(texts: Iterable[str]) -> CasingCorpus:
    """Casing statistics over ``texts`` (a document and the rest of its story)."""
    cap_all: dict[str, int] = {}
    cap_mid: dict[str, int] = {}
    cap_alone: dict[str, int] = {}
    bigrams: set[tuple[str, str]] = set()
    vocab: set[str] = set()
    common: dict[str, int] = {}
    for text in texts:
        toks = words_with_offsets(text)
        heads = headline_mask(text)
        for k, (s, e, w) in enumerate(toks):
            vocab.add(w)
            if k > 0 and w.islower() and toks[k - 1][2].lower() in CASING_DETERMINERS:
                common[w] = common.get(w, 0) + 1
            if any(a <= s < b for a, b in heads):
                continue
            if _is_title(w):
                cap_all[w] = cap_all.get(w, 0) + 1
                if _mid_sentence(text, s):
                    cap_mid[w] = cap_mid.get(w, 0) + 1
                    prev_cap = k > 0 and text[toks[k - 1][1] : s] == " " and _is_cap(toks[k - 1][2])
                    next_cap = k + 1 < len(toks) and text[e : toks[k + 1][0]] == " " and _is_cap(toks[k + 1][2])
                    if not prev_cap and not next_cap:
                        cap_alone[w] = cap_alone.get(w, 0) + 1
            if k + 1 < len(toks):
                s2, e2, w2 = toks[k + 1]
                if text[e:s2] == " " and _is_cap(w) and _is_cap(w2):
                    bigrams.add((w, w2))
    return CasingCorpus(cap_all, cap_mid, cap_alone, bigrams, vocab, common)


@dataclass
class _CasingHit:
    """A lowercase word that is a name elsewhere: where it stands, and the evidence (``kind``:
    ``gazetteer`` / ``joined`` / ``bigram`` / ``capitalised``; ``form``: the written name)."""

    spans: list[tuple[int, int]]
    strong: bool
    kind: str
    form: str

    def message(self, w: str, n_cap: int) -> str:
        if self.kind == "gazetteer":
            return f"lowercase proper noun '{w}' (the name is written '{self.form}')"
        if self.kind == "joined":
            return f"lowercase proper noun '{w}' (written '{self.form}' elsewhere)"
        return f"lowercase proper noun '{w}' (capitalised {n_cap} time{'s' if n_cap != 1 else ''} elsewhere, as '{self.form}')"


def casing_reasons(
    text: str, story_texts: Sequence[str] | None = None, corpus: CasingCorpus | None = None
) -> list[Reason]:
    """Proper nouns written lowercase here but capitalised elsewhere ("Donald trump", "da Nang").

    ``corpus``, when given, must be :func:`casing_corpus` of ``text`` and its story's texts; it
    replaces ``story_texts`` so that a story of n documents is read once, not n times."""
    c = corpus if corpus is not None else casing_corpus([text, *(story_texts or [])])
    hits = _casing_hits(text, c)
    reasons = []
    for w in sorted(hits):
        h = hits[w]
        n_cap = c.cap_all.get(w[0].upper() + w[1:], 0)
        weight = RULE_WEIGHTS["casing_strong" if h.strong else "casing_weak"]
        spans = [Span(s, e, text[s:e], "casing", "minor") for s, e in sorted(h.spans)]
        reasons.append(Reason("casing", h.message(w, n_cap), weight + 0.01 * min(len(spans), 10), spans))
    # cap the total casing weight by scaling, keeping the order strongest first
    total = sum(r.weight for r in reasons)
    scale = min(1.0, RULE_WEIGHTS["casing_cap"] / total) if total else 1.0
    for r in reasons:
        r.weight = round(r.weight * scale, 4)
    reasons.sort(key=lambda r: (-r.weight, r.spans[0].start))
    return reasons


def _casing_hits(text: str, c: CasingCorpus) -> dict[str, _CasingHit]:
    """Each lowercase word of ``text`` that the story writes as (part of) a name, with its evidence;
    the first strong evidence found for a word is the one reported."""
    toks = words_with_offsets(text)
    # how often each (capitalised previous word, lowercase word) pattern repeats in this text
    pair_counts: dict[tuple[str, str], int] = {}
    for k in range(1, len(toks)):
        p, w = toks[k - 1][2], toks[k][2]
        if _is_cap(p) and w.islower() and text[toks[k - 1][1] : toks[k][0]] == " ":
            pair_counts[(p, w)] = pair_counts.get((p, w), 0) + 1

    hits: dict[str, _CasingHit] = {}

    def add(w: str, s: int, e: int, strong: bool, kind: str, form: str) -> None:
        h = hits.setdefault(w, _CasingHit([], False, kind, form))
        if all(sp[0] != s for sp in h.spans):
            h.spans.append((s, e))
        if strong and not h.strong:
            h.strong, h.kind, h.form = True, kind, form

    for k, (s, e, w) in enumerate(toks):
        if not w.islower() or len(w) < 2 or not _mid_sentence(text, s):
            continue
        W = w[0].upper() + w[1:]
        prev = toks[k - 1] if k > 0 and text[toks[k - 1][1] : s] == " " else None
        nxt = toks[k + 1] if k + 1 < len(toks) and text[e : toks[k + 1][0]] == " " else None
        # 1. the same pair of words is written capitalised elsewhere ("White House", "Da Nang", "Danang")
        if nxt and _is_cap(nxt[2]) and w in NAME_PARTICLES:
            joined = W + nxt[2].lower()
            if joined in c.vocab and len(joined) >= 5:
                add(w, s, e, True, "joined", joined)
            continue
        if w in CASING_STOP or len(w) < 3:
            continue
        if text[e : e + 1] == "-" or text[s - 1 : s] == "-":
            continue  # part of a compound ("state-run")
        pairs = []
        if prev and _is_cap(prev[2]) and prev[2].lower() not in CASING_STOP:
            pairs.append((prev[2], W))
        if nxt and _is_cap(nxt[2]) and nxt[2].lower() not in CASING_STOP:
            pairs.append((W, nxt[2]))
        found = False
        # a story bigram is evidence only for a real name: one also written capitalised standing
        # alone ("police" beside "Merseyside Police" is a common noun, "secretary" beside "Health
        # Secretary" too); the gazetteer's names are names
        own_name = c.cap_alone.get(W, 0) >= 1 and not c.common.get(w, 0)
        for pair in pairs:
            if pair in GAZETTEER_BIGRAMS or (own_name and pair in c.bigrams):
                add(w, s, e, True, "gazetteer" if pair in GAZETTEER_BIGRAMS else "bigram", " ".join(pair))
                found = True
                break
        if found or c.common.get(w, 0):
            continue  # (or used as a common noun, "the president", somewhere)
        # 2. a name after a capitalised word ("Donald trump") whose capitalised form is used mid-sentence
        # (not after a demonym: "Russian state", "Syrian army" are ordinary English)
        if prev and _is_title(prev[2]) and prev[2].lower() not in CASING_STOP and not prev[2].endswith(DEMONYM_SUFFIXES):
            if not own_name:
                continue
            if c.cap_mid.get(W, 0) >= 2:
                add(w, s, e, True, "capitalised", W)
            elif pair_counts.get((prev[2], w), 0) >= 2:
                add(w, s, e, False, "capitalised", W)
    return hits


# ---------------------------------------------------------------------------------------------
# Quote/dash attribution, guillemets, spacing
# ---------------------------------------------------------------------------------------------

_SPEECH = "(?:" + "|".join(ATTRIBUTION_VERBS) + ")"
_DASH_PATTERNS = [
    # “...”, – said Putin  /  “...” - the document says
    re.compile(r"[”\"»][,.]?[ \t]*[-–—][ \t]+(?=\w)"),
    # “..., - said X  (comma inside the quote, then a dash)
    re.compile(r",[ \t]+[-–—][ \t]+(?=" + _SPEECH + r"\b|(?:the|a)\s+\w+\s+" + _SPEECH + r"\b)"),
    # said Donald trump. – You know  (the quote goes on after the attribution, Russian dialogue style)
    re.compile(r"\b" + _SPEECH + r"\s+(?:[\w.’'-]+\s+){0,3}?[\w.’'-]+[.,][ \t]+[-–—][ \t]+(?=[A-Z“\"])"),
    # line starting with a dialogue dash
    re.compile(r"(?m)^[ \t]*[-–—][ \t]+(?=[A-Z“\"])"),
]
_GUILLEMETS = re.compile(r"«[^«»\n]{1,300}»")
_SPACING = re.compile(r"(?<=\w) +[,.;:?!](?=\s|$)|[(\[] +(?=\w)|(?<=\w) +[)\]]")


def dash_reason(text: str) -> Reason | None:
    """Quotes attributed with a dash, Russian style (``dash_attribution``), or None."""
    spans: dict[int, Span] = {}
    for pat in _DASH_PATTERNS:
        for m in pat.finditer(text):
            # point at the dash itself
            j = next(i for i in range(m.start(), m.end()) if text[i] in "-–—")
            if any(abs(j - k) <= 3 for k in spans):
                continue
            spans[j] = Span(j, j + 1, text[j], "dash_attribution", "minor")
    if not spans:
        return None
    n = len(spans)
    weight = min(RULE_WEIGHTS["dash_cap"], RULE_WEIGHTS["dash_attribution"] * n)
    msg = f"Russian-style dash attribution of quotes ({n} time{'s' if n > 1 else ''}), e.g. '”, – said …'"
    return Reason("dash_attribution", msg, weight, [spans[k] for k in sorted(spans)])


def guillemets_reason(text: str, segments: Sequence[Segment], languages: Sequence[str]) -> Reason | None:
    """«Guillemets» quoting outside foreign-language segments (``guillemets``), or None."""
    foreign = [(segments[i].start, segments[i].end) for i in foreign_segments(segments, languages)]
    spans = []
    for m in _GUILLEMETS.finditer(text):
        if any(a <= m.start() < b for a, b in foreign):
            continue  # already counted as foreign residue
        spans.append(Span(m.start(), m.end(), m.group(), "guillemets", "minor"))
    if not spans:
        return None
    n = len(spans)
    return Reason("guillemets", f"«guillemets» quoting in English text ({n} time{'s' if n > 1 else ''})",
                  RULE_WEIGHTS["guillemets"], spans)


def spacing_reason(text: str) -> Reason | None:
    """Spaces before punctuation or inside brackets (``spacing``), or None."""
    spans = [Span(m.start(), m.end(), m.group(), "spacing", "minor") for m in _SPACING.finditer(text)]
    if not spans:
        return None
    n = len(spans)
    weight = min(RULE_WEIGHTS["spacing_cap"], RULE_WEIGHTS["spacing"] * n)
    return Reason("spacing", f"space before punctuation or inside brackets ({n} time{'s' if n > 1 else ''})", weight, spans)


def rule_reasons(text: str, segments: Sequence[Segment], languages: Sequence[str],
                 story_texts: Sequence[str] | None = None, casing: CasingCorpus | None = None) -> list[Reason]:
    """The evidence of every hand rule; ``story_texts`` and ``casing`` as in :func:`casing_reasons`."""
    out: list[Reason] = []
    for r in (foreign_reason(text, segments, languages), dash_reason(text),
              guillemets_reason(text, segments, languages), spacing_reason(text)):
        if r is not None:
            out.append(r)
    out.extend(casing_reasons(text, story_texts, casing))
    return out

