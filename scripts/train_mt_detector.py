"""Train the machine-translation detector on WMT documents of several source languages and native
English, and export it to JSON.

    .venv/bin/python scripts/train_mt_detector.py [--eval-dir ../shared/eval] [--out transcheck/data/mt_detector.json]
    .venv/bin/python scripts/train_mt_detector.py --crossval-only      # figures only, writes nothing

Items (documents; the text is the segments joined with "\\n", analysed exactly as at run time:
``segment`` + ``detect_language`` + the part-of-speech tagger; no sentence vectors):

- ``wmt_ruen.jsonl`` (Russian→English) and ``mt_general/wmt_xen.jsonl`` (Ukrainian, Japanese→English):
  every human reference (label 0) and every MT output (label 1);
- ``mt_general/native_en.jsonl``: native English documents (label 0), a negative class of its own.

Model (every number exported to JSON, no pickles; run time is numpy only, see
``transcheck/mt/detector.py``): four document-level blocks, each an L2 logistic regression with
classes balanced,

1. ``style``: function-word, punctuation and typography profile (:func:`transcheck.mt.features.style_profile`);
2. ``char``: tf-idf of character 2-4-grams within tokens;
3. ``word``: tf-idf of word unigrams and bigrams;
4. ``pos``: tf-idf of part-of-speech unigrams and bigrams;

then a stacking logistic regression over the four block logits, fitted on their out-of-fold values
(inner folds), Platt calibration on the out-of-fold stacked logits (classes weighted equally: the
probability assumes an even prior), and the shipped threshold: the lowest score whose out-of-fold
share of flagged native English and flagged human translations (hand-rule evidence included) stays
within ``NATIVE_FPR`` and ``HUMAN_FPR``.

``crossval(eval_dir, folds)`` gives out-of-fold figures with folds grouped by source document (all
versions of one source document share a fold), and leave-one-language-out figures (train on the other
source languages and native English, score the left-out one). Importing this module has no side effects.
"""

from __future__ import annotations

import argparse
import json
import math
import os
from pathlib import Path

import numpy as np

from transcheck.devdata import default_eval_dir, provenance, read_jsonl

ROOT = Path(__file__).resolve().parent.parent

SEED = 0
INNER_FOLDS = 4
C_STYLE = 0.03
C_TFIDF = {"char": 3.0, "word": 3.0, "pos": 1.0}
C_STACK = 1.0
MIN_DF = {"char": 10, "word": 10, "pos": 10}  # a gram must occur in this many distinct source documents
VOCAB_MAX = {"char": 20000, "word": 10000, "pos": 2000}
NATIVE_FPR = 0.01  # shipped threshold: at most this share of native English flagged (out of fold) ...
HUMAN_FPR = 0.03  # ... and at most this share of human translations
UNCERTAIN = 0.5  # calibrated probability from which a document below the threshold is 'uncertain'
VERSION = 4  # 4: multi-language training, native English negatives, style/char/word/pos blocks + stack
BLOCKS = ("style", "char", "word", "pos")
TFIDF_BLOCKS = ("char", "word", "pos")

DATA_FILES = ("wmt_ruen.jsonl", "mt_general/wmt_xen.jsonl", "mt_general/native_en.jsonl")


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------

def read_documents(eval_dir: Path) -> list[dict]:
    """Every document version with its label: source language (``en`` for native English), kind
    (``human`` / ``mt`` / ``native``), system and year; sorted deterministically."""
    eval_dir = Path(eval_dir)
    items = []
    for name in DATA_FILES[:2]:
        for d in sorted(read_jsonl(eval_dir / name), key=lambda d: d["doc_id"]):
            lang = d.get("src_lang", "ru")
            versions = [(f"human-{k}", 0, v) for k, v in sorted(d["refs"].items())]
            versions += [(k, 1, v) for k, v in sorted(d["mt"].items())]
            for system, label, segs in versions:
                items.append({"doc_id": d["doc_id"], "lang": lang, "year": d["testset"], "domain": d.get("domain"),
                              "system": system, "label": label, "kind": "mt" if label else "human",
                              "text": "\n".join(s.strip() for s in segs)})
    for d in sorted(read_jsonl(eval_dir / DATA_FILES[2]), key=lambda d: d["doc_id"]):
        items.append({"doc_id": d["doc_id"], "lang": "en", "year": d["testset"], "domain": d.get("domain"),
                      "system": "native", "label": 0, "kind": "native",
                      "text": "\n".join(s.strip() for s in d["segments"])})
    return items


