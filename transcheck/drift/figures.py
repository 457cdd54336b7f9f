"""Figures of a pair: numbers (numerals and written-out numbers, with scales and percentages) and
dates (months, weekdays and relative days), and the changes between the two sides."""

from __future__ import annotations

from collections.abc import Sequence

from ..text.english import MONTHS, RELATIVE_DAYS, SCALES, TENS, UNITS, WEEKDAYS
from .pair import Finding, Item, Pair, Token
from .tokens import same_slot, surplus


def numbers(text: str, toks: Sequence[Token]) -> list[Item]:
    """Numbers with written-out forms, scales and percentages normalised ("1,000" = "1000" = "one thousand")."""
    items: list[Item] = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        val = None
        j = i
        if t.number is not None:
            val = t.number
            j = i + 1
        elif t.lower in UNITS and t.lower != "one" or t.lower in TENS:
            val = float(UNITS.get(t.lower, TENS.get(t.lower, 0)))
            j = i + 1
            if t.lower in TENS and j < n and toks[j].lower in UNITS and text[toks[i].end : toks[j].start] in ("-", " "):
                val += UNITS[toks[j].lower]
                j += 1
        elif t.lower == "one" and i + 1 < n and toks[i + 1].lower in SCALES:
            val = 1.0
            j = i + 1
        if val is None:
            i += 1
            continue
        while j < n and toks[j].lower in SCALES and text[toks[j - 1].end : toks[j].start].strip() == "":
            val *= SCALES[toks[j].lower]
            j += 1
        end = toks[j - 1].end
        pct = False
        if text[end : end + 1] == "%":
            pct = True
            end += 1
        elif j < n and toks[j].lower in ("percent", "per", "pct") and text[toks[j - 1].end : toks[j].start].strip() == "":
            pct = True
            if toks[j].lower == "per" and j + 1 < n and toks[j + 1].lower == "cent":
                j += 1
            end = toks[j].end
            j += 1
        v = f"{val:.10g}" + ("%" if pct else "")
        start = toks[i].start
        if start > 0 and text[start - 1] in "$€£¥":
            start -= 1
        items.append(Item(v, start, end, text[start:end]))
        i = j
    return items


def dates(text: str, toks: Sequence[Token]) -> list[Item]:
    """Weekdays, months and relative days ("today"); a short or ambiguous form ("May", "Sat") only
    where it is written like a date."""
    items = []
    for k, t in enumerate(toks):
        w = t.lower.rstrip(".")
        if w in WEEKDAYS and (len(w) > 3 or t.capitalised):
            if len(w) <= 4 and not t.capitalised:
                continue
            if w in ("sun", "sat", "wed", "mon") and len(w) <= 3 and text[t.end : t.end + 1] != ".":
                continue
            items.append(Item("wd:" + str(WEEKDAYS[w]), t.start, t.end, t.text))
        elif w in MONTHS and t.capitalised:
            if w in ("may", "march", "mar", "jan", "sat") or len(w) <= 4:
                # ambiguous words: only next to a number ("May 5", "5 March")
                near = [toks[x] for x in (k - 1, k + 1) if 0 <= x < len(toks)]
                if not any(x.number is not None for x in near):
                    continue
            items.append(Item("mo:" + str(MONTHS[w]), t.start, t.end, t.text))
        elif w in RELATIVE_DAYS:
            items.append(Item("rel:" + RELATIVE_DAYS[w], t.start, t.end, t.text))
    return items


def compare_numbers(p: Pair) -> set[tuple[int, int]]:
    """Numbers changed, or on one side only; returns the spans of every number of the pair."""
    no, nc = numbers(p.original, p.to), numbers(p.candidate, p.tc)
    miss_o, miss_c = _multiset_diff(no, nc)
    miss_o, miss_c = _number_noise(miss_o, miss_c, no, nc)
    if miss_o or miss_c:
        changed = _pairs_of(miss_o, miss_c, _comparable)
        p.v["number"] = float(changed)
        p.v["number_extra"] = float(len(miss_o) + len(miss_c) - 2 * changed)
        f = _pair_finding("number", "number" if changed else "number_extra", miss_o, miss_c, "number")
        f.conflict = _in_slot(p, miss_o, miss_c)
        p.findings.append(f)
    return {(x.start, x.end) for x in no} | {(x.start, x.end) for x in nc}


def compare_dates(p: Pair) -> set[tuple[int, int]]:
    """Dates and weekdays changed, or on one side only; returns the spans of every date."""
    do, dc = dates(p.original, p.to), dates(p.candidate, p.tc)
    miss_o, miss_c = _multiset_diff(do, dc)
    if miss_o or miss_c:
        changed = _pairs_of(miss_o, miss_c, lambda a, b: a.value[:3] == b.value[:3])
        p.v["date"] = float(changed)
        p.v["date_extra"] = float(len(miss_o) + len(miss_c) - 2 * changed)
        f = _pair_finding("date", "date" if changed else "date_extra", miss_o, miss_c, "date")
        f.cand = [(a, b, _date_kind(p.candidate[a:b])) for a, b, _ in f.cand]
        f.orig = [(a, b, _date_kind(p.original[a:b])) for a, b, _ in f.orig]
        f.conflict = _in_slot(p, miss_o, miss_c)
        p.findings.append(f)
    return {(x.start, x.end) for x in do + dc}


