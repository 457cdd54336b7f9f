#!/usr/bin/env python
"""Train the aligner's counterpart gate and report out-of-fold figures.

    .venv/bin/python scripts/train_align.py [--eval-dir ../shared/eval] [--out transcheck/data/align_model.json]

The aligner gives every candidate sentence its best original sentence by margin. This model decides
whether that best sentence is the candidate's *counterpart* or only the nearest sentence of the same
story. Items come from ``wmt_ruen.jsonl`` (dev portion): an MT output of a document is the candidate
and the human reference the original, sentence by sentence.

- positives: each MT sentence against the whole reference document (label 1 when its best original
  is its own reference sentence, 0 when the aligner would pick a wrong one);
- split positives: an MT sentence split at its middle comma into two sentences, both halves against
  the whole reference (an outlet splitting a long sentence: the half that is not the mutual best
  match must still be kept);
- merge positives: two adjacent MT sentences joined into one, against the whole reference (its best
  original should be either of the two);
- "orphan" negatives: the same, with its own reference sentence removed (an outlet's own addition);
- "other article" negatives: each MT sentence against the reference of the nearest other document
  by mean embedding (another article on a related event).

The two negative kinds weigh half the positives each. Features are those of
:func:`transcheck.align.pair_scores`, computed exactly as at run time. Model: L2 logistic regression
(C = 1) on standardised features. Threshold: the lowest probability (0.01 grid) at which the
out-of-fold acceptance of *each* negative kind is at most ``MAX_FALSE_ACCEPT``. Folds are grouped by
document. The MT system scored by ``scripts/evaluate.py --tasks syndication`` for a document is left
out of training for that document, so the syndication figures stay out of sample for the outputs.

Deterministic: sorted items, hashed folds, lbfgs; floats rounded to 7 significant digits.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np

from transcheck.align import COUNTERPART_FEATURES, counterpart_probability, pair_scores
from transcheck.devdata import case_seed, default_eval_dir, provenance, read_jsonl, syndication_system
from transcheck.embed import resolve_model
from transcheck.learned import LinearModel

ROOT = Path(__file__).resolve().parent.parent

MODEL_VERSION = "align-lr-1"
C_REG = 1.0
FOLDS = 5
MAX_FALSE_ACCEPT = 0.05
# The hand-set rule the learned gate replaced, as a logistic (accept when score >= 0.70, or >= 0.60
# for mutual best matches); its rates are reported beside the model's for comparison.
HAND_RULE = LinearModel.from_block({"mean": [0.0] * 11, "scale": [1.0] * 11, "intercept": -35.0,
                                    "coef": [50.0, 0.0, 0.0, 0.0, 0.0, 5.0, 0.0, 0.0, 0.0, 0.0, 0.0]},
                                   COUNTERPART_FEATURES)


def _clean(texts: list[str]) -> list[str]:
    return [t.strip() for t in texts if t.strip()]


def split_sentence(text: str) -> tuple[str, str] | None:
    """Split at the comma nearest the middle, if one lies in the middle third (both halves >= 5 words)."""
    n = len(text)
    commas = [m.start() for m in re.finditer(r",\s", text) if n / 3 <= m.start() <= 2 * n / 3]
    if not commas:
        return None
    c = min(commas, key=lambda k: abs(k - n / 2))
    a, b = text[:c].rstrip() + ".", text[c + 1 :].strip()
    if len(a.split()) < 5 or len(b.split()) < 5:
        return None
    return a, b[0].upper() + b[1:]


def build(eval_dir: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Rows of counterpart features, labels, negative kinds and document ids."""
    from transcheck.embed import get_encoder

    enc = get_encoder(None)
    docs = sorted(read_jsonl(eval_dir / "wmt_ruen.jsonl"), key=lambda d: d["doc_id"])
    refs = {d["doc_id"]: _clean(d["ref"]) for d in docs}
    dim = enc.encode(["dimension"]).shape[1]
    means = np.stack([enc.encode(refs[d["doc_id"]]).mean(axis=0) if refs[d["doc_id"]] else np.zeros(dim, np.float32)
                      for d in docs])
    means /= np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-9)
    near = means @ means.T
    np.fill_diagonal(near, -2.0)
    X, y, kind, group = [], [], [], []

    def add(feats: np.ndarray, labels: np.ndarray, k: str, doc_id: str) -> None:
        X.append(feats)
        y.extend(int(v) for v in labels)
        kind.extend([k] * len(labels))
        group.extend([doc_id] * len(labels))

    for n, d in enumerate(docs):
        systems = sorted(d["mt"])
        held_out = syndication_system(d)
        other = docs[int(near[n].argmax())]
        other_texts = refs[other["doc_id"]]
        other_vecs = enc.encode(other_texts) if other_texts else None
        for system in systems:
            if system == held_out:
                continue
            keep = [i for i, (r, m) in enumerate(zip(d["ref"], d["mt"][system])) if r.strip() and m.strip()]
            if len(keep) < 4:
                continue
            cand = [d["mt"][system][i].strip() for i in keep]
            orig = [d["ref"][i].strip() for i in keep]
            cv, ov = enc.encode(cand), enc.encode(orig)
            s = pair_scores(cv, ov, None, cand, orig)
            add(s.features, s.best == np.arange(len(keep)), "true", d["doc_id"])
            for i in range(len(keep)):
                rest = [j for j in range(len(keep)) if j != i]
                # all candidates stay (the mutual test is among them); only the original lacks i
                full = pair_scores(cv, ov[rest], None, cand, [orig[j] for j in rest])
                add(full.features[i : i + 1], np.zeros(1), "orphan", d["doc_id"])
            for i, text in enumerate(cand):
                halves = split_sentence(text)
                if halves is None:
                    continue
                # an outlet split sentence i in two: both halves should find original i
                split = cand[:i] + list(halves) + cand[i + 1 :]
                sv = np.concatenate([cv[:i], enc.encode(list(halves)), cv[i + 1 :]])
                f = pair_scores(sv, ov, None, split, orig)
                add(f.features[i : i + 2], f.best[i : i + 2] == i, "split", d["doc_id"])
            for i in range(0, len(cand) - 1, 2):
                # an outlet merged sentences i and i+1: the merged sentence should find one of them
                joined = f"{cand[i].rstrip('.')}, and {cand[i + 1][:1].lower()}{cand[i + 1][1:]}"
                merged = cand[:i] + [joined] + cand[i + 2 :]
                mv = np.concatenate([cv[:i], enc.encode([joined]), cv[i + 2 :]])
                f = pair_scores(mv, ov, None, merged, orig)
                add(f.features[i : i + 1], np.isin(f.best[i : i + 1], (i, i + 1)), "merge", d["doc_id"])
            if other_vecs is not None:
                f = pair_scores(cv, other_vecs, None, cand, other_texts)
                add(f.features, np.zeros(len(keep)), "other_article", d["doc_id"])
    return np.vstack(X), np.asarray(y), np.asarray(kind), np.asarray(group)


