"""The small public API: ``detect_mt``, ``compare``, ``check`` and ``scan``.

Each call builds (or reuses) one :class:`~transcheck.pipeline.Engine`; the model loads on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from .config import Settings
from .pipeline import Engine, Progress
from .results import DocumentReport, MTResult, PairResult, Report


@lru_cache(maxsize=1)
def _default_engine() -> Engine:
    return Engine(Settings())


def _engine(engine: Engine | None) -> Engine:
    return engine or _default_engine()


def detect_mt(text: str, *, engine: Engine | None = None) -> MTResult:
    """Is ``text`` machine-translated? ``.score`` is a calibrated probability, with ``.reasons``."""
    e = _engine(engine)
    return e.detect_mt(e.analyse_text(text))


def compare(originals: Sequence[str], candidates: Sequence[str], *, engine: Engine | None = None) -> list[PairResult]:
    """Score sentence pairs ``(originals[i], candidates[i])`` in one batch."""
    return _engine(engine).compare_texts(originals, candidates)


def check(candidate_text: str, originals: Sequence[str] = (), *, engine: Engine | None = None) -> DocumentReport:
    """Check one text: MT verdict, languages, and each sentence aligned to ``originals``.

    ``.sentences[i].counterpart.original`` indexes ``originals``; offsets refer to the given strings.
    """
    e = _engine(engine)
    cand = e.analyse_text(candidate_text, "<candidate>")
    origs = [e.analyse_text(t, f"<original {k}>") for k, t in enumerate(originals)]
    return e.document_report(cand, origs, origs)


def scan(root: str, *, engine: Engine | None = None, progress: Progress | None = None,
         story_of: str | None = None, on_documents: Callable[[list[DocumentReport], Report], None] | None = None) -> Report:
    """Scan a folder: stories, MT verdicts, and drift of every document against the others.
    ``story_of``: a file of the folder; ``report.story_of`` then says which documents are close to
    it and why they were or were not grouped with it. ``on_documents``: called with each story's
    document reports as the story finishes (stories in a fixed order) and the report being filled
    (for :meth:`Report.document_dict`); the returned report then keeps no document, so memory does
    not grow with the folder."""
    return _engine(engine).scan(root, progress, story_of, on_documents)
