"""Meaning drift of a candidate sentence against its original.

A small logistic model over checkable evidence (:mod:`transcheck.drift.evidence`): embedding
cosine, chrF / BLEU, numbers, dates, names, negation, antonyms, gender / pronouns, content words
added / dropped and quotations compared verbatim. Parameters (scaling, coefficients, calibrated
thresholds) live in ``transcheck/data/drift_model.json``, written by ``scripts/train_drift.py``.

Runtime needs numpy and sacrebleu only; the JSON and the metric objects load on first use.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..learned import LinearModel, read_params, sigmoid
from ..results import PairResult, Reason, Span
from .evidence import Analyzer
from .pair import FEATURES, Evidence, Finding, WordEncoder
from .tokens import is_content, tokenize

MODEL_FILE = "drift_model.json"

SEVERITY = {"number": "major", "date": "major", "weekday": "major", "entity": "major", "negation": "major",
            "antonym": "major", "quote": "major", "pronoun": "minor", "incomplete": "minor", "added": "minor",
            "dropped": "minor"}
_KIND_PRIORITY = ["quote", "negation", "antonym", "number", "weekday", "date", "entity", "pronoun", "incomplete", "added",
                  "dropped"]


@dataclass(frozen=True)
class DriftModel:
    """The shipped drift model: the logistic model over :data:`FEATURES`, its calibrated thresholds and
    the quotation floor, and the analyzer built with its antonym lexicons."""

    version: str
    linear: LinearModel
    threshold: float  # drift probability at and above which a pair is ``drift``
    paraphrase_threshold: float  # folded chrF at and above which a pair that is not drift is ``match``
    quote_floor: float  # a pair with a floor feature scores at least this
    floor_features: tuple[str, ...]
    analyzer: Analyzer
    params: dict[str, Any]

    def score(self, ev: Evidence) -> tuple[float, np.ndarray]:
        """Drift probability of one pair (floor applied) and each feature's term of its logit."""
        contrib = self.linear.contributions(np.asarray(ev.vector(), dtype=np.float64))
        score = float(sigmoid(float(contrib.sum()) + self.linear.intercept))
        if self.quote_floor and any(ev.values.get(f, 0.0) > 0 for f in self.floor_features):
            score = self.quote_floor + (1.0 - self.quote_floor) * score  # lifted into [floor, 1], order kept
        return score, contrib

    def status(self, score: float, ev: Evidence, threshold: float | None = None, judged: bool = True) -> str:
        """``drift`` at and above ``threshold`` (default: the calibrated one) when the relation's
        condition holds (``judged``: a changed fact in a copy, :func:`changes`; a conflict between
        independent reports, :func:`conflicts`; always for strict pairs); otherwise ``match`` for a
        near-verbatim pair and ``paraphrase`` for the rest."""
        drifted = score >= (self.threshold if threshold is None else threshold)
        if drifted and judged:
            return "drift"
        return "match" if ev.chrf_fold >= self.paraphrase_threshold else "paraphrase"


SAME_FACT_COSINE = 0.7  # below this, two sentences of independent reports state different facts


def conflicts(orig: str, cand: str, ev: Evidence) -> list[Finding]:
    """The findings by which two sentences of *independent* reports of one event contradict each
    other (:attr:`Finding.conflict`). Only sentences that state the same fact can: a quotation of the
    same words reworded, or another conflict where the two sentences are close in meaning (cosine
    ``SAME_FACT_COSINE`` or more). Headlines state no fact to compare."""
    if _headline(orig) or _headline(cand):
        return []
    same_fact = ev.values.get("cosine", 0.0) >= SAME_FACT_COSINE
    return [f for f in ev.findings if f.conflict and (f.code == "quote" or same_fact)]


CERTAIN = 0.97  # a drift score this high: names gone and others added are a change, whatever their number


def changes(ev: Evidence, score: float) -> list[Finding]:
    """The findings by which a *copy* changes a fact of its original: a negation, an antonym, a
    reworded quotation, swapped roles, a number or date replaced by another, a name replaced by
    another (one for one, in its place, or any names gone and others added at a score of
    ``CERTAIN``). Words only added or left out are reported, but do not make a copy drift on their
    own: a translation or an edit words things differently."""
    def changed(f: Finding) -> bool:
        if f.code in ("negation", "antonym", "quote", "swap"):
            return True
        replaced = bool(f.orig and f.cand)
        if f.code == "entity":
            return replaced and (f.conflict or len(f.orig) == len(f.cand) == 1 or score >= CERTAIN)
        return f.code in ("number", "date") and replaced

    return [f for f in ev.findings if changed(f)]


