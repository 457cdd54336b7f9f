"""Grouping documents into stories: one story is one event, whatever else is in the folder.

Whether two documents report the same event is decided from the two documents alone (issue #30), by
a logistic pair model (``transcheck/data/story_model.json``, trained by ``scripts/train_story_model.py``
on the ECB+ dev gold and the seeds) over features of two kinds of evidence:

- **anchors**: the event's names, places, numbers and dates (capitalised tokens and numbers,
  case-folded), weighted by a *fixed* background inverse document frequency
  (``transcheck/data/story_background.json``, built by ``scripts/build_story_background.py`` from news
  text that is not ECB+). Folder IDF made two documents alone share nothing (log(3/3) = 0) and made a
  pair's affinity depend on the other files; a fixed table does not. Features: the anchor cosine, the
  shared rare anchors, how much of each document's anchors and of its lede's (first three sentences)
  the other holds, and conflicts (both name a decimal number, a year or a month, and none in common:
  two earthquakes of magnitude 5.6 and 6.1 on one island);
- **shared sentences**: sentence vectors of the two documents: the share of the shorter document's
  sentences with a near-duplicate (cosine >= ``DUP_SIMILARITY``), the best and mean best-aligned
  cosines, sentence pairs that state one fact (cosine >= ``FACT_SIMILARITY`` and a rare anchor in
  common) and the cosine of the mean vectors.

Candidate pairs come from an inverted index over anchors: only documents that share an anchor that is
rare in the background (IDF >= ``MIN_INDEX_IDF``) and held by at most ``max(MAX_ANCHOR_DF, min(1% of
documents, MAX_INDEX_DF))`` documents are candidates, and only candidates whose anchor cosine reaches
``ANCHOR_GATE`` are scored. A pair whose probability reaches the threshold is an edge; stories are
grown by average linkage, strongest edge first: two stories merge only if the mean probability over
all their document pairs (unscored pairs count 0) reaches ``link_share()`` (1.0, in
story_model.json) times the threshold, so one loose edge cannot chain two events together. A
document whose pairs all stay below the threshold changes no other story, so adding unrelated
documents to a folder neither merges nor splits stories (up to the index cap in folders over 5,000
documents). Candidates are walked one document at a time, so the folder's pairs are never held at once.

:meth:`StoryIndex.group` also keeps, for every pair it joined, the evidence (:class:`PairEvidence`):
the probability, the shared anchors and the best shared sentences, which reports print for each story
and for ``scan --story-of FILE``.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from .learned import LinearModel, read_params
from .text.english import MONTHS, NOT_ANCHORS

TRAINER = "scripts/train_story_model.py"
BACKGROUND_TRAINER = "scripts/build_story_background.py"

DUP_SIMILARITY = 0.70
FACT_SIMILARITY = 0.55
LEDE_SENTENCES = 3
LEDE_MIN_IDF = 2.5
MAX_ANCHOR_DF = 50
MAX_INDEX_DF = 200  # the 1% cap stops growing here: candidate pairs stay linear in the folder's anchors
MIN_INDEX_IDF = 3.0  # anchors more common than this in the background do not make candidate pairs
RARE_DF = 2  # background document frequency up to which a shared anchor counts as rare
NUMBER_DF = 5
# A pair whose anchor cosine is below this is not scored (probability 0): it saves the sentence
# features of most candidate pairs (two documents that share one rare name and little else). In the
# ECB+ dev gold 11 of 1,096 same-event pairs fall below it (the cross-validated figures are the same
# with 0.05 and with 0.1); in the 5,000-document benchmark it leaves 58,000 of 278,000 candidates.
ANCHOR_GATE = 0.1
SCORE_CHUNK = 8192  # candidate pairs whose features are computed and scored in one batch

FEATURES = ("cos", "log_shared_idf", "unseen", "rare", "numbers", "cover_min", "cover_max", "dup", "max_cos",
            "top3_cos", "mean_best_cos", "log_facts", "doc_cos", "lede_min", "lede_max", "decimal_conflict",
            "year_conflict", "month_conflict")

_ANCHOR = re.compile(r"\b(?:[A-Z][\w\-’']*\w|[A-Z]|\d[\d,.]*\d|\d)\b")
_NUMBER = re.compile(r"^\d[\d,.]*$")
_DECIMAL = re.compile(r"\d+\.\d+")  # an anchor that is a decimal number (a magnitude, a score)
_YEAR = re.compile(r"(?:19|20)\d\d")  # an anchor that is a year


def _anchor_matches(text: str) -> list[tuple[int, str]]:
    """(offset, anchor) of every anchor of ``text``, in order."""
    out = []
    for m in _ANCHOR.finditer(text):
        w = m.group(0).lower().replace("-", "").replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) > 1 and w not in NOT_ANCHORS:
            out.append((m.start(), w))
    return out


def anchors(text: str) -> Counter[str]:
    """Event anchors of a text: capitalised words and numbers, case-folded, hyphens dropped."""
    return Counter(w for _, w in _anchor_matches(text))


@dataclass(frozen=True)
class Background:
    """Document frequencies of anchors in a fixed background corpus (not the scanned folder)."""

    n: int
    df: dict[str, int]

    def idf(self, w: str) -> float:
        return math.log((self.n + 1) / (self.df.get(w, 0) + 1))

    @property
    def max_idf(self) -> float:
        return math.log(self.n + 1)


@cache
def background() -> Background:
    p = read_params("story_background.json", BACKGROUND_TRAINER)
    return Background(int(p["n"]), {str(k): int(v) for k, v in p["df"].items()})


@cache
def _common_anchors() -> frozenset[str]:
    """Anchors too common in the background to propose candidate pairs (IDF < ``MIN_INDEX_IDF``)."""
    bg = background()
    return frozenset(w for w in bg.df if bg.idf(w) < MIN_INDEX_IDF)


@cache
def _model() -> tuple[LinearModel, dict[str, Any]]:
    p = read_params("story_model.json", TRAINER)
    return LinearModel.from_block(p, FEATURES, "story_model.json"), p


def story_model() -> LinearModel:
    return _model()[0]


def _param(name: str, default: float) -> float:
    return float(_model()[1].get(name, default))


def default_threshold() -> float:
    """The pair probability from which two documents are one story (story_model.json)."""
    return _param("threshold", 0.4)


def model_digest() -> str:
    """A hash of the shipped story model and background table (cache keys change with them)."""
    import hashlib

    from .learned import _read

    h = hashlib.sha256()
    for name in ("story_model.json", "story_background.json"):
        h.update(_read(name).encode("utf-8"))
    return h.hexdigest()[:16]


def link_share() -> float:
    """Average-linkage floor, as a share of the threshold (story_model.json)."""
    return _param("link_share", 1.0)


@dataclass
class DocEvidence:
    """What the index keeps of one document: anchors, lede anchors, dates and numbers, and the rare
    anchors of each story sentence (rows of its content vectors)."""

    anchors: Counter[str]
    vector: dict[str, float]
    lede: frozenset[str]
    decimals: frozenset[str]
    years: frozenset[str]
    months: frozenset[str]
    sentence_anchors: list[frozenset[str]]
    idf: dict[str, float]  # background IDF of each anchor
    rare: frozenset[str]  # anchors of background df <= RARE_DF
    unseen: frozenset[str]  # anchors no background unit holds
    rare_numbers: frozenset[str]  # numbers of background df <= NUMBER_DF
    lede_idf: float  # summed IDF of the lede anchors


def evidence(text: str, spans: Sequence[tuple[int, int]] | None = None) -> DocEvidence:
    """The evidence of one document; ``spans``: the ``(start, end)`` offsets of its story sentences
    in ``text`` (the rows of its content vectors), in order; split from ``text`` when not given.
    One pass of the anchor pattern over the text gives the document's, the lede's and each
    sentence's anchors."""
    if spans is None:
        from .text.segment import segment

        spans = [(sg.start, sg.end) for sg in segment(text)]
    return _evidence(_anchor_matches(text), spans)


