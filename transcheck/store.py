"""The cache folder and its SQLite database, shared by the embedding cache and the scan-result cache.

The folder is ``$TRANSCHECK_CACHE_DIR``, else the platform's user cache folder (``cache_dir`` in
the settings overrides both). It holds ``embeddings.sqlite3`` (WAL mode, safe across processes)
with two tables:

- ``emb``: sentence vectors (:class:`transcheck.embed.EmbeddingCache`);
- ``results``: zlib-compressed JSON values of scan results
  (:class:`transcheck.pipeline.cache.ResultCache`);

and ``onnx/``, the ONNX graphs exported from the embedding model. One connection per folder and
process is opened (:func:`open_store`) and shared by both caches.

The cache never stops a run. A database that SQLite finds damaged (not a database, malformed, a
truncated file) or cannot open is moved aside (:func:`set_aside`: renamed ``<name>.corrupt-<time>``,
its ``-wal`` too) and built anew, with one ``UserWarning``; if even that fails, the run goes on
with a cache in memory. A write that fails otherwise (disk full, read-only folder) is skipped, with
one warning. A damaged entry (:meth:`Store.drop_damaged`) is deleted, with one warning, and
recomputed by its cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
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


def set_aside(path: Path) -> Path:
    """Rename a damaged cache file to ``<name>.corrupt-<time>`` (kept for a post-mortem, never read
    again) and return the new path."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    if aside.exists():
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{os.getpid()}")
    os.replace(path, aside)
    return aside


def _damaged(exc: BaseException) -> bool:
    """SQLite says the database file is not one, or is malformed (SQLITE_NOTADB, SQLITE_CORRUPT)."""
    if not isinstance(exc, sqlite3.DatabaseError) or isinstance(exc, (sqlite3.ProgrammingError, sqlite3.InterfaceError)):
        return False
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        return code & 0xFF in (11, 26)
    message = str(exc).lower()
    return "not a database" in message or "malformed" in message


class Store:
    """One SQLite connection to a cache folder's database, its tables created; every statement runs
    under one lock, so the caches of a process may share it across threads."""

    def __init__(self, directory: str | Path | None = None):
        self.directory = cache_folder(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / DATABASE
        self._lock = threading.Lock()
        self._identity: tuple[int, int] | None = None  # (device, inode) of the file opened
        self._warned: set[str] = set()
        self.in_memory = False
        try:
            self._conn = self._connect()
        except sqlite3.OperationalError as exc:  # cannot open it (unreadable file, locked past the timeout)
            if not self.path.exists() or "locked" in str(exc).lower():
                self._conn = self._memory(exc)
            else:
                self._conn = self._rebuild(exc)
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise
            self._conn = self._rebuild(exc)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(str(self.path), timeout=60, check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            for table in _TABLES:
                conn.execute(table)
            conn.commit()
            st = os.stat(self.path)
        except BaseException:
            conn.close()
            raise
        self._identity = (st.st_dev, st.st_ino)
        return conn

    def _memory(self, exc: BaseException) -> sqlite3.Connection:
        """A cache in memory, for this run only, when the folder's database cannot be used."""
        self._warn("memory", f"cannot use the cache database {self.path} ({exc}): this run keeps its cache in memory")
        self.in_memory = True
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        for table in _TABLES:
            conn.execute(table)
        return conn

    def _rebuild(self, exc: BaseException) -> sqlite3.Connection:
        """Move the damaged database aside and open a new one (in memory when that fails too)."""
        try:
            st = os.stat(self.path)
            if self._identity is None or self._identity == (st.st_dev, st.st_ino):  # not already replaced
                aside = set_aside(self.path)
                wal = self.path.with_name(self.path.name + "-wal")
                if wal.exists():
                    os.replace(wal, aside.with_name(wal.name + aside.name[len(self.path.name):]))
                shm = self.path.with_name(self.path.name + "-shm")
                if shm.exists():
                    shm.unlink()
                self._warn("rebuilt", f"the cache database {self.path} was damaged ({exc}): "
                                      f"moved aside to {aside.name} and rebuilt")
        except FileNotFoundError:
            pass  # another process has moved it aside already
        except OSError as err:
            return self._memory(err)
        try:
            return self._connect()
        except sqlite3.DatabaseError as err:
            return self._memory(err)

    def _warn(self, kind: str, message: str) -> None:
        """One warning of each kind per store (a run's stderr is not flooded)."""
        if kind not in self._warned:
            self._warned.add(kind)
            warnings.warn(message, stacklevel=2)

    def _execute(self, run: Callable[[sqlite3.Connection], Any], writing: bool) -> Any:
        """``run(connection)`` under the lock; a damaged database is rebuilt and ``run`` tried once
        more; a write that SQLite refuses otherwise is skipped (None)."""
        with self._lock:
            for attempt in (0, 1):
                try:
                    return run(self._conn)
                except sqlite3.DatabaseError as exc:
                    if _damaged(exc) and attempt == 0 and not self.in_memory:
                        with contextlib.suppress(sqlite3.Error):
                            self._conn.close()
                        self._conn = self._rebuild(exc)
                        continue
                    if _damaged(exc) or isinstance(exc, sqlite3.OperationalError):
                        if writing:
                            self._warn("write", f"cannot write to the cache database {self.path} ({exc}): "
                                                "results are not cached")
                            return None
                        self._warn("read", f"cannot read the cache database {self.path} ({exc})")
                        return []
                    raise
            return None  # not reached

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return self._execute(lambda conn: conn.execute(sql, params).fetchall(), writing=False)

    def write(self, sql: str, rows: Iterable[Sequence[Any]], commit: bool = True) -> None:
        """``sql`` once per row; committed unless ``commit`` is false (then :meth:`commit` does)."""
        rows = list(rows)

        def run(conn: sqlite3.Connection) -> None:
            conn.executemany(sql, rows)
            if commit:
                conn.commit()

        self._execute(run, writing=True)

    def commit(self) -> None:
        self._execute(lambda conn: conn.commit(), writing=True)

    def close(self) -> None:
        """Close the connection (SQLite then folds the write-ahead log into the database file)."""
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.close()

    def drop_damaged(self, table: str, keys: Sequence[bytes]) -> None:
        """Delete entries whose values do not decode (their caches recompute them), with one warning."""
        if keys:
            self._warn("entry", f"damaged entries in the cache database {self.path} were dropped "
                                "and are recomputed")
            self.write(f"DELETE FROM {table} WHERE key = ?", [(k,) for k in keys])


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
