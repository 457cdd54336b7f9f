#!/usr/bin/env python
"""Train the drift scorer and report out-of-fold figures.

    .venv/bin/python scripts/train_drift.py [--eval-dir ../shared/eval] [--out transcheck/data/drift_model.json]
        [--wordnet DIR]   # WordNet 3.0 dict folder (data.adj, ...) to rebuild the antonym list

Data (``--eval-dir``): DEMETR (``demetr.jsonl``), MRPC (``pairs.jsonl``) and WMT23 zh-en MQM
(``mqm_zhen.jsonl``). Every pair is (original, candidate): DEMETR (ref, mt) and (ref, mt_perturbed),
MRPC (a, b), MQM (ref, mt). Cross-validation folds are grouped (DEMETR by item_id, MRPC by group_id,
MQM by doc), so a source sentence is never trained on and scored in the same fold.

The output JSON is deterministic (fixed folds, sorted iteration, floats rounded to 6 decimals).
``crossval(eval_dir, folds)`` is importable and side-effect free (it reads data and the embedding
cache only) and returns the out-of-fold metrics.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from transcheck.devdata import default_eval_dir, group_seed, provenance, read_jsonl
from transcheck.drift import FEATURES, Analyzer, fold
from transcheck.embed import resolve_model

ROOT = Path(__file__).resolve().parent.parent
DATA_FILES = ("demetr.jsonl", "pairs.jsonl", "mqm_zhen.jsonl")

MODEL_VERSION = "drift-lr-13"
# what each version changed, and what it measured: docs/drift.md
C_REG = 0.5
PAIR_SHARE = 1.5  # ranking rows' share (grid 1.0 / 1.5 / 2.0 x C 0.25 / 0.5 / 1.0, 5-fold; docs/drift.md)
SIGN_CONSTRAINED = True
# features held at weight 0. "shorter" (candidate has fewer words): it learned "shorter = drift" from
# removals, so adding a word to a shorter MT output *lowered* the score and DEMETR additions ranked
# 0.79; without it (measured, 5-fold): meaning rank 0.923 -> 0.936, addition 0.79 -> 0.96, min
# category 0.79 -> 0.85, MRPC AUC 0.717 -> 0.722, MQM AUC 0.724 -> 0.729. Removals keep their
# evidence through dropped / dropped_unsupported / entity_missing.
EXCLUDED = ("shorter",)
# checkable evidence of a changed fact that lifts the score into [floor, 1] (order kept)
FLOOR_FEATURES = ("quote", "number", "negation", "antonym", "date", "gender", "entity_swap")
SHARES = {"demetr": 2.0, "mrpc": 1.0, "mqm": 0.5}
SEED = 0
MAX_SAME_MEANING_FIRE = 0.35  # threshold constraint: same-meaning pairs that may come out as drift
# The operating point. calibrate()'s threshold is the best for the pair datasets (DEMETR, MRPC, MQM);
# at it the syndication test of the dev WMT documents (scripts/evaluate.py --tasks syndication)
# flags 18 % of the unchanged sentences of its MT copy, against the 15 % that are allowed. The
# shipped threshold is never below SYNDICATION_THRESHOLD: the lowest value of that test's
# "by_threshold" sweep (0.01 grid) at which both copies (MT and second human translation) keep drift
# recall >= 0.85 and flag at most 15 % of unchanged sentences less one binomial standard error
# (sqrt(0.15 * 0.85 / 761) = 1.3 points for the MT copy's 761, so <= 13.7 %): a dev rate just
# under 15 % would be over it on the held-out portion about half the time. Recall is flat (0.871)
# from 0.80 to 0.86, so the margin costs no recall on the dev build. docs/drift.md has the sweep and
# what it costs the pair datasets' balanced accuracy.
SYNDICATION_THRESHOLD = 0.86

# DEMETR categories (use only records with pert_check and changed)
MEANING = ("addition", "antonym", "gender", "ne_removed", "ne_replaced", "negation", "noun_removed",
           "numbers_replaced", "subj_removed", "verb_removed")
SURFACE = ("char_removed", "final_punc_removed", "first_lower", "punc_addition", "repeat2", "tokenized")
# also trained on, with these labels; reported but not targets
EXTRA_MEANING = ("adj_adv_removed", "empty", "pp_removed", "question", "shuffle_trans", "tense")
EXTRA_SURFACE = ("conj_removed", "full_lower", "misspelled", "pos_shift", "reference", "repeat4", "word_swap")
# left out of training (ambiguous for a meaning checker), reported only
UNTRAINED = ("aspect", "case", "codemix", "function_word", "hypernym", "shuffled")


# ---------------------------------------------------------------------------------------------
# data
def _fold_of(key: str, folds: int) -> int:
    return group_seed(key) % folds


def load(eval_dir: Path) -> dict:
    """Pairs of every dataset: lists of (original, candidate, label, group, extra)."""
    demetr = []
    for r in read_jsonl(eval_dir / "demetr.jsonl"):
        if not (r.get("pert_check") and r.get("changed")):
            continue
        demetr.append(r)
    demetr.sort(key=lambda r: r["id"])
    mrpc = sorted(read_jsonl(eval_dir / "pairs.jsonl"), key=lambda r: r["id"])
    mqm = sorted(read_jsonl(eval_dir / "mqm_zhen.jsonl"), key=lambda r: r["id"])
    return {"demetr": demetr, "mrpc": mrpc, "mqm": mqm}


def mqm_label(r: dict) -> int:
    raters = {e["rater"] for e in r["errors"] if e["severity"] == "Major" and e["category"].startswith("Accuracy")}
    return int(len(raters) >= 2)


def embed_pairs(pairs: list[tuple[str, str]]) -> np.ndarray:
    from transcheck.embed import get_encoder

    texts = sorted({t for p in pairs for t in p})
    enc = get_encoder(None)
    vecs = enc.encode(texts)
    idx = {t: i for i, t in enumerate(texts)}
    a = vecs[[idx[o] for o, _ in pairs]]
    b = vecs[[idx[c] for _, c in pairs]]
    return np.einsum("ij,ij->i", a, b).astype(np.float64)


class Table:
    """Every distinct (original, candidate) pair once: features, cosine and peer metrics."""

    def __init__(self, pairs: list[tuple[str, str]], analyzer: Analyzer):
        from sacrebleu.metrics import BLEU, CHRF

        self.pairs = sorted(set(pairs))
        self.index = {p: i for i, p in enumerate(self.pairs)}
        sims = embed_pairs(self.pairs)
        from transcheck.embed import get_encoder

        words = get_encoder(None).encode  # single words, as at runtime (cached on disk)
        # parse every text once, in batches (the tagger's own memo is smaller than this table)
        texts = sorted({t for p in self.pairs for t in p})
        parsed = dict(zip(texts, analyzer.syntax(texts)))
        analyzer.syntax = lambda ts: [parsed[t] for t in ts]
        chrf, bleu = CHRF(), BLEU(effective_order=True)
        X, peers, evs = [], [], []
        for (o, c), s in zip(self.pairs, sims):
            ev = analyzer.evidence(o, c, float(s), words)
            evs.append(ev)
            X.append(ev.vector())
            peers.append((chrf.sentence_score(c, [o]).score, bleu.sentence_score(c, [o]).score if c.strip() else 0.0, s))
        self.X = np.asarray(X, dtype=np.float64)
        self.peers = np.asarray(peers, dtype=np.float64)  # chrF, BLEU, cosine (higher = closer)
        self.chrf_fold = np.array([e.chrf_fold for e in evs])
        self.quote = np.array([any(e.values[f] > 0 for f in FLOOR_FEATURES) for e in evs])
        self.evidence = evs

    def rows(self, pairs):
        return np.array([self.index[p] for p in pairs], dtype=np.int64)


def build(data: dict, folds: int, analyzer: Analyzer) -> tuple[Table, dict]:
    """Training rows: (pair index, label, weight, fold, dataset, category)."""
    rows = []
    for r in data["demetr"]:
        cat = r["category"]
        f = _fold_of(f"demetr:{r['item_id']}", folds)
        rows.append(((r["ref"], r["mt"]), 0, "demetr", cat + ":mt", f, r["item_id"]))
        if cat in MEANING or cat in EXTRA_MEANING:
            y = 1
        elif cat in SURFACE or cat in EXTRA_SURFACE:
            y = 0
        else:
            y = -1  # not trained on
        rows.append(((r["ref"], r["mt_perturbed"]), y, "demetr", cat, f, r["item_id"]))
    for r in data["mrpc"]:
        rows.append(((r["a"], r["b"]), 1 - int(r["label"]), "mrpc", "mrpc", _fold_of(r["group_id"], folds), r["group_id"]))
    for r in data["mqm"]:
        rows.append(((r["ref"], r["mt"]), mqm_label(r), "mqm", "mqm", _fold_of("mqm:" + r["doc"], folds), r["id"]))
    table = Table([p for p, *_ in rows], analyzer)
    meta = {
        "row": table.rows([p for p, *_ in rows]),
        "y": np.array([y for _, y, *_ in rows]),
        "dataset": np.array([d for _, _, d, *_ in rows]),
        "cat": np.array([c for _, _, _, c, *_ in rows]),
        "fold": np.array([f for *_, f, _ in rows]),
        "group": [g for *_, g in rows],
    }
    # weights: each dataset weighs the same in total, its two classes half each
    w = np.zeros(len(rows))
    for d in ("demetr", "mrpc", "mqm"):
        share = SHARES[d]
        for y in (0, 1):
            m = (meta["dataset"] == d) & (meta["y"] == y)
            if m.any():
                w[m] = share * 0.5 / m.sum()
    meta["w"] = w * len(rows) / w.sum()
    return table, meta


# ---------------------------------------------------------------------------------------------
# model
def fit(X: np.ndarray, y: np.ndarray, w: np.ndarray, pairs: tuple | None = None) -> dict:
    """Logistic regression on standardised features, pointwise rows plus (optionally) pairwise
    ranking rows ``z(a) - z(b)`` (label 1) and ``z(b) - z(a)`` (label 0): a constant column that is 1
    on pointwise rows and 0 on pairwise ones plays the intercept, so both share one weight vector."""
    from sklearn.linear_model import LogisticRegression

    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-9] = 1.0
    Z = (X - mean) / scale
    rows = [np.c_[Z, np.ones(len(Z))]]
    ys, ws = [y], [w]
    if pairs is not None:
        A, B, pw = pairs
        D = (A - B) / scale
        rows += [np.c_[D, np.zeros(len(D))], np.c_[-D, np.zeros(len(D))]]
        ys += [np.ones(len(D), dtype=int), np.zeros(len(D), dtype=int)]
        ws += [pw, pw]
    Xa, ya, wa = np.vstack(rows), np.concatenate(ys), np.concatenate(ws)
    if SIGN_CONSTRAINED:
        coef = _bounded_lr(Xa, ya, wa)
    else:
        clf = LogisticRegression(C=C_REG, max_iter=10000, tol=1e-8, fit_intercept=False, random_state=SEED)
        clf.fit(Xa, ya, sample_weight=wa)
        coef = clf.coef_[0]
    return {"mean": mean, "scale": scale, "coef": coef[:-1], "intercept": float(coef[-1])}


def _bounded_lr(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """L2-regularised logistic regression with sign constraints (L-BFGS-B): similarity features may
    only lower the drift score, evidence features (numbers, names, negation, ...) only raise it."""
    from scipy.optimize import minimize

    k = X.shape[1]
    bounds = []
    for f in list(FEATURES) + ["(intercept)"]:
        if f in ("cosine", "chrf", "bleu"):
            bounds.append((None, 0.0))
        elif f in EXCLUDED:
            bounds.append((0.0, 0.0))
        elif f == "(intercept)":
            bounds.append((None, None))
        else:
            bounds.append((0.0, None))
    lam = 1.0 / C_REG
    s = 2 * y - 1

    def loss(beta):
        z = s * (X @ beta)
        lz = np.logaddexp(0, -z)
        g = -(w * s * (1 - 1 / (1 + np.exp(-z))))  # d loss / d (X beta)
        reg = beta[:-1]
        return float(w @ lz + 0.5 * lam * reg @ reg), X.T @ g + lam * np.r_[reg, 0.0]

    res = minimize(loss, np.zeros(k), jac=True, method="L-BFGS-B", bounds=bounds,
                   options={"maxiter": 5000, "gtol": 1e-9, "ftol": 1e-12})
    return res.x


def predict(model: dict, X: np.ndarray) -> np.ndarray:
    z = model["intercept"] + ((X - model["mean"]) / model["scale"]) @ model["coef"]
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def apply_rules(p: np.ndarray, quote: np.ndarray, floor: float) -> np.ndarray:
    """Pairs with checkable evidence (FLOOR_FEATURES) are lifted into [floor, 1], keeping their order."""
    return np.where(quote, floor + (1.0 - floor) * p, p) if floor else p


# ---------------------------------------------------------------------------------------------
# metrics
def roc_auc(y, s) -> float:
    y = np.asarray(y)
    s = np.asarray(s, dtype=np.float64)
    pos, neg = s[y == 1], s[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    allv = np.concatenate([pos, neg])[order]
    ranks = np.empty(len(allv))
    i = 0
    while i < len(allv):  # average ranks for ties
        j = i
        while j + 1 < len(allv) and allv[j + 1] == allv[i]:
            j += 1
        ranks[i : j + 1] = (i + j) / 2 + 1
        i = j + 1
    r = np.empty(len(allv))
    r[order] = ranks
    return float((r[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def bal_acc(y, pred) -> float:
    y, pred = np.asarray(y), np.asarray(pred, dtype=bool)
    tpr = pred[y == 1].mean() if (y == 1).any() else float("nan")
    tnr = (~pred[y == 0]).mean() if (y == 0).any() else float("nan")
    return float((tpr + tnr) / 2)


def best_bal_acc(y, s) -> float:
    """Balanced accuracy at the best threshold chosen on the same data (favours the peer)."""
    y = np.asarray(y)
    best = 0.0
    for t in np.unique(s):
        best = max(best, bal_acc(y, s >= t))
    return best


def rank_rate(a: np.ndarray, b: np.ndarray) -> float:
    """Share of items where a > b (ties count one half)."""
    return float(np.mean((a > b) + 0.5 * (a == b))) if len(a) else float("nan")


def _r(x: float, nd: int = 4):
    return None if x != x else round(float(x), nd)


# ---------------------------------------------------------------------------------------------
def _oof(table: Table, meta: dict, folds: int) -> np.ndarray:
    X = table.X[meta["row"]]
    oof = np.zeros(len(meta["y"]))
    train = meta["y"] >= 0
    for k in range(folds):
        tr = train & (meta["fold"] != k)
        te = meta["fold"] == k
        model = fit(X[tr], meta["y"][tr], meta["w"][tr], _pairs(X, meta, meta["fold"] != k))
        oof[te] = predict(model, X[te])
    return oof


def _pairs(X: np.ndarray, meta: dict, keep: np.ndarray):
    """Ranking rows: for DEMETR meaning perturbations, (ref, mt_perturbed) above (ref, mt)."""
    cat = meta["cat"]
    a = np.where((meta["dataset"] == "demetr") & np.isin(cat, MEANING + EXTRA_MEANING) & keep)[0]
    b = a - 1
    w = np.full(len(a), PAIR_SHARE * len(meta["y"]) / max(1, len(a)) / 2)
    return X[a], X[b], w


def calibrate(score: np.ndarray, meta: dict, chrf_fold: np.ndarray, floored: np.ndarray | None = None) -> dict:
    """Drift threshold from out-of-fold scores: the best (2·BA_DEMETR + 2·BA_MRPC + BA_MQM)/5 such that
    no surface category fires more than 4 pp above its unperturbed pair and the same-meaning pairs
    (DEMETR (ref, mt), MRPC paraphrases) fire at most ``MAX_SAME_MEANING_FIRE`` each, rule floors
    included (``floored``: pairs that the floor rule lifts above any threshold)."""
    ds, cat, y = meta["dataset"], meta["cat"], meta["y"]
    if floored is None:
        floored = np.zeros(len(score), dtype=bool)
    same_meaning = [(ds == "demetr") & np.char.endswith(cat.astype(str), ":mt"), (ds == "mrpc") & (y == 0)]
    dm_pos = (ds == "demetr") & np.isin(cat, MEANING)
    dm_neg = (ds == "demetr") & np.char.endswith(cat.astype(str), ":mt")
    surf = (ds == "demetr") & np.isin(cat, SURFACE)
    surf_mt = np.where(surf)[0] - 1  # the (ref, mt) row of the same record
    mr = ds == "mrpc"
    mq = ds == "mqm"
    best = None
    for t in np.round(np.arange(0.05, 0.951, 0.005), 3):
        pred = (score >= t) | floored
        over = max(pred[m].mean() for m in same_meaning) - MAX_SAME_MEANING_FIRE
        ba_d = bal_acc(np.r_[np.ones(dm_pos.sum()), np.zeros(dm_neg.sum())], np.r_[pred[dm_pos], pred[dm_neg]])
        ba_m = bal_acc(y[mr], pred[mr])
        ba_q = bal_acc(y[mq], pred[mq])
        gap = max(pred[np.where(surf)[0][cat[surf] == c]].mean() - pred[surf_mt[cat[surf] == c]].mean() for c in SURFACE)
        obj = (2 * ba_d + 2 * ba_m + ba_q) / 5 - (10 * max(0.0, gap - 0.04)) - 10 * max(0.0, over)
        if best is None or obj > best[0] + 1e-12:
            best = (obj, float(t))
    thr = best[1]
    # match = near-verbatim: DEMETR surface variants of an MT output vs that output (near-verbatim)
    # against different-wording same-meaning pairs ((ref, mt) in DEMETR, MRPC label 1)
    return {"threshold": thr}


def paraphrase_boundary(table: Table, data: dict) -> tuple[float, dict]:
    chrf = Analyzer([]).metrics()[0]
    verb, para = [], []
    for r in data["demetr"]:
        if r["category"] in SURFACE + ("full_lower", "repeat4", "reference") and r["category"] != "reference":
            verb.append(chrf.sentence_score(fold(r["mt_perturbed"]), [fold(r["mt"])]).score / 100)
    seen = set()
    for r in data["demetr"]:
        if r["item_id"] not in seen:
            seen.add(r["item_id"])
            para.append(chrf.sentence_score(fold(r["mt"]), [fold(r["ref"])]).score / 100)
    for r in data["mrpc"]:
        if r["label"] == 1:
            para.append(chrf.sentence_score(fold(r["b"]), [fold(r["a"])]).score / 100)
    verb, para = np.array(verb), np.array(para)
    best = None
    for t in np.round(np.arange(0.5, 1.0, 0.005), 3):
        ba = ((verb >= t).mean() + (para < t).mean()) / 2
        if best is None or ba > best[0] + 1e-12:
            best = (ba, float(t))
    return best[1], {"near_verbatim_as_match": _r((verb >= best[1]).mean()),
                     "paraphrase_as_paraphrase": _r((para < best[1]).mean()), "balanced_accuracy": _r(best[0])}


def highlight_prf(table: Table, data: dict, pred_drift: dict) -> dict:
    """Token precision / recall of candidate highlights against MQM raters' Accuracy spans."""
    import re

    out = {}
    for name, sev in (("accuracy_any_severity", ("Major", "Minor")), ("accuracy_major", ("Major",))):
        tp = fp = fn = 0
        tp_d = fp_d = 0
        for r in data["mqm"]:
            mt = r["mt"]
            toks = [(m.start(), m.end()) for m in re.finditer(r"\w+", mt)]
            gold = set()
            for e in r["errors"]:
                if e["category"].startswith("Accuracy") and e["severity"] in sev and e.get("start") is not None:
                    for k, (a, b) in enumerate(toks):
                        if a < e["end"] and e["start"] < b:
                            gold.add(k)
            ev = table.evidence[table.index[(r["ref"], mt)]]
            hl = [(a, b) for f in ev.findings for a, b, _ in f.cand]
            pred = {k for k, (a, b) in enumerate(toks) if any(a < hb and ha < b for ha, hb in hl)}
            tp += len(pred & gold)
            fp += len(pred - gold)
            fn += len(gold - pred)
            if pred_drift.get(r["id"]):
                tp_d += len(pred & gold)
                fp_d += len(pred - gold)
        out[name] = {"precision": _r(tp / max(1, tp + fp)), "recall": _r(tp / max(1, tp + fn)),
                     "precision_on_drifted": _r(tp_d / max(1, tp_d + fp_d))}
    return out