def load_items(eval_dir: Path) -> list[dict]:
    """:func:`read_documents`, analysed as at run time: segments, languages, the English sentences
    the model reads, their tags, and each block's grams (document and per sentence)."""
    from transcheck.mt.detector import learned_indices
    from transcheck.mt.features import char_grams, gram_counts, pos_grams, style_profile, word_grams
    from transcheck.mt.rules import rule_reasons
    from transcheck.tagger import tag_sentences
    from transcheck.text.language import detect_language
    from transcheck.text.segment import segment

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    items = read_documents(eval_dir)
    for it in items:
        segs = segment(it["text"])
        langs = [detect_language(s.text) for s in segs]
        en = [segs[i].text for i in learned_indices(langs)]
        tags = tag_sentences(en)
        it["en"] = en
        it["style"] = style_profile(en)
        text = "\n".join(en)
        it["grams"] = {"char": gram_counts(char_grams(text)), "word": gram_counts(word_grams(text)),
                       "pos": gram_counts(pos_grams(tags))}
        it["sent_style"] = np.vstack([style_profile([t]) for t in en]) if en else np.zeros((0, len(it["style"])))
        it["sent_grams"] = [{"char": gram_counts(char_grams(t)), "word": gram_counts(word_grams(t)),
                             "pos": gram_counts(pos_grams([g]))} for t, g in zip(en, tags)]
        reasons = rule_reasons(it["text"], segs, langs) if segs else []
        it["rules"] = {r.code: r.weight for r in reasons}
        it["rule_logit"] = float(sum(r.weight for r in reasons))
    return items


def group_folds(items: list[dict], folds: int, seed: int = SEED) -> np.ndarray:
    """Fold of each item; all versions of one source document share a fold (stratified by source
    language and year)."""
    rng = np.random.RandomState(seed)
    strata: dict[tuple[str, str], list[str]] = {}
    for it in items:
        key = (it["lang"], it["year"])
        if it["doc_id"] not in strata.setdefault(key, []):
            strata[key].append(it["doc_id"])
    fold_of = {}
    offset = 0
    for key in sorted(strata):
        group = sorted(strata[key])
        rng.shuffle(group)
        for j, d in enumerate(group):
            fold_of[d] = (j + offset) % folds
        offset += len(group)
    return np.array([fold_of[it["doc_id"]] for it in items])


# ---------------------------------------------------------------------------------------------
# Blocks
# ---------------------------------------------------------------------------------------------

def _class_weights(y: np.ndarray) -> np.ndarray:
    w = np.ones(len(y))
    for lab in (0, 1):
        m = y == lab
        if m.any():
            w[m] = len(y) / (2.0 * m.sum())
    return w


def _lr(x, y: np.ndarray, c: float):
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=c, max_iter=5000, tol=1e-6, solver="lbfgs")
    lr.fit(x, y, sample_weight=_class_weights(y))
    return lr


def _tfidf_matrix(counts: list[dict[str, int]], index: dict[str, int], idf: np.ndarray):
    """Rows of sublinear tf times idf, L2-normalised (as :func:`transcheck.mt.features.tfidf_logit`)."""
    from scipy import sparse

    rows, cols, vals = [], [], []
    for r, cnt in enumerate(counts):
        for g, c in cnt.items():
            j = index.get(g)
            if j is not None:
                rows.append(r)
                cols.append(j)
                vals.append((1.0 + math.log(c)) * idf[j])
    x = sparse.csr_matrix((vals, (rows, cols)), shape=(len(counts), len(index)))
    norm = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norm[norm == 0] = 1.0
    return sparse.diags(1.0 / norm) @ x


