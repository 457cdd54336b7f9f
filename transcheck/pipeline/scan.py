"""Whole jobs: a list of files checked against others, and folder scans.

A scan reads, segments and embeds every file (pass 1), groups the documents into stories, and
compares one story at a time (pass 2), in worker processes when the folder is large; the reports
are delivered in group order, so the output is the same with any number of workers.
"""

from __future__ import annotations

import os
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ..results import DocumentReport, FileError, Report, Segment
from ..store import text_hash
from ..stories import PairEvidence, StoryIndex, default_threshold
from ..text.boilerplate import is_boilerplate
from ..text.read import InputError, LoadedText, iter_files, load_text
from .analysis import Analysis, NullProgress, Progress, cap_warning, content_vectors, segment_and_tag
from .engine import Engine
from .story import Pending, Story, reanalyse, segments_at, story_reports
from .workers import Sentences, WorkerPool

if TYPE_CHECKING:
    from .cache import ResultCache

EMBED_CHUNK = 1024  # sentences gathered across documents before one encode call
SEGMENT_AHEAD = 256  # texts handed to the workers for segmentation ahead of the one being embedded
PARALLEL_MIN_DOCUMENTS = 200  # smaller scans stay in one process (workers take ~2 s to start)
MAX_JOBS = 8
STORY_OF_SHOWN = 10  # documents shown by --story-of, most likely first
LINK_TEXTS = 256  # texts kept while the story links' shared sentences are quoted (Scan.groups)
GROUPING_VECTOR_BUDGET = 128 * 2**20  # bytes of sentence vectors story grouping keeps (~84k sentences)


def check_files(engine: Engine, files: Sequence[str], against: Sequence[str] = (),
                progress: Progress | None = None) -> Report:
    """Each of ``files`` against every document of ``against`` but itself (one story each)."""
    progress = progress or NullProgress()
    report = Report(settings=engine.settings.to_dict())
    # read and segment every file first, so that progress can count sentences (one long file shows
    # its progress too); then embed the originals, and each candidate just before it is checked (its
    # vectors are dropped after: memory holds the originals' vectors and one candidate's)
    progress.start("reading", len(files) + len(against))
    prepared: dict[str, Analysis] = {}
    for p in dict.fromkeys([*against, *files]):
        try:
            prepared[p] = engine.prepare(p)
        except InputError as exc:
            report.errors.append(FileError(p, str(exc)))
        progress.advance()
    progress.done()
    progress.start("embedding and checking sentences", sum(len(a.segments) for a in prepared.values()))
    resident = dict.fromkeys(against)  # embedded once, kept for every candidate
    originals = [engine.finish(prepared[p], progress.advance) for p in resident if p in prepared]
    for p in dict.fromkeys(files):
        if p not in prepared:
            continue
        cand = prepared[p]
        if p not in resident:
            engine.finish(cand, progress.advance)
        others = [o for o in originals if os.path.realpath(o.path) != os.path.realpath(p)]
        if cand.extracted:
            report.extracted.add(p)
        report.documents.append(engine.document_report(cand, others, others))
        report.stories.append([p] + [o.path for o in others])
        for w in cand.warnings:
            report.errors.append(FileError(p, w, severity="warning"))
        if p not in resident:
            cand.vectors = cand.vectors[:0]  # checked: its vectors are not needed again
    for o in originals:
        report.originals[o.path] = o.text
        if o.extracted:
            report.extracted.add(o.path)
        for w in o.warnings:
            report.errors.append(FileError(o.path, w, severity="warning"))
    progress.done()
    return report


