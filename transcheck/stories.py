"""Grouping documents into stories without comparing every pair of documents.

A story is one news event told by several outlets. Sentence embeddings alone cannot tell two
reports of the same two people meeting at different summits apart (all-MiniLM puts them at 0.9 by
mean vector), so story identity rests on two pieces of evidence:

- **anchors**: the event's names, places, numbers and weekdays (capitalised tokens and numbers,
  case-folded, so "da Nang" and "Da Nang" agree), weighted by inverse document frequency over the
  scanned folder; compared by cosine;
- **shared sentences**: the share of the shorter document's sentences that have a near-duplicate
  (cosine >= ``DUP_SIMILARITY``) in the other, which syndicated copies have in numbers.

A pair's affinity is the anchor cosine plus ``DUP_WEIGHT`` times the shared-sentence share; a pair that
shares no sentence keeps its anchor cosine only if it reaches ``ANCHORS_ALONE``, and counts 0 otherwise.

Candidate pairs come from an inverted index over anchors: only documents that share a rare anchor
(one held by at most ``max(MAX_ANCHOR_DF, 1% of documents)``) are ever compared. Documents joined by
an affinity of at least ``STORY_THRESHOLD`` are put in one story, strongest pair first, unless the two
stories' mean pairwise affinity is below ``LINK_SHARE * STORY_THRESHOLD`` (average linkage: single
links chained a 1,000-document benchmark folder into one 734-document "story").
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .text.english import NOT_ANCHORS

DUP_SIMILARITY = 0.70
DUP_WEIGHT = 0.5
# Calibrated with scripts/evaluate.py --tasks stories (pairwise precision / recall over 1,500
# benchmark documents, grid in docs/evaluation.md) under one constraint: the seed stories, long real
# articles whose anchors overlap little (002 vs 004: 0.02), must still be joined, and the MT copy 001
# must join its English original 000 on anchors alone (0.24), not only through the one sentence they
# share. The seeds stay grouped up to a threshold of ~0.23; the benchmark's F1 rises with it.
STORY_THRESHOLD = 0.2
MAX_ANCHOR_DF = 50
# average-linkage floor, as a share of STORY_THRESHOLD (see StoryIndex.group); 0.75 splits seed 002
LINK_SHARE = 0.5
# Two documents that share no sentence are linked by their anchors only from this affinity on: names
# and numbers alone (a president, a year) join unrelated reports in a many-topic folder.
ANCHORS_ALONE = 0.2

_ANCHOR = re.compile(r"\b(?:[A-Z][\w\-’']*\w|[A-Z]|\d[\d,.]*\d|\d)\b")


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


@dataclass
class StoryIndex:
    """Streams documents in, then groups them. Keeps only anchors per document (small)."""

    names: list[str] = field(default_factory=list)
    _anchors: list[Counter[str]] = field(default_factory=list)
    _postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def add(self, name: str, text: str) -> None:
        idx = len(self.names)
        self.names.append(name)
        a = anchors(text)
        self._anchors.append(a)
        for w in a:
            self._postings[w].append(idx)

    def _idf(self) -> dict[str, float]:
        n = len(self.names)
        return {w: math.log((1 + n) / (1 + len(p))) for w, p in self._postings.items()}

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

    def anchor_vectors(self) -> list[dict[str, float]]:
        idf = self._idf()
        out = []
        for a in self._anchors:
            v = {w: (1 + math.log(c)) * idf[w] for w, c in a.items() if idf[w] > 0}
            norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
            out.append({w: x / norm for w, x in v.items()})
        return out

    def group(
        self,
        sentence_vectors: Callable[[int], np.ndarray] | None = None,
        threshold: float = STORY_THRESHOLD,
    ) -> list[list[int]]:
        """Stories as lists of document indices (singletons included), in input order.

        Average-linkage agglomeration over the candidate pairs, strongest pair first: two stories
        merge only if the mean affinity over all their document pairs (pairs that share no rare
        anchor count 0) is at least ``LINK_SHARE * threshold``. Single links alone would chain
        unrelated stories through documents that share one name (one 734-document "story" in a
        1,000-document folder)."""
        vecs = self.anchor_vectors()
        n = len(self.names)
        edges: list[tuple[float, int, int]] = []
        for a, b in sorted(self.candidate_pairs()):
            va, vb = vecs[a], vecs[b]
            if len(va) > len(vb):
                va, vb = vb, va
            aff = sum(x * vb.get(w, 0.0) for w, x in va.items())
            if sentence_vectors is not None:
                dup = duplicate_share(sentence_vectors(a), sentence_vectors(b))
                aff = aff + DUP_WEIGHT * dup if dup > 0 else (aff if aff >= ANCHORS_ALONE else 0.0)
            if aff > 0:
                edges.append((aff, a, b))
        edges.sort(key=lambda e: (-e[0], e[1], e[2]))
        parent = list(range(n))
        size = [1] * n
        link: list[dict[int, float]] = [{} for _ in range(n)]  # summed affinity between story roots
        for aff, a, b in edges:
            link[a][b] = link[a].get(b, 0.0) + aff
            link[b][a] = link[b].get(a, 0.0) + aff

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for aff, a, b in edges:
            if aff < threshold:
                break
            ra, rb = find(a), find(b)
            if ra == rb or link[ra].get(rb, 0.0) < LINK_SHARE * threshold * size[ra] * size[rb]:
                continue
            keep, gone = min(ra, rb), max(ra, rb)
            parent[gone] = keep
            size[keep] += size[gone]
            for other, w in link[gone].items():
                del link[other][gone]
                if other != keep:
                    link[keep][other] = link[keep].get(other, 0.0) + w
                    link[other][keep] = link[other].get(keep, 0.0) + w
            link[gone] = {}
        groups: dict[int, list[int]] = defaultdict(list)
        for i in range(n):
            groups[find(i)].append(i)
        return sorted(groups.values(), key=lambda g: g[0])


def duplicate_share(a: np.ndarray, b: np.ndarray, threshold: float = DUP_SIMILARITY) -> float:
    """Share of the shorter document's sentences with a near-duplicate in the other."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    return float(((a @ b.T).max(axis=1) >= threshold).mean())


def group_texts(texts: Sequence[str], sentence_vectors: Callable[[int], np.ndarray] | None = None) -> list[list[int]]:
    idx = StoryIndex()
    for i, t in enumerate(texts):
        idx.add(str(i), t)
    return idx.group(sentence_vectors)