def _evidence(matches: list[tuple[int, str]], spans: Sequence[tuple[int, int]]) -> DocEvidence:
    bg = background()
    a = Counter(w for _, w in matches)
    idf = {w: bg.idf(w) for w in a}
    v = {w: (1 + math.log(c)) * idf[w] for w, c in a.items()}
    norm = math.sqrt(math.fsum(x * x for x in v.values())) or 1.0
    rare_idf = bg.max_idf - 2
    starts = [st for st, _ in spans]
    per_sentence: list[set[str]] = [set() for _ in spans]
    for pos, w in matches:
        k = bisect_right(starts, pos) - 1
        if k >= 0 and pos < spans[k][1]:
            per_sentence[k].add(w)
    lede = frozenset(w for ws in per_sentence[:LEDE_SENTENCES] for w in ws if idf[w] >= LEDE_MIN_IDF)
    return DocEvidence(
        anchors=a,
        vector={w: x / norm for w, x in v.items()},
        lede=lede,
        decimals=frozenset(w for w in a if _DECIMAL.fullmatch(w)),
        years=frozenset(w for w in a if _YEAR.fullmatch(w)),
        months=frozenset(w for w in a if w in MONTHS),
        sentence_anchors=[frozenset(w for w in ws if idf[w] >= rare_idf) for ws in per_sentence],
        idf=idf,
        rare=frozenset(w for w in a if bg.df.get(w, 0) <= RARE_DF),
        unseen=frozenset(w for w in a if w not in bg.df),
        rare_numbers=frozenset(w for w in a if _NUMBER.match(w) and bg.df.get(w, 0) <= NUMBER_DF),
        lede_idf=math.fsum(idf[w] for w in lede),
    )


