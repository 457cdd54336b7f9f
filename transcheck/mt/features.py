"""Features of the learned machine-translation detector, shared with ``scripts/train_mt_detector.py``.

The model reads a document's English sentences through four blocks (each also read on one sentence
alone, for the sentence scores):

- style profile: token-weighted mean of per-sentence function-word rates, punctuation classes and
  length/variety statistics, typographic pattern rates and presence, sentence-length variation;
- character 2-4-grams within tokens, word unigrams/bigrams, and part-of-speech tag unigrams/bigrams,
  each as sublinear tf-idf (L2-normalised) scored by a logistic block (:func:`tfidf_logit`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ..results import Segment
from ..text.english import FUNCTION_WORDS
from .words import WORD

# ---------------------------------------------------------------------------------------------
# Sentence features
# ---------------------------------------------------------------------------------------------

PUNCT_CLASSES = (
    (",", ","), (".", "."), (";", ";"), (":", ":"), ("?", "?"), ("!", "!"), ("(", "()[]"),
    ("straight_dq", '"'), ("curly_dq", "“”„"), ("guillemet", "«»"), ("straight_sq", "'"), ("curly_sq", "‘’"),
    ("hyphen", "-"), ("dash", "–—"), ("ellipsis", "…"), ("slash", "/"), ("percent", "%"), ("dollar", "$€£₽"),
)


def style_feature_names() -> list[str]:
    """Names of the columns of :func:`style_features`."""
    names = [f"fw:{w}" for w in FUNCTION_WORDS]
    names += [f"punct:{n}" for n, _ in PUNCT_CLASSES]
    names += ["log_tokens", "mean_word_len", "ttr", "cap_share", "digit_share", "long_word_share",
              "fw_share", "contraction_share", "initial_cap", "final_punct", "comma_per_word"]
    return names


_FW_INDEX = {w: i for i, w in enumerate(FUNCTION_WORDS)}
_PUNCT_INDEX = {ch: i for i, (_, chars) in enumerate(PUNCT_CLASSES) for ch in chars}


def style_features(sentence: str) -> np.ndarray:
    """Function-word rates, punctuation rates and length/variety statistics of one sentence."""
    nfw, npu = len(FUNCTION_WORDS), len(PUNCT_CLASSES)
    v = np.zeros(nfw + npu + 11, dtype=np.float64)
    words = WORD.findall(sentence)
    n = max(len(words), 1)
    for w in words:
        i = _FW_INDEX.get(w.lower())
        if i is not None:
            v[i] += 1.0
    v[:nfw] /= n
    for ch in sentence:
        j = _PUNCT_INDEX.get(ch)
        if j is not None:
            v[nfw + j] += 1.0
    v[nfw : nfw + npu] /= n
    k = nfw + npu
    lower = [w.lower() for w in words]
    v[k] = math.log1p(len(words))
    v[k + 1] = (sum(len(w) for w in words) / n) if words else 0.0
    v[k + 2] = (len(set(lower)) / n) if words else 0.0
    v[k + 3] = sum(1 for w in words[1:] if w[0].isupper()) / n
    v[k + 4] = sum(1 for ch in sentence if ch.isdigit()) / max(len(sentence), 1)
    v[k + 5] = sum(1 for w in words if len(w) >= 9) / n
    v[k + 6] = sum(1 for w in lower if w in _FW_INDEX) / n
    v[k + 7] = sum(1 for w in words if "'" in w or "’" in w) / n
    s = sentence.strip()
    v[k + 8] = 1.0 if s[:1].isupper() else 0.0
    v[k + 9] = 1.0 if s[-1:] in ".!?…\"”’)" else 0.0
    v[k + 10] = sentence.count(",") / n
    return v


# Typographic and spacing patterns: human translators use en/em dashes and semicolons, MT systems a
# spaced hyphen (" - "), straight quotes and clipped line ends. Counted per sentence and per document.
PATTERNS: tuple[tuple[str, str], ...] = (
    ("spaced_hyphen", r" - "), ("spaced_endash", r" – "), ("emdash", "—"), ("semicolon", ";"),
    ("straight_apos", "'"), ("curly_apos", "’"), ("straight_dq", '"'), ("line_no_final_punct", r"[^.!?\"”)\n]\n"),
    ("three_dots", r"\.\.\."), ("word_hyphen_word", r"\w - \w"), ("hyphenated", r"\w-\w"), ("digit_hyphen", r"\d-\d"),
    ("digit_spaced_hyphen", r"\d - \d"), ("digit_endash", r"\d–\d"), ("curly_dq", r"[“”]"), ("dq_word", r"\"\w"),
    ("comma_dq", r",\""), ("stop_dq", r"\.\""), ("dq_comma", r"\","), ("dq_stop", r"\"\."), ("exclamation", "!"),
    ("question", r"\?"), ("colon", ":"), ("paren", r"\("), ("percent", "%"), ("digit", r"\d"), ("acronym", r"[A-Z]{2,}"),
    ("eg_ie_etc", r"e\.g\.|i\.e\.|etc\."), ("pronoun_I", r"\bI\b"), ("nt", r"n't\b"), ("possessive_s", r"'s\b"),
    ("very", r"\bvery\b"), ("which", r"\bwhich\b"), ("that", r"\bthat\b"), ("the", r"\bthe\b"), ("of_the", r"\bof the\b"),
)
_PATTERNS_RE = [re.compile(p) for _, p in PATTERNS]
_BOW_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+|[^\w\s]| - ")


def bow_tokens(text: str) -> list[str]:
    """Lowercased words, numbers, punctuation marks and the spaced hyphen, for the bag of words."""
    return [t.lower() for t in _BOW_TOKEN.findall(text)]


def pattern_counts(text: str) -> np.ndarray:
    """How often each of ``PATTERNS`` occurs in ``text``."""
    return np.array([len(p.findall(text)) for p in _PATTERNS_RE], dtype=np.float64)


def doc_text(segments: Sequence[Segment]) -> str:
    """The English segments one per line (the document as the model sees it)."""
    return "\n".join(s.text for s in segments) + "\n"


# ---------------------------------------------------------------------------------------------
# Document profiles: the four blocks of the learned model
# ---------------------------------------------------------------------------------------------

def style_profile_names() -> list[str]:
    """Names of the entries of :func:`style_profile`."""
    return ([f"mean:{n}" for n in style_feature_names()] + [f"docpat:{n}" for n, _ in PATTERNS]
            + [f"dochas:{n}" for n, _ in PATTERNS] + ["doc:sent_len_cv", "doc:n_sent_log"])


def style_profile(texts: Sequence[str]) -> np.ndarray:
    """Function-word, punctuation and length profile of sentences ``texts`` (one document, or one
    sentence): token-weighted mean of :func:`style_features`, typographic pattern rates per 1,000
    characters and presence, the variation of sentence length and the log sentence count."""
    texts = [t for t in texts if t.strip()]
    n_out = len(style_profile_names())
    if not texts:
        return np.zeros(n_out)
    lens = np.array([max(len(WORD.findall(t)), 1) for t in texts], dtype=np.float64)
    w = lens / lens.sum()
    mean_style = w @ np.vstack([_style_memo(t) for t in texts])
    text = "\n".join(texts) + "\n"
    pc = pattern_counts(text)
    rate = pc / max(len(text), 1) * 1000.0
    return np.concatenate([mean_style, rate, (pc > 0).astype(np.float64),
                           [float(np.std(lens) / np.mean(lens)), math.log(len(texts))]])


@lru_cache(maxsize=8192)
def _style_memo(text: str) -> np.ndarray:
    v = style_features(text)
    v.flags.writeable = False
    return v


CHAR_N = (2, 3, 4)


def char_grams(text: str) -> list[str]:
    """Character 2- to 4-grams of each whitespace-separated token, lowercased and padded with a space
    on both sides (``c:`` prefix); n-grams never cross a token boundary."""
    out: list[str] = []
    for tok in text.lower().split():
        t = f" {tok} "
        for n in CHAR_N:
            if len(t) < n:
                continue
            out.extend("c:" + t[i : i + n] for i in range(len(t) - n + 1))
    return out


def word_grams(text: str) -> list[str]:
    """Lowercased word/punctuation unigrams and bigrams (``w:`` prefix), bigrams within a line."""
    out: list[str] = []
    for line in text.split("\n"):
        toks = bow_tokens(line)
        out.extend("w:" + t for t in toks)
        out.extend(f"w:{a}|{b}" for a, b in zip(toks, toks[1:]))
    return out


def pos_grams(tag_seqs: Sequence[tuple[str, ...]]) -> list[str]:
    """Part-of-speech tag unigrams and bigrams (with sentence boundaries) of tagged sentences."""
    from ..tagger import tag_ngrams

    return [g for tags in tag_seqs for g in tag_ngrams(tags)]


def gram_counts(grams: Sequence[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for g in grams:
        out[g] = out.get(g, 0) + 1
    return out


def tfidf_logit(counts: dict[str, int], block: dict, index: dict[str, int]) -> float:
    """Logit of a tf-idf logistic block: sublinear tf (1 + ln count) times idf over the block's
    vocabulary, L2-normalised, dot the coefficients, plus the intercept (scikit-learn's
    ``TfidfVectorizer(sublinear_tf=True)`` followed by ``LogisticRegression``)."""
    idf = block["_idf"]
    coef = block["_coef"]
    cols, vals = [], []
    for g, c in counts.items():
        j = index.get(g)
        if j is not None:
            cols.append(j)
            vals.append((1.0 + math.log(c)) * idf[j])
    if not cols:
        return float(block["intercept"])
    v = np.asarray(vals)
    return float(v @ coef[np.asarray(cols)] / max(float(np.sqrt(v @ v)), 1e-12) + block["intercept"])