def evaluate(table: Table, meta: dict, score: np.ndarray, thr: float, data: dict) -> dict:
    ds, cat, y = meta["dataset"], meta["cat"], meta["y"]
    peers = {"chrF": -table.peers[meta["row"], 0], "BLEU": -table.peers[meta["row"], 1],
             "cosine": -table.peers[meta["row"], 2]}
    res: dict = {"threshold": thr}
    # DEMETR: per category, paired by record
    d_idx = np.where(ds == "demetr")[0]
    pert = d_idx[~np.char.endswith(cat[d_idx].astype(str), ":mt")]
    mt = pert - 1  # rows were appended as (mt, perturbed) per record
    assert all(str(c).endswith(":mt") for c in cat[mt])
    per = {}
    for c in sorted(set(cat[pert])):
        m = cat[pert] == c
        a, b = pert[m], mt[m]
        entry = {
            "n": int(m.sum()),
            "rank": _r(rank_rate(score[a], score[b])),
            "fire_perturbed": _r((score[a] >= thr).mean()),
            "fire_unperturbed": _r((score[b] >= thr).mean()),
        }
        for name, s in peers.items():
            entry[f"rank_{name}"] = _r(rank_rate(s[a], s[b]))
        per[c] = entry
    res["demetr_categories"] = per

    def group_summary(cats):
        m = np.isin(cat[pert], cats)
        a, b = pert[m], mt[m]
        out = {"n": int(m.sum()), "rank": _r(rank_rate(score[a], score[b])),
               "min_category_rank": _r(min(per[c]["rank"] for c in cats if c in per)),
               "fire_perturbed": _r((score[a] >= thr).mean()), "fire_unperturbed": _r((score[b] >= thr).mean())}
        for name, s in peers.items():
            out[f"rank_{name}"] = _r(rank_rate(s[a], s[b]))
        return out, a, b

    meaning, a, b = group_summary(MEANING)
    yy = np.r_[np.ones(len(a)), np.zeros(len(b))]
    meaning["balanced_accuracy"] = _r(bal_acc(yy, np.r_[score[a], score[b]] >= thr))
    meaning["auc"] = _r(roc_auc(yy, np.r_[score[a], score[b]]))
    for name, s in peers.items():
        meaning[f"auc_{name}"] = _r(roc_auc(yy, np.r_[s[a], s[b]]))
        meaning[f"best_balanced_accuracy_{name}"] = _r(best_bal_acc(yy, np.r_[s[a], s[b]]))
    res["demetr_meaning"] = meaning
    surface, a, b = group_summary(SURFACE)
    surface["fire_gap_pp"] = _r(100 * (surface["fire_perturbed"] - surface["fire_unperturbed"]), 2)
    surface["max_category_gap_pp"] = _r(100 * max(per[c]["fire_perturbed"] - per[c]["fire_unperturbed"] for c in SURFACE), 2)
    res["demetr_surface"] = surface
    res["demetr_extra_meaning"], *_ = group_summary(EXTRA_MEANING)
    for name, m in (("mrpc", ds == "mrpc"), ("mqm", ds == "mqm")):
        entry = {"n": int(m.sum()), "positives": int(y[m].sum()), "auc": _r(roc_auc(y[m], score[m])),
                 "balanced_accuracy": _r(bal_acc(y[m], score[m] >= thr))}
        for pn, s in peers.items():
            entry[f"auc_{pn}"] = _r(roc_auc(y[m], s[m]))
            entry[f"best_balanced_accuracy_{pn}"] = _r(best_bal_acc(y[m], s[m]))
        res[name] = entry
    mq = np.where(ds == "mqm")[0]
    pred = {meta["group"][i]: bool(score[i] >= thr) for i in mq}
    res["mqm_highlights"] = highlight_prf(table, data, pred)
    return res


