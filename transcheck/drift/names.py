"""Names of a pair: capitalised words that name someone or something, and the forms in which two
sides write one name (transliterations, diacritics, acronyms, a place and its adjective, a title or a
first name more, other words the sentence encoder puts close to it)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np

from ..text.english import MONTHS, PLACE_ENDINGS, PRONOUN_CLASS, SAME_NAME, STATE_FORMS, STOPWORDS, TENS, TITLES, UNITS, WEEKDAYS
from .pair import Finding, Pair, SyntaxParser, Token, WordEncoder
from .tokens import edit_distance, has_digit, in_place, unique

HEADLINE_CHRF = 0.5  # chrF below which a headline's capitals are not read as names; docs/drift.md
NAME_SUPPORT = 0.65  # cosine of a name to the other side's words that means "the same name"; docs/drift.md


def compare_names(p: Pair, rest_o: list[Token], rest_c: list[Token], words: WordEncoder | None,
                  syntax: SyntaxParser) -> tuple[list[Token], list[Token], set[int]]:
    """Names on one side only, among the unexplained words. Returns those words less the ones
    that turned out to be the same name in another form, and the ids of the name tokens. ``syntax``
    parses the two sentences, for the proper nouns among their first words."""
    original, candidate, to, tc = p.original, p.candidate, p.to, p.tc
    proper_o: frozenset[int]
    proper_c: frozenset[int]
    if any(t.initial and t.capitalised for t in rest_o + rest_c):
        proper_o, proper_c = (getattr(a, "proper", frozenset()) for a in syntax([original, candidate]))
    else:
        proper_o = proper_c = frozenset()
    caps = {t.lower for t in to + tc if t.capitalised and not t.initial}
    # a headline's capitals ("Trump and Putin Issue Major Announcement", "CLICK HERE FOR FULL
    # VERSION") say nothing about which words are names, unless the other side is a close copy
    # of it, where a capitalised word in another's place is a replaced name ("Trump Meets Putin"
    # / "Trump Meets Xi")
    loose = p.chrf < HEADLINE_CHRF
    shouted = _shouted(original, to) | _shouted(candidate, tc)
    ent_o = [] if loose and _headline(to) else [t for t in rest_o if _is_entity(t, caps, proper_o) and id(t) not in shouted]
    ent_c = [] if loose and _headline(tc) else [t for t in rest_c if _is_entity(t, caps, proper_c) and id(t) not in shouted]
    # spelling variants of one name (transliteration, diacritics, acronyms) are not a swap
    same = _same_names(ent_o, ent_c, to, tc) | _same_names(ent_c, ent_o, tc, to)
    if words is not None and (ent_o or ent_c):
        # a name the other side renders in other words: "USA" / "United States", "Internet" / "Web"
        same |= _names_in_other_words(original, ent_o, candidate, rest_c, same, words)
        same |= _names_in_other_words(candidate, ent_c, original, rest_o, same, words)
    # a fuller form of a name the other side has: "Secretary of State Rex Tillerson" / "Tillerson"
    if ent_o or ent_c:
        runs_o, runs_c = _name_runs(original, to), _name_runs(candidate, tc)
        same |= _fuller_names(original, to, runs_o, ent_o, runs_c) | _fuller_names(candidate, tc, runs_c, ent_c, runs_o)
    ent_o = unique([t for t in ent_o if id(t) not in same])
    ent_c = unique([t for t in ent_c if id(t) not in same])
    rest_o = [t for t in rest_o if id(t) not in same]
    rest_c = [t for t in rest_c if id(t) not in same]
    if ent_o or ent_c:
        p.v["entity_missing"] = float(len(ent_o))
        p.v["entity_added"] = float(len(ent_c))
        p.v["entity_swap"] = float(min(len(ent_o), len(ent_c)))
        p.findings.append(_name_finding(p, ent_o, ent_c))
    return rest_o, rest_c, {id(t) for t in ent_o + ent_c}


def _name_finding(p: Pair, ent_o: list[Token], ent_c: list[Token]) -> Finding:
    """"X became Y" only where Y stands in X's place; a name gone and another elsewhere ("Russian" /
    "in Hamburg, Germany") is "X missing, Y added"."""
    added = {id(t) for t in ent_c}
    conflict = bool(ent_o and ent_c and any(in_place(t, p.to, p.tc, lambda a, b: id(b) in added, strict=True) for t in ent_o))
    if not conflict:
        hidden_o, hidden_c = _hidden_replacements(p, ent_o, ent_c)
        if hidden_o or hidden_c:
            ent_o, ent_c, conflict = unique(ent_o + hidden_o), unique(ent_c + hidden_c), True
            p.v["entity_swap"] = max(p.v.get("entity_swap", 0.0), 1.0)
    so = _group(p.original, ent_o)
    sc = _group(p.candidate, ent_c)
    if conflict:
        msg = f"name: '{_join(so)}' became '{_join(sc)}'"
    elif so and sc:
        msg = f"name: '{_join(so)}' missing, '{_join(sc)}' added"
    elif so:
        msg = f"name: '{_join(so)}' missing"
    else:
        msg = f"name: '{_join(sc)}' added"
    return Finding("entity", msg, "entity_missing" if so else "entity_added",
                   [(a, b, "entity") for a, b, _ in sc], [(a, b, "entity") for a, b, _ in so], conflict)


def _hidden_replacements(p: Pair, ent_o: list[Token], ent_c: list[Token]) -> tuple[list[Token], list[Token]]:
    """A name replaced where the bag of words cannot see it: the replaced name is still in the other
    side elsewhere ("the Olympic rings of the Olympic Games" / "the Javelin rings of the Olympic
    Games"), or the new word is a month or weekday ("in Geysers Valley" / "in Monday Valley"), never
    two spellings of one name. Found only in place (the same words on both sides of it, or the same
    content word on one side) and only where the side with the old word has it more often. Returns
    the words to add to each side's names."""
    def capital(a: Token, b: Token) -> bool:
        return (b.capitalised and not b.initial and b.lower not in STOPWORDS and b.number is None
                and not _name_variant(a.lower, b.lower))

    def calendar(a: Token, b: Token) -> bool:
        return capital(a, b) and (b.lower in MONTHS or b.lower in WEEKDAYS)

    for new in ent_c:  # a name added where the original has a name it keeps elsewhere
        old = in_place(new, p.tc, p.to, capital, strict=True)
        if old is not None:
            return [old], []
    for gone in ent_o:  # a name gone where the candidate has a month or weekday
        date = in_place(gone, p.to, p.tc, calendar, strict=True)
        if date is not None:
            return [], [date]
    return [], []


def _is_entity(t: Token, others_lower: set[str], proper: frozenset[int] = frozenset()) -> bool:
    """A capitalised word that reads as a name: not a function word, pronoun, number or shouted word;
    at the start of a sentence only if capitalised elsewhere too or parsed as a proper noun (``proper``:
    start offsets)."""
    if not t.capitalised or t.number is not None or t.lower in STOPWORDS or t.neg:
        return False
    if len(t.lower) < 2 or t.lower in PRONOUN_CLASS or t.lower in UNITS or t.lower in TENS:
        return False
    if t.initial:
        # a sentence-initial capital is a name only if the word is capitalised elsewhere too, or
        # the tagger reads it as a proper noun ("Prosa previously played for ...")
        return t.lower in others_lower or t.start in proper
    # not shouting / all-caps headline words
    return not (t.text.isupper() and len(t.text) > 4 and not has_digit(t.text))


def _shouted(text: str, ts: Sequence[Token]) -> set[int]:
    """ids of the words of shouted text: a run of three or more words in capitals, one space apart,
    with a function word among them ("A YEAR SUBSCRIPTION AND OUO FROM OUR COLLECTION"); there
    capitals do not mark names. Acronyms side by side ("FBI CIA NSA") and a dateline ("NEW YORK
    (AP)") keep theirs."""
    out: set[int] = set()
    run: list[Token] = []

    def close() -> None:
        if len(run) >= 3 and any(x.lower in STOPWORDS for x in run):
            out.update(id(x) for x in run)
        run.clear()

    for t in ts:
        if not (t.text.isupper() and t.text.isalpha() and len(t.text) > 1):
            close()
            continue
        if run and text[run[-1].end : t.start] != " ":
            close()
        run.append(t)
    close()
    return out


def _headline(ts: Sequence[Token]) -> bool:
    """Title case or capitals throughout: at least three words of three letters or more (stopwords
    aside), every one capitalised."""
    words = [t for t in ts if t.number is None and len(t.lower) > 2 and t.lower not in STOPWORDS]
    return len(words) >= 3 and all(t.capitalised for t in words)


def _name_runs(text: str, ts: Sequence[Token]) -> list[list[Token]]:
    """Runs of capitalised words with a space, a hyphen or " of " between ("Secretary of State Rex
    Tillerson", "Jean-Yves Le Drian"); a possessive ends its run ("Modi's Twitter"). The last word
    is the run's head."""
    runs: list[list[Token]] = []
    prev = -3
    for k, t in enumerate(ts):
        if not t.capitalised:
            continue
        if runs and not _POSSESSIVE.search(ts[prev].text) and (
                k == prev + 1 and text[ts[prev].end : t.start] in (" ", "-")
                or k == prev + 2 and ts[k - 1].lower == "of" and text[ts[prev].end : t.start] == " of "):
            runs[-1].append(t)
        else:
            runs.append([t])
        prev = k
    return runs


_POSSESSIVE = re.compile(r"['’]s?$")


def _fuller_names(text_x: str, toks_x: Sequence[Token], runs_x: list[list[Token]], ents_x: list[Token],
                  runs_y: list[list[Token]]) -> set[int]:
    """ids of the name tokens of ``ents_x`` that only lengthen a name the other side has: titles, and a
    first name right before the same head word, where the other side's run ending in that head has
    no word this side lacks ("Secretary of State Rex Tillerson" / "Tillerson", "President Donald
    Trump" / "President Trump"; not "John Smith" / "Jane Smith", nor "President Trump" /
    "President", nor "RT University Pavel Smirnov" / "Pavel Smirnov"). ``runs_x`` / ``runs_y``:
    :func:`_name_runs` of either side, found once for both calls."""
    if not ents_x:
        return set()
    wanted = {id(t) for t in ents_x}
    lower_x = {t.lower for t in toks_x}
    heads_y = {run[-1].lower for run in runs_y if all(u.lower in lower_x for u in run)}
    out: set[int] = set()
    for run in runs_x:
        head = run[-1]
        if len(run) < 2 or head.lower not in heads_y:
            continue
        # a first name is written like one: "Rex", not "RCRS" ("SMP RCRS Trophy" / "Trophy")
        first = run[-2] if text_x[run[-2].end : head.start] in (" ", "-") and run[-2].text[1:].islower() else None
        out.update(id(t) for t in run[:-1] if id(t) in wanted and (t is first or t.lower in TITLES))
    return out


def _runs(text: str, ts: list[Token]) -> list[list[Token]]:
    """Tokens in text order, adjacent ones (a space or a hyphen between) in one run ("Andrzej Duda")."""
    runs: list[list[Token]] = []
    for t in sorted(ts, key=lambda t: t.start):
        if runs and text[runs[-1][-1].end : t.start] in (" ", "-"):
            runs[-1].append(t)
        else:
            runs.append([t])
    return runs


def _group(text: str, ts: list[Token]) -> list[tuple[int, int, str]]:
    """Adjacent name tokens merged into one span ("Andrzej Duda")."""
    return [(r[0].start, r[-1].end, text[r[0].start : r[-1].end]) for r in _runs(text, ts)]


def _join(spans: list[tuple[int, int, str]]) -> str:
    """The texts of the first four spans, for a message."""
    return "', '".join(s for _, _, s in spans[:4])


def _same_names(xs: list[Token], ys: list[Token], toks_x: Sequence[Token], toks_y: Sequence[Token]) -> set[int]:
    """ids of name tokens in ``xs`` (and the ``ys`` / other-side tokens they match) that are spelling
    variants or acronyms of a name on the other side."""
    out: set[int] = set()
    for t in xs:
        for u in ys:
            if id(u) not in out and _name_variant(t.lower, u.lower):
                out.update((id(t), id(u)))
                break
        else:
            if t.text.isupper() and 2 <= len(t.text) <= 5:
                # acronym: the initials of consecutive capitalised words on the other side (UK = United Kingdom)
                n = len(t.text)
                for i in range(len(toks_y) - n + 1):
                    run = toks_y[i : i + n]
                    if all(u.capitalised for u in run) and "".join(u.text[0] for u in run).upper() == t.text:
                        out.add(id(t))
                        out.update(id(u) for u in run)
                        break
    # the state-form word after a name that is accounted for (matched here, or found on the other
    # side before): "the Russian Federation" / "Russia"
    left = {id(t) for t in xs} - out
    for k, t in enumerate(toks_x):
        if t.lower in STATE_FORMS and id(t) in left and k and toks_x[k - 1].capitalised and id(toks_x[k - 1]) not in left:
            out.add(id(t))
    return out


def _name_variant(a: str, b: str) -> bool:
    """Two spellings of one name: equal without diacritics, one a prefix of the other (Taiwan /
    Taiwanese), a shared stem of five letters, a place and its adjective (Turkey / Turkish, France /
    French), or a transliteration two edits apart (Dauden / Dowden)."""
    a, b = _ascii(a), _ascii(b)
    if a == b or frozenset((a, b)) in SAME_NAME:
        return True
    if has_digit(a) or has_digit(b):
        # identifiers: "COVID19" / "Covid" are one name, "COVID19" / "COVID21" and "G20" / "G7" are not
        return not (has_digit(a) and has_digit(b)) and _name_variant(_DIGITS.sub("", a), _DIGITS.sub("", b))
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and long_.startswith(short):
        return True
    k = 0
    while k < len(short) and a[k] == b[k]:
        k += 1
    if k >= 5 or (k == 4 and (a[k:] or "-") in PLACE_ENDINGS and (b[k:] or "-") in PLACE_ENDINGS):
        return True
    if min(len(a), len(b)) >= 5 and edit_distance(a, b, 2) <= 2 and a[0] == b[0]:
        return True
    # transliterations of one name differ in vowels and doubled letters: Arestovych / Arestovich,
    # Oleksiy / Aleksei, Zelenskyy / Zelensky, Kyiv / Kiev, App / Ap
    ka, kb = _skeleton(a), _skeleton(b)
    if ka == kb and len(ka) >= 3 and edit_distance(a, b, 3) <= 3:
        return True
    # short names: only the i-like letters may differ (Kyiv / Kiev, Yan / Jan), not any vowel (Paul / Pell)
    return len(short) >= 3 and _soft(a) == _soft(b)


def _ascii(w: str) -> str:
    """``w`` without diacritics (Ürümqi -> Urumqi)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", w) if not unicodedata.combining(ch))


_VOWELS = frozenset("aeiouyj")
_DOUBLED = re.compile(r"(.)\1+")
_SOFT = str.maketrans({"y": "i", "j": "i", "e": "i", "c": "k"})
_DIGITS = re.compile(r"\d+")


def _soft(w: str) -> str:
    """y, j and e read as i, c as k, ph as f, doubled letters collapsed: Kyiv and Kiev both give
    'kiv', Sophia and Sofya 'sofia'."""
    return _DOUBLED.sub(r"\1", w.lower().replace("ph", "f").translate(_SOFT))


def _skeleton(w: str) -> str:
    """Consonant skeleton: doubled letters collapsed, vowels (and y, j) dropped, an initial vowel kept
    as 'V', c read as k (Cyrillic к is written both ways: RBK / RBC), x as ks (Alexey / Aleksei), ph
    as f, ts / tz as z (Cyrillic ц: Tsirkon / Zircon), and w as v (Polish and German names
    transliterated from Russian: Krychowiak / Krykhovyak)."""
    w = w.lower().replace("ph", "f").replace("ts", "z").replace("tz", "z").replace("w", "v")
    w = _DOUBLED.sub(r"\1", w.replace("c", "k").replace("x", "ks"))
    if not w:
        return ""
    head = "V" if w[0] in _VOWELS else w[0]
    return head + "".join(ch for ch in w[1:] if ch.isalpha() and ch not in _VOWELS)


def _names_in_other_words(text_x: str, ents_x: list[Token], text_y: str, rest_y: list[Token], done: set[int],
                          words: WordEncoder) -> set[int]:
    """ids of the name tokens of ``ents_x`` (grouped: "United States") that a word or a run of words
    of ``rest_y`` (the other side's words without a counterpart) renders, by embedding cosine
    >= NAME_SUPPORT, and of those words: "ISIS" / "Islamic State", "Naples" / "Napoli",
    "Highway" / "road". Tokens in ``done`` are already accounted for."""
    ents = [t for t in ents_x if id(t) not in done]
    rest = [t for t in rest_y if id(t) not in done]
    if not ents or not rest:
        return set()
    groups = _runs(text_x, ents)
    phrases = [[t] for t in rest] + [run for run in _runs(text_y, rest) if len(run) > 1]
    # a run of words is the normalised mean of its words' vectors, which the scorer has embedded
    # beforehand (:func:`transcheck.drift.prefetch`): no per-pair call to the model
    vocab = sorted({t.lower for t in ents + rest})
    index = {w: k for k, w in enumerate(vocab)}
    wv = words(vocab)

    def vector(ts: list[Token]) -> np.ndarray:
        v = wv[[index[t.lower] for t in ts]].sum(axis=0)
        return v / (np.linalg.norm(v) or 1.0)

    sims = np.stack([vector(g) for g in groups]) @ np.stack([vector(r) for r in phrases]).T
    # two identifiers are compared as written: "G20" / "G7" embed close together but are two summits
    # ("COVID-19" / "coronavirus" may still match)
    coded = lambda ts: any(has_digit(t.lower) for t in ts)  # noqa: E731
    for i, g in enumerate(groups):
        if coded(g):
            for k, r in enumerate(phrases):
                if coded(r):
                    sims[i, k] = -1.0
    out: set[int] = set()
    for g, row in zip(groups, sims):
        k = int(row.argmax())
        if row[k] >= NAME_SUPPORT and not any(id(t) in out for t in phrases[k]):
            out.update(id(t) for t in g)
            out.update(id(t) for t in phrases[k])
    return out
