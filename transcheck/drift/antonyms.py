"""Antonyms of a pair: the antonym lexicon (built-in pairs, WordNet's direct antonyms and its looser
indirect adjective antonyms), comparatives and superlatives against their bases' antonyms, quantity
and relation words, and the passes that find a word of one side replaced by its antonym."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..text.english import BUILTIN_ANTONYMS, LEXICAL_DEGREES, QUANTITY_WORDS, RELATION_WORDS
from .pair import Finding, Pair, Token
from .tokens import in_place, is_content, same_slot, stem, surplus


class Antonyms:
    """The antonym lexicons and the passes that find antonym pairs (each one a finding of the pair)."""

    def __init__(self, antonym_pairs: list[str] | None = None, in_place_pairs: list[str] | None = None):
        """``antonym_pairs`` ("a|b") count wherever the two words stand; ``in_place_pairs`` (WordNet's
        indirect adjective antonyms, looser) only where one word stands in the other's place."""
        pairs = [p.split() for p in BUILTIN_ANTONYMS.replace("\n", "|").split("|") if p.strip()]
        self.lexicon = _lexicon(pairs + [p.split("|") for p in antonym_pairs or []])
        self.in_place_lexicon = _lexicon([p.split("|") for p in in_place_pairs or []])

    def is_antonym(self, a: Token, b: Token, lexicon: dict[str, set[str]] | None = None) -> bool:
        """``b`` is an antonym of ``a`` in ``lexicon`` (the lexicon counted anywhere by default), by word,
        stem, or the bases of comparatives and superlatives."""
        lexicon = self.lexicon if lexicon is None else lexicon
        ants = lexicon.get(a.lower) or lexicon.get(a.stem)
        if ants and (b.lower in ants or b.stem in ants):
            return True
        # comparatives and superlatives: "biggest" / "smallest", "easier" / "harder"
        da, db = degree_base(a.lower), degree_base(b.lower)
        if not (da or db):
            return False
        for x in da or {a.lower, a.stem}:
            ants = lexicon.get(x)
            if ants and not ants.isdisjoint(db or {b.lower, b.stem}):
                return True
        return False

    def find(self, p: Pair, co: list[Token], cc: list[Token], used_o: set[int], used_c: set[int]) -> None:
        """Antonym pairs among the content words ``co`` / ``cc`` that each side lacks (their indices go to
        ``used_o`` / ``used_c``), then in place, among quantity words and among relation words."""
        for i, a in enumerate(co):
            for j, b in enumerate(cc):
                if j not in used_c and self.is_antonym(a, b):
                    used_o.add(i)
                    used_c.add(j)
                    _record(p, a, b)
                    break
        self._in_place(p, co, cc, used_o, used_c)
        self._quantity(p, co, cc, used_o, used_c)
        self._relation(p)

    def _in_place(self, p: Pair, co: list[Token], cc: list[Token], used_o: set[int], used_c: set[int]) -> None:
        """A replaced word whose antonym the other side has elsewhere, one time more, in its place:
        "high-quality low-noise" / "low-quality low-noise", and the other way round; then the looser
        pairs, in place only ("severe" / "mild child abuse", "were injured" / "unharmed")."""
        for lexicon, strict in ((self.lexicon, False), (self.in_place_lexicon, True)):
            ok = lambda x, y, lexicon=lexicon: is_content(y) and self.is_antonym(x, y, lexicon)  # noqa: E731
            for side, used, ts, other, other_lower, forward in ((co, used_o, p.to, p.tc, p.lower_c, True),
                                                                (cc, used_c, p.tc, p.to, p.lower_o, False)):
                for i, w in enumerate(side):
                    ants = lexicon.get(w.lower) or lexicon.get(w.stem)
                    if i in used or not ants or ants.isdisjoint(other_lower):
                        continue  # (the usual case: no antonym of the word anywhere on the other side)
                    x = in_place(w, ts, other, ok, strict)
                    if x is not None and not p.taken(x):
                        used.add(i)
                        _record(p, *((w, x) if forward else (x, w)))

    def _quantity(self, p: Pair, co: list[Token], cc: list[Token], used_o: set[int], used_c: set[int]) -> None:
        """Quantity words, which the content-word lists leave out: "more" / "less than 50 people",
        "many" / "few people"; not in fixed phrases that mean the same ("no more than", "more or
        less"); by count ("more than 272,000 … more than 28,000" / "less than 272,000 … more than 28,000")."""
        qo, qc = _quantity_words(p.to), _quantity_words(p.tc)
        qo, qc = surplus(qo, qc, lambda t: t.lower), surplus(qc, qo, lambda t: t.lower)
        for a in qo:
            for b in qc:
                if self.is_antonym(a, b):
                    qc.remove(b)
                    _record(p, a, b)
                    used_o.update(i for i, t in enumerate(co) if t is a)  # "more", "many" are content words
                    used_c.update(j for j, t in enumerate(cc) if t is b)
                    break

    def _relation(self, p: Pair) -> None:
        """Relation words (before / after, over / under, up / down): only in place, as they also serve
        in phrases of their own ("over 10 million", "after all")."""
        rel_o = [t for t in p.to if t.lower in RELATION_WORDS]
        rel_c = [t for t in p.tc if t.lower in RELATION_WORDS]
        for a in surplus(rel_o, rel_c, lambda t: t.lower):
            x = in_place(a, p.to, p.tc, lambda x, y: y.lower in RELATION_WORDS and self.is_antonym(x, y))
            if x is not None and not p.taken(x):
                _record(p, a, x)


