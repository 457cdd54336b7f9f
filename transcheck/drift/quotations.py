"""Quotations of a pair: where they stand, which quotation of one side renders which of the other,
and quotations reworded while presented as verbatim."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..text.english import STOPWORDS
from .pair import Finding, Pair
from .tokens import stem, typo


def quotes(text: str) -> list[tuple[int, int]]:
    """Character ranges (inside the marks) of quotations, nested ones included; unbalanced marks are ignored."""
    stack: list[tuple[str, int]] = []
    out: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if ch in "“«„‹":
            if ch == "“" and stack and stack[-1][0] == "„":
                out.append((stack.pop()[1], i))
                continue
            stack.append((ch, i + 1))
        elif ch in "”»›":
            want = {"”": ("“", "„"), "»": ("«",), "›": ("‹",)}[ch]
            if stack and stack[-1][0] in want:
                out.append((stack.pop()[1], i))
            elif ch == "”" and (prev.isspace() or prev in ".,!?:;”") and nxt.isalnum():
                stack.append(("“", i + 1))  # a closing mark used as an opening one
        elif ch == '"':
            if stack and stack[-1][0] == '"':
                out.append((stack.pop()[1], i))
            else:
                stack.append(('"', i + 1))
        elif ch == "‘":
            stack.append(("‘", i + 1))
        elif ch == "’" or ch == "'":
            if prev.isalpha() and nxt.isalpha():
                continue  # apostrophe
            if stack and stack[-1][0] in ("‘", "'s") and not (prev.isalpha() and prev in "sS" and nxt.isalpha()):
                if prev.isspace():
                    continue
                out.append((stack.pop()[1], i))
            elif ch == "'" and (prev.isspace() or prev in "(,:“\"") and nxt.isalpha():
                stack.append(("'s", i + 1))
    res = []
    for a, b in sorted(out):
        while a < b and text[a] in " ,.;:": a += 1  # noqa: E701
        while b > a and text[b - 1] in " ,.;:": b -= 1  # noqa: E701
        if b > a:
            res.append((a, b))
    return res


def compare_quotes(p: Pair) -> None:
    """Quotations whose words differ from their counterparts' (the ``quote`` feature: the largest
    difference, 0..1)."""
    qf = _quote_findings(p.original, p.candidate)
    if qf:
        p.v["quote"] = max(d for d, _ in qf)
        p.findings.extend(f for _, f in qf)


def _quote_findings(original: str, candidate: str) -> list[tuple[float, Finding]]:
    """Each quotation of the candidate against its counterpart: (difference, finding) of those that
    differ, two at the most."""
    qo = [(a, b, _qwords(original[a:b])) for a, b in quotes(original)]
    qc = [(a, b, _qwords(candidate[a:b])) for a, b in quotes(candidate)]
    qo = [q for q in qo if len(q[2]) >= 2]
    qc = [q for q in qc if len(q[2]) >= 2]
    if not qo or not qc:
        return []
    # each quotation of the candidate with its counterpart: the original's quotation that shares
    # the most words (Jaccard, then the closest length), if it shares at least a quarter of them
    pairs = []
    for a, b, wc in sorted(qc, key=lambda q: (q[1] - q[0], q[0])):
        words_c = {w for w, _, _ in wc}

        def overlap(q, words_c=words_c, a=a, b=b):
            words_o = {w for w, _, _ in q[2]}
            return len(words_c & words_o) / len(words_c | words_o), -abs((q[1] - q[0]) - (b - a))

        best = max(qo, key=overlap)
        pairs.append(((a, b, wc), best if overlap(best)[0] >= 0.25 else None))
    # an original quotation that a candidate quotation renders is not free to stand for another one
    taken = {q[0] for _, q in pairs if q is not None}
    free = [q for q in qo if q[0] not in taken]
    res = []
    for (a, b, wc), counterpart in pairs:
        if counterpart is None:
            # no quotation of the other side shares its words: a reworded quote when both quote at
            # length and the other sentence does not carry these words unquoted either
            f = _unmatched_quote(original, candidate, (a, b, wc), free) if free else None
            if f is not None:
                res.append((1.0, f))
        else:
            found = _reworded_quote(original, candidate, (a, b, wc), counterpart)
            if found is not None:
                res.append(found)
        if len(res) >= 2:
            break
    return res


def _reworded_quote(original: str, candidate: str, qc: tuple[int, int, list], qo: tuple[int, int, list]
                    ) -> tuple[float, Finding] | None:
    """A quotation of the candidate against its counterpart in the original: a finding (1 − the
    word-sequence similarity) where the words differ beyond articles and inflection ("a real
    genocide" = "real genocide"). A quotation that is an unbroken part of its counterpart is partial
    quotation, not rewording (“on more than one occasion” of “The president pressed President Putin
    on more than one occasion regarding Russian involvement”)."""
    a, b, wc = qc
    oa, ob, wo = qo
    seq_c = [w for w, _, _ in wc]
    seq_o = [w for w, _, _ in wo]
    key_c, key_o = _quote_key(seq_c), _quote_key(seq_o)
    if key_c == key_o or _contiguous_in(key_c, key_o):
        return None
    # the original quotes part of what the candidate quotes: partial quotation too, unless the
    # candidate's quotation is the same statement reworded around it (a conflict only then)
    partial = _contiguous_in(key_o, key_c)
    sm = SequenceMatcher(None, seq_o, seq_c, autojunk=False)
    spans_c, spans_o = [], []
    reworded = False
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        reworded = reworded or tag == "replace" and _replaces_content(seq_o[i1:i2], seq_c[j1:j2])
        if j2 > j1:
            spans_c.append((a + wc[j1][1], a + wc[j2 - 1][2], "quote"))
        if i2 > i1:
            spans_o.append((oa + wo[i1][1], oa + wo[i2 - 1][2], "quote"))
    qc_text = candidate[a:b].strip(" ,.")
    qo_text = original[oa:ob].strip(" ,.")
    msg = f"quote differs: “{qc_text}” vs “{qo_text}” (reworded while presented as verbatim)"
    return 1.0 - sm.ratio(), Finding("quote", msg, "quote", spans_c, spans_o, conflict=reworded and not partial)


def _replaces_content(old: list[str], new: list[str]) -> bool:
    """Words of the original's quotation replaced by others, with a content word on either side that is
    not a spelling of one on the other ("neighbourhood" / "neighborhood", "devil's" / "devil"): the
    quotation says something else in that place. Words only added or left out are a longer or an
    elided quotation, and function words alone ("and there another dozen" / "and a dozen") a slip."""
    def content(words: list[str]) -> list[str]:
        return [w.replace("'s", "") for w in words if w.isalpha() and len(w) > 2 and w not in STOPWORDS]

    co, cn = content(old), content(new)
    co = [w for w in co if not any(w == x or typo(w, x) or stem(w) == stem(x) for x in cn)]
    cn = [w for w in cn if not any(w == x or typo(w, x) or stem(w) == stem(x) for x in content(old))]
    return bool(co or cn)


def _contiguous_in(part: list[str], whole: list[str]) -> bool:
    """``part`` occurs in ``whole`` as an unbroken run (and is shorter than it)."""
    n = len(part)
    return 0 < n < len(whole) and any(whole[i:i + n] == part for i in range(len(whole) - n + 1))


UNMATCHED_QUOTE_WORDS = 4  # shorter quotations are often titles ("This Week") or single phrases


def _unmatched_quote(original: str, candidate: str, qc: tuple[int, int, list], qo: list) -> Finding | None:
    """A quotation of the candidate with no counterpart among the original's quotations (word overlap
    below a quarter with each): the two sentences quote different words for the same statement.
    Counted only when both quotations run to ``UNMATCHED_QUOTE_WORDS`` words and fewer than half of
    the candidate's quoted words occur anywhere in the original (else the copy quotes what the
    original says in indirect speech)."""
    a, b, wc = qc
    longest = max(qo, key=lambda q: (len(q[2]), -q[0]))
    if len(wc) < UNMATCHED_QUOTE_WORDS or len(longest[2]) < UNMATCHED_QUOTE_WORDS:
        return None
    words = {w for w, _, _ in wc} - {"a", "an", "the"}
    in_original = {w for w, _, _ in _qwords(original)}
    if not words or len(words & in_original) * 2 >= len(words):
        return None
    oa, ob, wo = longest
    qc_text = candidate[a:b].strip(" ,.")
    qo_text = original[oa:ob].strip(" ,.")
    msg = f"quote differs: “{qc_text}” vs “{qo_text}” (other words quoted for the same statement)"
    return Finding("quote", msg, "quote", [(a + wc[0][1], a + wc[-1][2], "quote")],
                   [(oa + wo[0][1], oa + wo[-1][2], "quote")])


def _quote_key(words: list[str]) -> list[str]:
    """The stems of quoted words, articles and possessive endings left out: what two quotations must
    share to be the same ("Trump's blackmail" = "Trump blackmail")."""
    return [stem(w[:-2] if w.endswith("'s") else w) for w in words if w not in ("a", "an", "the")]


def _qwords(s: str) -> list[tuple[str, int, int]]:
    """The words of ``s``, lower-cased, with their offsets."""
    out = []
    for m in re.finditer(r"\w+(?:['’]\w+)*", s):
        w = m.group(0).lower().replace("’", "'")
        out.append((w, m.start(), m.end()))
    return out
