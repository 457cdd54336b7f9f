"""Meaning drift of a candidate sentence against its original.

A small logistic model over checkable evidence (:mod:`transcheck.drift.evidence`): embedding
cosine, chrF / BLEU, numbers, dates, names, negation, antonyms, gender / pronouns, content words
added / dropped and quotations compared verbatim. Parameters (scaling, coefficients, calibrated
thresholds) live in ``transcheck/data/drift_model.json``, written by ``scripts/train_drift.py``.

Runtime needs numpy and sacrebleu only; the JSON and the metric objects load on first use.
"""

from __future__ import annotations

import math
import threading
from typing import Any, Sequence

import numpy as np

from ..learned import load_model_json
from ..results import PairResult, Reason, Span
from .evidence import Analyzer
from .pair import FEATURES, Evidence, Finding, WordEncoder
from .tokens import is_content, tokenize

MODEL_FILE = "drift_model.json"

# Used only when the JSON is missing (hand-set; the shipped JSON is the learned model).
_FALLBACK: dict[str, Any] = {
    "version": "hand-0",
    "features": list(FEATURES),
    "mean": [0.0] * len(FEATURES),
    "scale": [1.0] * len(FEATURES),
    "coef": [-6.0, -2.0, -0.5, 0.5, 0.5, 0.8, 0.8, 1.0, 1.0, 2.0, 0.5, 2.0, 0.5, 1.0, 1.0, 1.0, 3.0, 3.0, 3.0, 1.0, 4.0, 1.0],
    "intercept": 4.5,
    "threshold": 0.5,
    "paraphrase_threshold": 0.8,
    "rules": {"quote_floor": 0.9},
    "antonyms": [],
}

SEVERITY = {"number": "major", "date": "major", "weekday": "major", "entity": "major", "negation": "major",
            "antonym": "major", "quote": "major", "pronoun": "minor", "incomplete": "minor", "added": "minor",
            "dropped": "minor"}
_KIND_PRIORITY = ["quote", "negation", "antonym", "number", "weekday", "date", "entity", "pronoun", "incomplete", "added",
                  "dropped"]

_lock = threading.Lock()
_state: dict[str, Any] = {}


def _params() -> dict[str, Any]:
    if "params" not in _state:
        with _lock:
            if "params" not in _state:
                params = load_model_json(MODEL_FILE, _FALLBACK, FEATURES, "scripts/train_drift.py")
                params["_mean"] = np.asarray(params["mean"], dtype=np.float64)
                params["_scale"] = np.asarray(params["scale"], dtype=np.float64)
                params["_coef"] = np.asarray(params["coef"], dtype=np.float64)
                _state["analyzer"] = Analyzer(params.get("antonyms", []),
                                              in_place_pairs=params.get("antonyms_in_place", []))
                _state["params"] = params
    return _state["params"]


def analyzer() -> Analyzer:
    _params()
    return _state["analyzer"]


def drift_settings() -> dict[str, Any]:
    """Every number that shapes drift verdicts (for signatures and ``transcheck info``)."""
    p = _params()
    return {
        "version": p["version"],
        "threshold": float(p["threshold"]),
        "paraphrase_threshold": float(p["paraphrase_threshold"]),
        "paraphrase_measure": "chrF on case- and punctuation-folded text (0..1)",
        "quote_floor": float(p.get("rules", {}).get("quote_floor", 0.0)),
        "floor_features": list(p.get("rules", {}).get("floor_features", ["quote"])),
        "features": list(p["features"]),
        "model": "logistic regression over standardised features",
    }


def logit(ev: Evidence) -> tuple[float, np.ndarray]:
    p = _params()
    x = (np.asarray(ev.vector(), dtype=np.float64) - p["_mean"]) / p["_scale"]
    contrib = p["_coef"] * x
    return float(p["intercept"] + contrib.sum()), contrib


def score_evidence(ev: Evidence) -> tuple[float, np.ndarray]:
    """Drift probability of one pair (rules applied) and the per-feature contributions to its logit."""
    p = _params()
    z, contrib = logit(ev)
    score = 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))
    floor = float(p.get("rules", {}).get("quote_floor", 0.0))
    rules = p.get("rules", {})
    if floor and any(ev.values.get(f, 0.0) > 0 for f in rules.get("floor_features", ["quote"])):
        score = floor + (1.0 - floor) * score  # lifted into [floor, 1], order kept
    return score, contrib


def status_of(score: float, ev: Evidence) -> str:
    p = _params()
    if score >= p["threshold"]:
        return "drift"
    return "match" if ev.chrf_fold >= p["paraphrase_threshold"] else "paraphrase"


def score_pairs(
    originals: list[str], candidates: list[str], similarities: np.ndarray, words: WordEncoder | None = None
) -> list[PairResult]:
    """Drift verdicts for ``(originals[i], candidates[i])``; ``similarities[i]`` is their embedding
    cosine; ``words`` is the sentence encoder, used on single added / dropped words."""
    if len(originals) != len(candidates) or len(originals) != len(similarities):
        raise ValueError("originals, candidates and similarities must have the same length")
    an = analyzer()
    prefetch(originals, candidates, words)
    out: list[PairResult] = []
    for orig, cand, sim in zip(originals, candidates, np.asarray(similarities, dtype=np.float64)):
        out.append(_result(orig, cand, float(sim), an.evidence(orig, cand, float(sim), words)))
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
    original: str, unit: str, parts: list[tuple[int, int]], similarity: float, words: WordEncoder | None = None
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
        def here(span: tuple[int, int, str]) -> bool:
            return a <= span[0] and span[1] <= b

        mine, elsewhere = [], []
        for f in unit_findings:
            (mine if not f.cand or any(here(x) for x in f.cand) else elsewhere).append(f)
        values = dict(base)
        kept = {f.feature for f in mine}
        for f in elsewhere:
            for feature in _SHARE_FEATURES.get(f.feature, (f.feature,)):
                if feature not in kept:
                    values[feature] = 0.0
        findings = [
            Finding(f.code, f.message, f.feature, [(x - a, y - a, k) for x, y, k in f.cand if a <= x and y <= b], list(f.orig))
            for f in mine
        ]
        findings += an.incomplete(original, sentence, values)
        out.append(_result(original, sentence, similarity, Evidence(values, findings, ev.chrf_fold)))
    return out


# features that go with a finding's own when it lies in another part of a split
_SHARE_FEATURES = {"added": ("added", "added_unsupported"), "entity_added": ("entity_added", "entity_swap"),
                   "entity_missing": ("entity_missing", "entity_swap"), "number": ("number", "number_extra"),
                   "date": ("date", "date_extra")}


def _result(orig: str, cand: str, sim: float, ev: Evidence) -> PairResult:
    """The verdict, reasons and highlights of one pair from its evidence."""
    p = _params()
    weights = dict(zip(p["features"], range(len(p["features"]))))
    score, contrib = score_evidence(ev)
    status = status_of(score, ev)
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