def weights(y: np.ndarray, kind: np.ndarray) -> np.ndarray:
    pos = float(np.isin(kind, ("true", "split", "merge")).sum())
    w = np.ones(len(y))
    for k in ("orphan", "other_article"):
        m = kind == k
        w[m] = 0.5 * pos / max(1, m.sum())
    return w


def fit(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> dict:
    from sklearn.linear_model import LogisticRegression

    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-9] = 1.0
    clf = LogisticRegression(C=C_REG, max_iter=10000, tol=1e-10)
    clf.fit((X - mean) / scale, y, sample_weight=w)
    return {"mean": mean.tolist(), "scale": scale.tolist(), "coef": clf.coef_[0].tolist(), "intercept": float(clf.intercept_[0])}


def _sig(x: float) -> float:
    return float(f"{x:.7g}")


def rates(p: np.ndarray, y: np.ndarray, kind: np.ndarray, thr: float) -> dict:
    acc = p >= thr
    return {
        "true_pairs_kept": float(acc[(kind == "true") & (y == 1)].mean()),
        "split_halves_kept": float(acc[(kind == "split") & (y == 1)].mean()),
        "merges_kept": float(acc[(kind == "merge") & (y == 1)].mean()),
        "orphan_accepted": float(acc[kind == "orphan"].mean()),
        "other_article_accepted": float(acc[kind == "other_article"].mean()),
    }


def choose_threshold(p: np.ndarray, y: np.ndarray, kind: np.ndarray) -> float:
    for t in np.round(np.arange(0.01, 1.0, 0.01), 2):
        r = rates(p, y, kind, float(t))
        if r["orphan_accepted"] <= MAX_FALSE_ACCEPT and r["other_article_accepted"] <= MAX_FALSE_ACCEPT:
            return float(t)
    return 0.99


def crossval(X, y, kind, group) -> tuple[np.ndarray, float]:
    fold = np.array([case_seed({"doc_id": g}) % FOLDS for g in group])
    oof = np.zeros(len(y))
    for f in range(FOLDS):
        tr, te = fold != f, fold == f
        params = fit(X[tr], y[tr], weights(y[tr], kind[tr]))
        oof[te] = counterpart_probability(X[te], LinearModel.from_block(params, COUNTERPART_FEATURES))
    return oof, choose_threshold(oof, y, kind)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=default_eval_dir())
    ap.add_argument("--out", type=Path, default=ROOT / "transcheck" / "data" / "align_model.json")
    ap.add_argument("--crossval-only", action="store_true")
    args = ap.parse_args(argv)

    from sklearn.metrics import roc_auc_score

    X, y, kind, group = build(args.eval_dir)
    oof, thr = crossval(X, y, kind, group)
    hand = counterpart_probability(X, HAND_RULE)
    report = {
        "rows": {k: int((kind == k).sum()) for k in ("true", "split", "merge", "orphan", "other_article")},
        "oof_auc": round(float(roc_auc_score(y, oof)), 4),
        "threshold": thr,
        "oof_at_threshold": {k: round(v, 4) for k, v in rates(oof, y, kind, thr).items()},
        "hand_rule_before": {k: round(v, 4) for k, v in rates(hand, y, kind, 0.5).items()},
    }
    print(json.dumps(report, indent=2))
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        print(t, {k: round(v, 3) for k, v in rates(oof, y, kind, t).items()}, file=sys.stderr)
    if args.crossval_only:
        return 0
    params = fit(X, y, weights(y, kind))
    out = {
        "version": MODEL_VERSION,
        "features": list(COUNTERPART_FEATURES),
        "mean": [_sig(v) for v in params["mean"]],
        "scale": [_sig(v) for v in params["scale"]],
        "coef": [_sig(v) for v in params["coef"]],
        "intercept": _sig(params["intercept"]),
        "threshold": thr,
        **provenance([args.eval_dir / "wmt_ruen.jsonl"], resolve_model(None).name),
        "training": {"data": "wmt_ruen.jsonl (dev)", "C": C_REG, "folds": FOLDS, "max_false_accept": MAX_FALSE_ACCEPT, **report},
    }
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
