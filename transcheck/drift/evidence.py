"""Evidence for meaning drift between an original sentence and a candidate sentence.

Pure Python + sacrebleu, plus the dependency parse of :mod:`transcheck.tagger` for signs of a missing
word. :func:`evidence` returns an :class:`Evidence` with a fixed feature vector
(:data:`FEATURES`, used by the logistic model in :mod:`transcheck.drift`) and the findings behind it
(each with the exact character spans, in the candidate and in the original, that differ).
"""

from __future__ import annotations

import collections
import math
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Callable, Sequence, TypeVar

import numpy as np

FEATURES = (
    "cosine",  # embedding cosine similarity (given by the pipeline)
    "chrf",  # sentence chrF / 100 on case- and punctuation-folded text
    "bleu",  # sentence BLEU / 100 on folded text
    "longer",  # max(0, log(candidate words / original words))
    "shorter",  # max(0, log(original words / candidate words))
    "added",  # content words of the candidate absent from the original (count, log1p)
    "dropped",  # content words of the original absent from the candidate (count, log1p)
    "added_unsupported",  # added words with no near-synonym in the original: log1p(sum(1 - best cosine))
    "dropped_unsupported",  # dropped words with no near-synonym in the candidate (same measure)
    "number",  # numbers changed: a value on each side, of comparable size, that differ (count)
    "number_extra",  # numbers on one side only (count)
    "date",  # a month / weekday / relative day replaced by another (count)
    "date_extra",  # dates on one side only (count)
    "entity_missing",  # name tokens of the original missing in the candidate
    "entity_added",  # name tokens of the candidate absent from the original
    "entity_swap",  # min(missing, added): a name replaced by another
    "negation",  # |negation cues(original) - negation cues(candidate)|
    "antonym",  # antonym pairs (original word -> candidate word)
    "gender",  # gender flip (he -> she, man -> woman ...)
    "pronoun",  # personal pronouns that differ (person / number)
    "quote",  # a quotation present on both sides whose words differ (0..1, 1 - word-sequence ratio)
    "question",  # a question on one side only
    "incomplete_clause",  # log1p(clause flags of the candidate - of the original): a verb without a subject, ...
    "incomplete_phrase",  # the same for phrase flags: an article without a noun, a preposition without an object, ...
)

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren as at be because been before being
    below between both but by can could did do does doing don down during each either else even ever every few
    for from further had has have having here how however i if in into is it its itself just least less let like
    may me might mine much must my myself nor of off on once only or other others our ours ourselves out
    over own per rather same shall should so some such than that the their theirs them themselves then there
    these they this those though through thus to under until up upon us via was we were what whatever
    when where whether which while who whom whose why will with within would yet you your yours yourself
    s t d ll m re ve ca wo sha n said says say saying told tell tells according mr mrs ms dr st
    am pm one ones another""".split()
)


PRONOUN_CLASS = {
    "i": "1s", "me": "1s", "my": "1s", "mine": "1s", "myself": "1s",
    "we": "1p", "us": "1p", "our": "1p", "ours": "1p", "ourselves": "1p",
    "you": "2", "your": "2", "yours": "2", "yourself": "2", "yourselves": "2",
    "he": "3m", "him": "3m", "his": "3m", "himself": "3m",
    "she": "3f", "her": "3f", "hers": "3f", "herself": "3f",
    "they": "3p", "them": "3p", "their": "3p", "theirs": "3p", "themselves": "3p",
}

MALE = frozenset(
    """he him his himself man men boy boys father fathers son sons husband husbands brother brothers king kings
    male males gentleman gentlemen uncle nephew grandfather grandson mr sir boyfriend prince""".split()
)
FEMALE = frozenset(
    """she her hers herself woman women girl girls mother mothers daughter daughters wife wives sister sisters
    queen queens female females lady ladies aunt niece grandmother granddaughter mrs ms madam girlfriend
    princess""".split()
)

GENDERED = MALE | FEMALE
_MALE_PRONOUNS = frozenset("he him his himself".split())
_FEMALE_PRONOUNS = frozenset("she her hers herself".split())
# the other gender of each gendered noun: "man" became "woman" is a flip, "man" became "her husband" is not
_OTHER_GENDER = {
    m: f
    for pair in (
        "man/woman men/women boy/girl boys/girls father/mother fathers/mothers son/daughter sons/daughters "
        "husband/wife husbands/wives brother/sister brothers/sisters king/queen kings/queens male/female "
        "males/females gentleman/lady gentlemen/ladies uncle/aunt nephew/niece grandfather/grandmother "
        "grandson/granddaughter mr/mrs mr/ms sir/madam boyfriend/girlfriend prince/princess"
    ).split()
    for m, f in [pair.split("/")]
    for m, f in ((m, f), (f, m))
}


MONTHS = {
    m: i + 1
    for i, ms in enumerate(
        [
            "january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
            "august aug", "september sep sept", "october oct", "november nov", "december dec",
        ]
    )
    for m in ms.split()
}
WEEKDAYS = {
    d: i
    for i, ds in enumerate(
        ["monday mon", "tuesday tue tues", "wednesday wed", "thursday thu thurs", "friday fri", "saturday sat",
         "sunday sun"]
    )
    for d in ds.split()
}
RELATIVE_DAYS = {"today": "today", "yesterday": "yesterday", "tomorrow": "tomorrow", "tonight": "today"}

UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split()
    )
}
TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
ORDINALS = {
    w: i + 1
    for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth".split())
}

BUILTIN_ANTONYMS = """
increase decrease|many few|rise fall|rise drop|up down|high low|higher lower|more less|more fewer|most least|win lose
won lost|winner loser|victory defeat|success failure|succeed fail|accept reject|allow forbid|allow ban|agree disagree
support oppose|approve reject|approve disapprove|include exclude|open close|opened closed|start end|begin end|first last
before after|early late|earlier later|old new|young old|large small|big small|long short|strong weak|rich poor
good bad|better worse|best worst|true false|right wrong|legal illegal|possible impossible|likely unlikely|able unable
friend enemy|ally enemy|peace war|buy sell|bought sold|give take|gain loss|profit loss|import export|love hate
always never|all none|everyone nobody|everything nothing|positive negative|public private|guilty innocent|alive dead
live die|remember forget|arrive leave|enter exit|push pull|north south|east west|left right|top bottom|inside outside
above below|over under|hot cold|warm cold|wet dry|light dark|day night|cheap expensive|easy difficult|easy hard
safe dangerous|happy sad|male female|men women|man woman|boy girl|husband wife|father mother|son daughter|brother sister
king queen|maximum minimum|majority minority|domestic foreign|ancient modern|rural urban|increase cut|raise lower
raised lowered|strengthen weaken|expand shrink|hire fire|same different|similar different|agree refuse|confirm deny
admit deny|attack defend|attack protect|permit prohibit|present absent|visible invisible|known unknown|legal unlawful
""".strip()

# a word, a number, or an identifier that starts with letters and holds digits ("G20", "G-20", "MH-17",
# "A380"; not "USA-86"): one token, a name rather than the number 20; "G-20" is folded to "g20"
_WORD_RE = re.compile(r"(?:[^\W\d_]+|\b[A-Z]{1,2}-)\d[^\W_]*|\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_NUMERIC_RE = re.compile(r"\d+(?:[.,]\d+)*")
_SENT_BREAK = set(".!?:;“\"‘«„(")
_QUOTE_CLOSERS = {"“": "”", "«": "»", "„": "“", "‘": "’", "‹": "›"}


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    lower: str  # folded form ("’" -> "'", possessive and n't split off)
    stem: str
    initial: bool  # first word of the sentence / of a quotation
    neg: bool = False
    number: float | None = None

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


IRREGULAR = {
    a: b
    for b, forms in (
        ("go", "went gone goes"), ("rise", "rose risen"), ("fall", "fell fallen"), ("win", "won"), ("lose", "lost"),
        ("buy", "bought"), ("sell", "sold"), ("take", "took taken"), ("give", "gave given"), ("see", "saw seen"),
        ("come", "came"), ("begin", "began begun"), ("make", "made"), ("leave", "left"), ("meet", "met"),
        ("hold", "held"), ("find", "found"), ("think", "thought"), ("bring", "brought"), ("speak", "spoke spoken"),
        ("write", "wrote written"), ("know", "knew known"), ("grow", "grew grown"), ("keep", "kept"), ("pay", "paid"),
        ("child", "children"), ("person", "people"),
    )
    for a in forms.split()
}


def stem(w: str) -> str:
    """Lemmatise-lite: lower-cased word with a few English suffixes stripped."""
    if w in IRREGULAR:
        return IRREGULAR[w]
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and (w.endswith("ied") or w.endswith("ies")):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    elif len(w) > 4 and w.endswith("es") and w[-3] in "sxzh":
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "ls":
        w = w[:-1]
    return w


NEGATIONS = frozenset(
    "not no never none nothing nobody nowhere neither nor without cannot nt".split()
)

# Words that carry a negation without a negation cue ("unable" = "could not", "no longer" ~ "stopped",
# "wasn't what I expected" ~ "failed to meet expectations"). Matched by stem; one of them on the side
# that lacks a cue absorbs one cue of the other side, so rewording a negation is not a negation change.
IMPLICIT_NEGATIONS = frozenset(
    stem(w) for w in (
        "unable fail failed failure lack lacking refuse refused deny denied impossible absent absence "
        "stop stopped cease ceased avoid avoided exempt exempted prevent prevented prohibit prohibited "
        "ban banned unknown unclear unlikely unaware unless insufficient inadequate"
    ).split()
)
NEGATIVE_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non")
# "-less" adjectives of 7 letters or more carry a negation ("wireless" = "without wires", "worthless");
# not these ("unless" is an implicit negation of its own)
_LESS_NOT_NEGATIVE = frozenset("regardless nevertheless nonetheless".split())
# A negation cue that begins one of these phrases negates no statement: bounds ("no more than 90%" =
# "at most 90%", "not far from" = "near", "not long ago" = "recently") and fixed phrases ("not only
# X but also Y" = "X and Y", "no doubt" = "surely", "waited for nothing" = "in vain").
_COMPARATIVES = frozenset("more less fewer later earlier sooner greater higher lower older younger".split())
_IDIOMS = {("not", "only"): (), ("no", "doubt"): (), ("no", "matter"): (),
           ("not", "far"): ("from", "away", "off"), ("not", "long"): ("ago",)}


@lru_cache(maxsize=16_384)  # a sentence is tokenised for the word prefetch and again for its evidence
def tokenize(text: str) -> tuple[Token, ...]:
    """Tokens of ``text`` (shared between callers: a tuple, and tokens are never modified)."""
    return tuple(_tokenize(text))


def _tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    prev_end = 0
    for m in _WORD_RE.finditer(text):
        raw = m.group(0)
        gap = text[prev_end : m.start()]
        initial = not out or any(ch in _SENT_BREAK for ch in gap)
        prev_end = m.end()
        low = raw.lower().replace("’", "'")
        if "-" in low:
            low = low.replace("-", "")  # "G-20" = "G20"
        neg = False
        if low.endswith("n't"):
            neg = True
            low = low[:-3]
            low = {"ca": "can", "wo": "will", "sha": "shall", "ai": "be"}.get(low, low)
        elif "'" in low:
            head, _, tail = low.partition("'")
            if tail in ("s", "re", "ve", "ll", "d", "m", ""):
                low = head
        if low in ("not", "no", "never", "none", "nothing", "nobody", "nowhere", "neither", "nor", "without", "cannot"):
            neg = True
        number = None
        if _NUMERIC_RE.fullmatch(raw):
            number = _parse_numeral(raw)
        if neg and low in ("", "n"):
            low = "not"
        out.append(Token(m.start(), m.end(), raw, low, stem(low), initial, neg, number))
    return out


def _parse_numeral(raw: str) -> float | None:
    s = raw
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", s):
        s = s.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", s) and len(s.split(".")[-1]) == 3 and s.count(".") > 1:
        s = s.replace(".", "")
    else:
        s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


@dataclass
class Item:
    """A number / date found in a sentence: normalised value and the span it covers."""

    value: str
    start: int
    end: int
    text: str


def numbers(text: str, toks: list[Token]) -> list[Item]:
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


def dates(text: str, toks: list[Token]) -> list[Item]:
    items = []
    for k, t in enumerate(toks):
        w = t.lower.rstrip(".")
        if w in WEEKDAYS and (len(w) > 3 or t.capitalised):
            if len(w) <= 4 and not t.capitalised:
                continue
            if w in ("sun", "sat", "wed", "mon") and len(w) <= 3 and not text[t.end : t.end + 1] == ".":
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


def fold(text: str) -> str:
    """Case-, punctuation- and tokenisation-insensitive form of a sentence (for chrF / BLEU features)."""
    text = re.sub(r"\s*n['’]t\b", "n't", text)
    return " ".join(re.findall(r"\w+(?:['’]\w+)*", text.lower().replace("’", "'")))


def edit_distance(a: str, b: str, cap: int = 3) -> int:
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[-1]


def _typo(a: str, b: str) -> bool:
    """A dropped/swapped/misspelled character, not a different word."""
    if min(len(a), len(b)) < 4 or _has_digit(a) or _has_digit(b):
        return False  # short words, and identifiers: "A380" / "A350" are two aircraft
    return edit_distance(a, b, 2) <= (2 if min(len(a), len(b)) >= 8 else 1)


@dataclass
class Finding:
    code: str
    message: str
    feature: str
    cand: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, kind)
    orig: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass
class Evidence:
    values: dict[str, float]
    findings: list[Finding]
    chrf_fold: float

    def vector(self) -> list[float]:
        return [self.values[f] for f in FEATURES]


@dataclass
class _Pair:
    """One pair under comparison, as the evidence steps of :class:`Analyzer` fill it in: its texts
    and tokens, the feature values and findings so far, and the antonym pairs found (the negation
    step may take one back: "unclear" for "not clear" is neither)."""

    original: str
    candidate: str
    to: list[Token]
    tc: list[Token]
    chrf: float
    lower_o: set[str]  # each side's words and stems
    lower_c: set[str]
    v: dict[str, float] = field(default_factory=lambda: {f: 0.0 for f in FEATURES})
    findings: list[Finding] = field(default_factory=list)
    antonyms: list[tuple[Token, Token, Finding]] = field(default_factory=list)

    def taken(self, x: Token) -> bool:
        """Already one side of an antonym finding."""
        return any(x is t for pair in self.antonyms for t in pair[:2])


def _present(t: Token, other: set[str]) -> bool:
    return t.lower in other or t.stem in other


def _name_finding(p: _Pair, ent_o: list[Token], ent_c: list[Token]) -> Finding:
    """"X became Y" only where Y stands in X's place; a name gone and another elsewhere ("Russian" /
    "in Hamburg, Germany") is "X missing, Y added"."""
    so = _group(p.original, ent_o)
    sc = _group(p.candidate, ent_c)
    added = {id(t) for t in ent_c}
    if so and sc and any(_in_place(t, p.to, p.tc, lambda a, b: id(b) in added, strict=True) for t in ent_o):
        msg = f"name: '{_join(so)}' became '{_join(sc)}'"
    elif so and sc:
        msg = f"name: '{_join(so)}' missing, '{_join(sc)}' added"
    elif so:
        msg = f"name: '{_join(so)}' missing"
    else:
        msg = f"name: '{_join(sc)}' added"
    return Finding("entity", msg, "entity_missing" if so else "entity_added",
                   [(a, b, "entity") for a, b, _ in sc], [(a, b, "entity") for a, b, _ in so])


def _is_entity(t: Token, others_lower: set[str], proper: frozenset[int] = frozenset()) -> bool:
    if not t.capitalised or t.number is not None or t.lower in STOPWORDS or t.neg:
        return False
    if len(t.lower) < 2 or t.lower in PRONOUN_CLASS or t.lower in UNITS or t.lower in TENS:
        return False
    if t.initial:
        # a sentence-initial capital is a name only if the word is capitalised elsewhere too, or
        # the tagger reads it as a proper noun ("Prosa previously played for ...")
        return t.lower in others_lower or t.start in proper
    if t.text.isupper() and len(t.text) > 4 and not _has_digit(t.text):
        return False  # shouting / all-caps headline words
    return True


def is_content(t: Token) -> bool:
    return (
        t.number is None
        and not t.neg
        and len(t.lower) > 1
        and (t.lower.isalpha() or t.lower[0].isalpha() and t.lower.isalnum())
        and t.lower not in STOPWORDS
        and t.lower not in PRONOUN_CLASS
        and t.lower not in UNITS
        and t.lower not in TENS
        and t.lower not in SCALES
    )


# texts -> L2-normalised vectors (the sentence encoder)
WordEncoder = Callable[[Sequence[str]], np.ndarray]
# texts -> parses with ``.flags`` (signs of a missing word; :func:`transcheck.tagger.analyse_sentences`)
SyntaxParser = Callable[[Sequence[str]], list]


def _default_syntax(texts: Sequence[str]) -> list:
    from ..tagger import analyse_sentences

    return analyse_sentences(texts)


EVIDENCE_MEMO = 20_000  # pairs kept; cleared when full


class Analyzer:
    """Computes :class:`Evidence`; holds the antonym lexicon and the sacrebleu metric objects (built once)."""

    def __init__(self, antonym_pairs: list[str] | None = None, syntax: SyntaxParser | None = None,
                 in_place_pairs: list[str] | None = None):
        """``antonym_pairs`` ("a|b") count wherever the two words stand; ``in_place_pairs`` (WordNet's
        indirect adjective antonyms, looser) only where one word stands in the other's place."""
        self.syntax = syntax or _default_syntax
        pairs = [p.split() for p in BUILTIN_ANTONYMS.replace("\n", "|").split("|") if p.strip()]
        self.antonyms = _lexicon(pairs + [p.split("|") for p in antonym_pairs or []])
        self.in_place_antonyms = _lexicon([p.split("|") for p in in_place_pairs or []])
        self._chrf = None
        self._bleu = None
        self._memo: dict[tuple[str, str, float], Evidence] = {}

    def _metrics(self):
        if self._chrf is None:
            from sacrebleu.metrics import BLEU, CHRF

            self._chrf = CHRF()
            self._bleu = BLEU(effective_order=True)
        return self._chrf, self._bleu

    def incomplete(self, original: str, candidate: str, v: dict[str, float]) -> list[Finding]:
        """Signs of a missing word that the candidate has beyond the original's, per group (clause,
        phrase). A removed verb, subject or noun may leave every similarity higher, since the MT had
        often added the word; the parse shows the gap it left."""
        po, pc = self.syntax([original, candidate])
        out = []
        for group in ("clause", "phrase"):
            fo = [f for f in po.flags if f.group == group]
            fc = [f for f in pc.flags if f.group == group]
            if len(fc) <= len(fo):
                continue
            v[f"incomplete_{group}"] = math.log1p(len(fc) - len(fo))
            old = {(f.kind, original[f.start:f.end].lower()) for f in fo}
            new = [f for f in fc if (f.kind, candidate[f.start:f.end].lower()) not in old] or fc
            what = "; ".join(f"{f.kind} ('{candidate[f.start:f.end]}')" for f in new[:3])
            out.append(Finding("incomplete", f"incomplete sentence, a word seems missing: {what}",
                               f"incomplete_{group}", [(f.start, f.end, "incomplete") for f in new]))
        return out

    def is_antonym(self, a: Token, b: Token, lexicon: dict[str, set[str]] | None = None) -> bool:
        lexicon = self.antonyms if lexicon is None else lexicon
        ants = lexicon.get(a.lower) or lexicon.get(a.stem)
        if ants and (b.lower in ants or b.stem in ants):
            return True
        # comparatives and superlatives: "biggest" / "smallest", "easier" / "harder"
        da, db = _degree_base(a.lower), _degree_base(b.lower)
        if not (da or db):
            return False
        for x in da or {a.lower, a.stem}:
            ants = lexicon.get(x)
            if ants and not ants.isdisjoint(db or {b.lower, b.stem}):
                return True
        return False

    # -----------------------------------------------------------------------------------------
    def evidence(self, original: str, candidate: str, cosine: float, words: WordEncoder | None = None) -> Evidence:
        """Evidence of one pair; syndicated copies repeat pairs, so results are memoised (bounded).

        ``words`` embeds single words (the sentence encoder does: a word is a short sentence); it
        tells an added synonym ("eating" for "consuming") from added content ("asteroid"). Without
        it the two ``*_unsupported`` features are 0."""
        key = (original, candidate, cosine, words is not None)
        ev = self._memo.get(key)
        if ev is None:
            if len(self._memo) >= EVIDENCE_MEMO:
                self._memo.clear()
            ev = self._memo[key] = self._evidence(original, candidate, cosine, words)
        return ev

    def _evidence(self, original: str, candidate: str, cosine: float, words: WordEncoder | None = None) -> Evidence:
        """One pass per kind of evidence, in a fixed order: each later step sees what the earlier
        ones explained (a word in an antonym pair is neither a name nor an added word)."""
        p = self._pair(original, candidate, cosine)
        num_spans = self._numbers(p)
        date_spans = self._dates(p)
        rest_o, rest_c = self._unexplained_words(p, date_spans)
        rest_o, rest_c, ent_ids = self._names(p, rest_o, rest_c, words)
        self._content_words(p, rest_o, rest_c, ent_ids, words)
        self._negation(p)
        self._pronouns(p)
        self._question(p)
        # an incomplete sentence (a word removed: "several people the discovery with")
        if original != candidate:
            p.findings.extend(self.incomplete(original, candidate, p.v))
        qf = self.quote_findings(original, candidate)
        if qf:
            p.v["quote"] = max(d for d, _ in qf)
            p.findings.extend(f for _, f in qf)
        # numbers / dates double as "added"/"dropped" tokens: keep them out of those spans
        for f in p.findings:
            if f.code in ("added", "dropped"):
                f.cand = [s for s in f.cand if (s[0], s[1]) not in num_spans]
                f.orig = [s for s in f.orig if (s[0], s[1]) not in num_spans]
        return Evidence(p.v, p.findings, p.chrf)

    def _pair(self, original: str, candidate: str, cosine: float) -> _Pair:
        """Tokens, the surface similarities and the length features of a pair."""
        chrf, bleu = self._metrics()
        fo, fc = fold(original), fold(candidate)
        to, tc = tokenize(original), tokenize(candidate)
        p = _Pair(original, candidate, to, tc,
                  chrf=chrf.sentence_score(fc, [fo]).score / 100.0 if fo and fc else 0.0,
                  lower_o={t.lower for t in to} | {t.stem for t in to},
                  lower_c={t.lower for t in tc} | {t.stem for t in tc})
        v = p.v
        v["cosine"] = float(cosine)
        v["chrf"] = p.chrf
        v["bleu"] = bleu.sentence_score(fc, [fo]).score / 100.0 if fo and fc else 0.0
        wo = [t for t in to if t.number is None] or to
        wc = [t for t in tc if t.number is None] or tc
        lr = math.log((len(wc) + 1) / (len(wo) + 1))
        v["longer"] = max(0.0, lr)
        v["shorter"] = max(0.0, -lr)
        return p

    @staticmethod
    def _numbers(p: _Pair) -> set[tuple[int, int]]:
        """Numbers changed, or on one side only; returns the spans of every number of the pair."""
        no, nc = numbers(p.original, p.to), numbers(p.candidate, p.tc)
        miss_o, miss_c = _multiset_diff(no, nc)
        miss_o, miss_c = _number_noise(miss_o, miss_c, no, nc)
        if miss_o or miss_c:
            changed = _pairs_of(miss_o, miss_c, _comparable)
            p.v["number"] = float(changed)
            p.v["number_extra"] = float(len(miss_o) + len(miss_c) - 2 * changed)
            p.findings.append(_pair_finding("number", "number" if changed else "number_extra", miss_o, miss_c, "number"))
        return {(x.start, x.end) for x in no} | {(x.start, x.end) for x in nc}

    @staticmethod
    def _dates(p: _Pair) -> set[tuple[int, int]]:
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
            p.findings.append(f)
        return {(x.start, x.end) for x in do + dc}

    def _unexplained_words(self, p: _Pair, date_spans: set[tuple[int, int]]) -> tuple[list[Token], list[Token]]:
        """The content words of each side that the other lacks, less those explained as antonyms (a
        finding) or typos (none). Antonyms come first, before typo matching: "increase" / "decrease"
        are two edits apart. A word whose comparative is on the other side is there ("a small spring
        inside a big one" / "a smaller spring inside the large spring": small is not replaced by large)."""
        to, tc = p.to, p.tc
        deg_o, deg_c = p.lower_o | _degree_bases(to), p.lower_c | _degree_bases(tc)
        co = [t for t in to if is_content(t) and (t.start, t.end) not in date_spans and not _present(t, deg_c)
              and _degree_base(t.lower).isdisjoint(p.lower_c)]
        cc = [t for t in tc if is_content(t) and (t.start, t.end) not in date_spans and not _present(t, deg_o)
              and _degree_base(t.lower).isdisjoint(p.lower_o)]
        used_o: set[int] = set()
        used_c: set[int] = set()
        for i, a in enumerate(co):
            for j, b in enumerate(cc):
                if j not in used_c and self.is_antonym(a, b):
                    used_o.add(i)
                    used_c.add(j)
                    self._antonym(a, b, p)
                    break
        self._antonyms_in_place(p, co, cc, used_o, used_c)
        self._quantity_antonyms(p, co, cc, used_o, used_c)
        self._relation_antonyms(p)
        # typos / dropped characters are not changes of meaning
        for i, a in enumerate(co):
            if i in used_o:
                continue
            for j, b in enumerate(cc):
                if j not in used_c and _typo(a.lower, b.lower):
                    used_o.add(i)
                    used_c.add(j)
                    break
        return [t for i, t in enumerate(co) if i not in used_o], [t for j, t in enumerate(cc) if j not in used_c]

    def _antonyms_in_place(self, p: _Pair, co: list[Token], cc: list[Token], used_o: set[int], used_c: set[int]) -> None:
        """A replaced word whose antonym the other side has elsewhere, one time more, in its place:
        "high-quality low-noise" / "low-quality low-noise", and the other way round; then the looser
        pairs, in place only ("severe" / "mild child abuse", "were injured" / "unharmed")."""
        for lexicon, strict in ((self.antonyms, False), (self.in_place_antonyms, True)):
            in_place = lambda x, y: is_content(y) and self.is_antonym(x, y, lexicon)  # noqa: E731
            for side, used, ts, other, other_lower, forward in ((co, used_o, p.to, p.tc, p.lower_c, True),
                                                                (cc, used_c, p.tc, p.to, p.lower_o, False)):
                for i, w in enumerate(side):
                    ants = lexicon.get(w.lower) or lexicon.get(w.stem)
                    if i in used or not ants or ants.isdisjoint(other_lower):
                        continue  # (the usual case: no antonym of the word anywhere on the other side)
                    x = _in_place(w, ts, other, in_place, strict)
                    if x is not None and not p.taken(x):
                        used.add(i)
                        self._antonym(*((w, x) if forward else (x, w)), p)

    def _quantity_antonyms(self, p: _Pair, co: list[Token], cc: list[Token], used_o: set[int], used_c: set[int]) -> None:
        """Quantity words, which the content-word lists leave out: "more" / "less than 50 people",
        "many" / "few people"; not in fixed phrases that mean the same ("no more than", "more or
        less"); by count ("more than 272,000 … more than 28,000" / "less than 272,000 … more than 28,000")."""
        qo, qc = _quantity_words(p.to), _quantity_words(p.tc)
        qo, qc = _surplus(qo, qc, lambda t: t.lower), _surplus(qc, qo, lambda t: t.lower)
        for a in qo:
            for b in qc:
                if self.is_antonym(a, b):
                    qc.remove(b)
                    self._antonym(a, b, p)
                    used_o.update(i for i, t in enumerate(co) if t is a)  # "more", "many" are content words
                    used_c.update(j for j, t in enumerate(cc) if t is b)
                    break

    def _relation_antonyms(self, p: _Pair) -> None:
        """Relation words (before / after, over / under, up / down): only in place, as they also serve
        in phrases of their own ("over 10 million", "after all")."""
        rel_o = [t for t in p.to if t.lower in RELATION_WORDS]
        rel_c = [t for t in p.tc if t.lower in RELATION_WORDS]
        for a in _surplus(rel_o, rel_c, lambda t: t.lower):
            x = _in_place(a, p.to, p.tc, lambda x, y: y.lower in RELATION_WORDS and self.is_antonym(x, y))
            if x is not None and not p.taken(x):
                self._antonym(a, x, p)

    def _names(self, p: _Pair, rest_o: list[Token], rest_c: list[Token],
               words: WordEncoder | None) -> tuple[list[Token], list[Token], set[int]]:
        """Names on one side only, among the unexplained words. Returns those words less the ones
        that turned out to be the same name in another form, and the ids of the name tokens."""
        original, candidate, to, tc = p.original, p.candidate, p.to, p.tc
        if any(t.initial and t.capitalised for t in rest_o + rest_c):
            proper_o, proper_c = (getattr(a, "proper", frozenset()) for a in self.syntax([original, candidate]))
        else:
            proper_o = proper_c = frozenset()
        caps = {t.lower for t in to + tc if t.capitalised and not t.initial}
        # a headline's capitals ("Trump and Putin Issue Major Announcement", "CLICK HERE FOR FULL
        # VERSION") say nothing about which words are names, unless the other side is a close copy
        # of it, where a capitalised word in another's place is a replaced name ("Trump Meets Putin"
        # / "Trump Meets Xi")
        loose = p.chrf < HEADLINE_CHRF
        ent_o = [] if loose and _headline(to) else [t for t in rest_o if _is_entity(t, caps, proper_o)]
        ent_c = [] if loose and _headline(tc) else [t for t in rest_c if _is_entity(t, caps, proper_c)]
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
        ent_o = _unique([t for t in ent_o if id(t) not in same])
        ent_c = _unique([t for t in ent_c if id(t) not in same])
        rest_o = [t for t in rest_o if id(t) not in same]
        rest_c = [t for t in rest_c if id(t) not in same]
        if ent_o or ent_c:
            p.v["entity_missing"] = float(len(ent_o))
            p.v["entity_added"] = float(len(ent_c))
            p.v["entity_swap"] = float(min(len(ent_o), len(ent_c)))
            p.findings.append(_name_finding(p, ent_o, ent_c))
        return rest_o, rest_c, {id(t) for t in ent_o + ent_c}

    @staticmethod
    def _content_words(p: _Pair, rest_o: list[Token], rest_c: list[Token], ent_ids: set[int],
                       words: WordEncoder | None) -> None:
        """Content words added and dropped (names excluded), and how many of them the other side
        has no near-synonym for."""
        add = _unique([t for t in rest_c if id(t) not in ent_ids])
        drop = _unique([t for t in rest_o if id(t) not in ent_ids])
        p.v["added"] = math.log1p(len(add))
        p.v["dropped"] = math.log1p(len(drop))
        if words is not None:
            content_o = _unique([t for t in p.to if is_content(t)])
            content_c = _unique([t for t in p.tc if is_content(t)])
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

    def _negation(self, p: _Pair) -> None:
        """A negation cue on one side more often than on the other, once negations in other words
        ("unclear" for "not clear") are counted."""
        neg_o = negation_cues(p.to)
        neg_c = negation_cues(p.tc)
        gap = len(neg_c) - len(neg_o)
        if gap:
            gap = self._absorb_negation(gap, p)
        if not gap:
            return
        p.v["negation"] = float(min(2, abs(gap)))
        cue = lambda t: "not" if t.lower in ("not", "cannot") or t.text.lower().endswith(("n't", "n’t")) else t.lower  # noqa: E731
        if gap > 0:
            extra = _surplus(neg_c, neg_o, cue)[:gap]
            msg = "negation: " + ", ".join(f"'{t.text}'" for t in extra) + " added"
            p.findings.append(Finding("negation", msg, "negation", [(t.start, t.end, "negation") for t in extra], []))
        else:
            extra = _surplus(neg_o, neg_c, cue)[:-gap]
            msg = "negation: " + ", ".join(f"'{t.text}'" for t in extra) + " dropped"
            p.findings.append(Finding("negation", msg, "negation", [], [(t.start, t.end, "negation") for t in extra]))

    @staticmethod
    def _pronouns(p: _Pair) -> None:
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
        xo = _surplus(po, pc, cls)
        xc = _surplus(pc, po, cls)
        if xo and xc:
            p.v["pronoun"] = float(min(len(xo), len(xc)))
            p.findings.append(
                Finding("pronoun", f"pronoun: '{xo[0].text}' became '{xc[0].text}'", "pronoun",
                        [(t.start, t.end, "pronoun") for t in xc], [(t.start, t.end, "pronoun") for t in xo])
            )

    @staticmethod
    def _question(p: _Pair) -> None:
        qo = p.original.rstrip(" \"”’»'").endswith("?")
        qc = p.candidate.rstrip(" \"”’»'").endswith("?")
        if qo != qc:
            p.v["question"] = 1.0
            p.findings.append(Finding("question", "question: " + ("candidate asks, original states" if qc else "original asks, candidate states"), "question"))

    @staticmethod
    def _antonym(a: Token, b: Token, p: _Pair) -> None:
        p.v["antonym"] += 1
        p.findings.append(Finding("antonym", f"antonym: '{a.text}' became '{b.text}'", "antonym",
                                  [(b.start, b.end, "antonym")], [(a.start, a.end, "antonym")]))
        p.antonyms.append((a, b, p.findings[-1]))

    @staticmethod
    def _absorb_negation(gap: int, p: _Pair) -> int:
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
            if _present(t, other):
                continue
            if t.stem in IMPLICIT_NEGATIONS or _less_negative(t.lower) or _prefix_negative(t.lower, cue_roots):
                need -= 1
        # "did not reopen until 1985" = "reopened only in 1985"
        if need and "only" in lacking_lower and "only" not in other and _not_until(cue_tokens):
            need -= 1
        return need if gap > 0 else -need

    def quote_findings(self, original: str, candidate: str) -> list[tuple[float, Finding]]:
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

            def overlap(q):
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
                    ) -> "tuple[float, Finding] | None":
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
    sm = SequenceMatcher(None, seq_o, seq_c, autojunk=False)
    spans_c, spans_o = [], []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        if j2 > j1:
            spans_c.append((a + wc[j1][1], a + wc[j2 - 1][2], "quote"))
        if i2 > i1:
            spans_o.append((oa + wo[i1][1], oa + wo[i2 - 1][2], "quote"))
    qc_text = candidate[a:b].strip(" ,.")
    qo_text = original[oa:ob].strip(" ,.")
    msg = f"quote differs: “{qc_text}” vs “{qo_text}” (reworded while presented as verbatim)"
    return 1.0 - sm.ratio(), Finding("quote", msg, "quote", spans_c, spans_o)


