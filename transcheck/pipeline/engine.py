"""The per-document steps: read and segment → language and MT signals → embed → align → drift.

:class:`Engine` holds the settings and the (lazily loaded) encoder; the functions in
:mod:`transcheck.api` and the CLI are thin layers over it. A story's documents are compared in
:mod:`.story`, folders scanned in :mod:`.scan`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .. import align as align_mod
from ..config import Settings
from ..embed import CachedEncoder, Encoder, get_encoder
from ..learned import check_encoder
from ..results import (
    Counterpart,
    DocumentReport,
    MTResult,
    PairResult,
    Reason,
    Report,
    Segment,
    SentenceReport,
    Span,
)
from ..text.clean import clean_text
from ..text.read import load_text
from .analysis import Analysis, Progress, content_vectors, embed_in_chunks, prepare_text

if TYPE_CHECKING:
    from ..mt import CasingCorpus
    from .cache import ResultCache


@dataclass
class Linked:
    """A document's sentence reports with their counterparts in ``originals``, before the drift
    verdicts (:meth:`Engine.link`)."""

    cand: Analysis
    originals: Sequence[Analysis]
    mt: MTResult | None
    reports: list[SentenceReport]
    pairs: list[tuple[int, SentenceReport, Counterpart]] = field(default_factory=list)
    link_originals: list[tuple[int, ...]] = field(default_factory=list)
    orig_vecs: np.ndarray | None = None
    relations: list[str] = field(default_factory=list)  # per original: copy | independent

    def document(self) -> DocumentReport:
        """The document's report (once scored, and with the MT verdict it was linked with)."""
        assert self.mt is not None
        return DocumentReport(
            path=self.cand.path,
            text=self.cand.text,
            machine_translated=self.mt.machine_translated,
            mt_score=self.mt.score,
            sentences=self.reports,
            mt_reasons=self.mt.reasons,
            against=[o.path for o in self.originals],
            relations={o.path: rel for o, rel in zip(self.originals, self.relations)},
            mt_verdict=self.mt.verdict,
        )


