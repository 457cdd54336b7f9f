#!/usr/bin/env python
"""Measure transcheck on the dev data in ../shared/eval/ and print one table per task.

    .venv/bin/python scripts/evaluate.py                      # every task
    .venv/bin/python scripts/evaluate.py --tasks syndication  # one task
    .venv/bin/python scripts/evaluate.py --json results.json  # also write the figures as JSON

Tasks:
- mt: machine-translation detection on wmt_ruen.jsonl and mt_general/ (Russian, Ukrainian, Japanese
  →English human references and MT, native English), cross-validated by source document and leaving
  one source language out (``train_mt_detector.crossval``: no document is both trained on and
  scored): AUC per language, flagged shares of native English, human translations and MT at the
  nested threshold; then the shipped model on the ECB+ English reports (events/texts, each read with
  the other reports of its event as story context): how many are flagged or uncertain;
- drift: DEMETR per category, MRPC and MQM, cross-validated by group (``train_drift.crossval``),
  with sacrebleu chrF, BLEU and plain embedding cosine scored as peers on the same items;
- syndication: copies built from wmt_ruen.jsonl (human reference = English original, an MT output
  = the copy; paragraphs reordered, sentences dropped, an unrelated sentence inserted, meaning
  changed in a few sentences), run through the public API ``transcheck.check`` with the shipped
  models (they are not trained on this task's documents);
- stories: story grouping over the benchmark's documents (scripts/bench.py: every version of every
  WMT / MQM document, DEMETR and MRPC blocks, and syndicated copies), pairwise precision and recall
  against the stories they were built from, across a grid of thresholds and at the shipped one;
- events: the 220 ECB+ reports of 22 real events (events/README.md) scanned as one folder: drift
  flags per 100 checked and aligned sentences, labelled aligned pairs (same event instance or not),
  alignment recall, story grouping against the gold events (``transcheck.evaluation.events``);
- seeds: the five seed articles' drift flags against the hand-judged truth
  (fixtures/seeds_drift_truth.json), and whether same-event seeds form one story, alone and among the
  ECB+ reports (``transcheck.evaluation.seeds``).
Not in the default run (they scan folders without a cache, minutes each): ``--tasks events,seeds``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # this checkout's transcheck, not whichever one is installed
    sys.path.insert(0, str(ROOT))

from transcheck.devdata import case_seed, default_eval_dir, read_jsonl, syndication_system  # noqa: E402
from transcheck.evaluation.metrics import ratio, roc_auc  # noqa: E402
from transcheck.evaluation.table import print_table  # noqa: E402

HERE = Path(__file__).resolve().parent


# ---------------------------------------------------------------------------------------------
# syndication test
MONTHS = "January February March April May June July August September October November December".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
ANTONYMS = {
    "increase": "decrease", "increased": "decreased", "rise": "fall", "rose": "fell", "more": "less",
    "higher": "lower", "high": "low", "large": "small", "big": "small", "good": "bad", "best": "worst",
    "positive": "negative", "open": "closed", "first": "last", "new": "old", "early": "late",
    "win": "lose", "won": "lost", "strong": "weak", "many": "few", "long": "short", "easy": "difficult",
    "always": "never", "allowed": "banned", "accepted": "rejected", "agreed": "refused", "cheap": "expensive",
}
ANTONYMS.update({v: k for k, v in list(ANTONYMS.items())})
AUXILIARIES = ("is", "are", "was", "were", "will", "can", "could", "would", "should", "has", "have", "had", "must")


def _change_number(s: str, rng: random.Random) -> str | None:
    nums = list(re.finditer(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])", s))
    if not nums:
        return None
    m = rng.choice(nums)
    digits = m.group()
    try:
        value = float(digits.replace(",", ""))
    except ValueError:
        return None
    new = str(int(value) + rng.choice((2, 3, 7, 10))) if value.is_integer() else f"{value * 2:g}"
    return s[: m.start()] + new + s[m.end() :]


def _change_calendar(s: str, rng: random.Random) -> str | None:
    for names in (WEEKDAYS, MONTHS):
        for name in names:
            m = re.search(rf"\b{name}\b", s)
            if m:
                other = names[(names.index(name) + rng.randint(1, len(names) - 1)) % len(names)]
                return s[: m.start()] + other + s[m.end() :]
    return None


def _negate(s: str, rng: random.Random) -> str | None:
    m = re.search(r"\b(not|never)\s+", s)
    if m:
        return s[: m.start()] + s[m.end() :]
    m = re.search(r"\b(\w+)n't\b", s)
    if m:
        return s[: m.start()] + m.group(1) + s[m.end() :]
    m = re.search(rf"\b({'|'.join(AUXILIARIES)})\s+(?!not\b)", s)
    if m:
        return s[: m.end(1)] + " not" + s[m.end(1) :]
    return None


def _antonym(s: str, rng: random.Random) -> str | None:
    for m in re.finditer(r"\b[a-z]+\b", s):
        if m.group() in ANTONYMS:
            return s[: m.start()] + ANTONYMS[m.group()] + s[m.end() :]
    return None


def _swap_name(s: str, rng: random.Random, names: list[str]) -> str | None:
    cands = [m for m in re.finditer(r"(?<=\s)[A-Z][a-z]{2,}\b", s)]
    if not cands:
        return None
    m = rng.choice(cands)
    other = rng.choice([n for n in names if n != m.group()] or ["Smith"])
    return s[: m.start()] + other + s[m.end() :]


PERTURBATIONS = ("number", "calendar", "negation", "antonym", "name")


@dataclass
class SyndicationCase:
    doc_id: str
    original: str
    copy: str
    # for each copy paragraph-sentence: (start, end) in copy, gold (start, end) in original or None, kind
    units: list[tuple[int, int, tuple[int, int] | None, str]] = field(default_factory=list)


def build_case(doc: dict, system: str, filler: str, names: list[str], seed: int) -> SyndicationCase | None:
    rng = random.Random(seed)
    refs, mts = doc["ref"], doc["mt"][system]
    keep = [i for i, (r, m) in enumerate(zip(refs, mts)) if r.strip() and m.strip()]
    if len(keep) < 4:
        return None
    # one "orphan": a sentence the copy has but the original lacks (an outlet's own addition on the
    # same topic). Chosen by its own generator so the other choices keep their random sequence.
    orphan = random.Random(seed ^ 0x0A7F).choice(keep[1:])
    # original: reference segments, paragraphs of 1-3 segments; remember each segment's span
    blocks, i = [], 0
    while i < len(keep):
        size = rng.randint(1, 3)
        blocks.append(keep[i : i + size])
        i += size
    original, spans = "", {}
    for b in blocks:
        for idx in b:
            if idx == orphan:
                continue
            if original and not original.endswith("\n\n"):
                original += " "
            spans[idx] = (len(original), len(original) + len(refs[idx].strip()))
            original += refs[idx].strip()
        original += "\n\n"
    # copy: the MT output, paragraphs shuffled, ~15% of sentences dropped, a few meanings changed,
    # one unrelated sentence inserted
    order = list(range(len(blocks)))
    rng.shuffle(order)
    droppable = [idx for idx in keep if rng.random() < 0.15]
    dropped = set(droppable[: max(0, len(keep) - 3)]) - {orphan}
    changeable = [idx for idx in keep if idx not in dropped and idx != orphan]
    rng.shuffle(changeable)
    n_change = max(1, round(len(changeable) * 0.2))
    changed: dict[int, tuple[str, str]] = {}
    for idx in changeable:
        if len(changed) >= n_change:
            break
        kinds = list(PERTURBATIONS)
        rng.shuffle(kinds)
        for kind in kinds:
            fn = {"number": _change_number, "calendar": _change_calendar, "negation": _negate, "antonym": _antonym}.get(kind)
            new = fn(mts[idx].strip(), rng) if fn else _swap_name(mts[idx].strip(), rng, names)
            if new and new != mts[idx].strip():
                changed[idx] = (new, kind)
                break
    insert_at = rng.randrange(len(order) + 1)
    case = SyndicationCase(doc["doc_id"], original, "")
    copy = ""
    for pos, bi in enumerate(order + [None]):
        if pos == insert_at:
            case.units.append((len(copy), len(copy) + len(filler), None, "inserted"))
            copy += filler + "\n\n"
        if bi is None:
            continue
        first = True
        for idx in blocks[bi]:
            if idx in dropped:
                continue
            text, kind = changed.get(idx, (mts[idx].strip(), "unchanged"))
            if idx == orphan:
                kind = "orphan"
            if not first:
                copy += " "
            first = False
            case.units.append((len(copy), len(copy) + len(text), spans.get(idx), kind))
            copy += text
        copy += "\n\n"
    case.copy = copy
    return case


def second_reference(doc: dict) -> list[str] | None:
    """The human translation of ``doc`` that is not its ``ref`` (WMT 2021 has two), or None."""
    for other in (doc.get("refs") or {}).values():
        if other != doc["ref"] and len(other) == len(doc["ref"]):
            return other
    return None


def syndication(eval_dir: Path, limit: int | None = None) -> dict:
    """The copy is an MT output. Its "unchanged" sentences still carry the MT system's own errors,
    so the same build is also made with the second human translation as the copy, where WMT has one
    (``human_copy``): there an unchanged sentence is a faithful rewording."""
    docs = sorted(read_jsonl(eval_dir / "wmt_ruen.jsonl"), key=lambda d: d["doc_id"])
    names = sorted({w for d in docs for s in d["ref"] for w in re.findall(r"(?<=\s)[A-Z][a-z]{3,}\b", s)})
    cases, human = [], []
    for n, doc in enumerate(docs):
        seed, system = case_seed(doc), syndication_system(doc)
        other = docs[(n + len(docs) // 2) % len(docs)]  # an unrelated document's sentence
        filler = max(other["ref"], key=len).strip()
        case = build_case(doc, system, filler, names, seed)
        if case:
            cases.append(case)
        second = second_reference(doc)
        if second is not None:
            case = build_case({**doc, "mt": {"human": second}}, "human", filler, names, seed)
            if case:
                human.append(case)
    if limit:
        cases, human = cases[:limit], human[:limit]
    result = _measure_syndication(cases)
    h = _measure_syndication(human)
    result["human_copy"] = {k: h[k] for k in ("documents", "alignment_accuracy", "drift_recall", "changed",
                                              "unchanged_flag_rate", "unchanged", "by_threshold")}
    return result


def _measure_syndication(cases: list[SyndicationCase]) -> dict:
    from sacrebleu.metrics import CHRF

    import transcheck

    chrf = CHRF()
    aligned = total_aligned = 0
    inserted_unmatched = inserted = 0
    orphan_unmatched = orphan_flagged = orphans = 0
    changed_flagged = changed = 0
    unchanged_flagged = unchanged = 0
    by_kind: dict[str, list[int]] = {}
    labels, drift_scores, chrf_scores, cos_scores = [], [], [], []
    unchanged_with_change = 0
    sweep: list[tuple[bool, float | None]] = []  # (changed?, drift score) of each aligned copy sentence
    for case in cases:
        report = transcheck.check(case.copy, [case.original])
        changed_units = [(a, b) for a, b, _, k in case.units if k not in ("unchanged", "inserted", "orphan")]
        for start, end, gold, kind in case.units:
            # copy sentences (by the tool's own segmentation) that fall inside this unit
            sents = [s for s in report.sentences if s.start < end and s.end > start and s.text.strip()]
            for s in sents:
                if kind == "unchanged" and any(s.start < b and s.end > a for a, b in changed_units):
                    # the tool's sentence also holds a changed unit (a headline without a full stop
                    # runs into the next sentence): it is scored as changed, not counted again here
                    unchanged_with_change += 1
                    continue
                if kind == "inserted":
                    inserted += 1
                    inserted_unmatched += s.status == "unmatched"
                    continue
                if kind == "orphan":
                    orphans += 1
                    orphan_unmatched += s.status == "unmatched"
                    orphan_flagged += s.status == "drift"
                    continue
                total_aligned += 1
                cp = s.counterpart
                ok = cp is not None and cp.start < gold[1] and cp.end > gold[0]
                aligned += ok
                flagged = s.status == "drift"
                sweep.append((kind != "unchanged", s.drift_score if s.status != "unmatched" else None))
                if kind == "unchanged":
                    unchanged += 1
                    unchanged_flagged += flagged
                else:
                    changed += 1
                    changed_flagged += flagged
                    by_kind.setdefault(kind, [0, 0])
                    by_kind[kind][0] += flagged
                    by_kind[kind][1] += 1
                if cp is not None and ok:
                    labels.append(int(kind != "unchanged"))
                    drift_scores.append(s.drift_score if s.drift_score is not None else 0.0)
                    chrf_scores.append(-chrf.sentence_score(s.text, [cp.text]).score)
                    cos_scores.append(-cp.similarity)
    return {
        "documents": len(cases),
        "alignment_accuracy": ratio(aligned, total_aligned),
        "aligned_sentences": total_aligned,
        "inserted_unmatched": ratio(inserted_unmatched, inserted),
        "inserted": inserted,
        "orphan_unmatched": ratio(orphan_unmatched, orphans),
        "orphan_flagged": ratio(orphan_flagged, orphans),
        "orphans": orphans,
        "drift_recall": ratio(changed_flagged, changed),
        "changed": changed,
        "drift_recall_by_kind": {k: ratio(*v) for k, v in sorted(by_kind.items())},
        "unchanged_flag_rate": ratio(unchanged_flagged, unchanged),
        "unchanged": unchanged,
        "unchanged_units_in_a_changed_sentence": unchanged_with_change,
        "by_threshold": _sweep(sweep),
        "auc_changed_vs_unchanged": {
            "transcheck": roc_auc(labels, drift_scores),
            "chrF": roc_auc(labels, chrf_scores),
            "cosine": roc_auc(labels, cos_scores),
        },
    }


def _sweep(rows: list[tuple[bool, float | None]]) -> dict:
    """Drift recall and unchanged flag rate had the drift threshold been ``t``, for ``t`` from 0.70 up
    to the shipped rule floor. Exact there: a pair that a rule floor lifts scores at least the
    floor, so it is flagged at every such ``t``, as it would be under that ``t``'s own floor."""
    import numpy as np

    from transcheck.drift import drift_settings

    settings = drift_settings()
    floor = float(settings["quote_floor"] or settings["threshold"])
    out = {}
    for t in np.round(np.arange(0.70, floor + 1e-9, 0.01), 2):
        flag = [(changed, score is not None and score >= t) for changed, score in rows]
        out[f"{t:.2f}"] = {
            "drift_recall": ratio(sum(f for c, f in flag if c), sum(1 for c, _ in flag if c)),
            "unchanged_flag_rate": ratio(sum(f for c, f in flag if not c), sum(1 for c, _ in flag if not c)),
        }
    return out