def _contiguous_in(part: list[str], whole: list[str]) -> bool:
    """``part`` occurs in ``whole`` as an unbroken run (and is shorter than it)."""
    n = len(part)
    return 0 < n < len(whole) and any(whole[i:i + n] == part for i in range(len(whole) - n + 1))


UNMATCHED_QUOTE_WORDS = 4  # shorter quotations are often titles ("This Week") or single phrases


def _unmatched_quote(original: str, candidate: str, qc: tuple[int, int, list], qo: list) -> "Finding | None":
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


def _date_kind(text: str) -> str:
    return "weekday" if text.lower().rstrip(".") in WEEKDAYS else "date"


def _comparable(a: Item, b: Item) -> bool:
    """Two numbers that can stand for the same quantity: within a factor of 10 (a percent sign on
    one side only counts as a format difference: a translation drops or adds it)."""
    x, y = abs(float(a.value.rstrip("%"))), abs(float(b.value.rstrip("%")))
    if x == 0 or y == 0:
        return max(x, y) <= 10
    return max(x, y) / min(x, y) <= 10


def _pairs_of(a: list, b: list, ok) -> int:
    rb = list(b)
    n = 0
    for x in a:
        for k, y in enumerate(rb):
            if ok(x, y):
                rb.pop(k)
                n += 1
                break
    return n


