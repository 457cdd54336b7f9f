"""Order-free sentence alignment by meaning.

Syndicated copies reorder paragraphs, cut sentences, merge two into one and split one into two, so
no monotonic dynamic program is used. Instead:

1. A many-to-many score matrix between candidate and original sentences: embedding cosine (unit
   vectors, one matmul) plus ``lexical_weight`` times the Dice overlap of their content words and
   word bigrams. The embedding alone cannot tell a reworded quote of the same speaker (cosine 0.51
   in the seeds) from another sentence of the same story (0.55-0.65); the shared wording can.
2. Ratio-margin scoring (Artetxe & Schwenk 2019): ``sim(x, y) / mean(avg-kNN(x), avg-kNN(y))``, which
   discounts "hub" sentences that are close to everything. A candidate's kNN mean is taken within
   each original document, so three syndicated copies of one sentence do not mask each other.
3. Each candidate takes its best original by margin. Whether that original is its *counterpart*,
   or only the nearest sentence of the same story, is decided by a small logistic model over eleven
   features of the pair (:data:`COUNTERPART_FEATURES`: score, cosine, word overlap, margin, lead over
   the runner-up in the same document, mutual best, neighbourhood density, word containment and
   coverage), learned from WMT
   documents by ``scripts/train_align.py`` and shipped as ``transcheck/data/align_model.json``.
   Negatives are the two ways a non-counterpart looks close: the best other sentence of the same
   document when the true one is missing (an outlet's own addition), and the best sentence of the
   nearest *other* document (another article on the same event).
4. Merges: a candidate may match two adjacent original sentences together (2-1), and two adjacent
   candidates may share one original (1-2, which falls out of step 3). A merge is taken when the
   normalised sum of the two original vectors (a good stand-in for the embedding of the
   concatenation, because the model mean-pools tokens) beats the single sentence by ``merge_gain``.

The threshold is calibrated on the same data (see docs/evaluation.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from .learned import LinearModel, read_params
from .text.english import ALIGN_STOPWORDS

LEXICAL_WEIGHT = 0.5
MARGIN_K = 4
MERGE_GAIN = 0.03
MODEL_FILE = "align_model.json"
COUNTERPART_FEATURES = ("score", "cosine", "lexical", "margin", "lead", "mutual", "density", "containment",
                        "score_if_not_mutual", "containment_if_not_mutual", "coverage")
@lru_cache(maxsize=1)
def _params() -> dict[str, Any]:
    return read_params(MODEL_FILE, "scripts/train_align.py")


@lru_cache(maxsize=1)
def model() -> LinearModel:
    """The counterpart gate: P(the best original sentence is the candidate's counterpart)."""
    return LinearModel.from_block(_params(), COUNTERPART_FEATURES, MODEL_FILE)


COPY_SIMILARITY = 0.7  # a counterpart this close (cosine) is a sentence the copy kept
COPY_SHARE = 0.5  # of the shorter document's sentences: a copy keeps at least this many close ones
COPY_ALIGNED = 0.6  # ... or has a counterpart there for at least this share of its own sentences
RELATIONS = ("copy", "independent")


def relation(similarities: list[float], n_candidate: int, n_original: int) -> str:
    """How a candidate document stands to one original, from its sentences aligned there (their
    cosines): ``copy`` (a syndicated copy, an edited version or a translation of that original) when
    at least ``COPY_SHARE`` of the shorter document's sentences have a counterpart at cosine
    ``COPY_SIMILARITY`` or more, or at least ``COPY_ALIGNED`` of the candidate's sentences have a
    counterpart there at all (two sentences at the least, either way); else ``independent`` (another
    report of the same event). Calibrated on the WMT syndication build (copies) against ECB+
    same-event reports and the seeds (docs/drift.md)."""
    close = sum(1 for s in similarities if s >= COPY_SIMILARITY)
    if len(similarities) < 2:
        return "independent"
    copy = close >= max(2.0, COPY_SHARE * min(n_candidate, n_original)) or len(similarities) >= COPY_ALIGNED * n_candidate
    return "copy" if copy else "independent"


def default_threshold() -> float:
    return float(_params()["threshold"])


def align_settings(threshold: float | None = None) -> dict[str, Any]:
    """Every number that shapes alignment, with ``threshold`` in force (default: the calibrated one)."""
    return {"model": _params()["version"], "threshold": default_threshold() if threshold is None else threshold,
            "margin_k": MARGIN_K, "merge_gain": MERGE_GAIN, "lexical_weight": LEXICAL_WEIGHT}


@dataclass
class Link:
    candidate: int  # candidate sentence index
    originals: tuple[int, ...]  # indices into the original sentence list (1 or 2 adjacent)
    similarity: float
    margin: float


_TOKEN = re.compile(r"\w+")


@lru_cache(maxsize=16_384)  # a story's original sentences are compared with each of its copies (~4 kB each)
def word_features(text: str) -> frozenset[str]:
    """Content words and word bigrams, lowercased: what a reworded sentence still shares."""
    words = [w.lower() for w in _TOKEN.findall(text)]
    return frozenset([w for w in words if w not in ALIGN_STOPWORDS] + [f"{a} {b}" for a, b in zip(words, words[1:])])


DENSE_INCIDENCE_CELLS = 4_000_000  # 16 MB of float32; larger pairs of texts go through sparse matrices


class _WordOverlap:
    """Dice overlap, containment and coverage of :func:`word_features` for (candidate, original) pairs,
    prepared once and computed for any block of candidate rows.

    How many features each pair shares is the product of two 0/1 incidence matrices (sentences x
    features). Dense for the usual story (faster, one matmul, computed at once); sparse for long
    texts, where dense ones take sentences x vocabulary: two 1 MB texts (17,700 segments, ~30,000
    words and bigrams) took 2 GB each. The counts are small integers, exact in float32 either way."""

    def __init__(self, cand_texts: list[str], orig_texts: list[str]):
        feats_c = [word_features(t) for t in cand_texts]
        feats_o = [word_features(t) for t in orig_texts]
        vocab: dict[str, int] = {}
        for f in feats_c:
            for w in f:
                vocab.setdefault(w, len(vocab))
        self.m = len(feats_o)
        self.sizes_c = np.array([len(f) for f in feats_c], dtype=np.float32)
        self.sizes_o = np.array([len(f) for f in feats_o], dtype=np.float32)
        self._shared: np.ndarray | None = None
        self._c = self._o_t = None
        if not vocab:
            self._shared = np.zeros((len(feats_c), self.m), dtype=np.float32)
            return
        rows_c = [[vocab[w] for w in f] for f in feats_c]
        rows_o = [[vocab[w] for w in f if w in vocab] for f in feats_o]
        if (len(feats_c) + len(feats_o)) * len(vocab) <= DENSE_INCIDENCE_CELLS:
            c = np.zeros((len(feats_c), len(vocab)), dtype=np.float32)
            for i, idx in enumerate(rows_c):
                c[i, idx] = 1.0
            o = np.zeros((len(feats_o), len(vocab)), dtype=np.float32)
            for j, idx in enumerate(rows_o):
                if idx:
                    o[j, idx] = 1.0
            self._shared = c @ o.T
            return
        from scipy.sparse import csr_matrix  # (scipy comes with sentence-transformers)

        def incidence(rows: list[list[int]]) -> csr_matrix:
            indptr = np.cumsum([0] + [len(r) for r in rows])
            cols = np.fromiter((k for r in rows for k in sorted(r)), dtype=np.int64, count=int(indptr[-1]))
            return csr_matrix((np.ones(len(cols), dtype=np.float32), cols, indptr), shape=(len(rows), len(vocab)))

        self._c, self._o_t = incidence(rows_c), incidence(rows_o).T.tocsc()

    def _shared_rows(self, a: int, b: int) -> np.ndarray:
        if self._shared is not None:
            return self._shared[a:b]
        shared = np.empty((b - a, self.m), dtype=np.float32)
        for i in range(a, b, 256):  # nearly every pair shares a feature: a sparse product of all
            j = min(b, i + 256)  # rows at once held several GB
            shared[i - a : j - a] = (self._c[i:j] @ self._o_t).toarray()  # type: ignore[index]
        return shared

    def block(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Dice, containment and coverage of candidate rows ``a:b`` against every original."""
        shared = self._shared_rows(a, b)
        sizes_c = self.sizes_c[a:b, None]
        dice = np.zeros((b - a, self.m), dtype=np.float32)
        contain = np.zeros_like(dice)
        cover = np.zeros_like(dice)
        denom = sizes_c + self.sizes_o[None, :]
        np.divide(2.0 * shared, denom, out=dice, where=denom > 0)
        np.divide(shared, sizes_c, out=contain, where=sizes_c > 0)
        np.divide(shared, self.sizes_o[None, :], out=cover, where=self.sizes_o[None, :] > 0)
        return dice, contain, cover


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if (a or b) else 0.0


def _knn_mean(sim: np.ndarray, k: int, axis: int) -> np.ndarray:
    n = sim.shape[axis]
    if n == 0:
        return np.zeros(sim.shape[1 - axis], dtype=np.float32)
    k = max(1, min(k, n))
    part = -np.partition(-sim, k - 1, axis=axis)
    part = part[:k] if axis == 0 else part[:, :k]
    return part.mean(axis=axis)


@dataclass
class PairScores:
    """Each candidate's best original (by margin) and the counterpart features of that pair."""

    best: np.ndarray  # (n,) index of the best original per candidate
    features: np.ndarray  # (n, len(COUNTERPART_FEATURES))
    best_sim: np.ndarray  # (n,) cosine + lexical_weight * word overlap of the best pair
    best_cos: np.ndarray  # (n,) cosine of the best pair
    groups: np.ndarray  # (m,) document of each original sentence
    lexical: bool  # whether word overlap is part of the score


def _group_ranges(groups: np.ndarray) -> list[tuple[int, int]]:
    """Column ranges [start, end) of each original document, whose sentences must be consecutive
    (callers concatenate the documents' sentences in order)."""
    if not len(groups):
        return []
    cuts = np.flatnonzero(groups[1:] != groups[:-1]) + 1
    bounds = [0, *cuts.tolist(), len(groups)]
    ranges = list(zip(bounds[:-1], bounds[1:]))
    if len({int(groups[a]) for a, _ in ranges}) != len(ranges):
        raise ValueError("each original document's sentences must be consecutive")
    return ranges


ALIGN_BLOCK_CELLS = 8_000_000  # candidate rows scored at a time: ~9 float32 matrices of this size, ~0.3 GB


def pair_scores(
    cand_vecs: np.ndarray,
    orig_vecs: np.ndarray,
    orig_groups: np.ndarray | None = None,
    cand_texts: list[str] | None = None,
    orig_texts: list[str] | None = None,
    lexical_weight: float = LEXICAL_WEIGHT,
    k: int = MARGIN_K,
) -> PairScores:
    """Score every (candidate, original) pair and describe each candidate's best pair.

    Shared by :func:`align` and ``scripts/train_align.py``, so the model is trained on exactly the
    features it sees at run time. Neighbourhoods (kNN means, runner-up) are taken per original
    document (``orig_groups``); the mutual test is over all candidates. The candidate's kNN mean and
    runner-up are kept per document (n x documents), not spread over every column, and each
    document's columns are a view, not a copy.

    Memory is bounded: when n x m exceeds :data:`ALIGN_BLOCK_CELLS`, the pairs are scored in blocks
    of candidate rows, twice. The first pass keeps each original's k best scores (its kNN mean over
    all candidates), the second computes margins and keeps each original's best candidate so far
    (the mutual test). Two 1 MB texts (17,700 x 17,700 segments) held 9.3 GB in one block.
    """
    n, m = len(cand_vecs), len(orig_vecs)
    lexical = cand_texts is not None and orig_texts is not None and lexical_weight > 0
    overlap = _WordOverlap(cand_texts, orig_texts) if cand_texts is not None and orig_texts is not None and lexical else None

    def scores(a: int, b: int) -> tuple[np.ndarray, ...]:
        cos = cand_vecs[a:b] @ orig_vecs.T
        if overlap is not None:
            lex, contain, cover = overlap.block(a, b)
        else:
            lex = contain = cover = np.zeros_like(cos)
        return cos, lex, contain, cover, cos + lexical_weight * lex

    groups = orig_groups if orig_groups is not None else np.zeros(m, dtype=np.int64)
    ranges = _group_ranges(groups)
    step = max(1, ALIGN_BLOCK_CELLS // max(m, 1))
    blocks = [(a, min(n, a + step)) for a in range(0, n, step)] if n > step else [(0, n)]
    one = scores(0, n) if len(blocks) == 1 else None  # a news story: scored once, in one block
    if one is not None:
        knn_o = _knn_mean(one[4], k, axis=0)
    else:
        knn_o = _column_knn_mean((scores(a, b)[4] for a, b in blocks), k)
    best = np.empty(n, dtype=np.int64)
    col_best = np.full(m, -np.inf, dtype=np.float32)  # each original's best margin so far, and from which candidate
    col_arg = np.zeros(m, dtype=np.int64)
    parts: list[tuple[np.ndarray, ...]] = []
    for a, b in blocks:
        margin, best[a:b], row_features = _best_in_block(one if one is not None else scores(a, b), ranges, knn_o, k)
        col_max, col_at = margin.max(axis=0), margin.argmax(axis=0) + a
        better = col_max > col_best  # strict: ties keep the earlier candidate, as argmax over all rows does
        col_best[better], col_arg[better] = col_max[better], col_at[better]
        parts.append(row_features)
    best_sim, best_cos, best_lex, best_margin, lead, density, contain_b, cover_b = (
        np.concatenate(cols) for cols in zip(*parts)
    )
    mutual = (col_arg[best] == np.arange(n)).astype(np.float64)
    features = np.column_stack([
        best_sim, best_cos, best_lex, best_margin, lead, mutual, density, contain_b,
        (1 - mutual) * best_sim, (1 - mutual) * contain_b, cover_b,
    ]).astype(np.float64)
    return PairScores(best=best, features=features, best_sim=best_sim, best_cos=best_cos,
                      groups=groups, lexical=lexical)


def _best_in_block(
    scores: tuple[np.ndarray, ...], ranges: list[tuple[int, int]], knn_o: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, ...]]:
    """For a block of candidate rows (cosine, overlap, containment, coverage, score against every
    original): the margins, each row's best original, and the features of that pair that need only
    its row (score, cosine, overlap, margin, lead over the runner-up, density, containment,
    coverage)."""
    cos, lex, contain, cover, sim = scores
    rows = len(sim)
    margin = np.empty_like(sim)
    knn_c = np.empty((rows, len(ranges)), dtype=sim.dtype)  # candidate's kNN mean within each document
    top2 = np.zeros((rows, len(ranges), 2), dtype=sim.dtype)  # best two scores within each document
    for r, (lo, hi) in enumerate(ranges):
        cols = sim[:, lo:hi]
        knn_c[:, r] = _knn_mean(cols, k, axis=1)
        if hi - lo > 1:
            top2[:, r] = -np.partition(-cols, 1, axis=1)[:, :2]
        margin[:, lo:hi] = cols / np.maximum((knn_c[:, r : r + 1] + knn_o[None, lo:hi]) / 2, 1e-6)
    best = margin.argmax(axis=1)
    idx = np.arange(rows)
    doc = np.searchsorted([lo for lo, _ in ranges], best, side="right") - 1  # the range of each best column
    best_sim = sim[idx, best]
    # runner-up within the best pair's document: for the best column the second value, for any other
    # the first (a document of one sentence has none: 0)
    single = np.array([hi - lo == 1 for lo, hi in ranges])[doc]
    t1, t2 = top2[idx, doc, 0], top2[idx, doc, 1]
    second = np.where(single, 0.0, np.where(best_sim >= t1, t2, t1)).astype(sim.dtype)
    return margin, best, (best_sim, cos[idx, best], lex[idx, best], margin[idx, best], best_sim - second,
                          knn_c[idx, doc], contain[idx, best], cover[idx, best])


def _column_knn_mean(blocks: Iterable[np.ndarray], k: int) -> np.ndarray:
    """:func:`_knn_mean` along axis 0 of a matrix given as blocks of rows: each column's k best values
    are kept across blocks, never the whole matrix."""
    top: np.ndarray | None = None
    for block in blocks:
        top = block if top is None else np.concatenate([top, block])
        if len(top) > k:
            top = -np.partition(-top, k - 1, axis=0)[:k]
    assert top is not None, "at least one block of rows"
    return top.mean(axis=0)


def counterpart_probability(features: np.ndarray, gate: LinearModel | None = None) -> np.ndarray:
    """P(the best original is the candidate's counterpart), from the shipped gate or ``gate``."""
    return (gate or model()).probability(features)


def align(
    cand_vecs: np.ndarray,
    orig_vecs: np.ndarray,
    orig_groups: np.ndarray | None = None,
    cand_texts: list[str] | None = None,
    orig_texts: list[str] | None = None,
    threshold: float | None = None,
    lexical_weight: float = LEXICAL_WEIGHT,
    merge_gain: float = MERGE_GAIN,
    k: int = MARGIN_K,
) -> list[Link | None]:
    """Align each candidate sentence to its original sentence(s); ``None`` means unmatched.

    ``orig_groups[j]`` names the document of original sentence ``j``; merges never cross documents.
    ``threshold`` overrides the calibrated counterpart probability. Without texts the score is the
    cosine alone (the model was trained with texts, so expect fewer links). ``Link.similarity`` is
    always the cosine.
    """
    n, m = len(cand_vecs), len(orig_vecs)
    if n == 0:
        return []
    if m == 0:
        return [None] * n
    scores = pair_scores(cand_vecs, orig_vecs, orig_groups, cand_texts, orig_texts, lexical_weight, k)
    prob = counterpart_probability(scores.features)
    cut = default_threshold() if threshold is None else threshold
    groups = scores.groups

    links: list[Link | None] = []
    for i in range(n):
        j = int(scores.best[i])
        if prob[i] < cut:
            links.append(None)
            continue
        chosen: tuple[int, ...] = (j,)
        best_s, best_cos = float(scores.best_sim[i]), float(scores.best_cos[i])
        for a, b in ((j - 1, j), (j, j + 1)):
            if a < 0 or b >= m or groups[a] != groups[b]:
                continue
            merged = orig_vecs[a] + orig_vecs[b]
            norm = float(np.linalg.norm(merged))
            if norm == 0:
                continue
            mcos = float(cand_vecs[i] @ merged) / norm
            ms = mcos
            if scores.lexical and cand_texts is not None and orig_texts is not None:
                ms += lexical_weight * _dice(word_features(cand_texts[i]), word_features(f"{orig_texts[a]} {orig_texts[b]}"))
            if ms > best_s + merge_gain:
                chosen, best_s, best_cos = (a, b), ms, mcos
        links.append(Link(candidate=i, originals=chosen, similarity=best_cos,
                          margin=float(scores.features[i, COUNTERPART_FEATURES.index("margin")])))
    return links