# ---------------------------------------------------------------------------------------------
# story grouping
def stories_task(eval_dir: Path, n_docs: int = 1500) -> dict:
    import transcheck.stories as st
    from transcheck.config import Settings
    from transcheck.devdata import story_documents, story_versions
    from transcheck.pipeline import Engine
    from transcheck.pipeline.engine import content_vectors

    built = story_documents(story_versions(eval_dir), n_docs, random.Random(0))
    texts, gold = [t for t, _ in built], [g for _, g in built]
    engine = Engine(Settings())
    analyses = [engine.analyse_text(t) for t in texts]
    vectors = [content_vectors(a) for a in analyses]
    index = st.StoryIndex()
    for i, a in enumerate(analyses):
        index.add(str(i), a.text, [(a.segments[k].start, a.segments[k].end) for k in a.content_rows])

    def pairs(labels) -> set:
        by: dict = {}
        for i, lab in enumerate(labels):
            by.setdefault(lab, []).append(i)
        return {(a, b) for m in by.values() for x, a in enumerate(m) for b in m[x + 1 :]}

    gold_pairs = pairs(gold)
    edges = index.scores(lambda i: vectors[i])  # the pair probabilities do not depend on the threshold

    def measure(threshold: float) -> dict:
        groups = st.link(len(texts), edges, threshold, st.link_share() * threshold)
        got = pairs(groups)
        tp = len(got & gold_pairs)
        p, r = ratio(tp, len(got)), ratio(tp, len(gold_pairs))
        sizes: dict = {}
        for g in groups:
            sizes[g] = sizes.get(g, 0) + 1
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                "stories": len(sizes), "largest": max(sizes.values())}

    grid = {f"{t:.2f}": measure(t) for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)}
    return {"documents": len(texts), "gold_stories": len(set(gold)), "candidate_pairs": len(index.candidate_pairs()),
            "scored_pairs": len(edges),
            "link_share": st.link_share(), "shipped_threshold": st.default_threshold(),
            "shipped": measure(st.default_threshold()), "by_threshold": grid}


