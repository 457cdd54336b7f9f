"""On-disk cache of scan results, so a re-scan of an unchanged folder skips the analysis.

Two kinds of entries live beside the embeddings (same SQLite file, WAL mode):

- **analysis** of one document: sentence offsets and languages, keyed by the text's hash;
- **story**: the :class:`DocumentReport` of every document of one story, keyed by the story's
  members (path and text hash, in order);
- **groups**: the stories of a whole folder, keyed by all its documents (path and text hash, in
  scan order), so a re-scan of an unchanged folder does not group it again.

Every key also holds a *fingerprint* of everything that shapes results: the settings, the
embedding model, and the bytes of transcheck's own code and data files. Change any of them and old
entries are simply never hit again. Values are zlib-compressed JSON; reports are stored as
``to_dict(exact=True)`` and read back with ``DocumentReport.from_dict`` (no pickle: a cache
directory may be shared).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import zlib
from importlib import resources
from pathlib import Path
from typing import Any, Sequence

from .jsonutil import compact, loads
from .results import DocumentReport

_TABLE = "CREATE TABLE IF NOT EXISTS results (key BLOB PRIMARY KEY, value BLOB) WITHOUT ROWID"


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
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class ResultCache:
    def __init__(self, directory: Path, fingerprint: str):
        directory.mkdir(parents=True, exist_ok=True)
        self.fingerprint = fingerprint
        self._conn = sqlite3.connect(str(directory / "embeddings.sqlite3"), timeout=60, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute(_TABLE)
        self._conn.commit()
        self._lock = threading.Lock()

    def _key(self, kind: str, parts: Any) -> bytes:
        raw = json.dumps([self.fingerprint, kind, parts], ensure_ascii=False, separators=(",", ":"))
        return hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=20).digest()

    def _get(self, key: bytes) -> Any | None:
        with self._lock:
            row = self._conn.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return loads(zlib.decompress(row[0]))
        except (zlib.error, ValueError):
            return None  # a damaged entry is a miss

    def _put(self, key: bytes, value: Any, commit: bool = True) -> None:
        blob = zlib.compress(compact(value), 3)
        with self._lock:
            self._conn.execute("INSERT OR REPLACE INTO results VALUES (?, ?)", (key, blob))
            if commit:
                self._conn.commit()

    def commit(self) -> None:
        """Write what the uncommitted puts (``put_analysis``) hold; a scan calls it per chunk."""
        with self._lock:
            self._conn.commit()

    # -- per-document analysis --------------------------------------------------------------------
    def get_analysis(self, digest: str) -> tuple[list[tuple[int, int]], list[str]] | None:
        v = self._get(self._key("analysis", digest))
        return None if v is None else ([tuple(o) for o in v["offsets"]], list(v["languages"]))

    def put_analysis(self, digest: str, offsets: Sequence[tuple[int, int]], languages: Sequence[str]) -> None:
        """Not committed here (one commit per document cost 2.9 s in a 5,000-document scan): the
        caller commits with :meth:`commit`."""
        self._put(self._key("analysis", digest), {"offsets": [list(map(int, o)) for o in offsets],
                                                  "languages": list(languages)}, commit=False)

    # -- per-story reports ------------------------------------------------------------------------
    def get_story(self, members: Sequence[tuple[str, str]], texts: Sequence[str]) -> list[DocumentReport] | None:
        v = self._get(self._key("story", [list(m) for m in members]))
        if v is None or len(v) != len(texts):
            return None
        return [DocumentReport.from_dict(d, t) for d, t in zip(v, texts)]

    def put_story(self, members: Sequence[tuple[str, str]], reports: Sequence[DocumentReport]) -> None:
        """Every field of the reports but their texts (re-read from disk: the key pins their hashes)."""
        self._put(self._key("story", [list(m) for m in members]), [r.to_dict(exact=True) for r in reports])

    # -- the story grouping of a whole folder -----------------------------------------------------
    def get_groups(self, members: Sequence[tuple[str, str]]) -> list[list[int]] | None:
        """Stories (lists of indices into ``members``) of a folder seen before with exactly these
        documents (path and text hash, in scan order)."""
        v = self._get(self._key("groups", [list(m) for m in members]))
        if v is None or sorted(i for g in v for i in g) != list(range(len(members))):
            return None
        return [list(map(int, g)) for g in v]

    def put_groups(self, members: Sequence[tuple[str, str]], groups: Sequence[Sequence[int]]) -> None:
        self._put(self._key("groups", [list(m) for m in members]), [list(map(int, g)) for g in groups])

    def close(self) -> None:
        with self._lock:
            self._conn.close()
