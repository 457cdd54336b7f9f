"""The ``seeds`` task: drift flags and stories on the five seed articles (fixtures/seeds).

The seeds are two real stories: 000 (English) with 001 (a machine translation of a Russian rewrite of
it), and 002, 003, 004 (three outlets' reports of the Trump-Putin meeting at the G20 of July 2017).
Every ``drift`` flag of a default scan was judged by hand (``../shared/eval/seeds_drift_judged.md``):
the true ones are the three quotes presented verbatim and worded differently, five flags from the two
sides of three sentence pairs, kept in ``fixtures/seeds_drift_truth.json``. The task reports

* every drift flag (document, sentence index, the two texts, reasons), how many of the five true flags
  and of the three true pairs (from either side) were found, the other flags and the precision;
* stories (issue #30): whether each same-event seed pair alone in a folder ({000, 001}, {002, 003},
  {003, 004}, {002, 004}) and {002, 003, 004} form one story, and whether, in one folder with the 220
  unrelated ECB+ reports, the stories holding seeds are exactly {000, 001} and {002, 003, 004}.

Folders are built in temporary directories from copies of the files. Nothing here runs at transcheck's
run time; ``scripts/evaluate.py --tasks seeds`` calls :func:`seeds_task`.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from transcheck.results import Report

from .events import drift_reasons, events_dir
from .metrics import ratio

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS_DIR = ROOT / "fixtures" / "seeds"
TRUTH_FILE = ROOT / "fixtures" / "seeds_drift_truth.json"
SEED_PAIRS: tuple[tuple[str, ...], ...] = (("000", "001"), ("002", "003"), ("003", "004"), ("002", "004"),
                                           ("002", "003", "004"))
SEED_STORIES: tuple[tuple[str, ...], ...] = (("000", "001"), ("002", "003", "004"))


def seeds_task(seeds_dir: Path | str = SEEDS_DIR, engine: Any = None, eval_dir: Path | str | None = None,
               truth_file: Path | str = TRUTH_FILE) -> dict[str, Any]:
    """Drift flags of the seed scan against the judged truth, and the story checks. ``eval_dir``: the
    dev data holding ``events/texts`` (the unrelated articles of the mixed folder); None: the default
    ``../shared/eval``; the mixed check is skipped when that folder is missing."""
    if engine is None:
        from transcheck.config import Settings
        from transcheck.pipeline import Engine

        engine = Engine(Settings(cache=False))
    seeds_dir = Path(seeds_dir)
    truth = json.loads(Path(truth_file).read_text(encoding="utf-8"))["true_flags"]
    report = engine.scan(str(seeds_dir))
    out: dict[str, Any] = {"documents": len(report.documents), "errors": len(report.failed)}
    out.update(score_flags(drift_flags(report), truth))
    out["stories"] = story_checks(seeds_dir, engine, report, eval_dir)
    return out


def prefix(path: str | None) -> str:
    """A seed's number: ``000`` of ``.../000_7971ceb99123fcc1.txt``."""
    return os.path.basename(path or "").split("_", 1)[0]


# ---------------------------------------------------------------------------------------------
# drift flags
def drift_flags(report: Report) -> list[dict[str, Any]]:
    """Every sentence flagged ``drift``, in document and sentence order."""
    flags = []
    for doc in sorted(report.documents, key=lambda d: os.path.basename(d.path)):
        for i, s in enumerate(doc.sentences):
            if s.status != "drift" or s.counterpart is None:
                continue
            flags.append({
                "doc": prefix(doc.path), "index": i, "text": s.text,
                "counterpart_doc": prefix(s.counterpart.path), "counterpart_text": s.counterpart.text,
                "drift_score": s.drift_score, "reasons": drift_reasons(s),
            })
    return flags


def matches(flag: dict[str, Any], truth: dict[str, Any]) -> bool:
    """Whether ``flag`` is the judged true flag ``truth`` (same documents, both substrings present)."""
    return (flag["doc"] == truth["doc"] and flag["counterpart_doc"] == truth["counterpart_doc"]
            and truth["text_contains"] in flag["text"] and truth["counterpart_contains"] in flag["counterpart_text"])