_ENGINE = None


def _engine():
    """One uncached engine for the events and seeds tasks (the model loads once)."""
    global _ENGINE
    if _ENGINE is None:
        from transcheck.config import Settings
        from transcheck.pipeline import Engine

        _ENGINE = Engine(Settings(cache=False))
    return _ENGINE


def _crossval(script: str, eval_dir: Path, folds: int) -> dict:
    """The out-of-fold figures of a training script (``--crossval-only``: it writes no model), run
    as its own process: the evaluation measures exactly what the trainer reports."""
    import subprocess

    cmd = [sys.executable, str(HERE / script), "--crossval-only", "--eval-dir", str(eval_dir), "--folds", str(folds)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out[out.index("{"):])


def ecb_mt(eval_dir: Path) -> dict:
    """The shipped MT detector on the ECB+ English news reports: every one is native English, so each
    flag is a false accusation. Each report is read with the other reports of its gold event as story
    context (the casing rule's evidence), as a scan that groups them would."""
    import numpy as np

    from transcheck.devdata import read_jsonl
    from transcheck.mt import detect_mt_document, detector_settings, uncertain_threshold
    from transcheck.text.language import detect_language
    from transcheck.text.segment import segment

    gold = {g["file"]: g["event"] for g in read_jsonl(eval_dir / "events" / "gold.jsonl")}
    texts = {f: (eval_dir / "events" / "texts" / f).read_text(encoding="utf-8") for f in sorted(gold)}
    scores, flagged, reasons = [], [], {}
    for f, text in texts.items():
        segs = segment(text)
        langs = [detect_language(s.text) for s in segs]
        story = [t for g, t in texts.items() if g != f and gold[g] == gold[f]]
        r = detect_mt_document(text, segs, langs, np.zeros((len(segs), 384), dtype=np.float32), story_texts=story)
        scores.append(r.score)
        if r.machine_translated:
            flagged.append(f)
        for x in r.reasons:
            if x.code != "translationese":
                reasons[x.code] = reasons.get(x.code, 0) + 1
    arr = np.array(scores)
    return {"reports": len(texts), "flagged": len(flagged), "flagged_files": flagged,
            "uncertain": int(np.sum((arr >= uncertain_threshold()) & (arr < detector_settings()["threshold"]))),
            "max_score": round(float(arr.max()), 4), "rule_reasons": reasons}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=default_eval_dir())
    ap.add_argument("--tasks", default="mt,drift,syndication,stories",
                    help="comma-separated: mt, drift, syndication, stories, events, seeds")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--limit", type=int, default=None, help="syndication: first N documents only")
    ap.add_argument("--json", type=Path, default=None, help="also write all figures here")
    args = ap.parse_args(argv)
    tasks = [t.strip() for t in args.tasks.split(",") if t.strip()]
    results: dict = {}
    for task in tasks:
        t0 = time.perf_counter()
        if task == "mt":
            results["mt"] = _crossval("train_mt_detector.py", args.eval_dir, args.folds)
            results["mt"]["ecb_plus"] = ecb_mt(args.eval_dir)
        elif task == "drift":
            results["drift"] = _crossval("train_drift.py", args.eval_dir, args.folds)
        elif task == "syndication":
            results["syndication"] = syndication(args.eval_dir, args.limit)
        elif task == "stories":
            results["stories"] = stories_task(args.eval_dir)
        elif task == "events":
            from transcheck.evaluation.events import events_task

            results["events"] = events_task(args.eval_dir, engine=_engine())
        elif task == "seeds":
            from transcheck.evaluation.seeds import SEEDS_DIR, seeds_task

            results["seeds"] = seeds_task(SEEDS_DIR, engine=_engine(), eval_dir=args.eval_dir)
        else:
            ap.error(f"unknown task {task!r}")
        results[task]["seconds"] = round(time.perf_counter() - t0, 1)
        print_table(task, results[task])
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True, default=float) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
