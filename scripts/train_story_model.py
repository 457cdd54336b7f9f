#!/usr/bin/env python
"""Train transcheck/data/story_model.json: the pair model of story grouping (issue #30).

Training pairs: every pair of the 220 ECB+ dev reports (``../shared/eval/events``: 11 topics, two
look-alike events each; a pair is positive when both report the same gold ``event``) and every pair
of the five seed articles (fixtures/seeds: {000, 001} and {002, 003, 004}) with each other and with
the ECB+ reports. Seed-seed pairs weigh ``SEED_WEIGHT`` (there are 10 of them among 25,000 pairs).
Features: :func:`transcheck.stories.pair_features` on the documents' story sentences and vectors, as
a scan computes them. A logistic regression (standardised features, ``C``) is cross-validated by
topic (the seeds one more topic): each topic's pairs are scored by a model trained on the others,
the documents grouped with :func:`transcheck.stories.link`, and pairwise precision / recall, merged
topics and the seed stories printed; then the model is fitted on all pairs and written.

    .venv/bin/python scripts/train_story_model.py [--eval-dir ../shared/eval] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from transcheck.devdata import default_eval_dir, read_jsonl  # noqa: E402
from transcheck.stories import ANCHOR_GATE, FEATURES, evidence, link, pair_features  # noqa: E402

OUT = ROOT / "transcheck" / "data" / "story_model.json"
SEEDS = ROOT / "fixtures" / "seeds"
C = 0.3
SEED_WEIGHT = 20.0
THRESHOLD = 0.4
LINK_SHARE = 1.0


def documents(eval_dir: Path) -> list[dict]:
    from transcheck.config import Settings
    from transcheck.pipeline import Engine
    from transcheck.pipeline.engine import content_vectors

    ev = eval_dir / "events"
    docs = [{"name": g["file"], "event": g["event"], "topic": str(g["topic"]),
             "text": (ev / "texts" / g["file"]).read_text(encoding="utf-8")} for g in read_jsonl(ev / "gold.jsonl")]
    for p in sorted(SEEDS.glob("*.txt")):
        docs.append({"name": p.name, "event": "seed-" + ("a" if p.name[:3] in ("000", "001") else "b"),
                     "topic": "seeds", "text": p.read_text(encoding="utf-8")})
    engine = Engine(Settings())
    for d in docs:
        a = engine.analyse_text(d["text"])
        d["vectors"] = content_vectors(a)
        d["evidence"] = evidence(a.text, [(a.segments[i].start, a.segments[i].end) for i in a.content_rows])
    return docs


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> dict:
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    m = LogisticRegression(C=C, max_iter=5000).fit((x - mean) / scale, y, sample_weight=w)
    return {"features": list(FEATURES), "mean": mean.tolist(), "scale": scale.tolist(),
            "coef": m.coef_[0].tolist(), "intercept": float(m.intercept_[0])}


def prob(block: dict, x: np.ndarray) -> np.ndarray:
    z = ((x - np.array(block["mean"])) / np.array(block["scale"])) @ np.array(block["coef"]) + block["intercept"]
    return 1 / (1 + np.exp(-z))


def measure(docs: list[dict], pairs: list[tuple[int, int]], p: np.ndarray, gated: np.ndarray) -> dict:
    """Grouping figures as a scan groups: pairs below the anchor gate are not scored (count 0)."""
    edges = sorted(((float(q), a, b) for q, g, (a, b) in zip(p, gated, pairs) if not g),
                   key=lambda e: (-e[0], e[1], e[2]))
    labels = link(len(docs), edges, THRESHOLD, LINK_SHARE * THRESHOLD)
    tp = fp = fn = cross = 0
    merged: set[str] = set()
    for a, b in pairs:
        da, db = docs[a], docs[b]
        if "seeds" in (da["topic"], db["topic"]):
            continue
        same, gold = labels[a] == labels[b], da["event"] == db["event"]
        tp, fp, fn = tp + (same and gold), fp + (same and not gold), fn + (gold and not same)
        if same and not gold:
            if da["topic"] == db["topic"]:
                merged.add(da["topic"])
            else:
                cross += 1
    seeds = [i for i, d in enumerate(docs) if d["topic"] == "seeds"]
    stories = defaultdict(list)
    for i, g in enumerate(labels):
        if any(labels[s] == g for s in seeds):
            stories[g].append(docs[i]["name"][:3] if i in seeds else "ecb")
    prec, rec = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return {"precision": round(prec, 4), "recall": round(rec, 4),
            "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0,
            "merged_topics": sorted(merged), "cross_topic_pairs": cross,
            "seed_stories": sorted(stories.values())}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=default_eval_dir())
    ap.add_argument("--dry-run", action="store_true", help="cross-validate only, write nothing")
    args = ap.parse_args()
    docs = documents(args.eval_dir)
    pairs = [(a, b) for a in range(len(docs)) for b in range(a + 1, len(docs))]
    x = np.array([pair_features(docs[a]["evidence"], docs[b]["evidence"], docs[a]["vectors"], docs[b]["vectors"])
                  for a, b in pairs])
    y = np.array([docs[a]["event"] == docs[b]["event"] for a, b in pairs])
    seed_pair = np.array([docs[a]["topic"] == docs[b]["topic"] == "seeds" for a, b in pairs])
    w = np.where(seed_pair, SEED_WEIGHT, 1.0)
    topics = sorted({d["topic"] for d in docs})
    p = np.zeros(len(pairs))
    for t in topics:
        test = np.array([t in (docs[a]["topic"], docs[b]["topic"]) for a, b in pairs])
        train = ~test | seed_pair if t != "seeds" else ~test
        p[test] = prob(fit(x[train], y[train], w[train]), x[test])
    gated = x[:, FEATURES.index("cos")] < ANCHOR_GATE
    cv = measure(docs, pairs, p, gated)
    print("cross-validated by topic (seeds held out in their own fold):", json.dumps(cv))
    block = fit(x, y, w)
    fitted = measure(docs, pairs, prob(block, x), gated)
    print("fitted on all pairs:", json.dumps(fitted))
    if not args.dry_run:
        from transcheck.embed import resolve_model

        out = {"version": 1, "encoder": resolve_model(None).name, "threshold": THRESHOLD, "link_share": LINK_SHARE,
               "C": C, "seed_weight": SEED_WEIGHT,
               "trained_on": "ECB+ dev (events/gold.jsonl, 220 reports) and fixtures/seeds; all pairs",
               "crossval_by_topic": cv, "fitted": fitted, **block}
        OUT.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print("->", OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