Lexicon = tuple[list[str], list[str]]  # (antonyms counted anywhere, antonyms counted in place only)


def _prepare(eval_dir: Path, folds: int, antonyms: Lexicon):
    data = load(Path(eval_dir))
    analyzer = Analyzer(antonyms[0], in_place_pairs=antonyms[1])
    table, meta = build(data, folds, analyzer)
    return data, table, meta


def _default_antonyms() -> Lexicon:
    path = ROOT / "transcheck" / "data" / "drift_model.json"
    if path.exists():
        params = json.loads(path.read_text(encoding="utf-8"))
        return list(params.get("antonyms", [])), list(params.get("antonyms_in_place", []))
    return [], []


def crossval(eval_dir: Path, folds: int = 5, antonyms: Lexicon | None = None, quote_floor: float | None = None) -> dict:
    """Out-of-fold metrics for DEMETR (per category), MRPC and MQM, with chrF / BLEU / cosine peers."""
    if antonyms is None:
        antonyms = _default_antonyms()
    data, table, meta = _prepare(eval_dir, folds, antonyms)
    return _crossval(data, table, meta, folds, quote_floor)


def _crossval(data, table, meta, folds, quote_floor=None) -> dict:
    oof = _oof(table, meta, folds)
    cal = calibrate(oof, meta, table.chrf_fold[meta["row"]], table.quote[meta["row"]])
    thr = max(cal["threshold"], SYNDICATION_THRESHOLD)
    floor = _floor(thr) if quote_floor is None else quote_floor
    score = apply_rules(oof, table.quote[meta["row"]], floor)
    res = evaluate(table, meta, score, thr, data)
    res["quote_floor"] = floor
    res["threshold_best_for_pairs"] = cal["threshold"]
    res["quote_rule_pairs"] = {
        d: int((table.quote[meta["row"]] & (meta["dataset"] == d)).sum()) for d in ("demetr", "mrpc", "mqm")
    }
    res["without_quote_rule"] = {
        k: v for k, v in evaluate(table, meta, oof, thr, data).items() if k in ("mrpc", "mqm", "demetr_meaning")
    }
    pthr, pinfo = paraphrase_boundary(table, data)
    res["paraphrase_threshold"] = pthr
    res["paraphrase_boundary"] = pinfo
    res["folds"] = folds
    return res