def _headline(text: str) -> bool:
    """A headline or section head: no closing punctuation, and most of its longer words capitalised."""
    words = [w for w in text.split() if len(w) > 3 and w[0].isalpha()]
    return (bool(words) and not text.rstrip().endswith((".", "!", "?", "”", '"', "’", ":"))
            and sum(w[0].isupper() for w in words) >= 0.6 * len(words))


_lock = threading.Lock()
_model: DriftModel | None = None


def _load() -> DriftModel:
    params = read_params(MODEL_FILE, "scripts/train_drift.py")
    rules = params.get("rules", {})
    return DriftModel(
        version=params["version"],
        linear=LinearModel.from_block(params, FEATURES, MODEL_FILE),
        threshold=float(params["threshold"]),
        paraphrase_threshold=float(params["paraphrase_threshold"]),
        quote_floor=float(rules.get("quote_floor", 0.0)),
        floor_features=tuple(rules.get("floor_features", ["quote"])),
        analyzer=Analyzer(params.get("antonyms", []), in_place_pairs=params.get("antonyms_in_place", [])),
        params=params,
    )


def model() -> DriftModel:
    """The shipped drift model, loaded once (thread-safe); every pair reads it, so once loaded it is
    returned without taking the lock."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = _load()
    return _model


def analyzer() -> Analyzer:
    return model().analyzer


def drift_settings(threshold: float | None = None) -> dict[str, Any]:
    """Every number that shapes drift verdicts, with ``threshold`` in force (default: the calibrated
    one), for signatures and ``transcheck info``."""
    m = model()
    return {
        "version": m.version,
        "threshold": m.threshold if threshold is None else threshold,
        "paraphrase_threshold": m.paraphrase_threshold,
        "paraphrase_measure": "chrF on case- and punctuation-folded text (0..1)",
        "quote_floor": m.quote_floor,
        "floor_features": list(m.floor_features),
        "features": list(m.linear.features),
        "model": "logistic regression over standardised features",
    }


def score_pairs(
    originals: list[str], candidates: list[str], similarities: np.ndarray, words: WordEncoder | None = None,
    threshold: float | None = None, relations: Sequence[str] | None = None,
) -> list[PairResult]:
    """Drift verdicts for ``(originals[i], candidates[i])``; ``similarities[i]`` is their embedding
    cosine; ``words`` is the sentence encoder, used on single added / dropped words; ``threshold``
    overrides the calibrated drift threshold; ``relations[i]`` says how the two sentences' documents
    stand: ``strict`` (the default: pairs declared equivalent, as ``compare`` scores them; drift is
    the score at the threshold), ``copy`` (a copy, edit or translation: drift also needs a changed
    fact, :func:`changes`) or ``independent`` (two reports of one event: drift also needs a
    conflict, :func:`conflicts`)."""
    if len(originals) != len(candidates) or len(originals) != len(similarities):
        raise ValueError("originals, candidates and similarities must have the same length")
    an = analyzer()
    prefetch(originals, candidates, words)
    out: list[PairResult] = []
    rel = list(relations) if relations is not None else ["strict"] * len(originals)
    for orig, cand, sim, r in zip(originals, candidates, np.asarray(similarities, dtype=np.float64), rel):
        out.append(_result(orig, cand, float(sim), an.evidence(orig, cand, float(sim), words), threshold, r))
    return out


def prefetch(originals: Sequence[str], candidates: Sequence[str], words: WordEncoder | None = None) -> None:
    """Parse the texts of the pairs that are not verbatim, and embed their content words, in one
    batch each: the evidence of each pair then reads the tagger's and the encoder's memos. A scan
    calls it once per story, with the pairs of all its documents (bigger batches cost less per
    sentence and per word), before :func:`score_pairs` calls it again for each document (all hits)."""
    changed = sorted({t for o, c in zip(originals, candidates) if o != c for t in (o, c)})
    if changed:
        analyzer().syntax(changed)
        if words is not None:
            _prefetch_words(changed, words)


def score_split(
    original: str, unit: str, parts: list[tuple[int, int]], similarity: float, words: WordEncoder | None = None,
    threshold: float | None = None, relation: str = "strict",
) -> list[PairResult]:
    """Verdicts for candidate sentences that together render one original sentence (a split).
    ``unit`` is the candidate text from the first to the last of them, ``parts`` each one's
    ``(start, end)`` in it, ``similarity`` the cosine of the original to the sentences together.

    The unit is compared with the original as one sentence, so that no part counts the words of
    another as dropped. Each part then gets the unit's evidence less what lies in the other parts
    (findings whose candidate words are all there, and their features); the signs of a missing word
    come from the part alone, as a parse of two sentences as one would be no evidence. Spans are
    relative to the part."""
    an = analyzer()
    sentences = [unit[a:b] for a, b in parts]
    an.syntax([original, unit] + sentences)
    if words is not None:
        _prefetch_words([original, unit], words)
    ev = an.evidence(original, unit, similarity, words)
    base = {k: (0.0 if k.startswith("incomplete_") else x) for k, x in ev.values.items()}
    unit_findings = [f for f in ev.findings if f.code != "incomplete"]
    out = []
    for (a, b), sentence in zip(parts, sentences):
        def here(span: tuple[int, int, str], a: int = a, b: int = b) -> bool:
            return a <= span[0] and span[1] <= b

        mine: list[Finding] = []
        elsewhere: list[Finding] = []
        for f in unit_findings:
            (mine if not f.cand or any(here(x) for x in f.cand) else elsewhere).append(f)
        values = dict(base)
        kept = {f.feature for f in mine}
        for f in elsewhere:
            for feature in _SHARE_FEATURES.get(f.feature, (f.feature,)):
                if feature not in kept:
                    values[feature] = 0.0
        findings = [
            Finding(f.code, f.message, f.feature, [(x - a, y - a, k) for x, y, k in f.cand if a <= x and y <= b],
                    list(f.orig), f.conflict)
            for f in mine
        ]
        findings += an.incomplete(original, sentence, values)
        out.append(_result(original, sentence, similarity, Evidence(values, findings, ev.chrf_fold), threshold,
                           relation))
    return out


# features that go with a finding's own when it lies in another part of a split
_SHARE_FEATURES = {"added": ("added", "added_unsupported"), "entity_added": ("entity_added", "entity_swap"),
                   "entity_missing": ("entity_missing", "entity_swap"), "number": ("number", "number_extra"),
                   "date": ("date", "date_extra")}


def _result(orig: str, cand: str, sim: float, ev: Evidence, threshold: float | None, relation: str) -> PairResult:
    """The verdict, reasons and highlights of one pair from its evidence."""
    m = model()
    weights = {name: k for k, name in enumerate(m.linear.features)}
    score, contrib = m.score(ev)
    if relation == "strict":
        judged = True
    elif relation == "copy":
        judged = bool(changes(ev, score))
    else:
        judged = bool(conflicts(orig, cand, ev))
    status = m.status(score, ev, threshold, judged)
    reasons: list[Reason] = []
    hl: dict[tuple[int, int], Span] = {}
    ohl: dict[tuple[int, int], Span] = {}
    for f in ev.findings:
        w = float(contrib[weights[f.feature]]) if f.feature in weights else 0.0
        spans = []
        for a, b, kind in f.cand:
            s = Span(a, b, cand[a:b], kind, SEVERITY.get(kind, "minor"))
            spans.append(s)
            _keep(hl, s)
        for a, b, kind in f.orig:
            _keep(ohl, Span(a, b, orig[a:b], kind, SEVERITY.get(kind, "minor")))
        reasons.append(Reason(f.code, f.message, w, spans))
    cw = float(contrib[weights["cosine"]])
    if status == "drift" and cw > 0:
        reasons.append(Reason("similarity", f"meaning similarity {sim:.2f} is low", cw))
    reasons.sort(key=lambda r: (-r.weight, r.code))
    if status == "match":
        # near-verbatim copies: no word-level noise in the report
        reasons = [r for r in reasons if r.code not in ("added", "dropped")]
    return PairResult(
        drift_score=float(score),
        drifted=status == "drift",
        status=status,
        similarity=float(sim),
        reasons=reasons,
        highlights=sorted(hl.values(), key=lambda s: (s.start, s.end)),
        original_highlights=sorted(ohl.values(), key=lambda s: (s.start, s.end)),
    )


def _prefetch_words(texts: list[str], words: WordEncoder) -> None:
    """Embed the content words of ``texts`` in one batch, so that the per-pair word lookups in
    :meth:`Analyzer.evidence` hit the encoder's memory."""
    vocab = sorted({t.lower for text in texts for t in tokenize(text) if is_content(t)})
    if vocab:
        words(vocab)


def _keep(spans: dict[tuple[int, int], Span], s: Span) -> None:
    """One span per range, the most specific kind wins; ranges overlapping a kept one are dropped."""
    key = (s.start, s.end)
    old = spans.get(key)
    if old is not None:
        if _KIND_PRIORITY.index(s.kind) < _KIND_PRIORITY.index(old.kind):
            spans[key] = s
        return
    for (a, b), o in list(spans.items()):
        if a < s.end and s.start < b:
            if _KIND_PRIORITY.index(s.kind) < _KIND_PRIORITY.index(o.kind) and (b - a) <= (s.end - s.start):
                del spans[(a, b)]
            else:
                return
    spans[key] = s
