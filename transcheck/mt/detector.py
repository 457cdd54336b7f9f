"""Machine-translation detector: the learned translationese score, its explanations, and the
document verdict that adds the hand rules (:mod:`transcheck.mt.rules`) to it.

Runtime is numpy only. The learned parameters (feature vocabularies, standardisation, logistic
coefficients, calibration) live in ``transcheck/data/mt_detector.json``, written by
``scripts/train_mt_detector.py`` and loaded lazily on first use; the features they weigh are
:mod:`transcheck.mt.features`.

Document score, in log-odds::

    z = platt_a * learned_logit + platt_b          # calibrated learned score (Platt scaling)
      + sum(rule weights)                          # foreign residue, casing, dash attribution, ...
    score = sigmoid(z)

The rule signals are near absent from the training data (clean WMT outputs), so they are not fitted:
they are added as log-odds with hand-set weights (see ``docs/mt_detector.md``), chosen so that one
foreign-language segment or two distinct mis-cased proper nouns push a typical human document over
the shipped threshold on their own.

Every piece of evidence is a :class:`~transcheck.results.Reason` with spans (character offsets into
the document text), sorted strongest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from ..learned import LinearModel, read_params, sigmoid
from ..results import MTResult, Reason, Segment, Span
from .features import (
    EMBEDDING_DIM,
    doc_feature_names,
    doc_features,
    feature_group,
    pos_profile,
    sentence_matrix,
    style_feature_names,
)
from .rules import RULE_WEIGHTS, CasingCorpus, english_share, rule_reasons

# ---------------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def model_params() -> dict[str, Any]:
    """The learned detector's parameters (``transcheck/data/mt_detector.json``), loaded once."""
    return read_params("mt_detector.json", "scripts/train_mt_detector.py")


def default_threshold() -> float:
    return float(model_params().get("threshold", 0.5))


def detector_settings(threshold: float | None = None) -> dict[str, Any]:
    """What shapes MT verdicts, with ``threshold`` in force (default: the calibrated one): threshold,
    model kind, feature count, training data, rule weights."""
    p = model_params()
    learned = p.get("learned") or {}
    return {
        "threshold": default_threshold() if threshold is None else threshold,
        "model": p.get("model", "rules"),
        "features": int(learned.get("n_doc_features", 0)) + int(learned.get("n_sentence_features", 0)),
        "trained_on": p.get("trained_on", "none"),
        "version": p.get("version", 0),
        "rule_weights": dict(RULE_WEIGHTS),
        "tagger": p.get("tagger", "none") if learned.get("pos") else "none",
    }


# ---------------------------------------------------------------------------------------------
# Learned score
# ---------------------------------------------------------------------------------------------

_BLOCKS: dict[int, tuple[dict[str, Any], LinearModel]] = {}


def block_model(block: dict[str, Any]) -> LinearModel:
    """A linear block of the model JSON as a :class:`LinearModel`, converted once per block (training
    builds many blocks; run time has three)."""
    hit = _BLOCKS.get(id(block))
    if hit is None or hit[0] is not block:
        if len(_BLOCKS) >= 16:
            _BLOCKS.clear()
        hit = _BLOCKS[id(block)] = (block, LinearModel.from_block(block))
    return hit[1]


SENTENCE_CHUNK = 1024  # rows of the sentence matrix built at a time


