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
rare in the background (IDF >= ``MIN_INDEX_IDF``) and held by at most ``max(MAX_ANCHOR_DF, 1% of
documents)`` documents are scored. A pair whose probability reaches the threshold is an edge; stories
are grown by average linkage, strongest edge first: two stories merge only if the mean probability
over all their document pairs (unscored pairs count 0) reaches ``LINK_SHARE`` times the threshold,
so one loose edge cannot chain two events together. A document whose pairs all stay below the
threshold changes no other story, so adding unrelated documents to a folder neither merges nor splits
stories (up to the 1% index cap in folders over 5,000 documents).

:meth:`StoryIndex.group` also keeps, for every pair it scored, the evidence (:class:`PairEvidence`):
the probability, the shared anchors and the best shared sentences, which reports print for each story
and for ``scan --story-of FILE``.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
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
MIN_INDEX_IDF = 3.0  # anchors more common than this in the background do not make candidate pairs
RARE_DF = 2  # background document frequency up to which a shared anchor counts as rare
NUMBER_DF = 5

FEATURES = ("cos", "log_shared_idf", "unseen", "rare", "numbers", "cover_min", "cover_max", "dup", "max_cos",
            "top3_cos", "mean_best_cos", "log_facts", "doc_cos", "lede_min", "lede_max", "decimal_conflict",
            "year_conflict", "month_conflict")

_ANCHOR = re.compile(r"\b(?:[A-Z][\w\-’']*\w|[A-Z]|\d[\d,.]*\d|\d)\b")
_NUMBER = re.compile(r"^\d[\d,.]*$")
_DECIMAL = re.compile(r"\b\d+\.\d+\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def anchors(text: str) -> Counter[str]:
    """Event anchors of a text: capitalised words and numbers, case-folded, hyphens dropped."""
    out: Counter[str] = Counter()
    for m in _ANCHOR.finditer(text):
        w = m.group(0).lower().replace("-", "").replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) > 1 and w not in NOT_ANCHORS:
            out[w] += 1
    return out


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