def _lede_cover(a: DocEvidence, b: DocEvidence, bg: Background) -> float:
    if not a.lede:
        return 1.0
    return math.fsum(bg.idf(w) for w in a.lede if w in b.anchors) / a.lede_idf


def _conflict(a: frozenset[str], b: frozenset[str]) -> float:
    return float(bool(a) and bool(b) and not (a & b))


@dataclass
class PairEvidence:
    """Why two documents are (or are not) one story: the model's probability and its evidence."""

    probability: float
    shared_anchors: list[str]  # rarest first
    shared_sentences: list[tuple[int, int, float]]  # (row in a, row in b, cosine), best first
    features: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {"probability": round(self.probability, 4), "shared_anchors": self.shared_anchors,
                "shared_sentences": [[i, j, round(c, 4)] for i, j, c in self.shared_sentences],
                "features": {k: round(v, 4) for k, v in self.features.items()}}


def anchor_cosine(a: DocEvidence, b: DocEvidence) -> float:
    """Cosine of the two documents' background-weighted anchor vectors."""
    x, y = (a.vector, b.vector) if len(a.vector) <= len(b.vector) else (b.vector, a.vector)
    return math.fsum(v * y[w] for w, v in x.items() if w in y)


def mean_vector(v: np.ndarray) -> np.ndarray:
    """The unit-length mean of a document's sentence vectors."""
    m = v.mean(axis=0)
    n = float(np.linalg.norm(m))
    return m / n if n else m


def pair_features(a: DocEvidence, b: DocEvidence, va: np.ndarray | None, vb: np.ndarray | None,
                  ma: np.ndarray | None = None, mb: np.ndarray | None = None,
                  cos: float | None = None) -> np.ndarray:
    """The model's features of one pair, in :data:`FEATURES` order. ``va``, ``vb``: the documents'
    sentence vectors (rows: their story sentences); ``ma``, ``mb``: their :func:`mean_vector`, when
    the caller keeps them; ``cos``: their :func:`anchor_cosine`, likewise. Sums are exact
    (``math.fsum``), so the features do not depend on the order in which a set is walked."""
    bg = background()
    cos = anchor_cosine(a, b) if cos is None else cos
    shared = a.anchors.keys() & b.anchors.keys()
    shared_idf = math.fsum(a.idf[w] for w in shared)
    ca = math.fsum(a.vector[w] ** 2 for w in shared)
    cb = math.fsum(b.vector[w] ** 2 for w in shared)
    dup = mx = top3 = mean_best = doc_cos = 0.0
    facts = 0
    if va is not None and vb is not None and len(va) and len(vb):
        sims = va @ vb.T
        # the shorter document's best counterparts; with two of one length, both sides' (averaged),
        # so that a pair's features do not depend on which document comes first
        if len(va) == len(vb):
            sides = [sims.max(axis=1), sims.max(axis=0)]
        else:
            sides = [sims.max(axis=1) if len(va) < len(vb) else sims.max(axis=0)]
        dup = math.fsum(np.count_nonzero(s >= DUP_SIMILARITY) / len(s) for s in sides) / len(sides)
        mx = float(sims.max())
        flat = sims.ravel()
        top3 = float(np.partition(flat, len(flat) - 3)[-3:].mean()) if len(flat) > 3 else float(flat.mean())
        mean_best = math.fsum(math.fsum(s.tolist()) / len(s) for s in sides) / len(sides)
        sa, sb = a.sentence_anchors, b.sentence_anchors
        for i, j in np.argwhere(sims >= FACT_SIMILARITY).tolist():
            if i < len(sa) and j < len(sb) and not sa[i].isdisjoint(sb[j]):
                facts += 1
        ma = mean_vector(va) if ma is None else ma
        mb = mean_vector(vb) if mb is None else mb
        doc_cos = float(ma @ mb)
    la, lb = _lede_cover(a, b, bg), _lede_cover(b, a, bg)
    return np.array([
        cos, math.log1p(shared_idf), len(shared & a.unseen), len(shared & a.rare), len(shared & a.rare_numbers),
        min(ca, cb), max(ca, cb), dup, mx, top3, mean_best, math.log1p(facts), doc_cos, min(la, lb), max(la, lb),
        _conflict(a.decimals, b.decimals), _conflict(a.years, b.years), _conflict(a.months, b.months),
    ], dtype=np.float64)


