"""Train the machine-translation detector on WMT Russian→English documents and export it to JSON.

    .venv/bin/python scripts/train_mt_detector.py [--eval-dir ../shared/eval] [--out transcheck/data/mt_detector.json]

Items: every human reference document (label 0) and every MT system output (label 1) of
``wmt_ruen.jsonl``; the document text is the segments joined with "\\n", analysed exactly as at
runtime (``segment`` + ``detect_language`` + the all-MiniLM-L6-v2 encoder).

Model (all numbers exported to JSON, no pickles; runtime is numpy only, see ``transcheck/mt/detector.py``):

1. sentence model: L2 logistic regression on standardised [style features + embedding] of each
   sentence, every sentence labelled with its document's label;
2. document model: L2 logistic regression on standardised document features (token-weighted mean
   style profile, length/variety statistics, mean embedding, and the mean sentence logit — the
   latter computed out-of-fold inside the training set, so the document model never sees sentence
   logits of documents the sentence model was fitted on);
3. Platt calibration of the document logit on out-of-fold logits; the shipped threshold is the
   lowest out-of-fold score threshold whose false-positive rate on human documents is <= 10%.

``crossval(eval_dir, folds)`` gives out-of-fold metrics with folds grouped by ``doc_id`` (the human
and MT versions of one source document are always in the same fold). Importing this module has no
side effects.
"""

from __future__ import annotations

import argparse
import json
import math
import os
from pathlib import Path

import numpy as np

from transcheck.devdata import default_eval_dir, provenance, read_jsonl
from transcheck.embed import resolve_model
from transcheck.mt.features import EMBEDDING_DIM

ROOT = Path(__file__).resolve().parent.parent

SEED = 0
C_SENT = 1.0
C_DOC = 0.3
INNER_FOLDS = 4
VOCAB_MIN_DOCS = 5  # a bag-of-words token must occur in this many distinct source documents (no doc-keyed words)
VOCAB_MAX = 3000
TARGET_FPR = 0.10
C_POS = 0.03
POS_MIN_DOCS = 20  # a part-of-speech n-gram must occur in this many training documents
VERSION = 3  # 2: sentence calibration with document context (a, c, b); 3: part-of-speech profile


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------

def load_items(eval_dir: Path) -> list[dict]:
    """Human and MT documents, analysed as at runtime; sorted deterministically."""
    from transcheck.mt import bow_tokens, sentence_matrix
    from transcheck.tagger import tag_ngrams, tag_sentences
    from transcheck.text.language import detect_language
    from transcheck.text.segment import segment

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    docs = read_jsonl(Path(eval_dir) / "wmt_ruen.jsonl")
    items = []
    for d in sorted(docs, key=lambda d: d["doc_id"]):
        versions = [(f"human-{k}", 0, v) for k, v in sorted(d["refs"].items())]
        versions += [(name, 1, v) for name, v in sorted(d["mt"].items())]
        for system, label, segs in versions:
            text = "\n".join(s.strip() for s in segs)
            items.append({"doc_id": d["doc_id"], "year": d["testset"], "domain": d["domain"],
                          "system": system, "label": label, "text": text})
    from transcheck.embed import get_encoder

    enc = get_encoder(None)
    all_segs = []
    for it in items:
        it["segments"] = segment(it["text"])
        it["languages"] = [detect_language(s.text) for s in it["segments"]]
        all_segs.extend(s.text for s in it["segments"])
    vecs = enc.encode(all_segs) if all_segs else np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    k = 0
    for it in items:
        n = len(it["segments"])
        it["vectors"] = np.asarray(vecs[k : k + n], dtype=np.float32).reshape(n, -1)
        k += n
        en = [i for i, lang in enumerate(it["languages"]) if lang in ("en", "und")] or list(range(n))
        it["en_idx"] = en
        it["en_segs"] = [it["segments"][i] for i in en]
        it["en_vecs"] = it["vectors"][en]
        it["base_x"] = sentence_matrix(it["en_segs"], it["en_vecs"])  # without the bag of words
        it["sent_tokens"] = [bow_tokens(s.text) for s in it["en_segs"]]
        it["doc_tokens"] = set(t for ts in it["sent_tokens"] for t in ts)
        it["tags"] = tag_sentences([s.text for s in it["en_segs"]])
        it["pos_grams"] = set(g for tags in it["tags"] for g in tag_ngrams(tags))
    return items


