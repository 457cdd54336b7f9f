"""Small metric helpers shared by the evaluation tasks (no model, no I/O).

Nothing here runs at transcheck's run time; ``scripts/evaluate.py`` and the tasks in this package use it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from itertools import combinations
from math import comb


def ratio(num: float, den: float) -> float:
    """``num / den``, NaN when ``den`` is 0 (a figure with nothing to count is not 0)."""
    return num / den if den else float("nan")


def per_100(num: float, den: float) -> float:
    return 100.0 * ratio(num, den)


def f1(precision: float, recall: float) -> float:
    if precision != precision or recall != recall:  # NaN in, NaN out
        return float("nan")
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def roc_auc(labels: list[int], scores: list[float]) -> float:
    """Mann-Whitney AUC with ties counted half."""
    pairs = sorted(zip(scores, labels))
    n_pos = sum(labels)
    n_neg = len(labels) - n_pos
    if not n_pos or not n_neg:
        return float("nan")
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        avg_rank = (i + j + 1) / 2  # ranks are 1-based
        rank_sum += avg_rank * sum(lab for _, lab in pairs[i:j])
        i = j
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


# ---------------------------------------------------------------------------------------------
# spans
def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters that the half-open spans ``a`` and ``b`` share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def spans_match(a: tuple[int, int], b: tuple[int, int], share: float = 0.5) -> bool:
    """Whether ``a`` and ``b`` overlap by at least ``share`` of the shorter one (and by one character
    at least: two empty spans do not match)."""
    shorter = min(a[1] - a[0], b[1] - b[0])
    common = overlap(a, b)
    return common > 0 and common >= share * shorter


def matching_spans(span: tuple[int, int], candidates: Sequence[tuple[int, int]], share: float = 0.5) -> list[int]:
    """Indexes of ``candidates`` that ``span`` matches (:func:`spans_match`), in their order. A span
    that covers two candidates (a merged sentence) matches both."""
    return [i for i, c in enumerate(candidates) if spans_match(span, c, share)]


# ---------------------------------------------------------------------------------------------
# clusterings
def _pairs(groups: Iterable[Iterable[Hashable]]) -> set[frozenset]:
    return {frozenset(p) for g in groups for p in combinations(sorted(set(g), key=str), 2)}


def clusters_of(labels: Mapping[Hashable, Hashable]) -> list[list[Hashable]]:
    """Items grouped by label, groups and members in a stable (string-sorted) order."""
    by: dict[Hashable, list[Hashable]] = {}
    for item, lab in labels.items():
        by.setdefault(lab, []).append(item)
    return sorted((sorted(m, key=str) for m in by.values()), key=lambda m: str(m[0]))


def pairwise_prf(found: Iterable[Iterable[Hashable]], gold: Iterable[Iterable[Hashable]]) -> dict[str, float | int]:
    """Pairwise precision / recall / F1 of a clustering ``found`` against ``gold`` (both lists of groups
    of items): a pair of items is predicted when they share a found group, true when they share a
    gold group. Items outside ``gold`` are ignored on both sides."""
    gold = [list(g) for g in gold]
    known = {x for g in gold for x in g}
    got = _pairs([x for x in g if x in known] for g in found)
    want = _pairs(gold)
    tp = len(got & want)
    p, r = ratio(tp, len(got)), ratio(tp, len(want))
    return {"precision": p, "recall": r, "f1": f1(p, r), "predicted_pairs": len(got), "gold_pairs": len(want),
            "true_pairs": tp}


def adjusted_rand(found: Iterable[Iterable[Hashable]], gold: Iterable[Iterable[Hashable]]) -> float:
    """Adjusted Rand index (Hubert and Arabie) over the items of ``gold``; an item of ``gold`` that no
    found group holds counts as its own group."""
    gold = [list(g) for g in gold]
    known = {x for g in gold for x in g}
    found_of: dict[Hashable, int] = {}
    for k, g in enumerate(found):
        for x in g:
            if x in known:
                found_of[x] = k
    for k, x in enumerate(sorted(known - set(found_of), key=str)):
        found_of[x] = -1 - k  # a singleton of its own
    gold_of = {x: k for k, g in enumerate(gold) for x in g}
    n = len(known)
    if n < 2:
        return float("nan")
    table: dict[tuple[int, int], int] = {}
    for x in known:
        key = (found_of[x], gold_of[x])
        table[key] = table.get(key, 0) + 1
    a: dict[int, int] = {}
    b: dict[int, int] = {}
    for (i, j), c in table.items():
        a[i] = a.get(i, 0) + c
        b[j] = b.get(j, 0) + c
    index = sum(comb(c, 2) for c in table.values())
    sa, sb = sum(comb(c, 2) for c in a.values()), sum(comb(c, 2) for c in b.values())
    expected = sa * sb / comb(n, 2)
    top = (sa + sb) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)
