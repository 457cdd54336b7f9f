"""Nothing in the cache folder stops a run (#31): a damaged database, entry or ONNX graph is moved
aside (or dropped) and rebuilt with one warning, and the run gives the results of a fresh cache;
with the cache off nothing in the cache folder is read or written; workers end with their parent;
a huge ``max_file_mb`` allocates nothing."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, SEEDS, HashEncoder

from transcheck.config import ConfigError, Settings, load_settings
from transcheck.embed import CachedEncoder, EmbeddingCache, OnnxEncoder, get_encoder, resolve_model
from transcheck.pipeline import Engine
from transcheck.pipeline.cache import ResultCache
from transcheck.store import DATABASE
from transcheck.text.read import InputError, load_text

SENTENCES = ["The minister resigned on Tuesday.", "Der Minister trat am Dienstag zurück."]


def _encoder(cache: Path) -> CachedEncoder:
    return CachedEncoder(HashEncoder(dim=384), EmbeddingCache(cache), cache_id="hash")


def _scan(folder: Path, cache: Path) -> tuple[str, list[warnings.WarningMessage]]:
    """A scan (a fresh process's view of the cache folder: a Store of its own) and its warnings."""
    from transcheck import store

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = Engine(Settings(cache_dir=str(cache)), encoder=_encoder(cache)).scan(str(folder))
    for key, opened in list(store._open.items()):  # as at the end of a process
        if opened.directory == cache:
            opened.close()
            del store._open[key]
    return json.dumps(report.to_dict(), sort_keys=True), [w for w in caught if "cache" in str(w.message)]


def _aside(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f"{name}.corrupt-*"))


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_database_is_moved_aside_and_rebuilt(tmp_path, damage):
    cache = tmp_path / "cache"
    cold, caught = _scan(SEEDS, cache)
    assert caught == []
    db = cache / DATABASE
    if damage == "garbage":
        db.write_bytes(os.urandom(50_000))
    else:
        with open(db, "r+b") as fh:
            fh.truncate(db.stat().st_size // 3)
    again, caught = _scan(SEEDS, cache)
    assert again == cold
    assert len(caught) == 1 and "moved aside" in str(caught[0].message)
    assert len(_aside(cache, DATABASE)) == 1
    third, caught = _scan(SEEDS, cache)  # the rebuilt cache serves the next run, without a word
    assert third == cold and caught == []


def test_damaged_entries_are_dropped_and_recomputed(tmp_path):
    cache = tmp_path / "cache"
    cold, _ = _scan(SEEDS, cache)
    with sqlite3.connect(cache / DATABASE) as conn:
        conn.execute("UPDATE emb SET vec = x'0011'")  # the wrong size for its width
        rows = conn.execute("SELECT key FROM results").fetchall()
        for i, (key,) in enumerate(rows):  # not zlib; zlib but not JSON; JSON of the wrong shape
            value = [b"garbage", zlib.compress(b"{not json"), zlib.compress(b'{"offsets": 3}')][i % 3]
            conn.execute("UPDATE results SET value = ? WHERE key = ?", (value, key))
    again, caught = _scan(SEEDS, cache)
    assert again == cold
    assert len(caught) == 1 and "damaged entries" in str(caught[0].message)
    third, caught = _scan(SEEDS, cache)
    assert third == cold and caught == []


def test_vectors_that_are_not_unit_vectors_are_damaged(tmp_path):
    emb = EmbeddingCache(tmp_path)
    good = np.ones(4, dtype=np.float32) / 2
    emb.put_many([(b"a", good), (b"b", np.full(4, 1e30, dtype=np.float32)), (b"c", np.full(4, np.nan, dtype=np.float32))])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = emb.get_many([b"a", b"b", b"c"])
        assert list(found) == [b"a"] and np.array_equal(found[b"a"], good)
        assert emb.get_many([b"a"], dim=8) == {}  # another width than the model's
    assert len(caught) == 1
    assert emb.store.query("SELECT count(*) FROM emb") == [(0,)]


def test_a_database_that_cannot_be_replaced_leaves_a_cache_in_memory(tmp_path, monkeypatch):
    from transcheck import store as store_module

    (tmp_path / DATABASE).write_bytes(b"not a database" * 100)

    def refuse(path):
        raise PermissionError("read-only folder")

    monkeypatch.setattr(store_module, "set_aside", refuse)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = ResultCache(tmp_path, "f")
        s = results.store
        results.put_groups([("a", "h")], [[0]])
        assert results.get_groups([("a", "h")]) == [[0]]
    assert s.in_memory and len(caught) == 1 and "in memory" in str(caught[0].message)


@pytest.mark.slow
def test_a_damaged_onnx_graph_is_exported_again(tmp_path):
    pytest.importorskip("onnxruntime")
    cache = tmp_path / "cache"
    first = OnnxEncoder(resolve_model(None), cache).encode(SENTENCES)
    (graph,) = (cache / "onnx").glob("*.onnx")
    graph.write_bytes(os.urandom(5000))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = OnnxEncoder(resolve_model(None), cache).encode(SENTENCES)
    assert np.array_equal(again, first)
    assert len([w for w in caught if "ONNX graph" in str(w.message) and "moved aside" in str(w.message)]) == 1
    assert len(_aside(cache / "onnx", graph.name)) == 1
    assert graph.stat().st_size > 1_000_000


@pytest.mark.slow
def test_no_cache_touches_no_file_of_the_cache_folder(tmp_path, monkeypatch):
    """With ``cache = false`` the ONNX graph is exported into a temporary folder, loaded and removed:
    the cache folder stays empty, and the vectors are those of the cached graph."""
    import tempfile

    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("TRANSCHECK_CACHE_DIR", str(cache))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    engine = Engine(Settings(cache=False, backend="onnx"))
    report = engine.scan(str(SEEDS))
    assert report.documents
    assert list(cache.iterdir()) == []
    assert list((tmp_path / "tmp").iterdir()) == []  # the temporary export is gone too
    cached = get_encoder(cache_dir=str(tmp_path / "other"), backend="onnx").encode(SENTENCES)
    assert np.allclose(engine.embed(SENTENCES), cached, atol=1e-6)


def test_workers_end_when_their_parent_is_killed(tmp_path):
    if not hasattr(signal, "SIGKILL"):
        pytest.skip("no SIGKILL here")
    script = textwrap.dedent("""
        import sys, time
        from transcheck.config import Settings
        from transcheck.pipeline.workers import WorkerPool
        pool = WorkerPool(2, Settings(cache=False))
        pool.segment("One sentence. Another one.").result()
        print(" ".join(str(p) for p in pool._pool._processes), flush=True)
        time.sleep(60)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        pids = [int(p) for p in child.stdout.readline().split()]
        assert len(pids) == 2 and all(_alive(p) for p in pids)
    finally:
        child.kill()
        child.wait()
    deadline = time.monotonic() + 5
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in pids)


def _alive(pid: int) -> bool:
    """Running (a zombie, ended but not yet reaped by init, counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def test_max_file_mb_has_a_bound_and_reading_allocates_no_limit(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.transcheck]\nmax_file_mb = 30000\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="max_file_mb must be a positive number of megabytes, at most 10240"):
        load_settings(pyproject)
    with pytest.raises(ConfigError, match="at most 10240"):
        load_settings(None, max_file_mb=30000)
    assert load_settings(None, max_file_mb=10240).max_file_mb == 10240
    p = tmp_path / "small.txt"
    p.write_text("A short file. " * 300, encoding="utf-8")
    # 30 GB, set through the API (no validation there): a 4 KB file reads as itself, no MemoryError
    assert load_text(p, Settings(max_file_mb=30000).max_bytes).text.startswith("A short file.")
    with pytest.raises(InputError, match="too large"):
        load_text(p, 1000)
