"""The records of the drift evidence: tokens, numbers / dates found, findings, the evidence of a pair,
the per-pair record that the evidence steps fill in, and the feature names of the model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

FEATURES = (
    "cosine",  # embedding cosine similarity (given by the pipeline)
    "chrf",  # sentence chrF / 100 on case- and punctuation-folded text
    "bleu",  # sentence BLEU / 100 on folded text
    "longer",  # max(0, log(candidate words / original words))
    "shorter",  # max(0, log(original words / candidate words))
    "added",  # content words of the candidate absent from the original (count, log1p)
    "dropped",  # content words of the original absent from the candidate (count, log1p)
    "added_unsupported",  # added words with no near-synonym in the original: log1p(sum(1 - best cosine))
    "dropped_unsupported",  # dropped words with no near-synonym in the candidate (same measure)
    "number",  # numbers changed: a value on each side, of comparable size, that differ (count)
    "number_extra",  # numbers on one side only (count)
    "date",  # a month / weekday / relative day replaced by another (count)
    "date_extra",  # dates on one side only (count)
    "entity_missing",  # name tokens of the original missing in the candidate
    "entity_added",  # name tokens of the candidate absent from the original
    "entity_swap",  # min(missing, added): a name replaced by another
    "negation",  # |negation cues(original) - negation cues(candidate)|
    "antonym",  # antonym pairs (original word -> candidate word)
    "gender",  # gender flip (he -> she, man -> woman ...)
    "pronoun",  # personal pronouns that differ (person / number)
    "quote",  # a quotation present on both sides whose words differ (0..1, 1 - word-sequence ratio)
    "question",  # a question on one side only
    "incomplete_clause",  # log1p(clause flags of the candidate - of the original): a verb without a subject, ...
    "incomplete_phrase",  # the same for phrase flags: an article without a noun, a preposition without an object, ...
)

# texts -> L2-normalised vectors (the sentence encoder)
WordEncoder = Callable[[Sequence[str]], np.ndarray]
# texts -> parses with ``.flags`` (signs of a missing word; :func:`transcheck.tagger.analyse_sentences`)
SyntaxParser = Callable[[Sequence[str]], list]


@dataclass(frozen=True)
class Token:
    """A word, number or identifier of a sentence, with its character offsets."""

    start: int
    end: int
    text: str
    lower: str  # folded form ("’" -> "'", possessive and n't split off)
    stem: str
    initial: bool  # first word of the sentence / of a quotation
    neg: bool = False
    number: float | None = None

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass
class Item:
    """A number / date found in a sentence: normalised value and the span it covers."""

    value: str
    start: int
    end: int
    text: str


@dataclass
class Finding:
    """One difference between the two sentences: a reason code, its message, the feature it counts
    in, and the spans it covers in the candidate and in the original. ``conflict``: the two sides
    say incompatible things in the same place (another number in the same slot, a negated verb that
    both share, a quotation of the same words reworded, swapped roles), as opposed to one side saying
    more or less than the other."""

    code: str
    message: str
    feature: str
    cand: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, kind)
    orig: list[tuple[int, int, str]] = field(default_factory=list)
    conflict: bool = False


@dataclass
class Evidence:
    """The feature values of a pair, the findings behind them, and the chrF of the folded texts."""

    values: dict[str, float]
    findings: list[Finding]
    chrf_fold: float

    def vector(self) -> list[float]:
        return [self.values[f] for f in FEATURES]


@dataclass
class Pair:
    """One pair under comparison, as the evidence steps of :class:`~transcheck.drift.evidence.Analyzer`
    fill it in: its texts and tokens, the feature values and findings so far, and the antonym pairs
    found (the negation step may take one back: "unclear" for "not clear" is neither)."""

    original: str
    candidate: str
    to: tuple[Token, ...]  # tokenize() returns shared tuples
    tc: tuple[Token, ...]
    chrf: float
    lower_o: set[str]  # each side's words and stems
    lower_c: set[str]
    v: dict[str, float] = field(default_factory=lambda: {f: 0.0 for f in FEATURES})
    findings: list[Finding] = field(default_factory=list)
    antonyms: list[tuple[Token, Token, Finding]] = field(default_factory=list)

    def taken(self, x: Token) -> bool:
        """Already one side of an antonym finding."""
        return any(x is t for pair in self.antonyms for t in pair[:2])
