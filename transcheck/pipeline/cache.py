"""Scan results kept in the cache folder's store, so a re-scan of an unchanged folder skips the analysis.

Three kinds of entries live in the ``results`` table (:mod:`transcheck.store`):

- **analysis** of one document: sentence offsets and languages, keyed by the text's hash;
- **story**: the :class:`DocumentReport` of every document of one story, keyed by the story's
  members (path and text hash, in order);
- **groups**: the stories of a whole folder, keyed by all its documents (path and text hash, in
  scan order), so a re-scan of an unchanged folder does not group it again.

Every key also holds a *fingerprint* of everything that shapes results: the settings, the
embedding model, and the bytes of transcheck's own code and data files. Change any of them and old
entries are simply never hit again. Values are zlib-compressed JSON; reports are stored as
``to_dict(exact=True)`` and read back with ``DocumentReport.from_dict`` (no pickle: a cache
directory may be shared). An entry that does not decode, or not to what its kind holds, is a miss:
it is deleted (one warning per run, :meth:`transcheck.store.Store.drop_damaged`) and recomputed.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..jsonutil import compact, loads
from ..results import DocumentReport
from ..store import code_fingerprint, open_store

T = TypeVar("T")


def results_fingerprint(model_id: str, settings: dict[str, Any]) -> str:
    """The fingerprint of a scan's results: transcheck's code, the embedding model, the settings."""
    return "|".join([code_fingerprint(), model_id, json.dumps(settings, sort_keys=True, default=str)])


class ResultCache:
    def __init__(self, directory: str | Path | None, fingerprint: str):
        self.store = open_store(directory)
        self.fingerprint = fingerprint

    def _key(self, kind: str, parts: Any) -> bytes:
        raw = json.dumps([self.fingerprint, kind, parts], ensure_ascii=False, separators=(",", ":"))
        return hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=20).digest()

    def _get(self, key: bytes, read: Callable[[Any], T | None]) -> T | None:
        """``read(value)`` of the entry, or None: no entry, or ``read`` says None (a miss). An entry
        that does not decode, or that ``read`` cannot take, is damaged: deleted, and a miss."""
        rows = self.store.query("SELECT value FROM results WHERE key = ?", (key,))
        if not rows:
            return None
        try:
            return read(loads(zlib.decompress(rows[0][0])))
        except (zlib.error, ValueError, TypeError, KeyError, IndexError, AttributeError):
            self.store.drop_damaged("results", [key])
            return None

    def _put(self, key: bytes, value: Any, commit: bool = True) -> None:
        blob = zlib.compress(compact(value), 3)
        self.store.write("INSERT OR REPLACE INTO results VALUES (?, ?)", [(key, blob)], commit)

    def commit(self) -> None:
        """Write what the uncommitted puts (``put_analysis``) hold; a scan calls it per chunk."""
        self.store.commit()

    # -- per-document analysis --------------------------------------------------------------------
    def get_analysis(self, digest: str) -> tuple[list[tuple[int, int]], list[str]] | None:
        def read(v: Any) -> tuple[list[tuple[int, int]], list[str]]:
            offsets = [(int(a), int(b)) for a, b in v["offsets"]]
            languages = [str(x) for x in v["languages"]]
            if len(offsets) != len(languages):
                raise ValueError("offsets and languages differ in number")
            return offsets, languages

        return self._get(self._key("analysis", digest), read)

    def put_analysis(self, digest: str, offsets: Sequence[tuple[int, int]], languages: Sequence[str]) -> None:
        """Not committed here (one commit per document cost 2.9 s in a 5,000-document scan): the
        caller commits with :meth:`commit`."""
        self._put(self._key("analysis", digest), {"offsets": [list(map(int, o)) for o in offsets],
                                                  "languages": list(languages)}, commit=False)

    # -- per-story reports ------------------------------------------------------------------------
    def get_story(self, members: Sequence[tuple[str, str]], texts: Sequence[str]) -> list[DocumentReport] | None:
        def read(v: Any) -> list[DocumentReport] | None:
            if len(v) != len(texts):
                return None
            return [DocumentReport.from_dict(d, t) for d, t in zip(v, texts)]

        return self._get(self._key("story", [list(m) for m in members]), read)

    def put_story(self, members: Sequence[tuple[str, str]], reports: Sequence[DocumentReport]) -> None:
        """Every field of the reports but their texts (re-read from disk: the key pins their hashes)."""
        self._put(self._key("story", [list(m) for m in members]), [r.to_dict(exact=True) for r in reports])

    # -- the story grouping of a whole folder -----------------------------------------------------
    def get_groups(self, members: Sequence[tuple[str, str]]) -> list[list[int]] | None:
        """Stories (lists of indices into ``members``) of a folder seen before with exactly these
        documents (path and text hash, in scan order)."""
        def read(v: Any) -> list[list[int]] | None:
            groups = [[int(i) for i in g] for g in v]
            return groups if sorted(i for g in groups for i in g) == list(range(len(members))) else None

        return self._get(self._key("groups", [list(m) for m in members]), read)

    def put_groups(self, members: Sequence[tuple[str, str]], groups: Sequence[Sequence[int]]) -> None:
        self._put(self._key("groups", [list(m) for m in members]), [list(map(int, g)) for g in groups])

    def get_story_links(self, members: Sequence[tuple[str, str]]) -> list[dict[str, Any]] | None:
        """The evidence of the joined pairs (``Report.story_links``) of a folder seen before."""
        def read(v: Any) -> list[dict[str, Any]]:
            if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
                raise ValueError("story links are not a list of records")
            return v

        return self._get(self._key("story_links", [list(m) for m in members]), read)

    def put_story_links(self, members: Sequence[tuple[str, str]], links: Sequence[dict[str, Any]]) -> None:
        self._put(self._key("story_links", [list(m) for m in members]), list(links))
