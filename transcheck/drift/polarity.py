"""Polarity and person of a pair: negation (cues, and negations in other words that absorb them),
gendered words and pronouns, and a question on one side only."""

from __future__ import annotations

from collections.abc import Sequence

from ..text.english import (
    BOUND_COMPARATIVES,
    FEMALE_PRONOUNS,
    GENDERED,
    IMPLICIT_NEGATIONS,
    LESS_NOT_NEGATIVE,
    MALE_PRONOUNS,
    NEGATION_IDIOMS,
    NEGATIVE_PREFIXES,
    OTHER_GENDER,
    PRONOUN_CLASS,
)
from .pair import Finding, Pair, Token
from .tokens import is_content, present, stem, surplus

_IMPLICIT_NEGATION_STEMS = frozenset(stem(w) for w in IMPLICIT_NEGATIONS)  # matched by stem


def negation_cues(ts: Sequence[Token]) -> list[Token]:
    """The negation cues of a sentence that negate a statement: cues that open a bound or a fixed
    phrase ("no more than", "not far from", "not only", "for nothing") are left out."""
    out = []
    for i, t in enumerate(ts):
        if not t.neg:
            continue
        nxt = [u.lower for u in ts[i + 1 : i + 3]]
        if nxt and nxt[0] in BOUND_COMPARATIVES and nxt[1:] == ["than"]:
            continue
        follow = NEGATION_IDIOMS.get((t.lower, nxt[0])) if nxt else None
        if follow is not None and (not follow or nxt[1:2] and nxt[1] in follow):
            continue
        if t.lower == "nothing" and i and ts[i - 1].lower == "for":
            continue
        if t.lower == "no" and i + 1 < len(ts) and ts[i + 1].number is not None and ts[i + 1].start - t.end <= 2:
            continue  # "No. 2", "no 10": a number sign
        out.append(t)
    return out


def compare_negation(p: Pair) -> None:
    """A negation cue on one side more often than on the other, once negations in other words
    ("unclear" for "not clear") are counted."""
    neg_o = negation_cues(p.to)
    neg_c = negation_cues(p.tc)
    gap = len(neg_c) - len(neg_o)
    if gap:
        gap = _absorb_negation(gap, p)
    if not gap:
        return
    p.v["negation"] = float(min(2, abs(gap)))
    cue = lambda t: "not" if t.lower in ("not", "cannot") or t.text.lower().endswith(("n't", "n’t")) else t.lower  # noqa: E731
    if gap > 0:
        extra = surplus(neg_c, neg_o, cue)[:gap]
        msg = "negation: " + ", ".join(f"'{t.text}'" for t in extra) + " added"
        p.findings.append(Finding("negation", msg, "negation", [(t.start, t.end, "negation") for t in extra], [],
                                  conflict=any(_negates_shared(t, p.tc, p.lower_o) for t in extra)))
    else:
        extra = surplus(neg_o, neg_c, cue)[:-gap]
        msg = "negation: " + ", ".join(f"'{t.text}'" for t in extra) + " dropped"
        p.findings.append(Finding("negation", msg, "negation", [], [(t.start, t.end, "negation") for t in extra],
                                  conflict=any(_negates_shared(t, p.to, p.lower_c) for t in extra)))


def _negates_shared(cue: Token, ts: Sequence[Token], other: set[str]) -> bool:
    """The cue negates a word the other side says too: the first content word at most three words
    after it ("did not approve the plan" / "approved the plan"), or, for a cue that ends its clause,
    the content word right before it. A negation of something the other side does not mention
    ("not to meddle" / "want to move on") is more said, not a contradiction."""
    k = next(i for i, t in enumerate(ts) if t is cue)
    if any(u.lower in ("until", "till") for u in ts[k + 1 : k + 7]):
        return False  # "will not be released until charged" = "released after he is charged"
    after = [t for t in ts[k + 1 : k + 4] if is_content(t)]
    target = after[0] if after else next((t for t in reversed(ts[:k]) if is_content(t)), None)
    return target is not None and present(target, other)