def fit_tfidf(items: list[dict], key: str) -> dict:
    """A tf-idf block: vocabulary of grams found in at least ``MIN_DF[key]`` distinct source documents
    (no gram is a key to one document), smoothed idf, logistic regression."""
    df_docs: dict[str, set[str]] = {}
    df_items: dict[str, int] = {}
    for it in items:
        for g in it["grams"][key]:
            df_docs.setdefault(g, set()).add(it["doc_id"])
            df_items[g] = df_items.get(g, 0) + 1
    keep = [g for g, d in df_docs.items() if len(d) >= MIN_DF[key]]
    vocab = sorted(sorted(keep, key=lambda g: (-len(df_docs[g]), g))[: VOCAB_MAX[key]])
    n = len(items)
    idf = np.array([math.log((1 + n) / (1 + df_items[g])) + 1.0 for g in vocab])
    index = {g: i for i, g in enumerate(vocab)}
    y = np.array([it["label"] for it in items])
    lr = _lr(_tfidf_matrix([it["grams"][key] for it in items], index, idf), y, C_TFIDF[key])
    return {"vocab": vocab, "idf": idf, "coef": lr.coef_[0].astype(np.float64), "intercept": float(lr.intercept_[0])}


def fit_style(items: list[dict]) -> dict:
    x = np.vstack([it["style"] for it in items])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    y = np.array([it["label"] for it in items])
    lr = _lr((x - mean) / scale, y, C_STYLE)
    return {"mean": mean, "scale": scale, "coef": lr.coef_[0].astype(np.float64), "intercept": float(lr.intercept_[0])}


def block_logits(blocks: dict, items: list[dict], sentences: bool = False) -> np.ndarray:
    """Logit of each block (columns in ``BLOCKS`` order) for each item, or with ``sentences`` for each
    English sentence of the items (concatenated in order)."""
    if sentences:
        style = np.vstack([it["sent_style"] for it in items])
        grams = {k: [s[k] for it in items for s in it["sent_grams"]] for k in TFIDF_BLOCKS}
    else:
        style = np.vstack([it["style"] for it in items])
        grams = {k: [it["grams"][k] for it in items] for k in TFIDF_BLOCKS}
    st = blocks["style"]
    cols = [((style - st["mean"]) / st["scale"]) @ st["coef"] + st["intercept"]]
    for k in TFIDF_BLOCKS:
        b = blocks[k]
        index = {g: i for i, g in enumerate(b["vocab"])}
        cols.append(_tfidf_matrix(grams[k], index, b["idf"]) @ b["coef"] + b["intercept"])
    return np.column_stack(cols)


def fit_blocks(items: list[dict]) -> dict:
    out = {"style": fit_style(items)}
    for k in TFIDF_BLOCKS:
        out[k] = fit_tfidf(items, k)
    return out


def fit(items: list[dict], seed: int = SEED) -> dict:
    """The four blocks on all ``items``, and the stack over their out-of-fold logits (inner folds)."""
    inner = group_folds(items, INNER_FOLDS, seed + 1)
    oof = np.zeros((len(items), len(BLOCKS)))
    for f in range(INNER_FOLDS):
        tr = [it for it, g in zip(items, inner) if g != f]
        te = [k for k, g in enumerate(inner) if g == f]
        oof[te] = block_logits(fit_blocks(tr), [items[k] for k in te])
    y = np.array([it["label"] for it in items])
    stack = _lr(oof, y, C_STACK)
    model = fit_blocks(items)
    model["stack"] = {"coef": stack.coef_[0].astype(np.float64), "intercept": float(stack.intercept_[0])}
    return model


def predict(model: dict, items: list[dict], sentences: bool = False) -> np.ndarray:
    """The stacked (uncalibrated) logit of each item, or of each sentence with ``sentences``."""
    return block_logits(model, items, sentences) @ model["stack"]["coef"] + model["stack"]["intercept"]


