"""Machine-translation detector: the learned translationese score, its explanations, and the
document verdict that adds the hand rules (:mod:`transcheck.mt.rules`) to it.

Runtime is numpy only. The learned parameters live in ``transcheck/data/mt_detector.json``, written by
``scripts/train_mt_detector.py`` and loaded lazily on first use; the features they weigh are
:mod:`transcheck.mt.features`. The model reads the document's English sentences only (no sentence
vectors): four logistic blocks (style profile, character n-grams, word n-grams, part-of-speech
n-grams), stacked.

Document score, in log-odds::

    z = platt_a * stacked_logit + platt_b          # calibrated learned score (Platt, even prior)
      + sum(rule weights)                          # foreign residue, casing, dash attribution, ...
    score = sigmoid(z)

``machine_translated`` is ``score >= threshold`` (set so that few native English documents and human
translations reach it, see ``docs/mt_detector.md``); ``uncertain`` is ``uncertain_threshold <= score
< threshold``.

Every piece of evidence is a :class:`~transcheck.results.Reason` with spans (character offsets into
the document text), sorted strongest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from ..learned import read_params, sigmoid
from ..results import MTResult, Reason, Segment, Span
from .features import (
    char_grams,
    gram_counts,
    pos_grams,
    style_profile,
    tfidf_logit,
    word_grams,
)
from .rules import RULE_WEIGHTS, CasingCorpus, english_share, rule_reasons

# ---------------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def model_params() -> dict[str, Any]:
    """The learned detector's parameters (``transcheck/data/mt_detector.json``), loaded once; the
    tf-idf blocks get their vocabulary index and numpy arrays (``_index``, ``_idf``, ``_coef``)."""
    p = read_params("mt_detector.json", "scripts/train_mt_detector.py")
    learned = p.get("learned") or {}
    for k in ("char", "word", "pos"):
        b = learned.get(k)
        if b:
            b["_index"] = {g: i for i, g in enumerate(b["vocab"])}
            b["_idf"] = np.asarray(b["idf"], dtype=np.float64)
            b["_coef"] = np.asarray(b["coef"], dtype=np.float64)
    return p


def default_threshold() -> float:
    return float(model_params().get("threshold", 0.5))


def uncertain_threshold() -> float:
    """The score from which a document below the MT threshold is reported ``uncertain``."""
    return min(float(model_params().get("uncertain_threshold", 0.5)), default_threshold())


def detector_settings(threshold: float | None = None) -> dict[str, Any]:
    """What shapes MT verdicts, with ``threshold`` in force (default: the calibrated one): threshold,
    uncertain band, model kind, feature count, training data, rule weights."""
    p = model_params()
    learned = p.get("learned") or {}
    n = len(learned.get("style", {}).get("coef", [])) + sum(len(learned.get(k, {}).get("vocab", []))
                                                             for k in ("char", "word", "pos"))
    return {
        "threshold": default_threshold() if threshold is None else threshold,
        "uncertain_threshold": uncertain_threshold(),
        "model": p.get("model", "rules"),
        "features": n,
        "trained_on": p.get("trained_on", "none"),
        "version": p.get("version", 0),
        "rule_weights": dict(RULE_WEIGHTS),
        "tagger": p.get("tagger", "none") if learned.get("pos") else "none",
    }


# ---------------------------------------------------------------------------------------------
# Learned score
# ---------------------------------------------------------------------------------------------

BLOCK_NAMES = {
    "style": "function-word/punctuation profile",
    "char": "character n-gram profile",
    "word": "word-choice profile",
    "pos": "part-of-speech profile",
}


def block_logits(texts: Sequence[str], tags: Sequence[tuple[str, ...]], learned: dict[str, Any]) -> np.ndarray:
    """The logit of each block (``learned["blocks"]`` order) for sentences ``texts`` read as one
    document (one sentence: that sentence alone)."""
    text = "\n".join(texts)
    out = []
    for k in learned["blocks"]:
        b = learned[k]
        if k == "style":
            x = (style_profile(texts) - np.asarray(b["mean"])) / np.where(np.asarray(b["scale"]) > 0, b["scale"], 1.0)
            out.append(float(x @ np.asarray(b["coef"]) + b["intercept"]))
        else:
            grams = char_grams(text) if k == "char" else word_grams(text) if k == "word" else pos_grams(tags)
            out.append(tfidf_logit(gram_counts(grams), b, b["_index"]))
    return np.array(out)


def learned_scores(texts: Sequence[str], params: dict[str, Any]) -> tuple[np.ndarray, float, np.ndarray]:
    """(sentence logits, document logit, each block's log-odds contribution to the document logit)."""
    from ..tagger import tag_sentences

    learned = params["learned"]
    tags = tag_sentences(list(texts)) if "pos" in learned["blocks"] else [() for _ in texts]
    coef = np.asarray(learned["stack"]["coef"], dtype=np.float64)
    b0 = float(learned["stack"]["intercept"])
    contrib = block_logits(texts, tags, learned) * coef
    sent = np.array([float(block_logits([t], [g], learned) @ coef + b0) for t, g in zip(texts, tags)])
    return sent, float(contrib.sum() + b0), contrib


# ---------------------------------------------------------------------------------------------
# Explanations
# ---------------------------------------------------------------------------------------------

def learned_reasons(segments: Sequence[Segment], sent_logits: np.ndarray, contrib: np.ndarray,
                    params: dict[str, Any]) -> list[Reason]:
    """Explain the learned score by block: a block's log-odds contribution, as a z value against
    native English and human translations, where it is at least 1 and pushes towards MT."""
    learned = params["learned"]
    gstats = learned.get("group_stats", {})
    order: np.ndarray | list[int] = np.argsort(-sent_logits, kind="stable") if len(sent_logits) else []
    top = [int(i) for i in order[:3] if sent_logits[int(i)] > 0]
    a = float(params.get("calibration", {}).get("a", 1.0))
    out = []
    for k, val in zip(learned["blocks"], contrib):
        st = gstats.get(k)
        if not st:
            continue
        z = (val - st["mean"]) / st["std"] if st["std"] > 0 else 0.0
        if z < 1.0 or val <= 0:
            continue
        spans = [Span(segments[i].start, segments[i].end, segments[i].text, "translationese", "minor") for i in top]
        out.append(Reason("translationese", f"{BLOCK_NAMES.get(k, k)} typical of MT (z={z:.1f})",
                          round(a * float(val), 4), spans))
    return out


# ---------------------------------------------------------------------------------------------
# Document verdict
# ---------------------------------------------------------------------------------------------

def _applies(segments: Sequence[Segment], languages: Sequence[str]) -> bool:
    """The detector reads English target text: a document mostly in English by characters."""
    return bool(segments) and english_share(segments, languages) >= 0.5


def learned_indices(languages: Sequence[str]) -> list[int]:
    """The sentences the learned model reads: the English ones (all, if none is)."""
    return [i for i, lang in enumerate(languages) if lang in ("en", "und")] or list(range(len(languages)))


def tagged_sentences(segments: Sequence[Segment], languages: Sequence[str]) -> list[str]:
    """The texts whose part-of-speech tags :func:`detect_mt_document` will read (none where the
    detector does not apply or the model has no part-of-speech block). A story's texts can then be
    tagged in one batch beforehand; the tagger memoises them."""
    learned = model_params().get("learned") or {}
    if not learned.get("pos") or not _applies(segments, languages):
        return []
    return [segments[i].text for i in learned_indices(languages)]


def detect_mt_document(
    text: str,
    segments: list[Segment],
    languages: list[str],
    vectors: np.ndarray,
    story_texts: list[str] | None = None,
    casing: CasingCorpus | None = None,
    threshold: float | None = None,
) -> MTResult:
    """The MT verdict of one document: score, verdict at ``threshold`` (default: the calibrated one),
    reasons (strongest first) and a score per segment. ``story_texts`` / ``casing``: as in
    :func:`~transcheck.mt.rules.casing_reasons`."""
    params = model_params()
    if threshold is None:
        threshold = default_threshold()
    n = len(segments)
    if not _applies(segments, languages):
        return MTResult(0.0, False, [], [0.0] * n)

    reasons = rule_reasons(text, segments, languages, story_texts, casing)
    rule_logit = sum(r.weight for r in reasons)

    cal = params.get("calibration", {"a": 1.0, "b": 0.0})
    if params.get("learned"):
        en_idx = learned_indices(languages)
        en_segs = [segments[i] for i in en_idx]
        sent_logits, doc_logit, contrib = learned_scores([s.text for s in en_segs], params)
        base = float(cal["a"]) * doc_logit + float(cal["b"])
        reasons.extend(learned_reasons(en_segs, sent_logits, contrib, params))
        # a sentence's score weighs its own evidence and its document's (c): single sentences carry
        # little signal alone (docs/mt_detector.md); the order within a document is the sentences' own
        scal = params.get("sentence_calibration", {"a": 1.0, "c": 0.0, "b": 0.0})
        context = float(scal.get("c", 0.0)) * doc_logit + float(scal["b"])
        sent_scores = [0.0] * n
        for j, i in enumerate(en_idx):
            sent_scores[i] = float(sigmoid(float(scal["a"]) * float(sent_logits[j]) + context))
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
                    sent_scores[i] = max(sent_scores[i], float(sigmoid(base + r.weight)))
                    break

    score = float(sigmoid(base + rule_logit))
    reasons.sort(key=lambda r: (-r.weight, r.code, r.spans[0].start if r.spans else 0))
    score = round(score, 6)
    verdict = ("machine_translated" if score >= threshold
               else "uncertain" if score >= min(uncertain_threshold(), threshold) else "human")
    return MTResult(score, score >= threshold, reasons, [round(s, 6) for s in sent_scores], verdict)