def _in_slot(p: Pair, miss_o: list[Item], miss_c: list[Item]) -> bool:
    """Some value of the candidate stands where another value of the original stands."""
    return any(same_slot(p.to, (x.start, x.end), p.tc, (y.start, y.end)) for x in miss_o for y in miss_c)


def _number_noise(miss_o: list[Item], miss_c: list[Item], no: list[Item], nc: list[Item]) -> tuple[list[Item], list[Item]]:
    """Drop number differences that are not changed facts: a value mentioned again on one side (its
    value is on the other side too), and a small written-out number used as a determiner ("the two
    leaders" vs "the leaders") when the other side has no unmatched number of its own."""
    # the same value with and without a percent sign: a format difference ("4.2%" / "4.2")
    bare = lambda x: x.value.rstrip("%")  # noqa: E731
    miss_o, miss_c = surplus(miss_o, miss_c, bare), surplus(miss_c, miss_o, bare)
    vals_o = {x.value for x in no}
    vals_c = {x.value for x in nc}
    again_o = [x for x in miss_o if x.value in vals_c]
    again_c = [x for x in miss_c if x.value in vals_o]
    miss_o = [x for x in miss_o if x.value not in vals_c]
    miss_c = [x for x in miss_c if x.value not in vals_o]
    # ... unless the other side has a new value in its place: "a 6-year-old child ... a 6-year-old"
    # / "a 9-year-old child ... a 6-year-old" changed one of the two
    if len(miss_c) > len(miss_o):
        miss_o += again_o[: len(miss_c) - len(miss_o)]
    elif len(miss_o) > len(miss_c):
        miss_c += again_c[: len(miss_o) - len(miss_c)]

    def word_number(x: Item) -> bool:
        return x.text.lower() in UNITS or x.text.lower() in TENS

    if not miss_c:
        miss_o = [x for x in miss_o if not word_number(x)]
    if not miss_o:
        miss_c = [x for x in miss_c if not word_number(x)]
    return miss_o, miss_c


def _comparable(a: Item, b: Item) -> bool:
    """Two numbers that can stand for the same quantity: within a factor of 10 (a percent sign on
    one side only counts as a format difference: a translation drops or adds it)."""
    x, y = abs(float(a.value.rstrip("%"))), abs(float(b.value.rstrip("%")))
    if x == 0 or y == 0:
        return max(x, y) <= 10
    return max(x, y) / min(x, y) <= 10


def _pairs_of(a: list, b: list, ok) -> int:
    """How many items of ``a`` pair off with one of ``b`` each, for which ``ok(a_item, b_item)`` holds."""
    rb = list(b)
    n = 0
    for x in a:
        for k, y in enumerate(rb):
            if ok(x, y):
                rb.pop(k)
                n += 1
                break
    return n


def _multiset_diff(a: list[Item], b: list[Item]) -> tuple[list[Item], list[Item]]:
    """The items of ``a`` and of ``b`` left once equal values (or the same value with and without a
    percent sign) have cancelled each other."""
    rb = list(b)
    miss_a = []
    for x in a:
        for k, y in enumerate(rb):
            if y.value == x.value or y.value.rstrip("%") == x.value.rstrip("%") and ("%" in y.value) != ("%" in x.value):
                rb.pop(k)
                break
        else:
            miss_a.append(x)
    return miss_a, rb


def _date_kind(text: str) -> str:
    """The highlight kind of a date: "weekday" or "date"."""
    return "weekday" if text.lower().rstrip(".") in WEEKDAYS else "date"


def _pair_finding(code: str, feature: str, miss_o: list[Item], miss_c: list[Item], kind: str) -> Finding:
    """The finding of numbers or dates on one side only: "X became Y", "X missing" or "Y added"."""
    label = "number" if code == "number" else "date"
    if miss_o and miss_c:
        msg = f"{label}: " + ", ".join(f"'{x.text}'" for x in miss_o) + " became " + ", ".join(f"'{x.text}'" for x in miss_c)
    elif miss_o:
        msg = f"{label}: " + ", ".join(f"'{x.text}'" for x in miss_o) + " missing"
    else:
        msg = f"{label}: " + ", ".join(f"'{x.text}'" for x in miss_c) + " added"
    return Finding(code, msg, feature, [(x.start, x.end, kind) for x in miss_c], [(x.start, x.end, kind) for x in miss_o])
