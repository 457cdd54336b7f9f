"""Content words of a pair: those on one side only, less antonyms and typos, and how many of the
words added or dropped the other side has no near-synonym for."""

from __future__ import annotations

import math

import numpy as np

from .antonyms import Antonyms, degree_base, degree_bases
from .pair import Finding, Pair, Token, WordEncoder
from .tokens import is_content, present, typo, unique


def unexplained_words(p: Pair, date_spans: set[tuple[int, int]], antonyms: Antonyms) -> tuple[list[Token], list[Token]]:
    """The content words of each side that the other lacks, less those explained as antonyms (a
    finding) or typos (none). Antonyms come first, before typo matching: "increase" / "decrease"
    are two edits apart. A word whose comparative is on the other side is there ("a small spring
    inside a big one" / "a smaller spring inside the large spring": small is not replaced by large)."""
    to, tc = p.to, p.tc
    deg_o, deg_c = p.lower_o | degree_bases(to), p.lower_c | degree_bases(tc)
    co = [t for t in to if is_content(t) and (t.start, t.end) not in date_spans and not present(t, deg_c)
          and degree_base(t.lower).isdisjoint(p.lower_c)]
    cc = [t for t in tc if is_content(t) and (t.start, t.end) not in date_spans and not present(t, deg_o)
          and degree_base(t.lower).isdisjoint(p.lower_o)]
    used_o: set[int] = set()
    used_c: set[int] = set()
    antonyms.find(p, co, cc, used_o, used_c)
    # typos / dropped characters are not changes of meaning
    for i, a in enumerate(co):
        if i in used_o:
            continue
        for j, b in enumerate(cc):
            if j not in used_c and typo(a.lower, b.lower):
                used_o.add(i)
                used_c.add(j)
                break
    return [t for i, t in enumerate(co) if i not in used_o], [t for j, t in enumerate(cc) if j not in used_c]


def added_and_dropped(p: Pair, rest_o: list[Token], rest_c: list[Token], ent_ids: set[int],
                      words: WordEncoder | None) -> None:
    """Content words added and dropped (names excluded), and how many of them the other side
    has no near-synonym for."""
    add = unique([t for t in rest_c if id(t) not in ent_ids])
    drop = unique([t for t in rest_o if id(t) not in ent_ids])
    p.v["added"] = math.log1p(len(add))
    p.v["dropped"] = math.log1p(len(drop))
    if words is not None:
        content_o = unique([t for t in p.to if is_content(t)])
        content_c = unique([t for t in p.tc if is_content(t)])
        p.v["added_unsupported"] = _unsupported(add, content_o, words)
        p.v["dropped_unsupported"] = _unsupported(drop, content_c, words)
    if add:
        p.findings.append(
            Finding("added", "added: " + ", ".join(f"'{t.text}'" for t in add[:6]), "added",
                    [(t.start, t.end, "added") for t in add], [])
        )
    if drop:
        p.findings.append(
            Finding("dropped", "dropped: " + ", ".join(f"'{t.text}'" for t in drop[:6]), "dropped",
                    [], [(t.start, t.end, "dropped") for t in drop])
        )


def _unsupported(extra: list[Token], other: list[Token], words: WordEncoder) -> float:
    """log1p of the summed lack of support, 1 - (best cosine to a content word on the other side),
    over the words in ``extra``."""
    if not extra:
        return 0.0
    if not other:
        return math.log1p(float(len(extra)))
    vecs = words([t.lower for t in extra] + [t.lower for t in other])
    a, b = vecs[: len(extra)], vecs[len(extra) :]
    best = (a @ b.T).max(axis=1)
    return math.log1p(float(np.clip(1.0 - best, 0.0, None).sum()))