def sentence_logits(segments: Sequence[Segment], vectors: np.ndarray, vocab: Sequence[str],
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
        logits.append(block_model(block).logit(x))
        style.append(x[:, :nst].copy())
    return np.concatenate(style), np.concatenate(logits)


def pos_logit(segments: Sequence[Segment], block: dict[str, Any]) -> float:
    """Logit of the part-of-speech profile model (a logistic regression over ``pos_profile``)."""
    from ..tagger import tag_sentences

    tags = tag_sentences([s.text for s in segments])
    return float(block_model(block).logit(pos_profile(tags, block["keys"])))


def learned_scores(
    segments: Sequence[Segment], vectors: np.ndarray, params: dict[str, Any]
) -> tuple[np.ndarray, float, np.ndarray]:
    """(sentence logits, document logit, per-feature log-odds contributions of the document model)."""
    learned = params["learned"]
    vocab = learned["vocab"]
    style, sent_logits = sentence_logits(segments, vectors, vocab, learned["sentence"])
    pos = learned.get("pos")
    d = doc_features(segments, style, vectors, sent_logits, vocab, pos_logit(segments, pos) if pos else None)
    doc = block_model(learned["document"])
    contrib = doc.contributions(d)
    doc_logit = float(contrib.sum() + doc.intercept)
    return sent_logits, doc_logit, contrib


# ---------------------------------------------------------------------------------------------
# Explanations
# ---------------------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _feature_groups(vocab: tuple[str, ...], pos: bool) -> tuple[list[str], np.ndarray]:
    """The explanation groups of the document features, and each feature's group index."""
    names = [feature_group(n) for n in doc_feature_names(vocab, EMBEDDING_DIM, pos)]
    labels = sorted(set(names))
    index = {g: k for k, g in enumerate(labels)}
    return labels, np.array([index[g] for g in names], dtype=np.intp)


def learned_reasons(segments: Sequence[Segment], sent_logits: np.ndarray, contrib: np.ndarray,
                    params: dict[str, Any]) -> list[Reason]:
    """Explain the learned score by feature group: summed log-odds contribution expressed as a z value."""
    learned = params["learned"]
    labels, ids = _feature_groups(tuple(learned["vocab"]), bool(learned.get("pos")))
    gstats = learned.get("group_stats", {})
    sums = np.bincount(ids, weights=np.asarray(contrib, dtype=np.float64), minlength=len(labels))
    groups = {g: float(sums[k]) for k, g in enumerate(labels)}
    # top sentences by learned logit as spans
    order: np.ndarray | list[int] = np.argsort(-sent_logits, kind="stable") if len(sent_logits) else []
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


# ---------------------------------------------------------------------------------------------
# Document verdict
# ---------------------------------------------------------------------------------------------

def _applies(segments: Sequence[Segment], languages: Sequence[str]) -> bool:
    """The detector reads English target text: a document mostly in English by characters."""
    return bool(segments) and english_share(segments, languages) >= 0.5


def _learned_indices(languages: Sequence[str]) -> list[int]:
    """The sentences the learned model reads: the English ones (all, if none is)."""
    return [i for i, lang in enumerate(languages) if lang in ("en", "und")] or list(range(len(languages)))


def tagged_sentences(segments: Sequence[Segment], languages: Sequence[str]) -> list[str]:
    """The texts whose part-of-speech tags :func:`detect_mt_document` will read (none where the
    detector does not apply or the model has no part-of-speech block). A story's texts can then be
    tagged in one batch beforehand; the tagger memoises them."""
    learned = model_params().get("learned") or {}
    if not learned.get("pos") or not _applies(segments, languages):
        return []
    return [segments[i].text for i in _learned_indices(languages)]


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
        en_idx = _learned_indices(languages)
        en_segs = [segments[i] for i in en_idx]
        vec = np.asarray(vectors, dtype=np.float64)
        en_vec = vec[en_idx] if vec.ndim == 2 and vec.shape[0] == n else np.zeros((len(en_idx), EMBEDDING_DIM))
        sent_logits, doc_logit, contrib = learned_scores(en_segs, en_vec, params)
        base = float(cal["a"]) * doc_logit + float(cal["b"])
        reasons.extend(learned_reasons(en_segs, sent_logits, contrib, params))
        # a sentence's score weighs its own evidence and its document's (c): single sentences carry
        # little signal alone (docs/mt_detector.md); the order within a document is the sentences' own
        scal = params.get("sentence_calibration", {"a": 1.0, "b": 0.0})
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
    return MTResult(round(score, 6), score >= threshold, reasons, [round(s, 6) for s in sent_scores])
