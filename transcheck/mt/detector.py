"""Machine-translation detector: rule-based artefacts plus a small learned translationese model.

Runtime is numpy only. The learned parameters (feature vocabularies, standardisation, logistic
coefficients, calibration) live in ``transcheck/data/mt_detector.json``, written by
``scripts/train_mt_detector.py`` and loaded lazily on first use.

Document score, in log-odds::

    z = platt_a * learned_logit + platt_b          # calibrated learned score (Platt scaling)
      + sum(rule weights)                          # foreign residue, casing, dash attribution, ...
    score = sigmoid(z)

The rule signals are near absent from the training data (clean WMT outputs), so they are not fitted:
they are added as log-odds with hand-set weights (see ``docs/mt_detector.md``), chosen so that one
foreign-language segment or two distinct mis-cased proper nouns push a typical human document over
the shipped threshold on their own.

Every piece of evidence is a :class:`~transcheck.models.Reason` with spans (character offsets into
the document text), sorted strongest first.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from ..learned import load_model_json
from ..results import MTResult, Reason, Segment, Span

# ---------------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------------

_DEFAULT_PARAMS: dict[str, Any] = {"version": 0, "model": "rules", "threshold": 0.5, "trained_on": "none"}


@lru_cache(maxsize=1)
def _params() -> dict[str, Any]:
    return load_model_json("mt_detector.json", _DEFAULT_PARAMS)


def detector_settings() -> dict[str, Any]:
    """What shapes MT verdicts: threshold, model kind, feature count, training data, rule weights."""
    p = _params()
    learned = p.get("learned") or {}
    return {
        "threshold": float(p.get("threshold", 0.5)),
        "model": p.get("model", "rules"),
        "features": int(learned.get("n_doc_features", 0)) + int(learned.get("n_sentence_features", 0)),
        "trained_on": p.get("trained_on", "none"),
        "version": p.get("version", 0),
        "rule_weights": dict(RULE_WEIGHTS),
        "tagger": p.get("tagger", "none") if learned.get("pos") else "none",
    }


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
# Tokens
# ---------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]", re.UNICODE)


def words_with_offsets(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


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


# ---------------------------------------------------------------------------------------------
# Foreign residue
# ---------------------------------------------------------------------------------------------

_MIN_FOREIGN_LETTERS = 8


def foreign_segments(segments: Sequence[Segment], languages: Sequence[str]) -> list[int]:
    """Indices of segments in a language other than English (``und`` excluded), with real text."""
    out = []
    for i, (s, lang) in enumerate(zip(segments, languages)):
        if lang in ("en", "und"):
            continue
        if sum(1 for ch in s.text if ch.isalpha()) < _MIN_FOREIGN_LETTERS:
            continue
        out.append(i)
    return out


def _english_share(segments: Sequence[Segment], languages: Sequence[str]) -> float:
    total = sum(s.end - s.start for s in segments) or 1
    return sum(s.end - s.start for s, lang in zip(segments, languages) if lang == "en") / total


_LANG_NAMES = {"ru": "Russian", "uk": "Ukrainian", "bg": "Bulgarian", "de": "German", "fr": "French", "es": "Spanish",
               "zh": "Chinese", "zh-cn": "Chinese", "zh-tw": "Chinese", "ja": "Japanese", "ko": "Korean", "ar": "Arabic"}


def foreign_reason(text: str, segments: Sequence[Segment], languages: Sequence[str]) -> Reason | None:
    idx = foreign_segments(segments, languages)
    if not idx:
        return None
    w = RULE_WEIGHTS
    weight = min(w["foreign_cap"], w["foreign_first"] + w["foreign_more"] * (len(idx) - 1))
    langs = sorted({languages[i] for i in idx})
    names = ", ".join(_LANG_NAMES.get(l, l) for l in langs)
    spans = [Span(segments[i].start, segments[i].end, segments[i].text, "foreign_residue", "major") for i in idx]
    n = len(idx)
    msg = f"{n} segment{'s' if n > 1 else ''} left in {names} inside an English text (untranslated residue)"
    return Reason("foreign_residue", msg, weight, spans)


# ---------------------------------------------------------------------------------------------
# Casing artefacts
# ---------------------------------------------------------------------------------------------

# Institutional names that are written capitalised as a whole; mixed casing ("White house",
# "state Department") is a typical MT artefact.
GAZETTEER_BIGRAMS = frozenset(
    tuple(x.split())
    for x in """White House|State Department|Security Council|Foreign Ministry|Defence Ministry|Defense Ministry
    |Islamic State|Supreme Court|United Nations|European Union|General Assembly|Air Force|Red Cross
    |Prime Minister|Foreign Minister|Defense Minister|Defence Minister|State Duma|Federation Council
    |Health Ministry|Interior Ministry|Justice Ministry|Finance Ministry|Emergencies Ministry
    |Investigative Committee|Constitutional Court|National Guard|Central Bank|Pentagon Press""".replace("\n", "").split("|")
)

# Words that are legitimately lowercase next to names, or too common to be names.
CASING_STOP = frozenset(
    """a about above across after again against all almost along already also although always am among an and
    another any are around as at away back be because been before being below between both but by can could
    did do does doing down during each either else even ever every few for from further had has have having
    he her here hers him his how however i if in into is it its itself just least less like many may me might
    more most much must my near neither never no nor not now of off often on once one only or other our out
    over own per quite rather same she should since so some still such than that the their them then there
    these they this those though through thus to too under until up upon us very was we were what when where
    whether which while who whom whose why will with within without would yet you your
    said says say told tells added adds noted stressed asked according reported wrote explained announced
    de da di del della der den van von la le du des al el bin ibn ben dos das do ter
    and-or vs via etc mr mrs ms dr st jr sr""".split()
)

_DEMONYM = ("an", "ese", "ish", "ic", "ch", "i")

PARTICLES = frozenset("de da di del della der den van von la le du des al el bin ibn ben dos das do ter".split())


_DETERMINERS = frozenset("the a an this that these those his her its their our my your every each any no".split())


def headline_mask(text: str) -> list[tuple[int, int]]:
    """Character ranges of title-case lines ("Trump, Putin Reach Syria Deal As ..."): no casing evidence."""
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        long_words = [w for w in _WORD.findall(line) if len(w) >= 4]
        if len(long_words) >= 3 and sum(1 for w in long_words if w[0].isupper()) / len(long_words) >= 0.6:
            out.append((pos, pos + len(line)))
        pos += len(line)
    return out


@dataclass(frozen=True)
class CasingCorpus:
    """Casing statistics of a story's texts, computed once per story (not once per document):
    title-case word counts (all, mid-sentence), title-case bigrams, all words and determiner-led
    lowercase words ("the president": a common noun); title-case headlines are skipped."""

    cap_all: dict[str, int]
    cap_mid: dict[str, int]
    bigrams: set[tuple[str, str]]
    vocab: set[str]
    common: dict[str, int]


def casing_corpus(texts: Iterable[str]) -> CasingCorpus:
    """Casing statistics over ``texts`` (a document and the rest of its story)."""
    cap_all: dict[str, int] = {}
    cap_mid: dict[str, int] = {}
    bigrams: set[tuple[str, str]] = set()
    vocab: set[str] = set()
    common: dict[str, int] = {}
    for text in texts:
        toks = words_with_offsets(text)
        heads = headline_mask(text)
        for k, (s, e, w) in enumerate(toks):
            vocab.add(w)
            if k > 0 and w.islower() and toks[k - 1][2].lower() in _DETERMINERS:
                common[w] = common.get(w, 0) + 1
            if any(a <= s < b for a, b in heads):
                continue
            if _is_title(w):
                cap_all[w] = cap_all.get(w, 0) + 1
                if _mid_sentence(text, s):
                    cap_mid[w] = cap_mid.get(w, 0) + 1
            if k + 1 < len(toks):
                s2, e2, w2 = toks[k + 1]
                if text[e:s2] == " " and _is_cap(w) and _is_cap(w2):
                    bigrams.add((w, w2))
    return CasingCorpus(cap_all, cap_mid, bigrams, vocab, common)


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
        if nxt and _is_cap(nxt[2]) and w in PARTICLES:
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
        for pair in pairs:
            if pair in GAZETTEER_BIGRAMS or pair in c.bigrams:
                add(w, s, e, True, "gazetteer" if pair in GAZETTEER_BIGRAMS else "bigram", " ".join(pair))
                found = True
                break
        if found or c.common.get(w, 0):
            continue  # (or used as a common noun, "the president", somewhere)
        # 2. a name after a capitalised word ("Donald trump") whose capitalised form is used mid-sentence
        # (not after a demonym: "Russian state", "Syrian army" are ordinary English)
        if prev and _is_title(prev[2]) and prev[2].lower() not in CASING_STOP and not prev[2].endswith(_DEMONYM):
            if c.cap_mid.get(W, 0) >= 2:
                add(w, s, e, True, "capitalised", W)
            elif c.cap_all.get(W, 0) >= 1 and pair_counts.get((prev[2], w), 0) >= 2:
                add(w, s, e, False, "capitalised", W)
    return hits


# ---------------------------------------------------------------------------------------------
# Quote/dash attribution, guillemets, spacing
# ---------------------------------------------------------------------------------------------

_SPEECH = r"(?:said|says|say|added|adds|noted|notes|stressed|stresses|emphasized|emphasised|explained|wrote|writes|told|declared|stated|reported|continued|concluded)"
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
    spans = [Span(m.start(), m.end(), m.group(), "spacing", "minor") for m in _SPACING.finditer(text)]
    if not spans:
        return None
    n = len(spans)
    weight = min(RULE_WEIGHTS["spacing_cap"], RULE_WEIGHTS["spacing"] * n)
    return Reason("spacing", f"space before punctuation or inside brackets ({n} time{'s' if n > 1 else ''})", weight, spans)


def rule_reasons(text: str, segments: Sequence[Segment], languages: Sequence[str],
                 story_texts: Sequence[str] | None = None, casing: CasingCorpus | None = None) -> list[Reason]:
    out: list[Reason] = []
    for r in (foreign_reason(text, segments, languages), dash_reason(text),
              guillemets_reason(text, segments, languages), spacing_reason(text)):
        if r is not None:
            out.append(r)
    out.extend(casing_reasons(text, story_texts, casing))
    return out


# ---------------------------------------------------------------------------------------------
# Learned translationese features (shared with scripts/train_mt_detector.py)
# ---------------------------------------------------------------------------------------------

# Function words (closed-class English words; Koppel/Argamon-style list) used for the profile.
FUNCTION_WORDS = tuple(
    """a about above according across after against ago all almost along already also although always among
    an and another any anyone anything are around as at away be because been before behind being below
    besides between beyond both but by can cannot could despite did do does doing down due during each
    either enough even ever every everything few for former from further had has have having he her here
    hers herself him himself his how however i if in including indeed instead into is it its itself just
    latter least less many may me might mine more moreover most much must my near neither never nevertheless
    no nobody none nor not nothing now of off often on once one only onto or other others otherwise our
    ours out over own per perhaps quite rather same several shall she should since so some somebody
    someone something such than that the their theirs them themselves then there therefore these they this
    those though through throughout thus till to together too toward towards under unless unlike until up
    upon us very via was we were what whatever when whenever where whereas wherever whether which while who
    whoever whole whom whose why will with within without would yet you your yours yourself""".split()
)

PUNCT_CLASSES = (
    (",", ","), (".", "."), (";", ";"), (":", ":"), ("?", "?"), ("!", "!"), ("(", "()[]"),
    ("straight_dq", '"'), ("curly_dq", "“”„"), ("guillemet", "«»"), ("straight_sq", "'"), ("curly_sq", "‘’"),
    ("hyphen", "-"), ("dash", "–—"), ("ellipsis", "…"), ("slash", "/"), ("percent", "%"), ("dollar", "$€£₽"),
)


def style_feature_names() -> list[str]:
    names = [f"fw:{w}" for w in FUNCTION_WORDS]
    names += [f"punct:{n}" for n, _ in PUNCT_CLASSES]
    names += ["log_tokens", "mean_word_len", "ttr", "cap_share", "digit_share", "long_word_share",
              "fw_share", "contraction_share", "initial_cap", "final_punct", "comma_per_word"]
    return names


_FW_INDEX = {w: i for i, w in enumerate(FUNCTION_WORDS)}
_PUNCT_INDEX = {ch: i for i, (_, chars) in enumerate(PUNCT_CLASSES) for ch in chars}


def style_features(sentence: str) -> np.ndarray:
    """Function-word rates, punctuation rates and length/variety statistics of one sentence."""
    nfw, npu = len(FUNCTION_WORDS), len(PUNCT_CLASSES)
    v = np.zeros(nfw + npu + 11, dtype=np.float64)
    words = _WORD.findall(sentence)
    n = max(len(words), 1)
    for w in words:
        i = _FW_INDEX.get(w.lower())
        if i is not None:
            v[i] += 1.0
    v[:nfw] /= n
    for ch in sentence:
        j = _PUNCT_INDEX.get(ch)
        if j is not None:
            v[nfw + j] += 1.0
    v[nfw : nfw + npu] /= n
    k = nfw + npu
    lower = [w.lower() for w in words]
    v[k] = math.log1p(len(words))
    v[k + 1] = (sum(len(w) for w in words) / n) if words else 0.0
    v[k + 2] = (len(set(lower)) / n) if words else 0.0
    v[k + 3] = sum(1 for w in words[1:] if w[0].isupper()) / n
    v[k + 4] = sum(1 for ch in sentence if ch.isdigit()) / max(len(sentence), 1)
    v[k + 5] = sum(1 for w in words if len(w) >= 9) / n
    v[k + 6] = sum(1 for w in lower if w in _FW_INDEX) / n
    v[k + 7] = sum(1 for w in words if "'" in w or "’" in w) / n
    s = sentence.strip()
    v[k + 8] = 1.0 if s[:1].isupper() else 0.0
    v[k + 9] = 1.0 if s[-1:] in ".!?…\"”’)" else 0.0
    v[k + 10] = sentence.count(",") / n
    return v


# Typographic and spacing patterns: human translators use en/em dashes and semicolons, MT systems a
# spaced hyphen (" - "), straight quotes and clipped line ends. Counted per sentence and per document.
PATTERNS: tuple[tuple[str, str], ...] = (
    ("spaced_hyphen", r" - "), ("spaced_endash", r" – "), ("emdash", "—"), ("semicolon", ";"),
    ("straight_apos", "'"), ("curly_apos", "’"), ("straight_dq", '"'), ("line_no_final_punct", r"[^.!?\"”)\n]\n"),
    ("three_dots", r"\.\.\."), ("word_hyphen_word", r"\w - \w"), ("hyphenated", r"\w-\w"), ("digit_hyphen", r"\d-\d"),
    ("digit_spaced_hyphen", r"\d - \d"), ("digit_endash", r"\d–\d"), ("curly_dq", r"[“”]"), ("dq_word", r"\"\w"),
    ("comma_dq", r",\""), ("stop_dq", r"\.\""), ("dq_comma", r"\","), ("dq_stop", r"\"\."), ("exclamation", "!"),
    ("question", r"\?"), ("colon", ":"), ("paren", r"\("), ("percent", "%"), ("digit", r"\d"), ("acronym", r"[A-Z]{2,}"),
    ("eg_ie_etc", r"e\.g\.|i\.e\.|etc\."), ("pronoun_I", r"\bI\b"), ("nt", r"n't\b"), ("possessive_s", r"'s\b"),
    ("very", r"\bvery\b"), ("which", r"\bwhich\b"), ("that", r"\bthat\b"), ("the", r"\bthe\b"), ("of_the", r"\bof the\b"),
)
_PATTERNS_RE = [re.compile(p) for _, p in PATTERNS]
_BOW_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+|[^\w\s]| - ")


def bow_tokens(text: str) -> list[str]:
    """Lowercased words, numbers, punctuation marks and the spaced hyphen, for the bag of words."""
    return [t.lower() for t in _BOW_TOKEN.findall(text)]


def bow_vector(tokens: Sequence[str], vocab_index: dict[str, int]) -> np.ndarray:
    """Square root of relative frequencies of the vocabulary tokens."""
    v = np.zeros(len(vocab_index))
    for t in tokens:
        j = vocab_index.get(t)
        if j is not None:
            v[j] += 1.0
    return np.sqrt(v / max(len(tokens), 1))


def pattern_counts(text: str) -> np.ndarray:
    return np.array([len(p.findall(text)) for p in _PATTERNS_RE], dtype=np.float64)


def sentence_feature_names(vocab: Sequence[str], dim: int = 384) -> list[str]:
    return (style_feature_names() + [f"emb:{i}" for i in range(dim)] + [f"bow:{w}" for w in vocab]
            + [f"pat:{n}" for n, _ in PATTERNS] + [f"patlog:{n}" for n, _ in PATTERNS])


def sentence_matrix(segments: Sequence[Segment], vectors: np.ndarray, vocab: Sequence[str] = ()) -> np.ndarray:
    """One row per segment: style features, embedding, bag of words, typographic patterns."""
    dim = 384
    if not len(segments):
        return np.zeros((0, len(sentence_feature_names(vocab, dim))))
    memo = _text_rows(tuple(vocab))
    vec = np.asarray(vectors, dtype=np.float64).reshape(len(segments), -1)
    rows = []
    for k, s in enumerate(segments):
        style, rest = memo(s.text)
        rows.append(np.concatenate([style, vec[k], rest]))
    return np.vstack(rows)


@lru_cache(maxsize=4)  # one vocabulary at run time; a few while training folds
def _text_rows(vocab: tuple[str, ...]) -> Callable[[str], tuple[np.ndarray, np.ndarray]]:
    """The text-only parts of a sentence's row (style; bag of words and patterns), memoised by
    sentence text: syndicated copies repeat sentences, and a row is a function of the text."""
    idx = {w: i for i, w in enumerate(vocab)}

    @lru_cache(maxsize=4096)  # ~9.5 kB a row (dense bag of words): ~40 MB; copies repeat within a story
    def rows(text: str) -> tuple[np.ndarray, np.ndarray]:
        pc = pattern_counts(text)
        rest = np.concatenate([bow_vector(bow_tokens(text), idx), (pc > 0).astype(np.float64), np.log1p(pc)])
        style = style_features(text)
        style.flags.writeable = False
        rest.flags.writeable = False
        return style, rest

    return rows


def doc_feature_names(vocab: Sequence[str], dim: int = 384, pos: bool = False) -> list[str]:
    st = style_feature_names()
    return ([f"mean:{n}" for n in st] + ["doc:sent_len_std", "doc:sent_len_cv", "doc:mattr", "doc:n_sent_log",
            "doc:adjacent_cos"] + [f"docpat:{n}" for n, _ in PATTERNS] + [f"dochas:{n}" for n, _ in PATTERNS]
            + [f"docbow:{w}" for w in vocab] + [f"emb_mean:{i}" for i in range(dim)] + ["doc:mean_sent_logit"]
            + (["pos:profile_logit"] if pos else []))


def pos_profile(tag_seqs: Sequence[tuple[str, ...]], pos_keys: Sequence[str]) -> np.ndarray:
    """Relative frequencies of the given tag unigrams (``T:``) and tag bigrams (``B:``) over a
    document; each family sums to 1 over all its n-grams (not only the kept ones). Part-of-speech
    n-gram profiles are a classic translationese cue (Baroni & Bernardini 2006)."""
    from ..tagger import tag_ngrams

    idx = {k: i for i, k in enumerate(pos_keys)}
    v = np.zeros(len(pos_keys))
    totals = {"T": 0, "B": 0}
    for tags in tag_seqs:
        for g in tag_ngrams(tags):
            totals[g[0]] += 1
            j = idx.get(g)
            if j is not None:
                v[j] += 1.0
    for i, k in enumerate(pos_keys):
        if totals[k[0]]:
            v[i] /= totals[k[0]]
    return v


def _mattr(words: list[str], window: int = 50) -> float:
    """Moving-average type/token ratio (length-independent lexical variety)."""
    if not words:
        return 0.0
    if len(words) <= window:
        return len(set(words)) / len(words)
    counts: dict[str, int] = {}
    for w in words[:window]:
        counts[w] = counts.get(w, 0) + 1
    vals = [len(counts)]
    for i in range(window, len(words)):
        a, b = words[i], words[i - window]
        counts[a] = counts.get(a, 0) + 1
        counts[b] -= 1
        if counts[b] == 0:
            del counts[b]
        vals.append(len(counts))
    return float(np.mean(vals)) / window


def doc_text(segments: Sequence[Segment]) -> str:
    """The English segments one per line (the document as the model sees it)."""
    return "\n".join(s.text for s in segments) + "\n"


def doc_features(segments: Sequence[Segment], sent_x: np.ndarray, vectors: np.ndarray, sent_logits: np.ndarray,
                 vocab: Sequence[str] = (), pos_logit: float | None = None) -> np.ndarray:
    """Document features; ``pos_logit`` is the part-of-speech profile model's logit (``pos_logit``),
    None for a model trained without it."""
    nst = len(style_feature_names())
    dim = 384
    n_out = len(doc_feature_names(vocab, dim, pos_logit is not None))
    if len(segments) == 0:
        return np.zeros(n_out)
    lens = np.array([max(len(_WORD.findall(s.text)), 1) for s in segments], dtype=np.float64)
    w = lens / lens.sum()
    mean_style = w @ sent_x[:, :nst]
    words = [t.lower() for s in segments for t in _WORD.findall(s.text)]
    emb = np.asarray(vectors, dtype=np.float64).reshape(len(segments), dim)
    adj = float(np.mean(np.sum(emb[1:] * emb[:-1], axis=1))) if len(segments) > 1 else 0.0
    extra = [float(np.std(lens)), float(np.std(lens) / np.mean(lens)), _mattr(words), math.log(len(segments)), adj]
    text = doc_text(segments)
    pc = pattern_counts(text)
    rate = pc / max(len(text), 1) * 1000.0
    idx = {t: i for i, t in enumerate(vocab)}
    bow = bow_vector(bow_tokens(text), idx)
    pos = [] if pos_logit is None else [pos_logit]
    return np.concatenate([mean_style, np.array(extra), rate, (pc > 0).astype(np.float64), bow, emb.mean(axis=0),
                           [float(np.mean(sent_logits)) if len(sent_logits) else 0.0], pos])


def pos_logit(segments: Sequence[Segment], block: dict[str, Any]) -> float:
    """Logit of the part-of-speech profile model (a logistic regression over ``pos_profile``)."""
    from ..tagger import tag_sentences

    tags = tag_sentences([s.text for s in segments])
    return float(_linear(block, pos_profile(tags, block["keys"])))


def _sigmoid(z: np.ndarray | float) -> np.ndarray | float:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


_ARRAYS: dict[int, tuple[dict[str, Any], np.ndarray, np.ndarray, np.ndarray]] = {}


def _block_arrays(block: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A linear block's mean, scale (zeros as 1) and coefficients as arrays, converted from the
    model JSON's lists once per block rather than once per document."""
    hit = _ARRAYS.get(id(block))
    if hit is None or hit[0] is not block:
        if len(_ARRAYS) >= 16:  # training builds many blocks; run time has three
            _ARRAYS.clear()
        scale = np.asarray(block["scale"], dtype=np.float64)
        hit = _ARRAYS[id(block)] = (block, np.asarray(block["mean"], dtype=np.float64),
                                     np.where(scale > 0, scale, 1.0), np.asarray(block["coef"], dtype=np.float64))
    return hit[1], hit[2], hit[3]