def _absorb_negation(gap: int, p: Pair) -> int:
    """What is left of a negation-cue difference (candidate minus original) once negations in
    other words are counted: "not clear" = "unclear" (an antonym pair that is a negative prefix,
    which then is no antonym either), "could not" = "unable", "no longer" = "stopped". The
    absorbing word must be on the side that lacks the cue and absent from the other side."""
    lacking, lacking_tokens, lacking_lower, cue_tokens, other = (
        ("o", p.to, p.lower_o, p.tc, p.lower_c) if gap > 0 else ("c", p.tc, p.lower_c, p.to, p.lower_o))
    need = abs(gap)
    for a, b, finding in list(p.antonyms):
        if not need:
            break
        neg_word, plain = (a, b) if lacking == "o" else (b, a)
        if any(neg_word.lower == prefix + plain.lower for prefix in NEGATIVE_PREFIXES):
            p.v["antonym"] -= 1
            p.findings.remove(finding)
            need -= 1
    cue_roots = [t.lower for t in cue_tokens if len(t.lower) >= 4]
    for t in lacking_tokens:
        if not need:
            break
        if present(t, other):
            continue
        if t.stem in _IMPLICIT_NEGATION_STEMS or _less_negative(t.lower) or _prefix_negative(t.lower, cue_roots):
            need -= 1
    # "did not reopen until 1985" = "reopened only in 1985"
    if need and "only" in lacking_lower and "only" not in other and _not_until(cue_tokens):
        need -= 1
    return need if gap > 0 else -need


def _less_negative(word: str) -> bool:
    """A "-less" adjective of 7 letters or more ("wireless", "worthless"): a negation in a word."""
    return len(word) >= 7 and word.endswith("less") and word not in LESS_NOT_NEGATIVE


def _prefix_negative(word: str, roots: list[str]) -> bool:
    """A word with a negative prefix whose root the other side has ("independent" / "does not
    depend", "unhappy" / "not happy")."""
    for p in NEGATIVE_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 4:
            rest = word[len(p):]
            for r in roots:
                k = min(len(r), len(rest))
                if k >= 5 and rest[:k] == r[:k] or r == rest:
                    return True
    return False


def _not_until(ts: Sequence[Token]) -> bool:
    """A negation cue with "until" / "till" at most six words after it ("didn't open ... until")."""
    return any(t.neg and any(u.lower in ("until", "till") for u in ts[i + 1 : i + 7]) for i, t in enumerate(ts))


def compare_pronouns(p: Pair) -> None:
    """A gendered word turned to the other gender; a pronoun of another person or number."""
    flip = _gender_flip([t for t in p.to if t.lower in GENDERED], [t for t in p.tc if t.lower in GENDERED])
    if flip:
        a, b = flip
        p.v["gender"] = 1.0
        p.findings.append(
            Finding("gender", f"gender: '{a[0].text}' became '{b[0].text}'", "gender",
                    [(t.start, t.end, "pronoun") for t in b], [(t.start, t.end, "pronoun") for t in a])
        )
    po = [t for t in p.to if t.lower in PRONOUN_CLASS]
    pc = [t for t in p.tc if t.lower in PRONOUN_CLASS]
    cls = lambda t: PRONOUN_CLASS[t.lower]  # noqa: E731
    xo = surplus(po, pc, cls)
    xc = surplus(pc, po, cls)
    if xo and xc:
        p.v["pronoun"] = float(min(len(xo), len(xc)))
        p.findings.append(
            Finding("pronoun", f"pronoun: '{xo[0].text}' became '{xc[0].text}'", "pronoun",
                    [(t.start, t.end, "pronoun") for t in xc], [(t.start, t.end, "pronoun") for t in xo])
        )


def _gender_flip(go: list[Token], gc: list[Token]) -> tuple[list[Token], list[Token]] | None:
    """Gendered words on one side only that are each other's other gender: a pronoun for a pronoun
    (he / she, his / her) or a noun for its counterpart (husband / wife). ``(original words,
    candidate words)`` of the flip, or None."""
    lower = lambda t: t.lower  # noqa: E731
    xo, xc = surplus(go, gc, lower), surplus(gc, go, lower)
    for male, female in ((MALE_PRONOUNS, FEMALE_PRONOUNS), (FEMALE_PRONOUNS, MALE_PRONOUNS)):
        a = [t for t in xo if t.lower in male]
        b = [t for t in xc if t.lower in female]
        # the new pronoun must not already have a referent: with "she" in the original, an added
        # "her" can be hers ("she wrapped his body" / "her spouse ... she rolled the body")
        if a and b and not any(t.lower in female for t in go):
            return a, b
    for t in xo:
        b = [u for u in xc if OTHER_GENDER.get(t.lower) == u.lower]
        if b:
            return [t], b
    return None


def compare_question(p: Pair) -> None:
    """A question on one side only."""
    qo = p.original.rstrip(" \"”’»'").endswith("?")
    qc = p.candidate.rstrip(" \"”’»'").endswith("?")
    if qo != qc:
        p.v["question"] = 1.0
        message = "question: " + ("candidate asks, original states" if qc else "original asks, candidate states")
        p.findings.append(Finding("question", message, "question"))
