"""The documents of one story compared with each other, and a story on its way to a scan's report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..results import DocumentReport, Segment
from .analysis import Analysis
from .engine import Engine

if TYPE_CHECKING:
    from .workers import WorkerPool


@dataclass
class Pending:
    """What pass 1 of a scan keeps of a document: offsets and languages, not its text or vectors."""

    path: str
    offsets: np.ndarray
    languages: list[str]
    warnings: list[str]
    digest: str = ""


def segments_at(text: str, offsets: Iterable) -> list[Segment]:
    """The sentences of ``text`` at kept ``(start, end)`` offsets (a list or an int array)."""
    return [Segment(int(a), int(b), text[a:b]) for a, b in offsets]


def reanalyse(engine: Engine, item: Pending, text: str) -> Analysis:
    """A document of pass 1 again: its sentences from the kept offsets, its vectors from the cache."""
    segs = segments_at(text, item.offsets)
    return Analysis(item.path, text, segs, item.languages, engine.embed([s.text for s in segs]), item.warnings)


def story_reports(engine: Engine, items: Sequence[tuple[Pending, str]]) -> list[DocumentReport]:
    """MT verdicts and aligned, drift-scored sentences for the documents of one story (each a pass-1
    record and its text; picklable, as they go to worker processes). Machine translations are
    compared with the English human documents of the story, the others with every other human
    document. The story's MT evidence and drift pairs are each computed in one batch."""
    docs = [reanalyse(engine, item, text) for item, text in items]
    mts = engine.detect_mt_story(docs)
    links = []
    for d, mt in zip(docs, mts):
        if mt.machine_translated:
            originals = [o for o, omt in zip(docs, mts) if o is not d and not omt.machine_translated and o.english]
        else:
            originals = [o for o, omt in zip(docs, mts) if o is not d and not omt.machine_translated]
        links.append(engine.link(d, originals, mt))
    engine.score_links(links)
    out = [linked.document() for linked in links]
    engine.forget(s.text for d in docs for s in d.segments)
    return out


@dataclass
class Story:
    """A story on its way to the report: cached reports, computed ones, or a worker's future."""

    members: list[tuple[str, str]]
    unchanged: bool
    size: int
    cached: bool = False
    reports: list[DocumentReport] | None = None
    future: Future[list[DocumentReport]] | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)
    items: list[tuple[Pending, str]] = field(default_factory=list)  # analysed here if the pool breaks

    def ready(self) -> bool:
        return self.future is None or self.future.done()

    def result(self, engine: Engine, pool: WorkerPool | None) -> list[DocumentReport]:
        if self.future is not None:
            try:
                return self.future.result()
            except BrokenProcessPool:
                if pool is not None:
                    pool.broken = True
                return story_reports(engine, self.items)
        return self.reports or []