def _floor(thr: float) -> float:
    return round(min(0.99, thr + 0.5 * (1 - thr)), 6)


# ---------------------------------------------------------------------------------------------
def build_antonyms(wordnet_dir: Path) -> Lexicon:
    """Antonym pairs ("a|b", a < b) of single-word lemmas from WordNet 3.0 data files: the direct
    (lexical) antonyms, and the indirect ones of adjectives, counted in place only: each lemma of a
    satellite synset ("severe", similar to "intense") against the direct antonym of its head
    ("mild"). Gross & Miller's bipolar adjective clusters; looser, as satellites drift in sense."""
    words: dict[tuple[str, str], list[str]] = {}
    satellites: dict[tuple[str, str], list[tuple[str, str]]] = {}  # head synset -> its satellites
    ptrs = []
    for _pos, name in (("n", "noun"), ("v", "verb"), ("a", "adj"), ("r", "adv")):
        with open(wordnet_dir / f"data.{name}", encoding="latin-1") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue
                parts = line.split(" | ")[0].split()
                off = parts[0]
                ss_type = parts[2]
                wcnt = int(parts[3], 16)
                lemmas = [parts[4 + 2 * i].lower() for i in range(wcnt)]
                key_pos = "a" if ss_type in ("a", "s") else ss_type
                words[(key_pos, off)] = lemmas
                k = 4 + 2 * wcnt
                pcnt = int(parts[k])
                for i in range(pcnt):
                    sym, toff, tpos, st = parts[k + 1 + 4 * i : k + 5 + 4 * i]
                    if sym == "!":
                        ptrs.append((key_pos, off, int(st[:2], 16), "a" if tpos in ("a", "s") else tpos, toff, int(st[2:], 16)))
                    elif sym == "&" and ss_type == "s":
                        satellites.setdefault(("a", toff), []).append((key_pos, off))
    ok = lambda w: w.isalpha() and len(w) > 2  # noqa: E731
    pairs, loose = set(), set()
    for pos, off, si, tpos, toff, ti in ptrs:
        a = words[(pos, off)][si - 1] if si else None
        b = words.get((tpos, toff), [None] * max(ti, 1))[ti - 1] if ti else None
        if not a or not b:
            continue
        a, b = a.split("(")[0], b.split("(")[0]
        if ok(a) and ok(b) and a != b:
            pairs.add("|".join(sorted((a, b))))
        if pos == "a" and ok(b):
            for sat in satellites.get((pos, off), []):
                for s in words[sat]:
                    s = s.split("(")[0]
                    if ok(s) and s != b:
                        loose.add("|".join(sorted((s, b))))
    return sorted(pairs), sorted(loose - pairs)