# ---------------------------------------------------------------------------------------------
# Calibration and metrics
# ---------------------------------------------------------------------------------------------

def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def platt(logits: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling with the two classes weighted equally (the probability assumes an even prior)."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e6, max_iter=1000, tol=1e-8)
    lr.fit(np.asarray(logits).reshape(-1, 1), y, sample_weight=_class_weights(y))
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def platt_in_context(sent: np.ndarray, doc: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Sentence calibration with document context: P(MT) = sigmoid(a * sentence logit + c * document
    logit + b). ``a`` is the Platt slope of the sentence logit alone and stays fixed (every sentence
    carries its document's label, so a free fit would drop the sentence's own evidence); ``c`` and
    ``b`` are fitted by Newton's method with ``a * sentence logit`` as an offset (deterministic)."""
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


def auc(y: np.ndarray, s: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    y = np.asarray(y)
    if len(set(y.tolist())) < 2:
        return float("nan")
    return float(roc_auc_score(y, s))


def choose_threshold(scores: np.ndarray, kinds: np.ndarray) -> float:
    """Lowest threshold (0.01 grid) at which at most ``NATIVE_FPR`` of native English and at most
    ``HUMAN_FPR`` of human translations score at or above it."""
    native, human = scores[kinds == "native"], scores[kinds == "human"]
    for t in np.round(np.arange(0.01, 1.0, 0.01), 2):
        if (not len(native) or np.mean(native >= t) <= NATIVE_FPR) and (not len(human) or np.mean(human >= t) <= HUMAN_FPR):
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


def oof_logits(items: list[dict], folds: int):
    """Fold of each item, its out-of-fold document logit and its sentences' out-of-fold logits."""
    fold = group_folds(items, folds)
    logit = np.zeros(len(items))
    sent: list[np.ndarray] = [np.zeros(0)] * len(items)
    for f in range(folds):
        tr = [it for it, g in zip(items, fold) if g != f]
        te_idx = [k for k, g in enumerate(fold) if g == f]
        te = [items[k] for k in te_idx]
        model = fit(tr)
        logit[te_idx] = predict(model, te)
        sl = predict(model, te, sentences=True)
        k0 = 0
        for k, it in zip(te_idx, te):
            n = len(it["en"])
            sent[k] = sl[k0 : k0 + n]
            k0 += n
    return fold, logit, sent


def leave_one_language_out(items: list[dict]) -> dict:
    """Human-vs-MT AUC of each source language scored by a model trained on the others (and on native
    English), and the share of its human and MT documents flagged at the threshold chosen on the
    training languages' own out-of-fold scores."""
    out = {}
    for lang in sorted({it["lang"] for it in items} - {"en"}):
        tr = [it for it in items if it["lang"] != lang]
        te = [it for it in items if it["lang"] == lang]
        model = fit(tr)
        y = np.array([it["label"] for it in te])
        out[lang] = round(auc(y, predict(model, te)), 4)
    return out


def crossval(eval_dir: Path, folds: int = 5, items: list[dict] | None = None, oof: tuple | None = None,
             lolo: bool = True) -> dict:
    """Out-of-fold figures, folds grouped by source document. Calibration and threshold are chosen
    for each fold on the other folds' out-of-fold logits (nested), so every figure is held out; the
    flagged shares include the hand rules' evidence, as at run time."""
    items = items if items is not None else load_items(Path(eval_dir))
    y = np.array([it["label"] for it in items])
    kinds = np.array([it["kind"] for it in items])
    langs = np.array([it["lang"] for it in items])
    rules = np.array([it["rule_logit"] for it in items])
    fold, logit, sent = oof if oof is not None else oof_logits(items, folds)
    score = np.zeros(len(items))
    thr = np.zeros(len(items))
    for f in range(folds):
        tr, te = fold != f, fold == f
        a, b = platt(logit[tr], y[tr])
        score[te] = _sigmoid(a * logit[te] + b + rules[te])
        thr[te] = choose_threshold(_sigmoid(a * logit[tr] + b + rules[tr]), kinds[tr])
    pred = score >= thr
    uncertain = (score >= UNCERTAIN) & ~pred

    def share(mask: np.ndarray, flags: np.ndarray = pred) -> float:
        return round(float(np.mean(flags[mask])), 4) if mask.any() else float("nan")

    human_or_mt = kinds != "native"
    source_langs = sorted(set(langs.tolist()) - {"en"})
    systems = sorted({it["system"] for it in items if it["label"] == 1})

    def sys_auc(name: str) -> float:
        m = (kinds == "human") | np.array([it["system"] == name for it in items])
        return round(auc(y[m], score[m]), 4)

    sy = np.concatenate([np.full(len(sent[k]), y[k]) for k in range(len(items))])
    ss = np.concatenate(sent)
    sd = np.concatenate([np.full(len(sent[k]), logit[k]) for k in range(len(items))])
    sfold = np.concatenate([np.full(len(sent[k]), fold[k]) for k in range(len(items))])
    in_context = np.zeros(len(sy))
    for f in range(folds):
        tr, te = sfold != f, sfold == f
        sa, sc, sb = platt_in_context(ss[tr], sd[tr], sy[tr])
        in_context[te] = sa * ss[te] + sc * sd[te] + sb
    a_all, b_all = platt(logit, y)
    learned_only = _sigmoid(a_all * logit + b_all)
    rule_codes = sorted({c for it in items for c in it["rules"]})
    res = {
        "n_docs": int(len(items)),
        "n_by_kind": {k: int(np.sum(kinds == k)) for k in ("native", "human", "mt")},
        "n_by_language": {lang: int(np.sum(langs == lang)) for lang in sorted(set(langs.tolist()))},
        "folds": folds,
        "doc_auc": round(auc(y[human_or_mt], score[human_or_mt]), 4),
        "doc_auc_by_language": {lang: round(auc(y[langs == lang], score[langs == lang]), 4) for lang in source_langs},
        "doc_auc_native_vs_mt": round(auc(y[kinds != "human"], score[kinds != "human"]), 4),
        "doc_auc_learned_only": round(auc(y[human_or_mt], logit[human_or_mt]), 4),
        "doc_auc_by_system": {s: sys_auc(s) for s in systems},
        "gpt4_auc": sys_auc("GPT4-5shot") if "GPT4-5shot" in systems else None,
        "flagged": {k: share(kinds == k) for k in ("native", "human", "mt")},
        "flagged_by_language": {lang: {k: share((langs == lang) & (kinds == k)) for k in ("human", "mt")}
                                for lang in source_langs},
        "uncertain": {k: share(kinds == k, uncertain) for k in ("native", "human", "mt")},
        "flagged_by_system": {s: share(np.array([it["system"] == s for it in items])) for s in systems},
        "flagged_native_by_domain": {d: share((kinds == "native") & np.array([it["domain"] == d for it in items]))
                                     for d in sorted({it["domain"] for it in items if it["kind"] == "native"})},
        "rules_fired": {c: {k: share(kinds == k, np.array([c in it["rules"] for it in items]))
                            for k in ("native", "human", "mt")} for c in rule_codes},
        "sentence_auc": round(auc(sy, ss), 4),
        "sentence_auc_in_context": round(auc(sy, in_context), 4),
        "threshold": choose_threshold(_sigmoid(a_all * logit + b_all + rules), kinds),
        "thresholds_per_fold": sorted({float(t) for t in thr}),
        "brier": round(float(np.mean((learned_only - y) ** 2)), 4),
        "reliability": reliability(learned_only, y.astype(float)),
    }
    if lolo:
        res["doc_auc_leave_one_language_out"] = leave_one_language_out(items)
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
        if math.isnan(x):
            return None
        v = float(f"{x:.{nd + 1}g}")  # significant digits: tiny feature scales must not round to 0
        return 0.0 if v == 0 else v
    return x


def _group_stats(model: dict, items: list[dict]) -> dict:
    """Mean/std over human and native documents of each block's log-odds contribution (for z values)."""
    contrib = block_logits(model, items) * model["stack"]["coef"]
    neg = np.array([it["label"] == 0 for it in items])
    return {k: {"mean": float(contrib[neg, j].mean()), "std": float(contrib[neg, j].std())}
            for j, k in enumerate(BLOCKS)}


def train_and_export(eval_dir: Path, out: Path, folds: int = 5) -> dict:
    from transcheck.mt import PATTERNS, PUNCT_CLASSES
    from transcheck.mt.features import style_profile_names
    from transcheck.tagger import tagger_name
    from transcheck.text.english import FUNCTION_WORDS

    items = load_items(eval_dir)
    y = np.array([it["label"] for it in items])
    kinds = np.array([it["kind"] for it in items])
    rules = np.array([it["rule_logit"] for it in items])
    fold, logit, sent = oof = oof_logits(items, folds)
    cv = crossval(eval_dir, folds, items=items, oof=oof)
    a, b = platt(logit, y)
    sa, sc, sb = platt_in_context(np.concatenate(sent),
                                  np.concatenate([np.full(len(sent[k]), logit[k]) for k in range(len(items))]),
                                  np.concatenate([np.full(len(sent[k]), y[k]) for k in range(len(items))]))
    threshold = choose_threshold(_sigmoid(a * logit + b + rules), kinds)
    model = fit(items)
    eval_dir = Path(eval_dir)
    params = {
        "version": VERSION,
        "model": "logistic blocks (style, char n-grams, word n-grams, part-of-speech) -> stacked logistic "
                 "+ Platt + rule log-odds",
        "trained_on": "WMT dev portions: ru-en (wmt_ruen.jsonl), uk-en and ja-en (mt_general/wmt_xen.jsonl) human "
                      "references (0) vs MT systems (1), and native English (mt_general/native_en.jsonl, 0)",
        "n_items": len(items),
        "n_by_kind": cv["n_by_kind"],
        "threshold": threshold,
        "threshold_rule": (f"lowest out-of-fold score at which at most {NATIVE_FPR:.0%} of native English and "
                           f"{HUMAN_FPR:.0%} of human translations are flagged (hand rules included)"),
        "uncertain_threshold": UNCERTAIN,
        "calibration": {"a": a, "b": b},
        "calibration_prior": "classes weighted equally (an even prior of MT and not MT)",
        "sentence_calibration": {"a": sa, "c": sc, "b": sb},
        "hyperparameters": {"C_style": C_STYLE, "C_tfidf": C_TFIDF, "C_stack": C_STACK, "min_df": MIN_DF,
                            "vocab_max": VOCAB_MAX, "inner_folds": INNER_FOLDS, "seed": SEED,
                            "native_fpr": NATIVE_FPR, "human_fpr": HUMAN_FPR},
        "tagger": tagger_name(),
        # the model reads no sentence vectors: no encoder
        **provenance([eval_dir / f for f in DATA_FILES], ""),
        "features_reference": {"function_words": list(FUNCTION_WORDS), "punct_classes": [list(p) for p in PUNCT_CLASSES],
                               "patterns": [list(p) for p in PATTERNS]},
        "learned": {
            "blocks": list(BLOCKS),
            "style": {"features": style_profile_names(),
                      **{k: model["style"][k] for k in ("mean", "scale", "coef", "intercept")}},
            **{k: {kk: model[k][kk] for kk in ("vocab", "idf", "coef", "intercept")} for k in TFIDF_BLOCKS},
            "stack": model["stack"],
            "group_stats": _group_stats(model, items),
        },
        "crossval": cv,
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
        print(json.dumps(_r(crossval(args.eval_dir, args.folds)), indent=2))
        return 0
    params = train_and_export(args.eval_dir, args.out, args.folds)
    print(json.dumps(params["crossval"], indent=2))
    print(f"threshold {params['threshold']}  ->  {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