def _record(p: Pair, a: Token, b: Token) -> None:
    """An antonym finding: ``a`` of the original became ``b``."""
    p.v["antonym"] += 1
    p.findings.append(Finding("antonym", f"antonym: '{a.text}' became '{b.text}'", "antonym",
                              [(b.start, b.end, "antonym")], [(a.start, a.end, "antonym")],
                              conflict=same_slot(p.to, (a.start, a.end), p.tc, (b.start, b.end))))
    p.antonyms.append((a, b, p.findings[-1]))


def _lexicon(pairs: list[list[str]]) -> dict[str, set[str]]:
    """Both directions of each pair, keyed and valued by word and stem."""
    out: dict[str, set[str]] = {}
    for p in pairs:
        if len(p) != 2 or not p[0] or not p[1]:
            continue
        a, b = p
        for x, y in ((a, b), (b, a)):
            for kx in {x, stem(x)}:
                out.setdefault(kx, set()).update({y, stem(y)})
    return out


def _degree_forms(w: str) -> set[str]:
    """Possible positive forms of a comparative or superlative: smaller -> small, larger -> large,
    bigger -> big, happier -> happy (over-generating: "water" -> wat, wate)."""
    out: set[str] = set()
    for suffix in ("er", "est"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            base = w[: -len(suffix)]
            out.update({base, base + "e"})
            if len(base) > 2 and base[-1] == base[-2]:
                out.add(base[:-1])
            if base.endswith("i"):
                out.add(base[:-1] + "y")
    return out


@lru_cache(maxsize=65_536)  # asked for every pair of content words that the lexicon does not link
def degree_base(w: str) -> frozenset[str]:
    """The forms of :func:`_degree_forms` of 3+ letters, for antonym lookups ("smallest" / "biggest");
    empty for words whose degree form has its own sense ("latest")."""
    return frozenset() if w in LEXICAL_DEGREES else frozenset(b for b in _degree_forms(w) if len(b) >= 3)


def degree_bases(ts: Sequence[Token]) -> set[str]:
    """``_degree_forms`` of every token (over-generating is harmless: only used to find a word again)."""
    return set().union(*(_degree_forms(t.lower) for t in ts))


def _quantity_words(ts: Sequence[Token]) -> list[Token]:
    """Quantity and comparison words outside the fixed phrases in which they do not carry their own
    sense: after a negation ("no more than" = "up to", "not less than" = "at least"), "more or less",
    "once more", "any more", "quite a few"."""
    out = []
    for k, t in enumerate(ts):
        if t.lower not in QUANTITY_WORDS:
            continue
        prev = ts[k - 1].lower if k else ""
        nxt = ts[k + 1].lower if k + 1 < len(ts) else ""
        if (ts[k - 1].neg if k else False) or prev in ("once", "any", "even") or nxt == "or":
            continue
        if prev == "or" and k >= 2 and ts[k - 2].lower in QUANTITY_WORDS:  # "more or less", "less or more"
            continue
        if t.lower == "few" and k >= 2 and prev == "a" and ts[k - 2].lower == "quite":
            continue
        out.append(t)
    return out
