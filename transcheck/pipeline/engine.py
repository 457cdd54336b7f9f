"""The pipeline: read and segment → language and MT signals → embed → stories → align → drift.

:class:`Engine` holds the settings and the (lazily loaded) encoder; the functions in
:mod:`transcheck.api` and the CLI are thin layers over it.
"""

from __future__ import annotations

import os
from collections import OrderedDict, deque
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Callable, Iterable, Protocol, Sequence

import numpy as np

from .. import align as align_mod
from ..text.boilerplate import is_boilerplate
from ..config import Settings
from ..embed import CachedEncoder, Encoder, get_encoder
from ..text.language import detect_language
from ..results import (
    Counterpart,
    DocumentReport,
    FileError,
    MTResult,
    PairResult,
    Reason,
    Report,
    Segment,
    SentenceReport,
    Span,
)
from ..text.segment import segment
from ..stories import StoryIndex
from ..store import text_hash
from ..text.read import InputError, LoadedText, iter_files, load_text

if TYPE_CHECKING:
    from ..mt import CasingCorpus
    from .cache import ResultCache

EMBED_CHUNK = 1024  # sentences gathered across documents before one encode call
SEGMENT_AHEAD = 256  # texts handed to the workers for segmentation ahead of the one being embedded
PARALLEL_MIN_DOCUMENTS = 200  # smaller scans stay in one process (workers take ~2 s to start)
MAX_JOBS = 8
GROUPING_VECTOR_BUDGET = 128 * 2**20  # bytes of sentence vectors story grouping keeps (~84k sentences)

_Sentences = tuple[list[tuple[int, int]], list[str]]  # a text's sentence offsets and their languages


class Progress(Protocol):
    """Observer of long work (the CLI plugs in a rich progress bar)."""

    def start(self, description: str, total: int | None) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def done(self) -> None: ...


