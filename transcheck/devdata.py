"""The dev data the training and evaluation scripts read (``../shared/eval`` beside a checkout).

One loader for every script: JSON Lines records, the group keys that keep related records in one
cross-validation fold, and the provenance each trained model records (encoder, library versions,
checksums of the files it was trained on). Nothing here runs at transcheck's run time.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

LIBRARIES = ("numpy", "scikit-learn", "sentence-transformers", "onnxruntime", "torch", "spacy", "sacrebleu")


def default_eval_dir() -> Path:
    """``TRANSCHECK_EVAL_DIR``, else ``shared/eval`` beside the repository."""
    env = os.environ.get("TRANSCHECK_EVAL_DIR")
    return Path(env) if env else Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every record of a JSON Lines file, in file order (blank lines skipped)."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def group_seed(key: str) -> int:
    """A stable integer for a group key (a document id): folds and choices that never change."""
    return int(hashlib.sha1(key.encode()).hexdigest()[:8], 16)


def case_seed(doc: dict[str, Any]) -> int:
    return group_seed(doc["doc_id"])


def syndication_system(doc: dict[str, Any]) -> str:
    """The MT system whose output is a WMT document's copy in the syndication test (the align
    trainer leaves it out of training)."""
    systems = sorted(doc["mt"])
    return systems[case_seed(doc) % len(systems)]


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _version(pkg: str) -> str:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return "not installed"


def provenance(files: Iterable[Path], encoder: str) -> dict[str, Any]:
    """What a trained model records about its making: the sentence encoder its features came from,
    the versions of the libraries that computed them, and the SHA-256 of each training file."""
    return {
        "encoder": encoder,
        "libraries": {pkg: _version(pkg) for pkg in LIBRARIES},
        "data": {Path(f).name: sha256(Path(f)) for f in sorted(files, key=lambda p: Path(p).name)},
    }


def story_versions(eval_dir: Path) -> list[list[list[str]]]:
    """Stories as lists of versions; a version is a list of sentences. Each WMT or MQM document is a
    story (its human and machine translations the versions), and so is each block of 8 DEMETR items
    or MRPC pairs."""
    out: list[list[list[str]]] = []
    for d in sorted(read_jsonl(eval_dir / "wmt_ruen.jsonl"), key=lambda d: d["doc_id"]):
        versions = [d["ref"]] + [v for _, v in sorted(d.get("refs", {}).items()) if v != d["ref"]]
        versions += [d["mt"][s] for s in sorted(d["mt"])]
        out.append(versions)
    mqm: dict[str, dict[str, list[tuple[int, str]]]] = {}
    refs: dict[str, dict[int, str]] = {}
    for r in read_jsonl(eval_dir / "mqm_zhen.jsonl"):
        mqm.setdefault(r["doc"], {}).setdefault(r["system"], []).append((r["seg_id"], r["mt"]))
        refs.setdefault(r["doc"], {})[r["seg_id"]] = r["ref"]
    for doc in sorted(mqm):
        versions = [[refs[doc][k] for k in sorted(refs[doc])]]
        versions += [[t for _, t in sorted(mqm[doc][s])] for s in sorted(mqm[doc])]
        out.append(versions)
    seen, items = set(), []
    for r in read_jsonl(eval_dir / "demetr.jsonl"):
        if r["item_id"] not in seen:
            seen.add(r["item_id"])
            items.append(r)
    items.sort(key=lambda r: r["item_id"])
    for i in range(0, len(items), 8):
        block = items[i : i + 8]
        out.append([[r["ref"] for r in block], [r["mt"] for r in block]])
    pairs = read_jsonl(eval_dir / "pairs.jsonl")
    for i in range(0, len(pairs), 8):
        block = pairs[i : i + 8]
        out.append([[r["a"] for r in block], [r["b"] for r in block]])
    return out


def _render(sentences: list[str], rng: random.Random) -> str:
    paras, i = [], 0
    while i < len(sentences):
        k = rng.randint(1, 3)
        paras.append(" ".join(s.strip() for s in sentences[i : i + k] if s.strip()))
        i += k
    return "\n\n".join(p for p in paras if p) + "\n"


def story_documents(pool: list[list[list[str]]], n_docs: int, rng: random.Random) -> list[tuple[str, int]]:
    """(text, story index) for every version of every story, then syndicated copies (shuffled,
    ~20% of sentences dropped) until there are at least ``n_docs``."""
    docs: list[tuple[str, int]] = []
    for si, versions in enumerate(pool):
        for v in versions:
            docs.append((_render(v, rng), si))
    copy = 0
    while len(docs) < n_docs:
        versions = pool[copy % len(pool)]
        v = list(versions[(copy // len(pool)) % len(versions)])
        rng.shuffle(v)
        keep = [s for s in v if rng.random() > 0.2] or v[:1]
        docs.append((_render(keep, rng), copy % len(pool)))
        copy += 1
    return docs


def write_story_folder(folder: Path, n_docs: int, eval_dir: Path) -> None:
    """``n_docs`` documents of :func:`story_documents` as text files, in shuffled order, 500 a folder."""
    rng = random.Random(n_docs)
    docs = [text for text, _ in story_documents(story_versions(eval_dir), n_docs, rng)]
    order = list(range(len(docs)))
    rng.shuffle(order)
    if folder.exists():
        shutil.rmtree(folder)
    for k, idx in enumerate(order[:n_docs]):
        sub = folder / f"{k // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"doc{k:05d}.txt").write_text(docs[idx], encoding="utf-8")