def build_vocab(items: list[dict]) -> list[str]:
    """Tokens used in at least VOCAB_MIN_DOCS distinct source documents of ``items``."""
    df: dict[str, set[str]] = {}
    for it in items:
        for t in it["doc_tokens"]:
            df.setdefault(t, set()).add(it["doc_id"])
    keep = [t for t, d in df.items() if len(d) >= VOCAB_MIN_DOCS]
    return sorted(keep, key=lambda t: (-len(df[t]), t))[:VOCAB_MAX]


def build_pos_keys(items: list[dict]) -> list[str]:
    """Tag unigrams and bigrams found in at least POS_MIN_DOCS of ``items``, sorted."""
    df: dict[str, int] = {}
    for it in items:
        for g in it["pos_grams"]:
            df[g] = df.get(g, 0) + 1
    return sorted(g for g, n in df.items() if n >= POS_MIN_DOCS)


def sent_x(it: dict, vocab: list[str]) -> np.ndarray:
    """Same columns as ``transcheck.mt.sentence_matrix(segments, vectors, vocab)``."""
    from transcheck.mt import bow_vector, style_feature_names

    cut = len(style_feature_names()) + EMBEDDING_DIM
    idx = {t: i for i, t in enumerate(vocab)}
    bow = np.array([bow_vector(ts, idx) for ts in it["sent_tokens"]]).reshape(len(it["sent_tokens"]), len(vocab))
    return np.hstack([it["base_x"][:, :cut], bow, it["base_x"][:, cut:]])


def sentence_blocks(vocab: list[str]) -> list[int]:
    from transcheck.mt import PATTERNS, style_feature_names

    return [len(style_feature_names()), EMBEDDING_DIM, len(vocab), 2 * len(PATTERNS)]


def doc_blocks(vocab: list[str]) -> list[int]:
    from transcheck.mt import PATTERNS, style_feature_names

    return [len(style_feature_names()) + 5, 2 * len(PATTERNS), len(vocab), EMBEDDING_DIM, 1, 1]


def group_folds(items: list[dict], folds: int, seed: int = SEED) -> np.ndarray:
    """Fold of each item; all versions of one doc_id share a fold (stratified by year)."""
    ids = sorted({it["doc_id"] for it in items})
    rng = np.random.RandomState(seed)
    by_year: dict[str, list[str]] = {}
    year = {it["doc_id"]: it["year"] for it in items}
    for i in ids:
        by_year.setdefault(year[i], []).append(i)
    fold_of = {}
    offset = 0
    for y in sorted(by_year):
        group = list(by_year[y])
        rng.shuffle(group)
        for j, i in enumerate(group):
            fold_of[i] = (j + offset) % folds
        offset += len(group)
    return np.array([fold_of[it["doc_id"]] for it in items])


# ---------------------------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------------------------

