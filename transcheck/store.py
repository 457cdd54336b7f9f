"""The cache folder and its SQLite database, shared by the embedding cache and the scan-result cache.

The folder is ``$TRANSCHECK_CACHE_DIR``, else the platform's user cache folder (``cache_dir`` in
the settings overrides both). It holds ``embeddings.sqlite3`` (WAL mode, safe across processes)
with two tables:

- ``emb``: sentence vectors (:class:`transcheck.embed.EmbeddingCache`);
- ``results``: zlib-compressed JSON values of scan results
  (:class:`transcheck.pipeline.cache.ResultCache`);

and ``onnx/``, the ONNX graphs exported from the embedding model. One connection per folder and
process is opened (:func:`open_store`) and shared by both caches.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

DATABASE = "embeddings.sqlite3"
_TABLES = (
    "CREATE TABLE IF NOT EXISTS emb (key BLOB PRIMARY KEY, dim INTEGER, vec BLOB) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS results (key BLOB PRIMARY KEY, value BLOB) WITHOUT ROWID",
)


def default_cache_dir() -> Path:
    env = os.environ.get("TRANSCHECK_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("transcheck"))


def cache_folder(directory: str | Path | None = None) -> Path:
    """``directory``, or the default cache folder when it is None or empty."""
    return Path(directory) if directory else default_cache_dir()


class Store:
    """One SQLite connection to a cache folder's database, its tables created; every statement runs
    under one lock, so the caches of a process may share it across threads."""

    def __init__(self, directory: str | Path | None = None):
        self.directory = cache_folder(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / DATABASE
        self._conn = sqlite3.connect(str(self.path), timeout=60, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        for table in _TABLES:
            self._conn.execute(table)
        self._conn.commit()
        self._lock = threading.Lock()

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def write(self, sql: str, rows: Iterable[Sequence[Any]], commit: bool = True) -> None:
        """``sql`` once per row; committed unless ``commit`` is false (then :meth:`commit` does)."""
        with self._lock:
            self._conn.executemany(sql, rows)
            if commit:
                self._conn.commit()

    def commit(self) -> None:
        with self._lock:
            self._conn.commit()


_open: dict[tuple[int, str], Store] = {}
_open_lock = threading.Lock()


def open_store(directory: str | Path | None = None) -> Store:
    """The store of a cache folder (the default one when None), opened once per process: a forked
    worker opens its own connection rather than use its parent's."""
    path = cache_folder(directory)
    key = (os.getpid(), str(path.resolve()))
    with _open_lock:
        store = _open.get(key)
        if store is None:
            store = _open[key] = Store(path)
        return store


def code_fingerprint() -> str:
    """Hash of transcheck's code and shipped data (a development checkout changes it too)."""
    h = hashlib.blake2b(digest_size=16)
    root = resources.files("transcheck")
    stack = [root]
    files = []
    while stack:
        d = stack.pop()
        for entry in d.iterdir():
            if entry.is_dir():
                if entry.name != "__pycache__":
                    stack.append(entry)
            elif entry.name.endswith((".py", ".json")):
                files.append(entry)
    for f in sorted(files, key=lambda e: str(e)):
        h.update(str(f).encode("utf-8", "surrogatepass"))
        h.update(f.read_bytes())
    return h.hexdigest()


def text_hash(text: str) -> str:
    """The key of a text in the caches (blake2b, 16 bytes, hex)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
