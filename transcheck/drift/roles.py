"""Swapped roles: the same words in exchanged places ("The vote was 7 to 2." / "... 2 to 7.";
"Germany beat Brazil" / "Brazil beat Germany"). Each side has the same numbers and names, so the
other evidence steps see no difference; the order says who did what to whom."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text.english import SYMMETRIC_VERBS
from .pair import Finding, Pair, Token
from .tokens import is_content

# two numbers set against each other: a score, a vote, a range ("7 to 2", "3-1", "5 against 4")
_SCORE = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s*(?:-|–|—|:|to|against|by)\s*(\d+(?:[.,]\d+)?)(?![\w.,]*\d)")


def compare_roles(p: Pair) -> None:
    """A swapped pair of numbers, or of the names on both sides of one verb, is a conflict: it counts
    as a changed number (``number``) or a name swap (``entity_swap``)."""
    for finding, feature in ((_score_swap(p), "number"), (_agent_swap(p), "entity_swap")):
        if finding is not None:
            p.v[feature] += 1.0
            p.findings.append(finding)


def _score_swap(p: Pair) -> Finding | None:
    so = [(m.group(1), m.group(2), m.span(1), m.span(2)) for m in _SCORE.finditer(p.original)]
    sc = [(m.group(1), m.group(2), m.span(1), m.span(2)) for m in _SCORE.finditer(p.candidate)]
    for x, y, xo, yo in so:
        if x == y:
            continue
        for u, v, uc, vc in sc:
            if (u, v) == (y, x) and (x, y) not in {(a, b) for a, b, _, _ in sc}:
                return Finding("swap", f"swapped: '{x} … {y}' became '{u} … {v}'", "number",
                               [(uc[0], vc[1], "number")], [(xo[0], yo[1], "number")], conflict=True)
    return None


def _agent_swap(p: Pair) -> Finding | None:
    """The words right before and right after a verb both sides share, exchanged ("Germany beat
    Brazil" / "Brazil beat Germany"); not for verbs whose two sides can trade places ("met"), nor in
    the passive ("was beaten by")."""
    for k, v in enumerate(p.to):
        if not _verb_like(v) or v.lower in SYMMETRIC_VERBS or v.stem in SYMMETRIC_VERBS:
            continue
        for j, w in enumerate(p.tc):
            if w.lower != v.lower:
                continue
            lo, ro = _neighbour(p.to, k, -1), _neighbour(p.to, k, 1)
            lc, rc = _neighbour(p.tc, j, -1), _neighbour(p.tc, j, 1)
            if None in (lo, ro, lc, rc):
                continue
            assert lo and ro and lc and rc
            if lo.lower == rc.lower and ro.lower == lc.lower and lo.lower != ro.lower:
                msg = f"swapped: '{lo.text} {v.text} {ro.text}' became '{lc.text} {w.text} {rc.text}'"
                return Finding("swap", msg, "entity_swap", [(lc.start, rc.end, "entity")],
                               [(lo.start, ro.end, "entity")], conflict=True)
    return None


def _verb_like(t: Token) -> bool:
    return is_content(t) and not t.capitalised and t.number is None and t.lower != "by"


def _neighbour(ts: Sequence[Token], k: int, step: int) -> Token | None:
    """The next name or content word from position ``k`` in direction ``step`` (at most two words
    away, so that "beat Brazil" and "beat the Brazilians" both reach it); None past "by"."""
    for d in (1, 2):
        i = k + step * d
        if not 0 <= i < len(ts):
            return None
        t = ts[i]
        if t.lower == "by":
            return None
        if t.capitalised or is_content(t):
            return t
    return None