def explain(a: DocEvidence, b: DocEvidence, va: np.ndarray | None, vb: np.ndarray | None,
            features: np.ndarray | None = None, max_anchors: int = 10, max_sentences: int = 3) -> PairEvidence:
    """The probability that ``a`` and ``b`` report one event, with the evidence behind it
    (``features``: the pair's :func:`pair_features`, when the caller has them)."""
    feats = pair_features(a, b, va, vb) if features is None else features
    p = float(story_model().probability(feats))
    shared = sorted(a.anchors.keys() & b.anchors.keys(), key=lambda w: (-a.idf[w], w))
    sentences: list[tuple[int, int, float]] = []
    if va is not None and vb is not None and len(va) and len(vb):
        sims = va @ vb.T
        best_j = sims.argmax(axis=1)
        rows = sorted(range(len(best_j)), key=lambda i: (-sims[i, best_j[i]], i))
        for i in rows[:max_sentences]:
            c = float(sims[i, best_j[i]])
            if c >= FACT_SIMILARITY:
                sentences.append((int(i), int(best_j[i]), c))
    return PairEvidence(p, shared[:max_anchors], sentences, dict(zip(FEATURES, map(float, feats))))


@dataclass
class StoryIndex:
    """Streams documents in, then groups them. Keeps each document's :class:`DocEvidence` (small)."""

    names: list[str] = field(default_factory=list)
    # per document: its anchor matches and sentence spans; the DocEvidence is built when first needed
    # (a scan whose grouping comes from the cache never needs it)
    _raw: list[tuple[list[tuple[int, str]], list[tuple[int, int]]]] = field(default_factory=list)
    _docs: dict[int, DocEvidence] = field(default_factory=dict)
    _postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    # evidence of the pairs the last group() joined: (a, b) -> PairEvidence
    links: dict[tuple[int, int], PairEvidence] = field(default_factory=dict)

    def add(self, name: str, text: str, spans: Sequence[tuple[int, int]] | None = None) -> None:
        """One document; ``spans``: the offsets of its story sentences, in the order of the sentence
        vectors that :meth:`group` will be given (split from ``text`` when None)."""
        if spans is None:
            from .text.segment import segment

            spans = [(sg.start, sg.end) for sg in segment(text)]
        idx = len(self.names)
        self.names.append(name)
        matches = _anchor_matches(text)
        self._raw.append((matches, list(spans)))
        common = _common_anchors()
        for w in {w for _, w in matches} - common:
            self._postings[w].append(idx)

    def doc(self, i: int) -> DocEvidence:
        """The evidence of document ``i``."""
        ev = self._docs.get(i)
        if ev is None:
            ev = self._docs[i] = _evidence(*self._raw[i])
        return ev

    def _cap(self) -> int:
        return max(MAX_ANCHOR_DF, min(len(self.names) // 100, MAX_INDEX_DF))

    def candidates(self) -> Iterator[tuple[int, list[int]]]:
        """Each document ``a`` (in order) with the later documents that share an indexed anchor with
        it, sorted: the candidate pairs ``(a, b)``, ``a < b``, one document at a time, so that the
        folder's pairs are never all held at once."""
        cap = self._cap()
        postings = self._postings
        for a, (matches, _) in enumerate(self._raw):
            later: set[int] = set()
            for w in {w for _, w in matches}:
                docs = postings.get(w)
                if docs is not None and 1 < len(docs) <= cap:
                    later.update(docs[bisect_right(docs, a):])
            if later:
                yield a, sorted(later)

    def candidate_pairs(self) -> set[tuple[int, int]]:
        """Every candidate pair (for inspection; grouping walks :meth:`candidates`)."""
        return {(a, b) for a, later in self.candidates() for b in later}

    def _anchor_matrix(self) -> Any:
        """Rows: each document's background-weighted anchor vector (unit length), sparse."""
        from scipy.sparse import csr_matrix

        bg = background()
        vocab: dict[str, int] = {}
        indptr, indices, data = [0], [], []
        for matches, _ in self._raw:
            counts = Counter(w for _, w in matches)
            weights = [(1 + math.log(c)) * bg.idf(w) for w, c in counts.items()]
            norm = math.sqrt(math.fsum(x * x for x in weights)) or 1.0
            for w, x in zip(counts, weights):
                indices.append(vocab.setdefault(w, len(vocab)))
                data.append(x / norm)
            indptr.append(len(indices))
        return csr_matrix((np.array(data, dtype=np.float64), np.array(indices, dtype=np.int64),
                           np.array(indptr, dtype=np.int64)), shape=(len(self._raw), max(1, len(vocab))))

    def gated_pairs(self) -> Iterator[tuple[int, int, float]]:
        """``(a, b, anchor cosine)`` of the candidate pairs whose anchor cosine reaches
        ``ANCHOR_GATE``, in order. The cosines are screened in one sparse product per document and
        the survivors' computed exactly (:func:`anchor_cosine`)."""
        x = self._anchor_matrix()
        for a, later in self.candidates():
            rough = (x[later] @ x[a].T).toarray().ravel()
            for b, r in zip(later, rough.tolist()):
                if r >= ANCHOR_GATE - 1e-9:
                    cos = anchor_cosine(self.doc(a), self.doc(b))
                    if cos >= ANCHOR_GATE:
                        yield a, b, cos

    def neighbours(self, i: int) -> set[int]:
        """Documents that share an indexed anchor with document ``i`` (however common the anchor)."""
        out: set[int] = set()
        for w in self.doc(i).anchors:
            out.update(self._postings.get(w, ()))
        out.discard(i)
        return out

    def pair(self, a: int, b: int, sentence_vectors: Callable[[int], np.ndarray] | None = None) -> PairEvidence:
        """The evidence for documents ``a`` and ``b`` (whether or not they are a candidate pair; the
        model's probability even below ``ANCHOR_GATE``)."""
        va = sentence_vectors(a) if sentence_vectors is not None else None
        vb = sentence_vectors(b) if sentence_vectors is not None else None
        return explain(self.doc(a), self.doc(b), va, vb)

    def _scored(self, sentence_vectors: Callable[[int], np.ndarray] | None, keep: float = math.inf,
                ) -> tuple[np.ndarray, np.ndarray, dict[tuple[int, int], np.ndarray]]:
        """The candidate pairs past the anchor gate (an ``(n, 2)`` array, in order), their
        probabilities, and the features of the pairs whose probability reaches ``keep``. Features
        are scored in chunks of ``SCORE_CHUNK`` pairs, so only the kept ones stay in memory."""
        means: dict[int, np.ndarray] = {}

        def mean(i: int, v: np.ndarray) -> np.ndarray:
            m = means.get(i)
            if m is None:
                m = means[i] = mean_vector(v)
            return m

        pair_blocks: list[np.ndarray] = []
        prob_blocks: list[np.ndarray] = []
        kept: dict[tuple[int, int], np.ndarray] = {}
        pairs: list[tuple[int, int]] = []
        rows: list[np.ndarray] = []

        def flush() -> None:
            if not rows:
                return
            x = np.vstack(rows)
            probs = np.atleast_1d(story_model().probability(x))
            for k in np.flatnonzero(probs >= keep).tolist():
                kept[pairs[k]] = x[k]
            pair_blocks.append(np.array(pairs, dtype=np.int64).reshape(-1, 2))
            prob_blocks.append(probs)
            pairs.clear()
            rows.clear()

        for a, b, cos in self.gated_pairs():
            va = vb = ma = mb = None
            if sentence_vectors is not None:
                va, vb = sentence_vectors(a), sentence_vectors(b)
                if len(va) and len(vb):
                    ma, mb = mean(a, va), mean(b, vb)
            rows.append(pair_features(self.doc(a), self.doc(b), va, vb, ma, mb, cos))
            pairs.append((a, b))
            if len(rows) >= SCORE_CHUNK:
                flush()
        flush()
        if not pair_blocks:
            return np.zeros((0, 2), dtype=np.int64), np.zeros(0), kept
        return np.vstack(pair_blocks), np.concatenate(prob_blocks), kept

    def scores(self, sentence_vectors: Callable[[int], np.ndarray] | None = None,
               ) -> list[tuple[float, int, int]]:
        """(probability, a, b) of every candidate pair whose anchor cosine reaches ``ANCHOR_GATE``,
        strongest first (the others count 0: see :data:`ANCHOR_GATE`)."""
        pairs, probs, _ = self._scored(sentence_vectors)
        return _edges(pairs, probs)

    def group(
        self,
        sentence_vectors: Callable[[int], np.ndarray] | None = None,
        threshold: float | None = None,
        explain_links: bool = True,
    ) -> list[list[int]]:
        """Stories as lists of document indices (singletons included), in input order.

        Average linkage over the scored pairs, strongest first: two stories merge on an edge of at
        least ``threshold`` only if the mean probability over all their document pairs (unscored
        pairs count 0) is at least ``link_share() * threshold``. Without ``sentence_vectors`` the
        sentence features are 0 and only strong anchor evidence joins documents."""
        threshold = default_threshold() if threshold is None else threshold
        pairs, probs, kept = self._scored(sentence_vectors, keep=threshold if explain_links else math.inf)
        labels = link(len(self.names), _edges(pairs, probs), threshold, link_share() * threshold)
        groups: dict[int, list[int]] = defaultdict(list)
        for i, g in enumerate(labels):
            groups[g].append(i)
        self.links = {}
        if explain_links:
            for (a, b), feats in sorted(kept.items()):
                if labels[a] == labels[b]:
                    va = sentence_vectors(a) if sentence_vectors is not None else None
                    vb = sentence_vectors(b) if sentence_vectors is not None else None
                    self.links[(a, b)] = explain(self.doc(a), self.doc(b), va, vb, feats)
        return sorted(groups.values(), key=lambda g: g[0])


def _edges(pairs: np.ndarray, probs: np.ndarray) -> list[tuple[float, int, int]]:
    """(probability, a, b) of scored pairs, strongest first (ties by document order)."""
    order = np.lexsort((pairs[:, 1], pairs[:, 0], -probs)) if len(probs) else np.zeros(0, dtype=np.int64)
    return [(float(probs[k]), int(pairs[k, 0]), int(pairs[k, 1])) for k in order.tolist()]


def link(n: int, edges: Sequence[tuple[float, int, int]], threshold: float, floor: float) -> list[int]:
    """Average-linkage labels (a root index per document) over ``edges`` sorted strongest first."""
    parent = list(range(n))
    size = [1] * n
    sums: list[dict[int, float]] = [{} for _ in range(n)]  # summed probability between story roots
    for p, a, b in edges:
        sums[a][b] = sums[a].get(b, 0.0) + p
        sums[b][a] = sums[b].get(a, 0.0) + p

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p, a, b in edges:
        if p < threshold:
            break
        ra, rb = find(a), find(b)
        if ra == rb or sums[ra].get(rb, 0.0) < floor * size[ra] * size[rb]:
            continue
        keep, gone = min(ra, rb), max(ra, rb)
        parent[gone] = keep
        size[keep] += size[gone]
        for other, w in sums[gone].items():
            del sums[other][gone]
            if other != keep:
                sums[keep][other] = sums[keep].get(other, 0.0) + w
                sums[other][keep] = sums[other].get(keep, 0.0) + w
        sums[gone] = {}
    return [find(i) for i in range(n)]


def duplicate_share(a: np.ndarray, b: np.ndarray, threshold: float = DUP_SIMILARITY) -> float:
    """Share of the shorter document's sentences with a near-duplicate in the other."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    return float(((a @ b.T).max(axis=1) >= threshold).mean())


def group_texts(texts: Sequence[str], sentence_vectors: Callable[[int], np.ndarray] | None = None,
                spans: Sequence[Sequence[tuple[int, int]]] | None = None) -> list[list[int]]:
    """Stories of ``texts``; ``spans``: each text's sentence offsets, the rows of its vectors."""
    idx = StoryIndex()
    for i, t in enumerate(texts):
        idx.add(str(i), t, spans[i] if spans is not None else None)
    return idx.group(sentence_vectors)
