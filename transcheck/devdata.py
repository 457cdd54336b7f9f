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
import re
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


# ---------------------------------------------------------------------------------------------
# a large news folder for the scale benchmark (scripts/bench.py --corpus news)
_CAPITALISED = re.compile(r"\b(?:[A-Z][a-z]{2,}|[A-Z]{2,6})\b")  # a name or an acronym
REPEAT_MIN_NAMES = 8  # a story is repeated as new events only if it has this many names to replace
_INTEGER = re.compile(r"\b\d{1,4}\b")


def _sentences_text(sentences: list[str]) -> str:
    return " ".join(s.strip() for s in sentences if s.strip())


def news_stories(eval_dir: Path) -> list[list[list[str]]]:
    """Real stories as lists of versions (each a list of sentences), from every source of real
    English news text in the dev data:

    - each WMT Russian, Ukrainian and Japanese document: its human translations and its machine
      translations (every system);
    - each WMT23 Chinese document of the MQM data: its human translation and three systems' output;
    - each ECB+ event: its independent reports (read from ``events/texts``, one sentence a line);
    - each native English WMT source document, alone.
    """
    out: list[list[list[str]]] = []
    wmt = read_jsonl(eval_dir / "wmt_ruen.jsonl") + read_jsonl(eval_dir / "mt_general" / "wmt_xen.jsonl")
    for d in sorted(wmt, key=lambda d: d["doc_id"]):
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
        versions += [[t for _, t in sorted(mqm[doc][s])] for s in sorted(mqm[doc])[:3]]
        out.append(versions)
    events: dict[str, list[list[str]]] = {}
    for g in sorted(read_jsonl(eval_dir / "events" / "gold.jsonl"), key=lambda g: g["file"]):
        text = (eval_dir / "events" / "texts" / g["file"]).read_text(encoding="utf-8")
        events.setdefault(g["event"], []).append([line for line in text.splitlines() if line.strip()])
    out.extend(events[e] for e in sorted(events))
    for d in sorted(read_jsonl(eval_dir / "mt_general" / "native_en.jsonl"), key=lambda d: d["doc_id"]):
        out.append([d["segments"]])
    return [[v for v in versions if _sentences_text(v)] for versions in out]


def _name_pool(stories: list[list[list[str]]]) -> list[str]:
    """Proper names of the dev data: capitalised words that never occur in lower case (not acronyms)."""
    caps: set[str] = set()
    lower: set[str] = set()
    for versions in stories:
        for v in versions:
            for s in v:
                caps.update(_CAPITALISED.findall(s))
                lower.update(w for w in re.findall(r"\b[a-z]{3,}\b", s))
    return sorted(w for w in caps if w.lower() not in lower and not w.isupper())


def _acronyms(stories: list[list[list[str]]]) -> set[str]:
    return {w for versions in stories for v in versions for s in v for w in _CAPITALISED.findall(s) if w.isupper()}


def _new_name(word: str, key: str, names: list[str]) -> str:
    """Another name for ``word`` in the repetition ``key``: the front of one name of the data and the
    back of another ("Metsola", "Hamburg" -> "Metburg"), so that each repetition's names are its own;
    an acronym becomes other capitals."""
    h = group_seed(f"{key}:{word}")
    if word.isupper():
        return "".join(chr(65 + (h >> (5 * k)) % 26) for k in range(len(word)))
    a, b = names[h % len(names)], names[(h >> 16) % len(names)]
    return a[: (len(a) + 1) // 2] + b[len(b) // 2:].lower()


def _edited(sentences: list[str], names: dict[str, str], shift: int) -> list[str]:
    """Every proper name in ``names`` replaced, every number up to four digits moved by ``shift``."""
    def number(m: re.Match[str]) -> str:
        n = int(m.group(0))
        if 1900 <= n <= 2099:
            return str(1950 + (n - 1950 + shift) % 80)
        return str(n + shift)

    def name(m: re.Match[str]) -> str:
        return names.get(m.group(0), m.group(0))

    return [_INTEGER.sub(number, _CAPITALISED.sub(name, s)) if shift else s for s in sentences]


def news_documents(stories: list[list[list[str]]], n_docs: int, rng: random.Random) -> list[tuple[str, int]]:
    """(text, story number) of ``n_docs`` documents: every version of every story, and for each
    story one syndicated copy of one version (paragraphs shuffled, ~20% of sentences dropped). Past
    the first round the stories that have at least ``REPEAT_MIN_NAMES`` names are repeated as new
    events: each repetition gives every proper name and acronym a new name of its own (the same in
    all its versions, :func:`_new_name`) and moves every number, so it shares the sentence shapes of
    its source but not its names, numbers or sentence vectors."""
    stories = list(stories)
    rng.shuffle(stories)  # any prefix of the folder mixes the sources
    names = _name_pool(stories)
    known = set(names) | _acronyms(stories)
    own = [sorted({w for v in versions for s in v for w in _CAPITALISED.findall(s)} & known) for versions in stories]
    docs: list[tuple[str, int]] = []
    rep = 0
    while len(docs) < n_docs:
        for si, versions in enumerate(stories):
            if rep and len(own[si]) < REPEAT_MIN_NAMES:
                continue  # too few names to tell a repetition from its source: not repeated
            swap = {w: _new_name(w, f"{rep}:{si}", names) for w in own[si]} if rep else {}
            story = len(stories) * rep + si
            edited = [_edited(v, swap, rep) for v in versions]
            for v in edited:
                docs.append((_render(v, rng), story))
            copy = list(edited[rng.randrange(len(edited))])
            rng.shuffle(copy)
            keep = [s for s in copy if rng.random() > 0.2] or copy[:1]
            docs.append((_render(keep, rng), story))
        rep += 1
    return docs[:n_docs]


def write_news_folder(folder: Path, n_docs: int, eval_dir: Path) -> list[int]:
    """``n_docs`` documents of :func:`news_documents` as text files, 500 a folder, in an order that
    mixes stories; returns each file's story number (file k is ``{k // 500:03d}/doc{k:06d}.txt``)."""
    rng = random.Random(n_docs)
    docs = news_documents(news_stories(eval_dir), n_docs, rng)
    order = list(range(len(docs)))
    rng.shuffle(order)
    if folder.exists():
        shutil.rmtree(folder)
    stories = []
    for k, idx in enumerate(order):
        sub = folder / f"{k // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"doc{k:06d}.txt").write_text(docs[idx][0], encoding="utf-8")
        stories.append(docs[idx][1])
    return stories