def scan(engine: Engine, root: str, progress: Progress | None = None, story_of: str | None = None,
         on_documents: Callable[[list[DocumentReport], Report], None] | None = None) -> Report:
    """Every readable file under ``root``: stories, MT verdicts and drift against the others.

    Pass 1 streams files through segmentation and the encoder (in chunks of ~1,000 sentences,
    filling the embedding cache) and keeps only offsets, languages and story anchors. Pass 2
    handles one story at a time, re-reading its texts and taking vectors from the cache, so
    memory holds one story's matrices, not the folder's. With worker processes (``jobs``), the
    workers segment and language-tag pass 1's texts while this process embeds, and compare the
    stories of pass 2; the output is the same as in one process. ``story_of``: a file of the folder
    whose story is explained in ``report.story_of`` (which documents are close to it and why they
    were or were not grouped with it).
    """
    progress = progress or NullProgress()
    report = Report(settings=engine.settings.to_dict())
    if not os.path.exists(root):
        raise InputError(f"{root}: no such file or directory")
    files = list(iter_files(root, engine.settings.suffixes,
                            onerror=lambda path, message: report.errors.append(FileError(path, message))))
    results = engine.result_cache
    jobs = scan_jobs(engine, len(files))
    # the workers start before the model loads (small forks); in pass 1 they segment and
    # language-tag texts while this process embeds, in pass 2 they compare stories
    pool = WorkerPool(jobs, engine.settings) if jobs > 1 else None
    try:
        run = _Scan(engine, results, report, pool, progress, story_of, on_documents)
        run.pass1(files)
        run.pass2(run.groups())
    finally:
        if pool is not None:
            pool.shutdown()
    report.documents.sort(key=lambda d: d.path)
    report.errors.sort(key=lambda e: (e.path, e.message))
    return report


def scan_jobs(engine: Engine, n_documents: int) -> int:
    """Worker processes for a scan's per-story analysis: they read the vectors that pass 1 left
    in the on-disk cache, so only with the cache on and the engine's own encoder."""
    if not engine.settings.cache or engine.encoder_given or n_documents < PARALLEL_MIN_DOCUMENTS:
        return 1
    return max(1, min(engine.settings.jobs or (os.cpu_count() or 1), MAX_JOBS))


