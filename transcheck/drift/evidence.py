"""Evidence for meaning drift between an original sentence and a candidate sentence.

Pure Python + sacrebleu, plus the dependency parse of :mod:`transcheck.tagger` for signs of a missing
word. :meth:`Analyzer.evidence` returns an :class:`~transcheck.drift.pair.Evidence` with a fixed
feature vector (:data:`~transcheck.drift.pair.FEATURES`, used by the logistic model of
:mod:`transcheck.drift.scorer`) and the findings behind it (each with the exact character spans, in
the candidate and in the original, that differ). Each kind of evidence has its own module; the
:class:`Analyzer` runs them in order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .antonyms import Antonyms
from .content import added_and_dropped, unexplained_words
from .figures import compare_dates, compare_numbers
from .names import compare_names
from .pair import Evidence, Finding, Pair, SyntaxParser, WordEncoder
from .polarity import compare_negation, compare_pronouns, compare_question
from .quotations import compare_quotes
from .roles import compare_roles
from .tokens import fold, tokenize


def _default_syntax(texts: Sequence[str]) -> list:
    from ..tagger import analyse_sentences

    return analyse_sentences(texts)


EVIDENCE_MEMO = 20_000  # pairs kept; cleared when full


class Analyzer:
    """Computes :class:`~transcheck.drift.pair.Evidence`; holds the antonym lexicons, the parser and the
    sacrebleu metric objects (built once)."""

    def __init__(self, antonym_pairs: list[str] | None = None, syntax: SyntaxParser | None = None,
                 in_place_pairs: list[str] | None = None):
        """``antonym_pairs`` ("a|b") count wherever the two words stand; ``in_place_pairs`` (WordNet's
        indirect adjective antonyms, looser) only where one word stands in the other's place."""
        self.syntax = syntax or _default_syntax
        self.antonyms = Antonyms(antonym_pairs, in_place_pairs)
        self._chrf = None
        self._bleu = None
        self._memo: dict[tuple[str, str, float, bool], Evidence] = {}  # (original, candidate, cosine, words given)

    def metrics(self):
        """The sentence chrF and BLEU of sacrebleu (built on first use, then reused)."""
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
        num_spans = compare_numbers(p)
        date_spans = compare_dates(p)
        rest_o, rest_c = unexplained_words(p, date_spans, self.antonyms)
        rest_o, rest_c, ent_ids = compare_names(p, rest_o, rest_c, words, self.syntax)
        added_and_dropped(p, rest_o, rest_c, ent_ids, words)
        compare_negation(p)
        compare_pronouns(p)
        compare_question(p)
        # an incomplete sentence (a word removed: "several people the discovery with")
        if original != candidate:
            p.findings.extend(self.incomplete(original, candidate, p.v))
        compare_quotes(p)
        compare_roles(p)
        # numbers / dates double as "added"/"dropped" tokens: keep them out of those spans
        for f in p.findings:
            if f.code in ("added", "dropped"):
                f.cand = [s for s in f.cand if (s[0], s[1]) not in num_spans]
                f.orig = [s for s in f.orig if (s[0], s[1]) not in num_spans]
        return Evidence(p.v, p.findings, p.chrf)

    def _pair(self, original: str, candidate: str, cosine: float) -> Pair:
        """Tokens, the surface similarities and the length features of a pair."""
        chrf, bleu = self.metrics()
        fo, fc = fold(original), fold(candidate)
        to, tc = tokenize(original), tokenize(candidate)
        p = Pair(original, candidate, to, tc,
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