def _quote_key(words: list[str]) -> list[str]:
    return [stem(w) for w in words if w not in ("a", "an", "the")]


def _qwords(s: str) -> list[tuple[str, int, int]]:
    out = []
    for m in re.finditer(r"\w+(?:['’]\w+)*", s):
        w = m.group(0).lower().replace("’", "'")
        out.append((w, m.start(), m.end()))
    return out


def _multiset_diff(a: list[Item], b: list[Item]) -> tuple[list[Item], list[Item]]:
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


def _ascii(w: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", w) if not unicodedata.combining(ch))


# Place names and their adjectives that share less than a 4-letter stem, and the Russian
# administrative words that translators keep or translate ("Krasnodar Krai" / "Krasnodar Territory").
_SAME_NAME = {
    frozenset(p.split("/"))
    for p in (
        "france/french britain/british spain/spanish poland/polish finland/finnish denmark/danish "
        "netherlands/dutch holland/dutch switzerland/swiss wales/welsh greece/greek ireland/irish "
        "scotland/scottish england/english thailand/thai philippines/filipino norway/norwegian "
        "moscow/muscovite krai/territory krai/region oblast/region okrug/district navy/naval saint/st saints/sts"
    ).split()
}
# the state form after a country's name ("the Russian Federation" / "Russia")
_STATE_FORMS = frozenset("federation republic kingdom emirates".split())
# endings of a place name and its adjective after a shared stem (Turk-ey / Turk-ish, Chin-a / Chin-ese)
_PLACE_ENDINGS = frozenset("- y ey a e ia ish ian ean an ese i ic ain ce k us ot iot ay egian".split())


def _name_variant(a: str, b: str) -> bool:
    """Two spellings of one name: equal without diacritics, one a prefix of the other (Taiwan /
    Taiwanese), a shared stem of five letters, a place and its adjective (Turkey / Turkish, France /
    French), or a transliteration two edits apart (Dauden / Dowden)."""
    a, b = _ascii(a), _ascii(b)
    if a == b or frozenset((a, b)) in _SAME_NAME:
        return True
    if _has_digit(a) or _has_digit(b):
        # identifiers: "COVID19" / "Covid" are one name, "COVID19" / "COVID21" and "G20" / "G7" are not
        return not (_has_digit(a) and _has_digit(b)) and _name_variant(_DIGITS.sub("", a), _DIGITS.sub("", b))
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and long_.startswith(short):
        return True
    k = 0
    while k < len(short) and a[k] == b[k]:
        k += 1
    if k >= 5 or (k == 4 and (a[k:] or "-") in _PLACE_ENDINGS and (b[k:] or "-") in _PLACE_ENDINGS):
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


_VOWELS = frozenset("aeiouyj")


_DOUBLED = re.compile(r"(.)\1+")
_SOFT = str.maketrans({"y": "i", "j": "i", "e": "i", "c": "k"})


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


def _same_names(xs: list[Token], ys: list[Token], toks_x: list[Token], toks_y: list[Token]) -> set[int]:
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
        if t.lower in _STATE_FORMS and id(t) in left and k and toks_x[k - 1].capitalised and id(toks_x[k - 1]) not in left:
            out.add(id(t))
    return out


HEADLINE_CHRF = 0.5  # chrF below which a headline's capitals are not read as names; docs/drift.md
NAME_SUPPORT = 0.65  # cosine of a name to the other side's words that means "the same name"; docs/drift.md


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
    coded = lambda ts: any(_has_digit(t.lower) for t in ts)  # noqa: E731
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


def _number_noise(miss_o: list[Item], miss_c: list[Item], no: list[Item], nc: list[Item]) -> tuple[list[Item], list[Item]]:
    """Drop number differences that are not changed facts: a value mentioned again on one side (its
    value is on the other side too), and a small written-out number used as a determiner ("the two
    leaders" vs "the leaders") when the other side has no unmatched number of its own."""
    # the same value with and without a percent sign: a format difference ("4.2%" / "4.2")
    bare = lambda x: x.value.rstrip("%")  # noqa: E731
    miss_o, miss_c = _surplus(miss_o, miss_c, bare), _surplus(miss_c, miss_o, bare)
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


def _gender_flip(go: list[Token], gc: list[Token]) -> tuple[list[Token], list[Token]] | None:
    """Gendered words on one side only that are each other's other gender: a pronoun for a pronoun
    (he / she, his / her) or a noun for its counterpart (husband / wife). ``(original words,
    candidate words)`` of the flip, or None."""
    lower = lambda t: t.lower  # noqa: E731
    xo, xc = _surplus(go, gc, lower), _surplus(gc, go, lower)
    for male, female in ((_MALE_PRONOUNS, _FEMALE_PRONOUNS), (_FEMALE_PRONOUNS, _MALE_PRONOUNS)):
        a = [t for t in xo if t.lower in male]
        b = [t for t in xc if t.lower in female]
        # the new pronoun must not already have a referent: with "she" in the original, an added
        # "her" can be hers ("she wrapped his body" / "her spouse ... she rolled the body")
        if a and b and not any(t.lower in female for t in go):
            return a, b
    for t in xo:
        b = [u for u in xc if _OTHER_GENDER.get(t.lower) == u.lower]
        if b:
            return [t], b
    return None


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


_LEXICAL_DEGREES = frozenset({"latest", "latter"})  # "the latest ships" = the newest, not the least early


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
def _degree_base(w: str) -> frozenset[str]:
    """The forms of ``_degree_forms`` of 3+ letters, for antonym lookups ("smallest" / "biggest");
    empty for words whose degree form has its own sense ("latest")."""
    return frozenset() if w in _LEXICAL_DEGREES else frozenset(b for b in _degree_forms(w) if len(b) >= 3)


def _degree_bases(ts: list[Token]) -> set[str]:
    """``_degree_forms`` of every token (over-generating is harmless: only used to find a word again)."""
    return set().union(*(_degree_forms(t.lower) for t in ts))


def negation_cues(ts: Sequence[Token]) -> list[Token]:
    """The negation cues of a sentence that negate a statement: cues that open a bound or a fixed
    phrase ("no more than", "not far from", "not only", "for nothing") are left out."""
    out = []
    for i, t in enumerate(ts):
        if not t.neg:
            continue
        nxt = [u.lower for u in ts[i + 1 : i + 3]]
        if nxt and nxt[0] in _COMPARATIVES and nxt[1:] == ["than"]:
            continue
        follow = _IDIOMS.get((t.lower, nxt[0])) if nxt else None
        if follow is not None and (not follow or nxt[1:2] and nxt[1] in follow):
            continue
        if t.lower == "nothing" and i and ts[i - 1].lower == "for":
            continue
        out.append(t)
    return out


def _less_negative(word: str) -> bool:
    return len(word) >= 7 and word.endswith("less") and word not in _LESS_NOT_NEGATIVE


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


def _not_until(ts: list[Token]) -> bool:
    """A negation cue with "until" / "till" at most six words after it ("didn't open ... until")."""
    for i, t in enumerate(ts):
        if t.neg and any(u.lower in ("until", "till") for u in ts[i + 1 : i + 7]):
            return True
    return False


QUANTITY_WORDS = frozenset({"more", "less", "fewer", "many", "few", "most", "least", "above", "below"})
RELATION_WORDS = frozenset({"before", "after", "over", "under", "up", "down", "inside", "outside", "into", "out"})


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


def _in_place(a: Token, to: Sequence[Token], tc: Sequence[Token], ok, strict: bool = False) -> Token | None:
    """A word of ``tc`` that stands where ``a`` stands in ``to`` (the same word before or after it)
    and that ``tc`` has more often than ``to``, for which ``ok(a, word)`` holds; else None.
    ``strict``: the same words on both sides, or the same content word on one side."""
    def neighbours(ts: Sequence[Token], t: Token) -> set[tuple[int, str]]:
        k = ts.index(t)
        out = set()
        if k:
            out.add((-1, ts[k - 1].lower))
        if k + 1 < len(ts):
            out.add((1, ts[k + 1].lower))
        return out

    around = neighbours(to, a)
    count_o = collections.Counter(t.lower for t in to)
    count_c = collections.Counter(t.lower for t in tc)
    for b in tc:
        if count_c[b.lower] > count_o[b.lower] and ok(a, b):
            shared = neighbours(tc, b) & around
            if shared and (not strict or len(shared) == 2 or any(w.isalpha() and w not in STOPWORDS for _, w in shared)):
                return b
    return None


_T = TypeVar("_T")


def _surplus(a: list[_T], b: list[_T], key) -> list[_T]:
    """Items of ``a`` left once each item of ``b`` has cancelled one of equal ``key``."""
    rb = [key(t) for t in b]
    out = []
    for t in a:
        k = key(t)
        if k in rb:
            rb.remove(k)
        else:
            out.append(t)
    return out


_DIGITS = re.compile(r"\d+")


def _has_digit(w: str) -> bool:
    return any(ch.isdigit() for ch in w)


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
# words that stand before a name as its title ("Secretary of State", "Defense Secretary", "Mr")
TITLES = frozenset(
    """president vice prime minister secretary state foreign deputy chancellor premier senator sen representative rep
    congressman congresswoman governor gov mayor general gen admiral colonel col major lieutenant lt captain capt
    commander marshal sergeant sgt chief director chairman chairwoman chair ceo king queen prince princess pope
    cardinal bishop archbishop reverend rev sheikh emir mr mrs ms miss dr prof professor sir dame lord lady judge
    justice ambassador spokesman spokeswoman spokesperson acting former leader speaker attorney coach envoy
    defense defence interior finance treasury health home education energy trade labor labour economy""".split()
)


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


def _unique(ts: list[Token]) -> list[Token]:
    seen, out = set(), []
    for t in ts:
        if t.stem not in seen:
            seen.add(t.stem)
            out.append(t)
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
    return "', '".join(s for _, _, s in spans[:4])


def _pair_finding(code: str, feature: str, miss_o: list[Item], miss_c: list[Item], kind: str) -> Finding:
    label = "number" if code == "number" else "date"
    if miss_o and miss_c:
        msg = f"{label}: " + ", ".join(f"'{x.text}'" for x in miss_o) + " became " + ", ".join(f"'{x.text}'" for x in miss_c)
    elif miss_o:
        msg = f"{label}: " + ", ".join(f"'{x.text}'" for x in miss_o) + " missing"
    else:
        msg = f"{label}: " + ", ".join(f"'{x.text}'" for x in miss_c) + " added"
    return Finding(code, msg, feature, [(x.start, x.end, kind) for x in miss_c], [(x.start, x.end, kind) for x in miss_o])