class _Scan:
    """The state of one folder scan: pass 1's records and story index, the report being filled."""

    def __init__(self, engine: Engine, results: ResultCache | None, report: Report, pool: WorkerPool | None,
                 progress: Progress, story_of: str | None = None,
                 on_documents: Callable[[list[DocumentReport], Report], None] | None = None):
        self.story_of, self.on_documents = story_of, on_documents
        self.engine, self.results, self.report, self.pool, self.progress = engine, results, report, pool, progress
        self.max_bytes = engine.settings.max_bytes
        self.max_sentences = engine.settings.max_sentences
        self.pending: list[Pending] = []
        self.index = StoryIndex()
        self.content: list[np.ndarray] = []  # (start, end) of each document's story sentences

    # -- pass 1 -------------------------------------------------------------------------------
    def pass1(self, files: list[str]) -> None:
        """Read, segment, language-tag and embed every file, in order; keep offsets and anchors."""
        results, pool, progress = self.results, self.pool, self.progress
        progress.start("reading and embedding", len(files))
        buffer: list[str] = []
        # texts the workers are segmenting; a job is a cached result, a worker's future, or None
        ahead: deque[tuple[str, LoadedText, str, Sentences | Future[Sentences] | None]] = deque()

        def finish(path: str, loaded: LoadedText, digest: str, job: Sentences | Future[Sentences] | None) -> None:
            segs, langs = self._segmented(loaded.text, digest, job)
            offsets = np.array([(s.start, s.end) for s in segs], dtype=np.int64).reshape(-1, 2)
            cut = cap_warning(loaded.text, [s.end for s in segs], self.max_sentences)
            self.pending.append(Pending(path, offsets, langs, loaded.warnings + ([cut] if cut else []), digest))
            content = [sg for sg in segs if not is_boilerplate(loaded.text, sg.start, sg.end)]
            self.index.add(path, loaded.text, [(sg.start, sg.end) for sg in content])
            self.content.append(np.array([(sg.start, sg.end) for sg in content], dtype=np.int64).reshape(-1, 2))
            buffer.extend(s.text for s in segs)
            if len(buffer) >= EMBED_CHUNK:
                self._fill_cache(buffer)
                buffer.clear()
            progress.advance()

        for p in files:
            try:
                loaded = load_text(p, self.max_bytes)
            except InputError as exc:
                self.report.errors.append(FileError(p, str(exc)))
                progress.advance()
                continue
            if loaded.extracted:
                self.report.extracted.add(p)
            digest = text_hash(loaded.text)
            job: Sentences | Future[Sentences] | None = None  # None: looked up and segmented here
            if pool is not None:
                job = results.get_analysis(digest) if results is not None else None
                job = job if job is not None else pool.segment(loaded.text)
            ahead.append((p, loaded, digest, job))
            while ahead and (len(ahead) > SEGMENT_AHEAD or not isinstance(ahead[0][3], Future)
                             or ahead[0][3].done()):
                finish(*ahead.popleft())
        while ahead:
            finish(*ahead.popleft())
        self._fill_cache(buffer)
        progress.done()

    def _segmented(self, text: str, digest: str,
                   job: Sentences | Future[Sentences] | None) -> tuple[list[Segment], list[str]]:
        """Sentences and languages of a text: found in the result cache (``job`` is a tuple),
        segmented by a worker (a future), or looked up and segmented here (None)."""
        if job is None:
            return self._analyse_cached(text, digest)
        if isinstance(job, tuple):
            offsets, langs = job
        else:
            try:
                offsets, langs = job.result()
            except Exception as exc:  # redone here: fails here as it would have in one process
                if self.pool is not None and isinstance(exc, BrokenProcessPool):
                    self.pool.broken = True  # the rest goes here too
                return self._analyse_cached(text, digest)
            if self.results is not None:
                self.results.put_analysis(digest, offsets, langs)
        return segments_at(text, offsets), langs

    def _analyse_cached(self, text: str, digest: str) -> tuple[list[Segment], list[str]]:
        """Sentences and their languages, from the result cache when this text was seen before."""
        results = self.results
        hit = results.get_analysis(digest) if results is not None else None
        if hit is not None:
            offsets, langs = hit
            return segments_at(text, offsets), langs
        segs, langs = segment_and_tag(text, self.max_sentences)
        if results is not None:
            results.put_analysis(digest, [(s.start, s.end) for s in segs], langs)
        return segs, langs

    def _fill_cache(self, texts: list[str]) -> None:
        """Embed ``texts`` into the on-disk cache (and commit the pending analysis entries)."""
        if self.results is not None:
            self.results.commit()
        if texts:
            self.engine.embed(texts)
            self.engine.forget(texts)

    # -- stories ------------------------------------------------------------------------------
    def groups(self) -> list[list[int]]:
        """The stories of the folder (lists of indices into ``pending``), from the cache when the
        folder is unchanged."""
        pending, results = self.pending, self.results

        def reload(i: int) -> Analysis:
            return reanalyse(self.engine, pending[i], load_text(pending[i].path, self.max_bytes).text)

        # candidate pairs revisit documents all over the folder (50k reads of 5,000 documents with a
        # 2,048-document LRU): keep vectors up to a byte budget, least recently used out first
        vectors = _VectorMemo(lambda i: content_vectors(reload(i)), GROUPING_VECTOR_BUDGET)

        threshold = self.engine.settings.story_threshold
        threshold = default_threshold() if threshold is None else threshold
        folder = [(item.path, item.digest) for item in pending]
        groups = results.get_groups(folder) if results is not None else None
        cached_links = results.get_story_links(folder) if results is not None and groups is not None else None
        links: dict[tuple[int, int], PairEvidence] = {}
        if groups is None:
            groups = self.index.group(vectors, threshold)
            links = self.index.links
        elif cached_links is None:  # the evidence of a cached grouping: its stories' pairs again
            for g in groups:
                for x, a in enumerate(g):
                    for b in g[x + 1:]:
                        ev = self.index.pair(a, b, vectors)
                        if ev.probability >= threshold:
                            links[(a, b)] = ev
        @lru_cache(maxsize=LINK_TEXTS)  # links come sorted by document: a few texts at a time
        def text_of(i: int) -> str:
            return load_text(pending[i].path, self.max_bytes).text

        def sentence(i: int, row: int) -> str:
            start, end = self.content[i][row]
            return text_of(i)[start:end]

        def described(a: int, b: int, ev: PairEvidence) -> dict:
            return {"a": pending[a].path, "b": pending[b].path, "probability": round(ev.probability, 4),
                    "shared_anchors": ev.shared_anchors,
                    "shared_sentences": [{"a": sentence(a, i), "b": sentence(b, j), "cosine": round(c, 4)}
                                         for i, j, c in ev.shared_sentences]}

        if cached_links is not None:
            self.report.story_links = cached_links
        else:
            self.report.story_links = [described(a, b, ev) for (a, b), ev in sorted(links.items())]
            if results is not None:
                results.put_groups(folder, groups)
                results.put_story_links(folder, self.report.story_links)
        if self.story_of is not None:
            self.report.story_of = self._story_of(groups, vectors, threshold, described)
        vectors.clear()
        return groups

    def _story_of(self, groups: list[list[int]], vectors: Callable[[int], np.ndarray], threshold: float,
                  described: Callable[[int, int, PairEvidence], dict]) -> dict:
        """``--story-of FILE``: FILE's story, and every document that shares an indexed anchor with it,
        grouped or not, with the pair's probability and evidence (most likely first)."""
        wanted = os.path.realpath(self.story_of or "")
        found = [i for i, item in enumerate(self.pending) if os.path.realpath(item.path) == wanted]
        if not found:
            return {"file": self.story_of, "error": "not among the scanned documents"}
        i = found[0]
        story = next(g for g in groups if i in g)
        others = sorted((set(story) | self.index.neighbours(i)) - {i})
        rows = []
        for j in others:
            ev = self.index.pair(i, j, vectors)
            rows.append({**described(i, j, ev), "grouped": j in story})
        rows.sort(key=lambda r: (-r["probability"], r["b"]))
        return {"file": self.pending[i].path, "story": [self.pending[k].path for k in story],
                "threshold": threshold, "pairs": rows[:STORY_OF_SHOWN]}

    # -- pass 2 -------------------------------------------------------------------------------
    def pass2(self, groups: list[list[int]]) -> None:
        """One story at a time (in workers when there is a pool), delivered in group order."""
        pending, results, pool = self.pending, self.results, self.pool
        jobs = pool.jobs if pool is not None else 1
        self.progress.start("comparing stories", len(pending))
        queue: deque[Story] = deque()  # stories in group order, delivered in that order

        def deliver(block: bool) -> None:
            while queue and (block or queue[0].ready()):
                self._deliver(queue.popleft())

        for group in groups:
            texts: dict[int, str] = {}
            for i in group:
                try:
                    texts[i] = load_text(pending[i].path, self.max_bytes).text
                except InputError as exc:  # changed on disk between the passes
                    self.report.errors.append(FileError(pending[i].path, str(exc)))
            members = [(pending[i].path, pending[i].digest) for i in group]
            unchanged = len(texts) == len(group) and all(text_hash(texts[i]) == pending[i].digest for i in group)
            story = Story(members, unchanged, len(group))
            hit = results.get_story(members, [texts[i] for i in group]) if results is not None and unchanged else None
            if hit is not None:  # unchanged story: its reports come from the cache
                story.cached, story.reports = True, hit
                story.warnings = [(d.path, w) for d, i in zip(hit, group) for w in pending[i].warnings]
            else:
                story.items = [(pending[i], texts[i]) for i in group if i in texts]
                story.warnings = [(it.path, w) for it, _ in story.items for w in it.warnings]
                story.future = pool.submit(story.items) if pool is not None else None
                if story.future is None:
                    story.reports = story_reports(self.engine, story.items)
            queue.append(story)
            deliver(block=False)
            while pool is not None and len(queue) > 4 * jobs:  # bounded: texts in flight stay few
                self._deliver(queue.popleft())
        deliver(block=True)
        self.progress.done()

    def _deliver(self, story: Story) -> None:
        reports = story.result(self.engine, self.pool)
        self.report.stories.append([d.path for d in reports])
        if self.on_documents is not None:  # streamed: the report keeps no document
            self.on_documents(reports, self.report)
        else:
            self.report.documents.extend(reports)
        self.report.errors.extend(FileError(path, w, severity="warning") for path, w in story.warnings)
        if self.results is not None and story.unchanged and not story.cached:
            self.results.put_story(story.members, reports)
        self.progress.advance(story.size)


class _VectorMemo:
    """A per-document memo of sentence vectors, bounded by bytes rather than by documents."""

    def __init__(self, load: Callable[[int], np.ndarray], budget: int):
        self._load, self._budget = load, budget
        self._items: OrderedDict[int, np.ndarray] = OrderedDict()
        self._bytes = 0

    def __call__(self, i: int) -> np.ndarray:
        v = self._items.get(i)
        if v is not None:
            self._items.move_to_end(i)
            return v
        v = self._load(i)
        self._items[i] = v
        self._bytes += v.nbytes
        while self._bytes > self._budget and len(self._items) > 1:
            _, old = self._items.popitem(last=False)
            self._bytes -= old.nbytes
        return v

    def clear(self) -> None:
        self._items.clear()
        self._bytes = 0