def _linear(block: dict[str, Any], x: np.ndarray) -> np.ndarray:
    mean, scale, coef = _block_arrays(block)
    return ((x - mean) / scale) @ coef + float(block["intercept"])


SENTENCE_CHUNK = 1024  # rows of the sentence matrix built at a time


def _sentence_logits(segments: Sequence[Segment], vectors: np.ndarray, vocab: Sequence[str],
                     block: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """The sentence model's logits and the style columns of the sentence matrix (all that the
    document features read of it), built ``SENTENCE_CHUNK`` rows at a time. A row is ~12 kB, and the
    standardisation copies it twice more, so a whole 1 MB text (17,700 segments) held ~1 GB at once."""
    nst = len(style_feature_names())
    if not len(segments):
        return np.zeros((0, nst)), np.zeros(0)
    vec = np.asarray(vectors).reshape(len(segments), -1)
    style, logits = [], []
    for i in range(0, len(segments), SENTENCE_CHUNK):
        x = sentence_matrix(segments[i : i + SENTENCE_CHUNK], vec[i : i + SENTENCE_CHUNK], vocab)
        logits.append(_linear(block, x))
        style.append(x[:, :nst].copy())
    return np.concatenate(style), np.concatenate(logits)


def learned_scores(segments: Sequence[Segment], vectors: np.ndarray, params: dict[str, Any]) -> tuple[np.ndarray, float, np.ndarray]:
    """(sentence logits, document logit, per-feature log-odds contributions of the document model)."""
    learned = params["learned"]
    vocab = learned["vocab"]
    style, sent_logits = _sentence_logits(segments, vectors, vocab, learned["sentence"])
    pos = learned.get("pos")
    d = doc_features(segments, style, vectors, sent_logits, vocab, pos_logit(segments, pos) if pos else None)
    blk = learned["document"]
    mean, scale, coef = _block_arrays(blk)
    contrib = (d - mean) / scale * coef
    doc_logit = float(contrib.sum() + float(blk["intercept"]))
    return sent_logits, doc_logit, contrib


_GROUPS = {
    "mean:fw:": "function-word profile",
    "mean:punct:": "punctuation profile",
    "docpat:": "punctuation/typography profile",
    "dochas:": "punctuation/typography profile",
    "docbow:": "word-choice (calque) profile",
    "emb_mean:": "sentence-embedding profile",
    "doc:mean_sent_logit": "sentence-level translationese",
    "pos:": "part-of-speech profile",
    "doc:": "sentence-length/lexical-variety statistics",
    "mean:": "sentence-length/lexical-variety statistics",
}


_GROUP_PREFIXES = sorted(_GROUPS, key=len, reverse=True)


@lru_cache(maxsize=None)  # ~1,600 feature names
def _group_of(name: str) -> str:
    for prefix in _GROUP_PREFIXES:
        if name.startswith(prefix):
            return _GROUPS[prefix]
    return "other"


@lru_cache(maxsize=4)
def _feature_groups(vocab: tuple[str, ...], pos: bool) -> tuple[list[str], np.ndarray]:
    """The explanation groups of the document features, and each feature's group index."""
    names = [_group_of(n) for n in doc_feature_names(vocab, 384, pos)]
    labels = sorted(set(names))
    index = {g: k for k, g in enumerate(labels)}
    return labels, np.array([index[g] for g in names], dtype=np.intp)


def learned_reasons(text: str, segments: Sequence[Segment], sent_logits: np.ndarray, contrib: np.ndarray,
                    params: dict[str, Any], calibrated: float) -> list[Reason]:
    """Explain the learned score by feature group: summed log-odds contribution expressed as a z value."""
    learned = params["learned"]
    labels, ids = _feature_groups(tuple(learned["vocab"]), bool(learned.get("pos")))
    gstats = learned.get("group_stats", {})
    sums = np.bincount(ids, weights=np.asarray(contrib, dtype=np.float64), minlength=len(labels))
    groups = {g: float(sums[k]) for k, g in enumerate(labels)}
    # top sentences by learned logit as spans
    order = np.argsort(-sent_logits, kind="stable") if len(sent_logits) else []
    top = [int(i) for i in order[:3] if sent_logits[int(i)] > 0]
    out = []
    a = float(params.get("calibration", {}).get("a", 1.0))
    for g in sorted(groups):
        val = groups[g]
        st = gstats.get(g)
        if not st:
            continue
        z = (val - st["mean"]) / st["std"] if st["std"] > 0 else 0.0
        if z < 1.0 or val <= 0:
            continue
        spans = [Span(segments[i].start, segments[i].end, segments[i].text, "translationese", "minor") for i in top]
        out.append(Reason("translationese", f"{g} typical of MT (z={z:.1f})", round(a * val, 4), spans))
    return out


def _applies(segments: Sequence[Segment], languages: Sequence[str]) -> bool:
    """The detector reads English target text: a document mostly in English by characters."""
    return bool(segments) and _english_share(segments, languages) >= 0.5


def _learned_indices(languages: Sequence[str]) -> list[int]:
    """The sentences the learned model reads: the English ones (all, if none is)."""
    return [i for i, lang in enumerate(languages) if lang in ("en", "und")] or list(range(len(languages)))


def tagged_sentences(segments: Sequence[Segment], languages: Sequence[str]) -> list[str]:
    """The texts whose part-of-speech tags :func:`detect_mt_document` will read (none where the
    detector does not apply or the model has no part-of-speech block). A story's texts can then be
    tagged in one batch beforehand; the tagger memoises them."""
    learned = _params().get("learned") or {}
    if not learned.get("pos") or not _applies(segments, languages):
        return []
    return [segments[i].text for i in _learned_indices(languages)]


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------

def detect_mt_document(
    text: str,
    segments: list[Segment],
    languages: list[str],
    vectors: np.ndarray,
    story_texts: list[str] | None = None,
    casing: CasingCorpus | None = None,
) -> MTResult:
    params = _params()
    threshold = float(params.get("threshold", 0.5))
    n = len(segments)
    if not _applies(segments, languages):
        return MTResult(0.0, False, [], [0.0] * n)

    reasons = rule_reasons(text, segments, languages, story_texts, casing)
    rule_logit = sum(r.weight for r in reasons)

    cal = params.get("calibration", {"a": 1.0, "b": 0.0})
    if params.get("learned"):
        en_idx = _learned_indices(languages)
        en_segs = [segments[i] for i in en_idx]
        vec = np.asarray(vectors, dtype=np.float64)
        en_vec = vec[en_idx] if vec.ndim == 2 and vec.shape[0] == n else np.zeros((len(en_idx), 384))
        sent_logits, doc_logit, contrib = learned_scores(en_segs, en_vec, params)
        base = float(cal["a"]) * doc_logit + float(cal["b"])
        reasons.extend(learned_reasons(text, en_segs, sent_logits, contrib, params, base))
        # a sentence's score weighs its own evidence and its document's (c): single sentences carry
        # little signal alone (docs/mt_detector.md); the order within a document is the sentences' own
        scal = params.get("sentence_calibration", {"a": 1.0, "b": 0.0})
        context = float(scal.get("c", 0.0)) * doc_logit + float(scal["b"])
        sent_scores = [0.0] * n
        for j, i in enumerate(en_idx):
            sent_scores[i] = float(_sigmoid(float(scal["a"]) * float(sent_logits[j]) + context))
    else:
        base = float(params.get("base_logit", -2.0))
        sent_scores = [0.0] * n

    # rule evidence also marks its sentences
    for r in reasons:
        if r.code == "translationese":
            continue
        for sp in r.spans:
            for i, s in enumerate(segments):
                if s.start <= sp.start < s.end:
                    sent_scores[i] = max(sent_scores[i], float(_sigmoid(base + r.weight)))
                    break

    score = float(_sigmoid(base + rule_logit))
    reasons.sort(key=lambda r: (-r.weight, r.code, r.spans[0].start if r.spans else 0))
    return MTResult(round(score, 6), score >= threshold, reasons, [round(s, 6) for s in sent_scores])