class Engine:
    def __init__(self, settings: Settings | None = None, encoder: Encoder | CachedEncoder | None = None):
        self.settings = settings or Settings()
        self._encoder = encoder
        self.encoder_given = encoder is not None
        self._results: ResultCache | None = None

    # -- components ---------------------------------------------------------------------------
    @property
    def encoder(self) -> Encoder | CachedEncoder:
        if self._encoder is None:
            s = self.settings
            self._encoder = get_encoder(s.model, use_cache=s.cache, cache_dir=s.cache_dir, backend=s.backend)
            check_encoder(self._encoder.name)
        return self._encoder

    @property
    def result_cache(self) -> ResultCache | None:
        """The scan-result cache, in the embedding cache's folder (None with ``cache = false``)."""
        if self._results is None and self.settings.cache:
            from .cache import ResultCache, results_fingerprint

            enc = self.encoder
            fingerprint = results_fingerprint(getattr(enc, "cache_id", enc.name), self.settings.to_dict())
            self._results = ResultCache(self.settings.cache_dir, fingerprint)
        return self._results

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self.encoder.encode(list(texts))

    def forget(self, texts: Iterable[str]) -> None:
        """Drop the vectors of ``texts`` from the encoder's memory (they stay in the on-disk cache)."""
        enc = self.encoder
        if isinstance(enc, CachedEncoder) and enc.cache is not None:
            enc.forget(texts)

    # -- analysis -----------------------------------------------------------------------------
    def analyse_text(self, text: str, path: str = "<text>", warnings: list[str] | None = None) -> Analysis:
        """Sentences, languages and vectors of ``text``, its control characters and lone surrogates
        replaced by U+FFFD first (one for one: offsets still index ``text``)."""
        return self.finish(self.prepare_text(text, path, warnings))

    def load(self, path: str) -> Analysis:
        return self.finish(self.prepare(path))

    def prepare_text(self, text: str, path: str = "<text>", warnings: list[str] | None = None,
                     extracted: bool = False) -> Analysis:
        """:meth:`analyse_text` up to the vectors (``vectors`` is empty): the cheap steps, so that a
        caller knows how many sentences it will embed."""
        return prepare_text(text, path, self.settings.max_sentences, warnings, extracted)

    def prepare(self, path: str) -> Analysis:
        """:meth:`load` up to the vectors (raises :class:`InputError` as ``load`` does)."""
        loaded = load_text(path, self.settings.max_bytes)
        return self.prepare_text(loaded.text, path, loaded.warnings, loaded.extracted)

    def finish(self, a: Analysis, tick: Callable[[int], None] | None = None) -> Analysis:
        """``a`` with its sentence vectors; ``tick(n)`` is called after each ``PROGRESS_CHUNK`` sentences
        (progress within a long document). The vectors do not depend on the chunking."""
        a.vectors = embed_in_chunks(self.embed, [s.text for s in a.segments], tick)
        return a

    def detect_mt(self, a: Analysis, story: Sequence[Analysis] = (), casing: CasingCorpus | None = None) -> MTResult:
        """MT verdict of ``a``; ``story`` lends casing evidence ("trump" vs "Trump"). ``casing``:
        :func:`transcheck.mt.casing_corpus` of ``a`` and its story, when the caller has it already."""
        from ..mt import detect_mt_document

        return detect_mt_document(
            a.text, a.segments, a.languages, a.vectors,
            story_texts=[o.text for o in story if o is not a] or None, casing=casing,
            threshold=self.settings.mt_threshold,
        )

    def detect_mt_story(self, docs: Sequence[Analysis]) -> list[MTResult]:
        """MT verdicts of the documents of one story, each with the others' casing evidence. The
        casing corpus is built once, and the sentences the detector reads tagged in one batch
        (per-document batches cost ~20 % more a sentence; docs/benchmark.md)."""
        from ..mt import casing_corpus, tagged_sentences
        from ..tagger import analyse_sentences

        casing = casing_corpus([d.text for d in docs])
        analyse_sentences([t for d in docs for t in tagged_sentences(d.segments, d.languages)])
        return [self.detect_mt(d, docs, casing) for d in docs]

    # -- drift --------------------------------------------------------------------------------
    def score_pairs(self, originals: Sequence[str], candidates: Sequence[str], sims: np.ndarray,
                    relations: Sequence[str] | None = None) -> list[PairResult]:
        """Drift verdicts of sentence pairs; ``relations[i]``: how the two documents stand (``strict``,
        the default for pairs declared equivalent, ``copy`` or ``independent``:
        :func:`transcheck.drift.score_pairs`)."""
        from ..drift import score_pairs

        return score_pairs(list(originals), list(candidates), np.asarray(sims, dtype=np.float32), self.embed,
                           threshold=self.settings.drift_threshold, relations=relations)

    def score_split(self, original: str, unit: str, parts: list[tuple[int, int]], sim: float,
                    relation: str = "strict") -> list[PairResult]:
        """Verdicts of candidate sentences that split one original sentence (see
        :func:`transcheck.drift.score_split`)."""
        from ..drift import score_split

        return score_split(original, unit, parts, sim, self.embed, threshold=self.settings.drift_threshold,
                           relation=relation)

    def compare_texts(self, originals: Sequence[str], candidates: Sequence[str]) -> list[PairResult]:
        if len(originals) != len(candidates):
            raise ValueError("originals and candidates must have the same length")
        if not originals:
            return []
        originals = [clean_text(t)[0] for t in originals]
        candidates = [clean_text(t)[0] for t in candidates]
        vecs = self.embed(list(originals) + list(candidates))
        n = len(originals)
        sims = np.einsum("ij,ij->i", vecs[:n], vecs[n:])
        return self.score_pairs(originals, candidates, sims)

    # -- alignment ----------------------------------------------------------------------------
    def align_document(
        self, cand: Analysis, originals: Sequence[Analysis], mt: MTResult | None = None
    ) -> list[SentenceReport]:
        """Sentence reports of ``cand``, each aligned to its counterpart in ``originals``."""
        return self._aligned(cand, originals, mt).reports

    def _aligned(self, cand: Analysis, originals: Sequence[Analysis], mt: MTResult | None) -> Linked:
        """``cand`` linked to ``originals`` and its aligned sentences scored."""
        linked = self.link(cand, originals, mt)
        if linked.pairs:
            self._score_aligned(linked)
        return linked

    def link(self, cand: Analysis, originals: Sequence[Analysis], mt: MTResult | None = None) -> Linked:
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
            return Linked(cand, originals, mt, reports)
        kept = [o.content_rows for o in originals]
        orig_segs: list[tuple[int, Segment]] = [
            (k, o.segments[i]) for k, (o, idx) in enumerate(zip(originals, kept)) for i in idx
        ]
        if not orig_segs:
            for r in reports:
                r.status = "unmatched"
            return Linked(cand, originals, mt, reports)
        orig_vecs = np.concatenate([content_vectors(o) for o, idx in zip(originals, kept) if idx])
        groups = np.array([k for k, _ in orig_segs])
        links: list[align_mod.Link | None] = [None] * len(reports)
        for i, link in zip(rows, align_mod.align(
            content_vectors(cand),
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
        link_originals = [link.originals if link else () for link in links]
        relations = [
            align_mod.relation([cp.similarity for _, _, cp in pairs if cp.original == k], len(rows), len(kept[k]))
            for k in range(len(originals))
        ]
        return Linked(cand, originals, mt, reports, pairs, link_originals, orig_vecs, relations)

    def score_links(self, links: Sequence[Linked]) -> None:
        """Drift verdicts of the aligned sentences of several documents (a story's): their pairs are
        parsed and their words embedded in one batch first (:func:`transcheck.drift.prefetch`)."""
        from ..drift import prefetch

        pairs = [(cp.text, r.text) for linked in links for _, r, cp in linked.pairs]
        prefetch([o for o, _ in pairs], [c for _, c in pairs], self.embed)
        for linked in links:
            if linked.pairs:
                self._score_aligned(linked)

    def _score_aligned(self, linked: Linked) -> None:
        """Drift verdicts of the aligned sentences. A run of adjacent candidate sentences that share one
        counterpart is a split (one original sentence written as two): it is compared with the
        original as one unit (:func:`transcheck.drift.score_split`), so that no half counts the
        other half's words as dropped."""
        cand, pairs, link_originals, orig_vecs = linked.cand, linked.pairs, linked.link_originals, linked.orig_vecs
        assert orig_vecs is not None
        runs = _split_runs(pairs)
        in_run = {k for run in runs for k in run}
        singles = [k for k in range(len(pairs)) if k not in in_run]
        relation = [linked.relations[cp.original] for _, _, cp in pairs]
        results: dict[int, PairResult] = dict(zip(singles, self.score_pairs(
            [pairs[k][2].text for k in singles], [pairs[k][1].text for k in singles],
            np.array([pairs[k][2].similarity for k in singles]), [relation[k] for k in singles],
        )))
        for run in runs:
            first, last = pairs[run[0]][1], pairs[run[-1]][1]
            o = orig_vecs[list(link_originals[pairs[run[0]][0]])].sum(axis=0)
            c = cand.vectors[[pairs[k][0] for k in run]].sum(axis=0)
            sim = float(o @ c / max(float(np.linalg.norm(o) * np.linalg.norm(c)), 1e-12))
            parts = [(pairs[k][1].start - first.start, pairs[k][1].end - first.start) for k in run]
            shares = self.score_split(pairs[run[0]][2].text, cand.text[first.start : last.end], parts, sim,
                                      relation[run[0]])
            results.update(zip(run, shares))
        for k, (_, r, cp) in enumerate(pairs):
            res = results[k]
            r.status = res.status
            r.drift_score = res.drift_score
            # pair spans are relative to the two sentences; reports use offsets into the files (the
            # reasons' spans too: every offset of a report indexes the document's text)
            r.reasons.extend(Reason(x.code, x.message, x.weight, [_shift(sp, r.start) for sp in x.spans])
                             for x in res.reasons)
            r.highlights = [_shift(h, r.start) for h in res.highlights]
            r.counterpart_highlights = [_shift(h, cp.start) for h in res.original_highlights]

    def document_report(
        self, cand: Analysis, originals: Sequence[Analysis], story: Sequence[Analysis] = ()
    ) -> DocumentReport:
        return self._aligned(cand, originals, self.detect_mt(cand, story or originals)).document()

    # -- whole jobs ---------------------------------------------------------------------------
    def check_files(self, files: Sequence[str], against: Sequence[str] = (), progress: Progress | None = None) -> Report:
        """Each of ``files`` against the documents ``against`` (:func:`transcheck.pipeline.scan.check_files`)."""
        from .scan import check_files

        return check_files(self, files, against, progress)

    def scan(self, root: str, progress: Progress | None = None, story_of: str | None = None,
             on_documents: Callable[[list[DocumentReport], Report], None] | None = None) -> Report:
        """Every readable file under ``root``: stories, MT verdicts and drift against the others
        (:func:`transcheck.pipeline.scan.scan`); ``story_of``: a file whose story to explain;
        ``on_documents``: called with each story's document reports as the story finishes (in a
        fixed order) and the report being filled (:meth:`Report.document_dict`), which then keeps
        no document."""
        from .scan import scan

        return scan(self, root, progress, story_of, on_documents)


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