def score_flags(flags: list[dict[str, Any]], truth: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Each flag marked true or not; the true flags and pairs found, the others, the precision."""
    found_flags: set[int] = set()
    for f in flags:
        hits = [k for k, t in enumerate(truth) if matches(f, t)]
        f["true"] = bool(hits)
        found_flags.update(hits)
    pairs = {t["pair"] for t in truth}
    found_pairs = {truth[k]["pair"] for k in found_flags}
    n_true = sum(f["true"] for f in flags)
    return {
        "drift_flags": len(flags),
        "true_flags": len(truth),
        "true_flags_found": len(found_flags),
        "true_pairs": len(pairs),
        "true_pairs_found": len(found_pairs),
        "true_pairs_missed": sorted(pairs - found_pairs),
        "other_flags": len(flags) - n_true,
        "precision": ratio(n_true, len(flags)),
        "flags": flags,
    }


# ---------------------------------------------------------------------------------------------
# stories
def seed_files(seeds_dir: Path, numbers: Iterable[str]) -> list[Path]:
    wanted = set(numbers)
    return sorted(p for p in seeds_dir.glob("*.txt") if prefix(str(p)) in wanted)


def scan_copies(engine: Any, files: Sequence[Path]) -> Report:
    """Scan a temporary folder holding copies of ``files`` (names kept)."""
    with tempfile.TemporaryDirectory(prefix="transcheck-eval-") as tmp:
        for f in files:
            shutil.copyfile(f, os.path.join(tmp, f.name))
        return engine.scan(tmp)


def story_names(report: Report, name: Any = prefix) -> list[list[str]]:
    """The stories of a scan as sorted lists of names, in a stable order."""
    return sorted(sorted(name(p) for p in s) for s in report.stories)


def story_checks(seeds_dir: Path, engine: Any, seed_report: Report | None = None,
                 eval_dir: Path | str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if seed_report is not None:
        found = story_names(seed_report)
        out["all_seeds"] = {"right": found == [list(s) for s in SEED_STORIES], "stories": found}
    for group in SEED_PAIRS:
        found = story_names(scan_copies(engine, seed_files(seeds_dir, group)))
        out["+".join(group)] = {"one_story": found == [list(group)], "stories": found}
    out["with_events"] = mixed_check(seeds_dir, engine, eval_dir)
    return out


def mixed_check(seeds_dir: Path, engine: Any, eval_dir: Path | str | None) -> dict[str, Any]:
    """The five seeds and the 220 ECB+ reports in one folder: the stories that hold a seed, which
    should be exactly {000, 001} and {002, 003, 004}."""
    if eval_dir is None:
        from transcheck.devdata import default_eval_dir

        eval_dir = default_eval_dir()
    texts = events_dir(eval_dir) / "texts"
    if not texts.is_dir():
        return {"skipped": f"{texts} not found"}
    seeds = seed_files(seeds_dir, {n for s in SEED_STORIES for n in s})
    others = sorted(texts.glob("*.txt"))
    clash = {p.name for p in seeds} & {p.name for p in others}
    if clash:
        raise ValueError(f"file names in both folders: {sorted(clash)}")
    seed_names = {p.name for p in seeds}
    report = scan_copies(engine, seeds + others)

    def name(path: str) -> str:
        base = os.path.basename(path)
        return prefix(base) if base in seed_names else base

    numbers = {prefix(str(p)) for p in seeds}
    with_seeds = [s for s in story_names(report, name) if numbers & set(s)]
    seed_only = [[n for n in s if n in numbers] for s in with_seeds]
    return {
        "right": with_seeds == [list(s) for s in SEED_STORIES],
        "seeds_together": sorted(seed_only) == [list(s) for s in SEED_STORIES],
        "stories_with_seeds": with_seeds,
        "other_documents_in_seed_stories": sum(len(s) - len(o) for s, o in zip(with_seeds, seed_only)),
        "stories": len(report.stories),
        "documents": len(report.documents),
    }