def evidence(text: str, sentences: Sequence[str] | None = None) -> DocEvidence:
    """The evidence of one document; ``sentences``: its story sentences (the rows of its content
    vectors), split from ``text`` when not given."""
    if sentences is None:
        from .text.segment import segment

        sentences = [s.text for s in segment(text)]
    bg = background()
    a = anchors(text)
    v = {w: (1 + math.log(c)) * bg.idf(w) for w, c in a.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    rare_idf = bg.max_idf - 2
    return DocEvidence(
        anchors=a,
        vector={w: x / norm for w, x in v.items()},
        lede=frozenset(w for w in anchors(" ".join(sentences[:LEDE_SENTENCES])) if bg.idf(w) >= LEDE_MIN_IDF),
        decimals=frozenset(_DECIMAL.findall(text)),
        years=frozenset(_YEAR.findall(text)),
        months=frozenset(w for w in a if w in MONTHS),
        sentence_anchors=[frozenset(w for w in anchors(s) if bg.idf(w) >= rare_idf) for s in sentences],
    )


def _lede_cover(a: DocEvidence, b: DocEvidence, bg: Background) -> float:
    if not a.lede:
        return 1.0
    total = sum(bg.idf(w) for w in a.lede)
    return sum(bg.idf(w) for w in a.lede if w in b.anchors) / total


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


def pair_features(a: DocEvidence, b: DocEvidence, va: np.ndarray | None, vb: np.ndarray | None,
                  ) -> tuple[np.ndarray, np.ndarray | None]:
    """The model's features of one pair (in :data:`FEATURES` order) and the sentence cosine matrix."""
    bg = background()
    x, y = (a.vector, b.vector) if len(a.vector) <= len(b.vector) else (b.vector, a.vector)
    cos = sum(v * y.get(w, 0.0) for w, v in x.items())
    shared = a.anchors.keys() & b.anchors.keys()
    shared_idf = sum(bg.idf(w) for w in shared)
    unseen = sum(1 for w in shared if bg.df.get(w, 0) == 0)
    rare = sum(1 for w in shared if bg.df.get(w, 0) <= RARE_DF)
    numbers = sum(1 for w in shared if _NUMBER.match(w) and bg.df.get(w, 0) <= NUMBER_DF)
    ca = sum(v * v for w, v in a.vector.items() if w in shared)
    cb = sum(v * v for w, v in b.vector.items() if w in shared)
    sims = None
    dup = mx = top3 = mean_best = doc_cos = 0.0
    facts = 0
    if va is not None and vb is not None and len(va) and len(vb):
        sims = va @ vb.T
        best_a, best_b = sims.max(axis=1), sims.max(axis=0)
        short = best_a if len(best_a) <= len(best_b) else best_b
        dup = float((short >= DUP_SIMILARITY).mean())
        mx = float(sims.max())
        top3 = float(np.sort(sims.ravel())[-3:].mean())
        mean_best = float(short.mean())
        for i, j in zip(*np.nonzero(sims >= FACT_SIMILARITY)):
            if i < len(a.sentence_anchors) and j < len(b.sentence_anchors) \
                    and a.sentence_anchors[i] & b.sentence_anchors[j]:
                facts += 1
        ma, mb = va.mean(axis=0), vb.mean(axis=0)
        doc_cos = float(ma @ mb / ((np.linalg.norm(ma) * np.linalg.norm(mb)) or 1.0))
    la, lb = _lede_cover(a, b, bg), _lede_cover(b, a, bg)
    feats = np.array([
        cos, math.log1p(shared_idf), unseen, rare, numbers, min(ca, cb), max(ca, cb), dup, mx, top3, mean_best,
        math.log1p(facts), doc_cos, min(la, lb), max(la, lb), _conflict(a.decimals, b.decimals),
        _conflict(a.years, b.years), _conflict(a.months, b.months),
    ], dtype=np.float64)
    return feats, sims


def explain(a: DocEvidence, b: DocEvidence, va: np.ndarray | None, vb: np.ndarray | None,
            max_anchors: int = 10, max_sentences: int = 3) -> PairEvidence:
    """The probability that ``a`` and ``b`` report one event, with the evidence behind it."""
    feats, sims = pair_features(a, b, va, vb)
    p = float(story_model().probability(feats))
    bg = background()
    shared = sorted(a.anchors.keys() & b.anchors.keys(), key=lambda w: (-bg.idf(w), w))
    sentences: list[tuple[int, int, float]] = []
    if sims is not None:
        best_j = sims.argmax(axis=1)
        rows = sorted(range(len(best_j)), key=lambda i: -sims[i, best_j[i]])
        for i in rows[:max_sentences]:
            c = float(sims[i, best_j[i]])
            if c >= FACT_SIMILARITY:
                sentences.append((int(i), int(best_j[i]), c))
    return PairEvidence(p, shared[:max_anchors], sentences, dict(zip(FEATURES, map(float, feats))))


@dataclass
class StoryIndex:
    """Streams documents in, then groups them. Keeps each document's :class:`DocEvidence` (small)."""

    names: list[str] = field(default_factory=list)
    docs: list[DocEvidence] = field(default_factory=list)
    _postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    # evidence of the pairs the last group() joined: (a, b) -> PairEvidence
    links: dict[tuple[int, int], PairEvidence] = field(default_factory=dict)

    def add(self, name: str, text: str, sentences: Sequence[str] | None = None) -> None:
        """One document; ``sentences``: its story sentences, in the order of the sentence vectors
        that :meth:`group` will be given (split from ``text`` when None)."""
        idx = len(self.names)
        self.names.append(name)
        ev = evidence(text, sentences)
        self.docs.append(ev)
        bg = background()
        for w in ev.anchors:
            if bg.idf(w) >= MIN_INDEX_IDF:
                self._postings[w].append(idx)

    def candidate_pairs(self) -> set[tuple[int, int]]:
        n = len(self.names)
        cap = max(MAX_ANCHOR_DF, n // 100)
        pairs: set[tuple[int, int]] = set()
        for docs in self._postings.values():
            if 1 < len(docs) <= cap:
                for x in range(len(docs)):
                    for y in range(x + 1, len(docs)):
                        pairs.add((docs[x], docs[y]))
        return pairs

    def neighbours(self, i: int) -> set[int]:
        """Documents that share an indexed anchor with document ``i`` (however common the anchor)."""
        out: set[int] = set()
        for w in self.docs[i].anchors:
            out.update(self._postings.get(w, ()))
        out.discard(i)
        return out

    def pair(self, a: int, b: int, sentence_vectors: Callable[[int], np.ndarray] | None = None) -> PairEvidence:
        """The evidence for documents ``a`` and ``b`` (whether or not they are a candidate pair)."""
        va = sentence_vectors(a) if sentence_vectors is not None else None
        vb = sentence_vectors(b) if sentence_vectors is not None else None
        return explain(self.docs[a], self.docs[b], va, vb)

    def scores(self, sentence_vectors: Callable[[int], np.ndarray] | None = None,
               ) -> list[tuple[float, int, int]]:
        """(probability, a, b) of every candidate pair, strongest first."""
        model = story_model()
        edges = []
        for a, b in sorted(self.candidate_pairs()):
            va = sentence_vectors(a) if sentence_vectors is not None else None
            vb = sentence_vectors(b) if sentence_vectors is not None else None
            feats, _ = pair_features(self.docs[a], self.docs[b], va, vb)
            edges.append((float(model.probability(feats)), a, b))
        edges.sort(key=lambda e: (-e[0], e[1], e[2]))
        return edges

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
        edges = self.scores(sentence_vectors)
        labels = link(len(self.names), edges, threshold, link_share() * threshold)
        groups: dict[int, list[int]] = defaultdict(list)
        for i, g in enumerate(labels):
            groups[g].append(i)
        self.links = {}
        if explain_links:
            for p, a, b in edges:
                if p >= threshold and labels[a] == labels[b]:
                    self.links[(a, b)] = self.pair(a, b, sentence_vectors)
        return sorted(groups.values(), key=lambda g: g[0])


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
                sentences: Sequence[Sequence[str]] | None = None) -> list[list[int]]:
    """Stories of ``texts``; ``sentences``: each text's sentences, the rows of its vectors."""
    idx = StoryIndex()
    for i, t in enumerate(texts):
        idx.add(str(i), t, sentences[i] if sentences is not None else None)
    return idx.group(sentence_vectors)