def _standardise(x: np.ndarray, blocks: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Feature means and scales; each block of columns is further divided by sqrt(its width) so that
    every block (style, embedding, bag of words, patterns) gets the same total prior weight."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    k = 0
    for width in blocks:
        scale[k : k + width] *= math.sqrt(max(width, 1))
        k += width
    assert k == x.shape[1], (k, x.shape)
    return mean, scale


def _fit_lr(x: np.ndarray, y: np.ndarray, c: float, blocks: list[int], weights: np.ndarray | None = None) -> dict:
    from sklearn.linear_model import LogisticRegression

    mean, scale = _standardise(x, blocks)
    lr = LogisticRegression(C=c, max_iter=5000, tol=1e-6, solver="lbfgs")
    lr.fit((x - mean) / scale, y, sample_weight=weights)
    return {"mean": mean, "scale": scale, "coef": lr.coef_[0].astype(np.float64), "intercept": float(lr.intercept_[0])}


def _apply(block: dict, x: np.ndarray) -> np.ndarray:
    return ((x - block["mean"]) / block["scale"]) @ block["coef"] + block["intercept"]


def _sentence_data(items: list[dict], vocab: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs = [sent_x(it, vocab) for it in items]
    x = np.vstack(xs)
    y = np.concatenate([np.full(len(s), it["label"]) for s, it in zip(xs, items)])
    # every document weighs the same (long documents do not dominate), classes balanced
    w = np.concatenate([np.full(len(s), 1.0 / max(len(s), 1)) for s in xs])
    for lab in (0, 1):
        m = y == lab
        w[m] *= len(items) / 2 / w[m].sum()
    return x, y, w


def _class_weights(y: np.ndarray) -> np.ndarray:
    w = np.ones(len(y))
    for lab in (0, 1):
        m = y == lab
        w[m] = len(y) / (2.0 * m.sum())
    return w


def _doc_matrix(items: list[dict], vocab: list[str], sent_logits: list[np.ndarray], pos_logits: np.ndarray) -> np.ndarray:
    from transcheck.mt import doc_features

    rows = []
    for it, logits, pl in zip(items, sent_logits, pos_logits):
        rows.append(doc_features(it["en_segs"], it["base_x"], it["en_vecs"], logits, vocab, float(pl)))
    return np.vstack(rows)


def _pos_matrix(items: list[dict], keys: list[str]) -> np.ndarray:
    from transcheck.mt import pos_profile

    return np.vstack([pos_profile(it["tags"], keys) for it in items])


def fit_pos(items: list[dict]) -> dict:
    """The part-of-speech profile model: L2 logistic regression on standardised tag n-gram rates
    (every column on its own scale, no block weighting), classes balanced."""
    keys = build_pos_keys(items)
    yd = np.array([it["label"] for it in items])
    blk = _fit_lr(_pos_matrix(items, keys), yd, C_POS, [1] * len(keys), _class_weights(yd))
    blk["keys"] = keys
    return blk


def apply_pos(block: dict, items: list[dict]) -> np.ndarray:
    return _apply(block, _pos_matrix(items, block["keys"]))


def fit(items: list[dict], seed: int = SEED) -> dict:
    """Vocabulary, sentence model and part-of-speech model, then the document model on their
    out-of-fold logits (inner folds: the document model never sees a logit of a document that the
    sentence or part-of-speech model was fitted on)."""
    vocab = build_vocab(items)
    x, y, w = _sentence_data(items, vocab)
    sent = _fit_lr(x, y, C_SENT, sentence_blocks(vocab), w)
    pos = fit_pos(items)
    inner = group_folds(items, INNER_FOLDS, seed + 1)
    oof: list[np.ndarray] = [np.zeros(0)] * len(items)
    pos_oof = np.zeros(len(items))
    for f in range(INNER_FOLDS):
        tr = [it for it, g in zip(items, inner) if g != f]
        te = [k for k, g in enumerate(inner) if g == f]
        xs, ys, ws = _sentence_data(tr, vocab)
        blk = _fit_lr(xs, ys, C_SENT, sentence_blocks(vocab), ws)
        pblk = fit_pos(tr)
        pos_oof[te] = apply_pos(pblk, [items[k] for k in te])
        for k in te:
            oof[k] = _apply(blk, sent_x(items[k], vocab))
    d = _doc_matrix(items, vocab, oof, pos_oof)
    yd = np.array([it["label"] for it in items])
    doc = _fit_lr(d, yd, C_DOC, doc_blocks(vocab), _class_weights(yd))
    return {"vocab": vocab, "pos": pos, "sentence": sent, "document": doc}


def _doc_rows(model: dict, items: list[dict]) -> tuple[np.ndarray, list[np.ndarray]]:
    """The document model's input rows and each item's sentence logits."""
    vocab = model["vocab"]
    sent_logits = [_apply(model["sentence"], sent_x(it, vocab)) for it in items]
    return _doc_matrix(items, vocab, sent_logits, apply_pos(model["pos"], items)), sent_logits


def predict(model: dict, items: list[dict]) -> tuple[np.ndarray, list[np.ndarray]]:
    d, sent_logits = _doc_rows(model, items)
    return _apply(model["document"], d), sent_logits


# ---------------------------------------------------------------------------------------------
# Calibration and metrics
# ---------------------------------------------------------------------------------------------

def platt(logits: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e6, max_iter=1000, tol=1e-8)
    lr.fit(logits.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def platt_in_context(sent: np.ndarray, doc: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Sentence calibration with document context: P(MT) = sigmoid(a * sentence logit + c * document
    logit + b), on out-of-fold logits. ``a`` is the Platt slope of the sentence logit alone and stays
    fixed: every sentence carries its document's label, so a free fit drops the sentence's own
    evidence (a = -0.04) and would rank the sentences of a document by nothing. ``c`` and ``b`` are
    then fitted by Newton's method with ``a * sentence logit`` as an offset (deterministic)."""
    a, _ = platt(sent, y)
    off = a * np.asarray(sent, dtype=np.float64)
    x = np.column_stack([np.asarray(doc, dtype=np.float64), np.ones(len(off))])
    w = np.zeros(2)
    for _ in range(100):
        p = _sigmoid(off + x @ w)
        grad = x.T @ (p - y)
        hess = (x * (p * (1 - p))[:, None]).T @ x + 1e-9 * np.eye(2)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return float(a), float(w[0]), float(w[1])


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def auc(y: np.ndarray, s: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    y = np.asarray(y)
    if len(set(y.tolist())) < 2:
        return float("nan")
    return float(roc_auc_score(y, s))


def choose_threshold(scores: np.ndarray, y: np.ndarray, target_fpr: float = TARGET_FPR) -> float:
    """Smallest threshold (rounded up to 0.01) whose FPR on human documents is <= target."""
    human = np.sort(scores[y == 0])
    for t in np.round(np.arange(0.01, 1.0, 0.01), 2):
        if np.mean(human >= t) <= target_fpr:
            return float(t)
    return 0.99


def reliability(scores: np.ndarray, y: np.ndarray, bins: int = 10) -> list[list]:
    out = []
    edges = np.linspace(0, 1, bins + 1)
    for i in range(bins):
        lo, hi = edges[i], edges[i + 1]
        m = (scores >= lo) & ((scores < hi) if i < bins - 1 else (scores <= hi))
        n = int(m.sum())
        out.append([round(float(lo), 2), round(float(hi), 2), n,
                    round(float(scores[m].mean()), 4) if n else None, round(float(y[m].mean()), 4) if n else None])
    return out


def _peers(items: list[dict], fold: np.ndarray, folds: int) -> dict:
    """Cheap baselines on the same folds: mean embedding only, function-word profile only."""
    from transcheck.mt import style_feature_names

    nst = len(style_feature_names())
    y = np.array([it["label"] for it in items])
    emb = np.vstack([it["base_x"][:, nst : nst + EMBEDDING_DIM].mean(axis=0) for it in items])
    fw = np.vstack([it["base_x"][:, :nst].mean(axis=0) for it in items])
    out = {}
    for name, x in (("embedding_mean_lr", emb), ("style_profile_lr", fw)):
        s = np.zeros(len(items))
        for f in range(folds):
            tr, te = fold != f, fold == f
            blk = _fit_lr(x[tr], y[tr], C_DOC, [x.shape[1]], _class_weights(y[tr]))
            s[te] = _apply(blk, x[te])
        out[name] = round(auc(y, s), 4)
    return out


def oof_logits(items: list[dict], folds: int):
    """Fold of each item, its out-of-fold document logit and its sentence logits."""
    fold = group_folds(items, folds)
    logit = np.zeros(len(items))
    sent_logits: list = [None] * len(items)
    for f in range(folds):
        tr = [it for it, g in zip(items, fold) if g != f]
        te_idx = [k for k, g in enumerate(fold) if g == f]
        lg, sl = predict(fit(tr), [items[k] for k in te_idx])
        for j, k in enumerate(te_idx):
            logit[k] = lg[j]
            sent_logits[k] = sl[j]
    return fold, logit, sent_logits


def crossval(
    eval_dir: Path, folds: int = 5, items: list[dict] | None = None, peers: bool = True, oof: tuple | None = None
) -> dict:
    """Out-of-fold metrics, folds grouped by doc_id. Threshold and Platt calibration are chosen on
    the out-of-fold logits of the training folds only (nested), so every reported figure is held-out."""
    items = items if items is not None else load_items(Path(eval_dir))
    y = np.array([it["label"] for it in items])
    fold, logit, sent_logits = oof if oof is not None else oof_logits(items, folds)
    # calibration + threshold per fold from the other folds' out-of-fold logits (nested)
    score = np.zeros(len(items))
    thr_per_item = np.zeros(len(items))
    for f in range(folds):
        tr, te = fold != f, fold == f
        a, b = platt(logit[tr], y[tr])
        score[te] = _sigmoid(a * logit[te] + b)
        thr_per_item[te] = choose_threshold(_sigmoid(a * logit[tr] + b), y[tr])
    pred = score >= thr_per_item
    systems = sorted({it["system"] for it in items if it["label"] == 1})
    years = sorted({it["year"] for it in items})
    human = y == 0

    def sys_auc(name):
        m = human | np.array([it["system"] == name for it in items])
        return round(auc(y[m], score[m]), 4)

    by_year = {}
    for yr in years:
        m = np.array([it["year"] == yr for it in items])
        by_year[yr] = round(auc(y[m], score[m]), 4)
    sy = np.concatenate([np.full(len(sent_logits[k]), y[k]) for k in range(len(items))])
    ss = np.concatenate([sent_logits[k] for k in range(len(items))])
    # the shipped sentence score also weighs the document's evidence (nested: fitted on other folds)
    sd = np.concatenate([np.full(len(sent_logits[k]), logit[k]) for k in range(len(items))])
    sfold = np.concatenate([np.full(len(sent_logits[k]), fold[k]) for k in range(len(items))])
    in_context = np.zeros(len(sy))
    for f in range(folds):
        tr, te = sfold != f, sfold == f
        a, c, b = platt_in_context(ss[tr], sd[tr], sy[tr])
        in_context[te] = a * ss[te] + c * sd[te] + b
    a_all, b_all = platt(logit, y)
    res = {
        "n_docs": int(len(items)),
        "n_human": int(human.sum()),
        "n_mt": int((~human).sum()),
        "n_sentences": int(len(sy)),
        "folds": folds,
        "doc_auc": round(auc(y, score), 4),
        "doc_auc_by_system": {s: sys_auc(s) for s in systems},
        "doc_auc_by_year": by_year,
        "gpt4_auc": sys_auc("GPT4-5shot") if "GPT4-5shot" in systems else None,
        "accuracy": round(float(np.mean(pred == (y == 1))), 4),
        "fpr_human": round(float(np.mean(pred[human])), 4),
        "tpr_mt": round(float(np.mean(pred[~human])), 4),
        "tpr_by_system": {s: round(float(np.mean(pred[np.array([it["system"] == s for it in items])])), 4) for s in systems},
        "sentence_auc": round(auc(sy, ss), 4),
        "sentence_auc_in_context": round(auc(sy, in_context), 4),
        "sentence_reliability_in_context": reliability(_sigmoid(in_context), sy.astype(float)),
        "threshold": round(choose_threshold(_sigmoid(a_all * logit + b_all), y), 4),
        "thresholds_per_fold": sorted({float(t) for t in thr_per_item}),
        "brier": round(float(np.mean((score - y) ** 2)), 4),
        "reliability": reliability(score, y.astype(float)),
    }
    if peers:
        res["peers"] = _peers(items, fold, folds)
    return res


# ---------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------

def _r(x, nd: int = 6):
    if isinstance(x, np.ndarray):
        return [_r(v, nd) for v in x.tolist()]
    if isinstance(x, (list, tuple)):
        return [_r(v, nd) for v in x]
    if isinstance(x, dict):
        return {k: _r(v, nd) for k, v in x.items()}
    if isinstance(x, float):
        v = float(f"{x:.{nd + 1}g}")  # significant digits: tiny feature scales must not round to 0
        return 0.0 if v == 0 else v
    return x


def _group_stats(model: dict, items: list[dict]) -> dict:
    """Mean/std over human documents of each feature group's log-odds contribution (for z values)."""
    from transcheck.mt import doc_feature_names, feature_group

    names = doc_feature_names(model["vocab"], EMBEDDING_DIM, True)
    d, _ = _doc_rows(model, items)
    contrib = (d - model["document"]["mean"]) / model["document"]["scale"] * model["document"]["coef"]
    groups = sorted({feature_group(n) for n in names})
    human = np.array([it["label"] == 0 for it in items])
    out = {}
    for g in groups:
        cols = [i for i, n in enumerate(names) if feature_group(n) == g]
        v = contrib[human][:, cols].sum(axis=1)
        out[g] = {"mean": float(v.mean()), "std": float(v.std())}
    return out


def train_and_export(eval_dir: Path, out: Path, folds: int = 5) -> dict:
    from transcheck.mt import (
        PATTERNS,
        PUNCT_CLASSES,
        doc_feature_names,
        sentence_feature_names,
    )
    from transcheck.tagger import tagger_name
    from transcheck.text.english import FUNCTION_WORDS

    items = load_items(eval_dir)
    # the out-of-fold logits for the final calibration (same folds as crossval)
    y = np.array([it["label"] for it in items])
    fold, logit, sent_logits = oof = oof_logits(items, folds)
    cv = crossval(eval_dir, folds, items=items, peers=False, oof=oof)
    order = [k for f in range(folds) for k, g in enumerate(fold) if g == f]  # fold order, as before
    sent_logit_oof = [sent_logits[k] for k in order]
    sent_y = [np.full(len(sent_logits[k]), y[k]) for k in order]
    a, b = platt(logit, y)
    sent_doc_oof = [np.full(len(sent_logits[k]), logit[k]) for k in order]
    sa, sc, sb = platt_in_context(np.concatenate(sent_logit_oof), np.concatenate(sent_doc_oof), np.concatenate(sent_y))
    threshold = choose_threshold(_sigmoid(a * logit + b), y)
    model = fit(items)
    sent_names = sentence_feature_names(model["vocab"])
    params = {
        "version": VERSION,
        "model": "logistic (sentence LR -> document LR) + Platt + rule log-odds",
        "trained_on": "wmt_ruen.jsonl dev portion: WMT21-23 ru-en, human refs (0) vs MT systems (1)",
        "n_items": len(items),
        "threshold": threshold,
        "threshold_rule": f"lowest out-of-fold threshold with human-document FPR <= {TARGET_FPR:.0%}",
        "calibration": {"a": a, "b": b},
        "sentence_calibration": {"a": sa, "c": sc, "b": sb},
        "hyperparameters": {"C_sentence": C_SENT, "C_document": C_DOC, "inner_folds": INNER_FOLDS, "seed": SEED,
                            "C_pos": C_POS, "pos_min_docs": POS_MIN_DOCS},
        "tagger": tagger_name(),
        **provenance([Path(eval_dir) / "wmt_ruen.jsonl"], resolve_model(None).name),
        "features_reference": {"function_words": list(FUNCTION_WORDS), "punct_classes": [list(p) for p in PUNCT_CLASSES],
                               "patterns": [list(p) for p in PATTERNS]},
        "learned": {
            "vocab": model["vocab"],
            "pos": {"keys": model["pos"]["keys"], "mean": model["pos"]["mean"], "scale": model["pos"]["scale"],
                    "coef": model["pos"]["coef"], "intercept": model["pos"]["intercept"]},
            "n_sentence_features": len(sent_names),
            "n_doc_features": len(doc_feature_names(model["vocab"], EMBEDDING_DIM, True)),
            "n_pos_features": len(model["pos"]["keys"]),
            "sentence": {"mean": model["sentence"]["mean"], "scale": model["sentence"]["scale"],
                         "coef": model["sentence"]["coef"], "intercept": model["sentence"]["intercept"]},
            "document": {"mean": model["document"]["mean"],
                         "scale": model["document"]["scale"], "coef": model["document"]["coef"],
                         "intercept": model["document"]["intercept"]},
            "group_stats": _group_stats(model, items),
        },
        "crossval": {k: v for k, v in cv.items() if k != "peers"},
    }
    params = _r(params)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(params, indent=None, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    return params


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--eval-dir", type=Path, default=default_eval_dir())
    ap.add_argument("--out", type=Path, default=ROOT / "transcheck" / "data" / "mt_detector.json")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--crossval-only", action="store_true", help="print cross-validated metrics, write nothing")
    args = ap.parse_args(argv)
    if args.crossval_only:
        print(json.dumps(crossval(args.eval_dir, args.folds), indent=2))
        return 0
    params = train_and_export(args.eval_dir, args.out, args.folds)
    print(json.dumps(params["crossval"], indent=2))
    print(f"threshold {params['threshold']}  ->  {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