class NullProgress:
    def start(self, description: str, total: int | None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def done(self) -> None:
        pass


@dataclass
class Analysis:
    """A document read, segmented, language-tagged and embedded."""

    path: str
    text: str
    segments: list[Segment]
    languages: list[str]
    vectors: np.ndarray
    warnings: list[str] = field(default_factory=list)

    @property
    def english(self) -> bool:
        """Mostly English by characters (a stray foreign headline does not change that)."""
        total = sum(s.end - s.start for s in self.segments) or 1
        en = sum(s.end - s.start for s, lang in zip(self.segments, self.languages) if lang == "en")
        return en / total >= 0.5

    @cached_property
    def content_rows(self) -> list[int]:
        """Indices of the sentences that belong to the story: all but web-page boilerplate lines
        ("Click to comment"; :mod:`transcheck.boilerplate`), which are never aligned or grouped."""
        return [i for i, s in enumerate(self.segments) if not is_boilerplate(self.text, s.start, s.end)]


@dataclass
class _Linked:
    """A document's sentence reports with their counterparts, before the drift verdicts."""

    cand: Analysis
    reports: list[SentenceReport]
    pairs: list[tuple[int, SentenceReport, Counterpart]] = field(default_factory=list)
    link_originals: list[tuple[int, ...]] = field(default_factory=list)
    orig_vecs: np.ndarray | None = None


@dataclass
class _Pending:
    """What pass 1 of a scan keeps of a document: offsets and languages, not its text or vectors."""

    path: str
    offsets: np.ndarray
    languages: list[str]
    warnings: list[str]
    digest: str = ""


class Engine:
    def __init__(self, settings: Settings | None = None, encoder: Encoder | CachedEncoder | None = None):
        self.settings = settings or Settings()
        self._encoder = encoder
        self._encoder_given = encoder is not None
        self._results: "ResultCache | None" = None

    # -- components ---------------------------------------------------------------------------
    @property
    def encoder(self) -> Encoder | CachedEncoder:
        if self._encoder is None:
            s = self.settings
            self._encoder = get_encoder(s.model, use_cache=s.cache, cache_dir=s.cache_dir, backend=s.backend)
        return self._encoder

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return self.encoder.encode(list(texts))

    # -- analysis -----------------------------------------------------------------------------
    def analyse_text(self, text: str, path: str = "<text>", warnings: list[str] | None = None) -> Analysis:
        segs = segment(text)
        langs = [detect_language(s.text) for s in segs]
        vecs = self.embed([s.text for s in segs])
        return Analysis(path, text, segs, langs, vecs, list(warnings or []))

    def load(self, path: str) -> Analysis:
        loaded = load_text(path, self.settings.max_bytes)
        return self.analyse_text(loaded.text, path, loaded.warnings)

    def detect_mt(self, a: Analysis, story: Sequence[Analysis] = (), casing: "CasingCorpus | None" = None) -> MTResult:
        """MT verdict of ``a``; ``story`` lends casing evidence ("trump" vs "Trump"). ``casing``:
        :func:`transcheck.mt.casing_corpus` of ``a`` and its story, when the caller has it already."""
        from ..mt import detect_mt_document

        result = detect_mt_document(
            a.text, a.segments, a.languages, a.vectors,
            story_texts=[o.text for o in story if o is not a] or None, casing=casing,
        )
        if self.settings.mt_threshold is not None:
            result.machine_translated = result.score >= self.settings.mt_threshold
        return result

    # -- drift --------------------------------------------------------------------------------
    def score_pairs(self, originals: Sequence[str], candidates: Sequence[str], sims: np.ndarray) -> list[PairResult]:
        from ..drift import score_pairs

        results = score_pairs(list(originals), list(candidates), np.asarray(sims, dtype=np.float32), self.embed)
        return self._with_threshold(results)

    def score_split(self, original: str, unit: str, parts: list[tuple[int, int]], sim: float) -> list[PairResult]:
        """Verdicts of candidate sentences that split one original sentence (see
        :func:`transcheck.drift.score_split`)."""
        from ..drift import score_split

        return self._with_threshold(score_split(original, unit, parts, sim, self.embed))

    def _with_threshold(self, results: list[PairResult]) -> list[PairResult]:
        """``results`` with the user's drift threshold, when one is set."""
        thr = self.settings.drift_threshold
        if thr is not None:
            for r in results:
                r.drifted = r.drift_score >= thr
                if r.drifted:
                    r.status = "drift"
                elif r.status == "drift":
                    r.status = "paraphrase"
        return results

    def compare_texts(self, originals: Sequence[str], candidates: Sequence[str]) -> list[PairResult]:
        if len(originals) != len(candidates):
            raise ValueError("originals and candidates must have the same length")
        if not originals:
            return []
        vecs = self.embed(list(originals) + list(candidates))
        n = len(originals)
        sims = np.einsum("ij,ij->i", vecs[:n], vecs[n:])
        return self.score_pairs(originals, candidates, sims)

    def align_document(
        self, cand: Analysis, originals: Sequence[Analysis], mt: MTResult | None = None
    ) -> list[SentenceReport]:
        """Sentence reports of ``cand``, each aligned to its counterpart in ``originals``."""
        linked = self._link(cand, originals, mt)
        if linked.pairs:
            self._score_aligned(linked)
        return linked.reports

    def _link(self, cand: Analysis, originals: Sequence[Analysis], mt: MTResult | None = None) -> "_Linked":
        """Sentence reports of ``cand`` with their counterparts in ``originals`` (not yet scored)."""
        reports = [
            SentenceReport(start=s.start, end=s.end, text=s.text, language=lang)
            for s, lang in zip(cand.segments, cand.languages)
        ]
        for r in reports:
            if r.language not in ("en", "und"):
                r.reasons.append(Reason("foreign_language", f"sentence is in {r.language}, not English", 1.0))
        if mt is not None:
            _attach_mt(reports, mt)
        rows = cand.content_rows
        for i in sorted(set(range(len(reports))) - set(rows)):
            reports[i].reasons.append(
                Reason("boilerplate", "web-page boilerplate (a call to action or credit line), not compared")
            )
        if not originals:
            return _Linked(cand, reports)
        kept = [o.content_rows for o in originals]
        orig_segs: list[tuple[int, Segment]] = [
            (k, o.segments[i]) for k, (o, idx) in enumerate(zip(originals, kept)) for i in idx
        ]
        if not orig_segs:
            for r in reports:
                r.status = "unmatched"
            return _Linked(cand, reports)
        orig_vecs = np.concatenate([_content_vectors(o) for o, idx in zip(originals, kept) if idx])
        groups = np.array([k for k, _ in orig_segs])
        links: list[align_mod.Link | None] = [None] * len(reports)
        for i, link in zip(rows, align_mod.align(
            _content_vectors(cand),
            orig_vecs,
            groups,
            [cand.segments[i].text for i in rows],
            [s.text for _, s in orig_segs],
            threshold=self.settings.align_threshold,
        )):
            links[i] = link
        pairs: list[tuple[int, SentenceReport, Counterpart]] = []
        for i, (r, link) in enumerate(zip(reports, links)):
            if link is None:
                r.status = "unmatched"
                continue
            k = orig_segs[link.originals[0]][0]
            first, last = orig_segs[link.originals[0]][1], orig_segs[link.originals[-1]][1]
            src = originals[k]
            cp = Counterpart(
                original=k,
                start=first.start,
                end=last.end,
                text=src.text[first.start : last.end],
                path=src.path,
                similarity=link.similarity,
            )
            r.counterpart = cp
            pairs.append((i, r, cp))
        return _Linked(cand, reports, pairs, [link.originals if link else () for link in links], orig_vecs)

    def _score_aligned(self, linked: "_Linked") -> None:
        """Drift verdicts of the aligned sentences. A run of adjacent candidate sentences that share one
        counterpart is a split (one original sentence written as two): it is compared with the
        original as one unit (:func:`transcheck.drift.score_split`), so that no half counts the
        other half's words as dropped."""
        cand, pairs, link_originals, orig_vecs = linked.cand, linked.pairs, linked.link_originals, linked.orig_vecs
        runs = _split_runs(pairs)
        in_run = {k for run in runs for k in run}
        singles = [k for k in range(len(pairs)) if k not in in_run]
        results: dict[int, PairResult] = dict(zip(singles, self.score_pairs(
            [pairs[k][2].text for k in singles], [pairs[k][1].text for k in singles],
            np.array([pairs[k][2].similarity for k in singles]),
        )))
        for run in runs:
            first, last = pairs[run[0]][1], pairs[run[-1]][1]
            o = orig_vecs[list(link_originals[pairs[run[0]][0]])].sum(axis=0)
            c = cand.vectors[[pairs[k][0] for k in run]].sum(axis=0)
            sim = float(o @ c / max(float(np.linalg.norm(o) * np.linalg.norm(c)), 1e-12))
            parts = [(pairs[k][1].start - first.start, pairs[k][1].end - first.start) for k in run]
            shares = self.score_split(pairs[run[0]][2].text, cand.text[first.start : last.end], parts, sim)
            results.update(zip(run, shares))
        for k, (_, r, cp) in enumerate(pairs):
            res = results[k]
            r.status = res.status
            r.drift_score = res.drift_score
            r.reasons.extend(res.reasons)
            # pair spans are relative to the two sentences; reports use offsets into the files
            r.highlights = [_shift(h, r.start) for h in res.highlights]
            r.counterpart_highlights = [_shift(h, cp.start) for h in res.original_highlights]

    def document_report(
        self, cand: Analysis, originals: Sequence[Analysis], story: Sequence[Analysis] = ()
    ) -> DocumentReport:
        return self._report(cand, originals, self.detect_mt(cand, story or originals))

    def _report(self, cand: Analysis, originals: Sequence[Analysis], mt: MTResult) -> DocumentReport:
        return _document(cand, originals, mt, self.align_document(cand, originals, mt))

    # -- whole jobs ---------------------------------------------------------------------------
    def check_files(self, files: Sequence[str], against: Sequence[str] = (), progress: Progress | None = None) -> Report:
        progress = progress or NullProgress()
        report = Report(settings=self.settings.to_dict())
        progress.start("reading and embedding", len(files) + len(against))
        originals: list[Analysis] = []
        for p in against:
            try:
                originals.append(self.load(p))
            except InputError as exc:
                report.errors.append(FileError(p, str(exc)))
            progress.advance()
        for p in files:
            try:
                cand = self.load(p)
            except InputError as exc:
                report.errors.append(FileError(p, str(exc)))
                progress.advance()
                continue
            others = [o for o in originals if os.path.realpath(o.path) != os.path.realpath(p)]
            report.documents.append(self.document_report(cand, others, others))
            report.stories.append([p] + [o.path for o in others])
            for w in cand.warnings:
                report.errors.append(FileError(p, w, severity="warning"))
            progress.advance()
        for o in originals:
            report.originals[o.path] = o.text
            for w in o.warnings:
                report.errors.append(FileError(o.path, w, severity="warning"))
        progress.done()
        return report

    def scan(self, root: str, progress: Progress | None = None) -> Report:
        """Every readable file under ``root``: stories, MT verdicts and drift against the others.

        Pass 1 streams files through segmentation and the encoder (in chunks of ~1,000 sentences,
        filling the embedding cache) and keeps only offsets, languages and story anchors. Pass 2
        handles one story at a time, re-reading its texts and taking vectors from the cache, so
        memory holds one story's matrices, not the folder's. With worker processes (``jobs``), the
        workers segment and language-tag pass 1's texts while this process embeds, and compare the
        stories of pass 2; the output is the same as in one process.
        """
        progress = progress or NullProgress()
        report = Report(settings=self.settings.to_dict())
        if not os.path.exists(root):
            raise InputError(f"{root}: no such file or directory")
        files = list(iter_files(root, self.settings.suffixes))
        results = self._result_cache()
        pending: list[_Pending] = []
        index = StoryIndex()
        jobs = self._jobs(len(files))
        # the workers start before the model loads (small forks); in pass 1 they segment and
        # language-tag texts while this process embeds, in pass 2 they compare stories
        pool = _WorkerPool(jobs, self.settings) if jobs > 1 else None
        try:
            self._pass1(files, results, pending, index, report, pool, progress)
            groups = self._groups(pending, index, results)
            self._pass2(groups, pending, results, report, pool, progress)
        finally:
            if pool is not None:
                pool.shutdown()
        report.documents.sort(key=lambda d: d.path)
        report.errors.sort(key=lambda e: (e.path, e.message))
        return report

    def _pass1(self, files: list[str], results: "ResultCache | None", pending: list[_Pending], index: StoryIndex,
               report: Report, pool: "_WorkerPool | None", progress: Progress) -> None:
        """Read, segment, language-tag and embed every file, in order; keep offsets and anchors."""
        progress.start("reading and embedding", len(files))
        buffer: list[str] = []
        # texts the workers are segmenting; a job is a cached result, a worker's future, or None
        ahead: deque[tuple[str, LoadedText, str, "_Sentences | Future[_Sentences] | None"]] = deque()

        def finish(path: str, loaded: LoadedText, digest: str, job: "_Sentences | Future[_Sentences] | None") -> None:
            segs, langs = self._segmented(loaded.text, digest, results, job, pool)
            offsets = np.array([(s.start, s.end) for s in segs], dtype=np.int64).reshape(-1, 2)
            pending.append(_Pending(path, offsets, langs, loaded.warnings, digest))
            index.add(path, loaded.text)
            buffer.extend(s.text for s in segs)
            if len(buffer) >= EMBED_CHUNK:
                self._fill_cache(buffer, results)
                buffer.clear()
            progress.advance()

        for p in files:
            try:
                loaded = load_text(p, self.settings.max_bytes)
            except InputError as exc:
                report.errors.append(FileError(p, str(exc)))
                progress.advance()
                continue
            digest = text_hash(loaded.text)
            job: "_Sentences | Future[_Sentences] | None" = None  # None: looked up and segmented here
            if pool is not None:
                job = results.get_analysis(digest) if results is not None else None
                job = job if job is not None else pool.segment(loaded.text)
            ahead.append((p, loaded, digest, job))
            while ahead and (len(ahead) > SEGMENT_AHEAD or not isinstance(ahead[0][3], Future)
                             or ahead[0][3].done()):
                finish(*ahead.popleft())
        while ahead:
            finish(*ahead.popleft())
        self._fill_cache(buffer, results)
        progress.done()

    def _segmented(self, text: str, digest: str, results: "ResultCache | None",
                   job: "_Sentences | Future[_Sentences] | None", pool: "_WorkerPool | None") -> tuple[list[Segment], list[str]]:
        """Sentences and languages of a text: found in the result cache (``job`` is a tuple),
        segmented by a worker (a future), or looked up and segmented here (None)."""
        if job is None:
            return self._analyse_cached(text, digest, results)
        if isinstance(job, tuple):
            offsets, langs = job
        else:
            try:
                offsets, langs = job.result()
            except Exception as exc:  # redone here: fails here as it would have in one process
                if pool is not None and isinstance(exc, BrokenProcessPool):
                    pool.broken = True  # the rest goes here too
                return self._analyse_cached(text, digest, results)
            if results is not None:
                results.put_analysis(digest, offsets, langs)
        return _segments_at(text, offsets), langs

    def _groups(self, pending: list[_Pending], index: StoryIndex, results: "ResultCache | None") -> list[list[int]]:
        def reload(i: int) -> Analysis:
            return _analysis(self, pending[i], load_text(pending[i].path, self.settings.max_bytes).text)

        # candidate pairs revisit documents all over the folder (50k reads of 5,000 documents with a
        # 2,048-document LRU): keep vectors up to a byte budget, least recently used out first
        vectors = _VectorMemo(lambda i: _content_vectors(reload(i)), GROUPING_VECTOR_BUDGET)

        threshold = self.settings.story_threshold
        folder = [(item.path, item.digest) for item in pending]
        groups = results.get_groups(folder) if results is not None else None
        if groups is None:
            groups = index.group(vectors, **({"threshold": threshold} if threshold is not None else {}))
            if results is not None:
                results.put_groups(folder, groups)
        vectors.clear()
        return groups

    def _pass2(self, groups: list[list[int]], pending: list[_Pending], results: "ResultCache | None",
               report: Report, pool: "_WorkerPool | None", progress: Progress) -> None:
        """One story at a time (in workers when there is a pool), delivered in group order."""
        jobs = pool.jobs if pool is not None else 1
        progress.start("comparing stories", len(pending))
        queue: deque[_Story] = deque()  # stories in group order, delivered in that order

        def deliver(block: bool) -> None:
            while queue and (block or queue[0].ready()):
                self._deliver(queue.popleft(), pool, report, results, progress)

        for group in groups:
            texts: dict[int, str] = {}
            for i in group:
                try:
                    texts[i] = load_text(pending[i].path, self.settings.max_bytes).text
                except InputError as exc:  # changed on disk between the passes
                    report.errors.append(FileError(pending[i].path, str(exc)))
            members = [(pending[i].path, pending[i].digest) for i in group]
            unchanged = len(texts) == len(group) and all(text_hash(texts[i]) == pending[i].digest for i in group)
            story = _Story(members, unchanged, len(group))
            hit = results.get_story(members, [texts[i] for i in group]) if results is not None and unchanged else None
            if hit is not None:  # unchanged story: its reports come from the cache
                story.cached, story.reports = True, hit
                story.warnings = [(d.path, w) for d, i in zip(hit, group) for w in pending[i].warnings]
            else:
                story.items = [(pending[i], texts[i]) for i in group if i in texts]
                story.warnings = [(it.path, w) for it, _ in story.items for w in it.warnings]
                story.future = pool.submit(story.items) if pool is not None else None
                if story.future is None:
                    story.reports = story_reports(self, story.items)
            queue.append(story)
            deliver(block=False)
            while pool is not None and len(queue) > 4 * jobs:  # bounded: texts in flight stay few
                self._deliver(queue.popleft(), pool, report, results, progress)
        deliver(block=True)
        progress.done()

    def _jobs(self, n_documents: int) -> int:
        """Worker processes for a scan's per-story analysis: they read the vectors that pass 1 left
        in the on-disk cache, so only with the cache on and the engine's own encoder."""
        if not self.settings.cache or self._encoder_given or n_documents < PARALLEL_MIN_DOCUMENTS:
            return 1
        return max(1, min(self.settings.jobs or (os.cpu_count() or 1), MAX_JOBS))

    def _deliver(self, story: "_Story", pool: "_WorkerPool | None", report: Report, results: "ResultCache | None",
                 progress: Progress) -> None:
        reports = story.result(self, pool)
        report.stories.append([d.path for d in reports])
        report.documents.extend(reports)
        report.errors.extend(FileError(path, w, severity="warning") for path, w in story.warnings)
        if results is not None and story.unchanged and not story.cached:
            results.put_story(story.members, reports)
        progress.advance(story.size)

    def _result_cache(self) -> "ResultCache | None":
        """The scan-result cache, beside the embedding cache (off with ``cache = false``)."""
        if not self.settings.cache:
            return None
        if self._results is None:
            from .cache import ResultCache, results_fingerprint

            enc = self.encoder
            fingerprint = results_fingerprint(getattr(enc, "cache_id", enc.name), self.settings.to_dict())
            self._results = ResultCache(self.settings.cache_dir, fingerprint)
        return self._results

    def _analyse_cached(self, text: str, digest: str, results: "ResultCache | None") -> tuple[list[Segment], list[str]]:
        """Sentences and their languages, from the result cache when this text was seen before."""
        hit = results.get_analysis(digest) if results is not None else None
        if hit is not None:
            offsets, langs = hit
            return _segments_at(text, offsets), langs
        segs, langs = _segment_and_tag(text)
        if results is not None:
            results.put_analysis(digest, [(s.start, s.end) for s in segs], langs)
        return segs, langs

    def _fill_cache(self, texts: list[str], results: "ResultCache | None" = None) -> None:
        if results is not None:
            results.commit()  # the pending analysis entries, once per chunk
        if texts:
            self.embed(texts)
            self._forget_texts(texts)

    def _forget_texts(self, texts: Iterable[str]) -> None:
        enc = self.encoder
        if isinstance(enc, CachedEncoder) and enc.cache is not None:
            enc.forget(texts)

    def _forget(self, docs: Sequence[Analysis]) -> None:
        self._forget_texts(s.text for d in docs for s in d.segments)


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


@dataclass
class _Story:
    """A story on its way to the report: cached reports, computed ones, or a worker's future."""

    members: list[tuple[str, str]]
    unchanged: bool
    size: int
    cached: bool = False
    reports: list[DocumentReport] | None = None
    future: "Future[list[DocumentReport]] | None" = None
    warnings: list[tuple[str, str]] = field(default_factory=list)
    items: list[tuple[_Pending, str]] = field(default_factory=list)  # analysed here if the pool breaks

    def ready(self) -> bool:
        return self.future is None or self.future.done()

    def result(self, engine: Engine, pool: "_WorkerPool | None") -> list[DocumentReport]:
        if self.future is not None:
            try:
                return self.future.result()
            except BrokenProcessPool:
                if pool is not None:
                    pool.broken = True
                return story_reports(engine, self.items)
        return self.reports or []


def _content_vectors(doc: Analysis) -> np.ndarray:
    """The vectors of a document's story sentences (:attr:`Analysis.content_rows`), without a copy
    when it has no boilerplate line. Alignment and story grouping read these: a boilerplate line two
    pages of one site share ("Leave a Reply") is no evidence that they report the same story."""
    rows = doc.content_rows
    return doc.vectors if len(rows) == len(doc.segments) else doc.vectors[rows]


def _segments_at(text: str, offsets: Iterable) -> list[Segment]:
    """The sentences of ``text`` at kept ``(start, end)`` offsets (a list or an int array)."""
    return [Segment(int(a), int(b), text[a:b]) for a, b in offsets]


def _analysis(engine: Engine, item: _Pending, text: str) -> Analysis:
    """A document of pass 1 again: its sentences from the kept offsets, its vectors from the cache."""
    segs = _segments_at(text, item.offsets)
    return Analysis(item.path, text, segs, item.languages, engine.embed([s.text for s in segs]), item.warnings)


def story_reports(engine: Engine, items: Sequence[tuple[_Pending, str]]) -> list[DocumentReport]:
    """MT verdicts and aligned, drift-scored sentences for the documents of one story (each a pass-1
    record and its text; picklable, as they go to worker processes). Machine translations are
    compared with the English human documents of the story, the others with every other human
    document."""
    from ..drift import prefetch
    from ..mt import casing_corpus, tagged_sentences
    from ..tagger import analyse_sentences

    docs = [_analysis(engine, item, text) for item, text in items]
    casing = casing_corpus([d.text for d in docs])  # once per story, not per document
    # the story's sentences tagged in one batch, then its aligned pairs parsed and their words
    # embedded in one batch: per-document batches cost ~20 % more a sentence (docs/benchmark.md)
    analyse_sentences([t for d in docs for t in tagged_sentences(d.segments, d.languages)])
    mts = [engine.detect_mt(d, docs, casing) for d in docs]
    plans = []
    for d, mt in zip(docs, mts):
        if mt.machine_translated:
            originals = [o for o, omt in zip(docs, mts) if o is not d and not omt.machine_translated and o.english]
        else:
            originals = [o for o, omt in zip(docs, mts) if o is not d and not omt.machine_translated]
        plans.append((originals, mt, engine._link(d, originals, mt)))
    pairs = [(cp.text, r.text) for _, _, linked in plans for _, r, cp in linked.pairs]
    prefetch([o for o, _ in pairs], [c for _, c in pairs], engine.embed)
    out = []
    for originals, mt, linked in plans:
        if linked.pairs:
            engine._score_aligned(linked)
        out.append(_document(linked.cand, originals, mt, linked.reports))
    engine._forget(docs)
    return out


def _document(cand: Analysis, originals: Sequence[Analysis], mt: MTResult, sentences: list[SentenceReport]) -> DocumentReport:
    return DocumentReport(
        path=cand.path,
        text=cand.text,
        machine_translated=mt.machine_translated,
        mt_score=mt.score,
        sentences=sentences,
        mt_reasons=mt.reasons,
        against=[o.path for o in originals],
    )


_WORKER_ENGINE: Engine | None = None


def _worker_start(settings: Settings) -> None:
    global _WORKER_ENGINE
    _WORKER_ENGINE = Engine(settings)
    inner = getattr(_WORKER_ENGINE.encoder, "inner", None)
    if inner is not None and hasattr(inner, "threads"):
        inner.threads = 1  # the workers share the cores; one ONNX Runtime thread each


def _segment_and_tag(text: str) -> tuple[list[Segment], list[str]]:
    segs = segment(text)
    return segs, [detect_language(sg.text) for sg in segs]


def _worker_segment(text: str) -> _Sentences:
    segs, langs = _segment_and_tag(text)
    return [(sg.start, sg.end) for sg in segs], langs


def _worker_story(items: list[tuple[_Pending, str]]) -> list[DocumentReport]:
    assert _WORKER_ENGINE is not None
    return story_reports(_WORKER_ENGINE, items)


class _WorkerPool:
    """Worker processes of a scan, each with its own engine (a new ONNX Runtime session and SQLite
    connection; nothing of the parent's is used). In pass 1 they segment and language-tag texts; in
    pass 2 they analyse whole stories, with sentence vectors from the on-disk cache that pass 1
    filled. Forked where the platform forks (Linux): workers start in milliseconds and callers'
    scripts need no ``if __name__ == "__main__"`` guard; spawned elsewhere.
    A pool that breaks (e.g. a spawned child that cannot import the caller's script) is given up and
    the remaining texts and stories are handled in this process."""

    def __init__(self, jobs: int, settings: Settings):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        # the tokenizers library warns in a forked child if the parent used its thread pool
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        self.jobs = jobs
        self._pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                                         initializer=_worker_start, initargs=(settings,))
        self.broken = False

    def submit(self, items: list[tuple[_Pending, str]]) -> "Future[list[DocumentReport]] | None":
        return self._run(_worker_story, items)

    def segment(self, text: str) -> "Future[_Sentences] | None":
        return self._run(_worker_segment, text)

    def _run(self, fn: Callable, arg) -> "Future | None":
        """``fn(arg)`` in a worker, or None: the caller then runs it here."""
        if self.broken:
            return None
        try:
            return self._pool.submit(fn, arg)
        except Exception:  # BrokenProcessPool, RuntimeError: run here instead
            self.broken = True
            return None

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _split_runs(pairs: list[tuple[int, SentenceReport, Counterpart]]) -> list[list[int]]:
    """Runs (positions in ``pairs``) of two or more adjacent candidate sentences aligned to the same
    original span."""
    runs: list[list[int]] = []
    run: list[int] = []
    for k, (i, _, cp) in enumerate(pairs):
        if run:
            pi, _, pcp = pairs[run[-1]]
            if i == pi + 1 and (cp.original, cp.start, cp.end) == (pcp.original, pcp.start, pcp.end):
                run.append(k)
                continue
            if len(run) > 1:
                runs.append(run)
        run = [k]
    if len(run) > 1:
        runs.append(run)
    return runs


def _shift(span: Span, by: int) -> Span:
    return Span(span.start + by, span.end + by, span.text, span.kind, span.severity)


def _attach_mt(reports: list[SentenceReport], mt: MTResult) -> None:
    """Sentence-level MT scores, and MT reasons shown on the sentences their spans fall in."""
    for r, score in zip(reports, mt.sentence_scores):
        r.mt_score = score
    for reason in mt.reasons:
        for span in reason.spans:
            for r in reports:
                if r.start <= span.start < r.end:
                    r.reasons.append(Reason(reason.code, reason.message, reason.weight, [span]))
                    break