def train(eval_dir: Path, folds: int = 5, antonyms: Lexicon | None = None) -> tuple[dict, dict]:
    if antonyms is None:
        antonyms = _default_antonyms()
    data, table, meta = _prepare(eval_dir, folds, antonyms)
    cv = _crossval(data, table, meta, folds)
    train_rows = meta["y"] >= 0
    X = table.X[meta["row"]]
    model = fit(X[train_rows], meta["y"][train_rows], meta["w"][train_rows], _pairs(X, meta, np.ones(len(X), bool)))
    r6 = lambda a: [round(float(x), 6) for x in a]  # noqa: E731
    params = {
        "version": MODEL_VERSION,
        "features": list(FEATURES),
        "mean": r6(model["mean"]),
        "scale": r6(model["scale"]),
        "coef": r6(model["coef"]),
        "intercept": round(model["intercept"], 6),
        "threshold": round(cv["threshold"], 6),
        "paraphrase_threshold": round(cv["paraphrase_threshold"], 6),
        "rules": {"quote_floor": cv["quote_floor"], "floor_features": list(FLOOR_FEATURES)},
        **provenance([eval_dir / name for name in DATA_FILES], resolve_model(None).name),
        "training": {
            "data": "DEMETR (pert_check & changed), MRPC, WMT23 zh-en MQM; dev portion in shared/eval",
            "C": C_REG,
            "folds": folds,
            "rows": int(train_rows.sum()),
            "oof": {
                "demetr_meaning_rank": cv["demetr_meaning"]["rank"],
                "demetr_meaning_min_category_rank": cv["demetr_meaning"]["min_category_rank"],
                "demetr_meaning_balanced_accuracy": cv["demetr_meaning"]["balanced_accuracy"],
                "demetr_surface_fire_gap_pp": cv["demetr_surface"]["fire_gap_pp"],
                "mrpc_auc": cv["mrpc"]["auc"],
                "mrpc_balanced_accuracy": cv["mrpc"]["balanced_accuracy"],
                "mqm_auc": cv["mqm"]["auc"],
                "mqm_auc_chrF": cv["mqm"]["auc_chrF"],
            },
        },
        "antonyms": list(antonyms[0]),
        "antonyms_in_place": list(antonyms[1]),
    }
    return params, cv


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--eval-dir", type=Path, default=default_eval_dir())
    ap.add_argument("--out", type=Path, default=ROOT / "transcheck" / "data" / "drift_model.json")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--wordnet", type=Path, default=None, help="WordNet 3.0 folder with data.noun etc.")
    ap.add_argument("--report", type=Path, default=None, help="also write the out-of-fold metrics as JSON here")
    ap.add_argument("--crossval-only", action="store_true", help="print the out-of-fold metrics as JSON, write no model")
    args = ap.parse_args(argv)
    antonyms = build_antonyms(args.wordnet) if args.wordnet else None
    if args.crossval_only:
        print(json.dumps(crossval(args.eval_dir, args.folds, antonyms), indent=1, sort_keys=True))
        return 0
    params, cv = train(args.eval_dir, args.folds, antonyms)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(params, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    text = json.dumps(cv, indent=1, sort_keys=True)
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
