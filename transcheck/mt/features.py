"""Features of the learned machine-translation detector, shared with ``scripts/train_mt_detector.py``.

Sentence rows: style features (function-word rates, punctuation classes, length/variety statistics),
the sentence embedding, a bag of words and typographic patterns. Document rows: the token-weighted
mean style profile, length/variety statistics, pattern rates, bag of words, mean embedding, the mean
sentence logit and the part-of-speech profile model's logit. Feature names, and the explanation
group of each document feature, are derived from the same definitions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from functools import cache, lru_cache

import numpy as np

from ..results import Segment
from ..text.english import FUNCTION_WORDS
from .words import WORD

EMBEDDING_DIM = 384  # all-MiniLM-L6-v2 sentence vectors

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


def bow_vector(tokens: Sequence[str], vocab_index: dict[str, int]) -> np.ndarray:
    """Square root of relative frequencies of the vocabulary tokens."""
    v = np.zeros(len(vocab_index))
    for t in tokens:
        j = vocab_index.get(t)
        if j is not None:
            v[j] += 1.0
    return np.sqrt(v / max(len(tokens), 1))


def pattern_counts(text: str) -> np.ndarray:
    """How often each of ``PATTERNS`` occurs in ``text``."""
    return np.array([len(p.findall(text)) for p in _PATTERNS_RE], dtype=np.float64)


def sentence_feature_names(vocab: Sequence[str], dim: int = EMBEDDING_DIM) -> list[str]:
    """Names of the columns of :func:`sentence_matrix`."""
    return (style_feature_names() + [f"emb:{i}" for i in range(dim)] + [f"bow:{w}" for w in vocab]
            + [f"pat:{n}" for n, _ in PATTERNS] + [f"patlog:{n}" for n, _ in PATTERNS])


def sentence_matrix(segments: Sequence[Segment], vectors: np.ndarray, vocab: Sequence[str] = ()) -> np.ndarray:
    """One row per segment: style features, embedding, bag of words, typographic patterns."""
    dim = EMBEDDING_DIM
    if not len(segments):
        return np.zeros((0, len(sentence_feature_names(vocab, dim))))
    memo = _text_rows(tuple(vocab))
    vec = np.asarray(vectors, dtype=np.float64).reshape(len(segments), -1)
    rows = []
    for k, s in enumerate(segments):
        style, rest = memo(s.text)
        rows.append(np.concatenate([style, vec[k], rest]))
    return np.vstack(rows)


@lru_cache(maxsize=4)  # one vocabulary at run time; a few while training folds
def _text_rows(vocab: tuple[str, ...]) -> Callable[[str], tuple[np.ndarray, np.ndarray]]:
    """The text-only parts of a sentence's row (style; bag of words and patterns), memoised by
    sentence text: syndicated copies repeat sentences, and a row is a function of the text."""
    idx = {w: i for i, w in enumerate(vocab)}

    @lru_cache(maxsize=4096)  # ~9.5 kB a row (dense bag of words): ~40 MB; copies repeat within a story
    def rows(text: str) -> tuple[np.ndarray, np.ndarray]:
        pc = pattern_counts(text)
        rest = np.concatenate([bow_vector(bow_tokens(text), idx), (pc > 0).astype(np.float64), np.log1p(pc)])
        style = style_features(text)
        style.flags.writeable = False
        rest.flags.writeable = False
        return style, rest

    return rows


# ---------------------------------------------------------------------------------------------
# Document features
# ---------------------------------------------------------------------------------------------

def doc_feature_names(vocab: Sequence[str], dim: int = EMBEDDING_DIM, pos: bool = False) -> list[str]:
    """Names of the entries of :func:`doc_features` (``pos``: with the part-of-speech logit)."""
    st = style_feature_names()
    return ([f"mean:{n}" for n in st] + ["doc:sent_len_std", "doc:sent_len_cv", "doc:mattr", "doc:n_sent_log",
            "doc:adjacent_cos"] + [f"docpat:{n}" for n, _ in PATTERNS] + [f"dochas:{n}" for n, _ in PATTERNS]
            + [f"docbow:{w}" for w in vocab] + [f"emb_mean:{i}" for i in range(dim)] + ["doc:mean_sent_logit"]
            + (["pos:profile_logit"] if pos else []))


def pos_profile(tag_seqs: Sequence[tuple[str, ...]], pos_keys: Sequence[str]) -> np.ndarray:
    """Relative frequencies of the given tag unigrams (``T:``) and tag bigrams (``B:``) over a
    document; each family sums to 1 over all its n-grams (not only the kept ones). Part-of-speech
    n-gram profiles are a classic translationese cue (Baroni & Bernardini 2006)."""
    from ..tagger import tag_ngrams

    idx = {k: i for i, k in enumerate(pos_keys)}
    v = np.zeros(len(pos_keys))
    totals = {"T": 0, "B": 0}
    for tags in tag_seqs:
        for g in tag_ngrams(tags):
            totals[g[0]] += 1
            j = idx.get(g)
            if j is not None:
                v[j] += 1.0
    for i, k in enumerate(pos_keys):
        if totals[k[0]]:
            v[i] /= totals[k[0]]
    return v


def _mattr(words: list[str], window: int = 50) -> float:
    """Moving-average type/token ratio (length-independent lexical variety)."""
    if not words:
        return 0.0
    if len(words) <= window:
        return len(set(words)) / len(words)
    counts: dict[str, int] = {}
    for w in words[:window]:
        counts[w] = counts.get(w, 0) + 1
    vals = [len(counts)]
    for i in range(window, len(words)):
        a, b = words[i], words[i - window]
        counts[a] = counts.get(a, 0) + 1
        counts[b] -= 1
        if counts[b] == 0:
            del counts[b]
        vals.append(len(counts))
    return float(np.mean(vals)) / window


def doc_text(segments: Sequence[Segment]) -> str:
    """The English segments one per line (the document as the model sees it)."""
    return "\n".join(s.text for s in segments) + "\n"


def doc_features(segments: Sequence[Segment], sent_x: np.ndarray, vectors: np.ndarray, sent_logits: np.ndarray,
                 vocab: Sequence[str] = (), pos_logit: float | None = None) -> np.ndarray:
    """Document features; ``pos_logit`` is the part-of-speech profile model's logit
    (:func:`transcheck.mt.detector.pos_logit`), None for a model trained without it."""
    nst = len(style_feature_names())
    dim = EMBEDDING_DIM
    n_out = len(doc_feature_names(vocab, dim, pos_logit is not None))
    if len(segments) == 0:
        return np.zeros(n_out)
    lens = np.array([max(len(WORD.findall(s.text)), 1) for s in segments], dtype=np.float64)
    w = lens / lens.sum()
    mean_style = w @ sent_x[:, :nst]
    words = [t.lower() for s in segments for t in WORD.findall(s.text)]
    emb = np.asarray(vectors, dtype=np.float64).reshape(len(segments), dim)
    adj = float(np.mean(np.sum(emb[1:] * emb[:-1], axis=1))) if len(segments) > 1 else 0.0
    extra = [float(np.std(lens)), float(np.std(lens) / np.mean(lens)), _mattr(words), math.log(len(segments)), adj]
    text = doc_text(segments)
    pc = pattern_counts(text)
    rate = pc / max(len(text), 1) * 1000.0
    idx = {t: i for i, t in enumerate(vocab)}
    bow = bow_vector(bow_tokens(text), idx)
    pos = [] if pos_logit is None else [pos_logit]
    return np.concatenate([mean_style, np.array(extra), rate, (pc > 0).astype(np.float64), bow, emb.mean(axis=0),
                           [float(np.mean(sent_logits)) if len(sent_logits) else 0.0], pos])


# ---------------------------------------------------------------------------------------------
# Explanation groups of the document features (by feature-name prefix; the longest prefix wins)
# ---------------------------------------------------------------------------------------------

FEATURE_GROUPS = {
    "mean:fw:": "function-word profile",
    "mean:punct:": "punctuation profile",
    "docpat:": "punctuation/typography profile",
    "dochas:": "punctuation/typography profile",
    "docbow:": "word-choice (calque) profile",
    "emb_mean:": "sentence-embedding profile",
    "doc:mean_sent_logit": "sentence-level translationese",
    "pos:": "part-of-speech profile",
    "doc:": "sentence-length/lexical-variety statistics",
    "mean:": "sentence-length/lexical-variety statistics",
}


_GROUP_PREFIXES = sorted(FEATURE_GROUPS, key=len, reverse=True)


@cache  # ~1,600 feature names
def feature_group(name: str) -> str:
    """The explanation group of a document feature, by its name."""
    for prefix in _GROUP_PREFIXES:
        if name.startswith(prefix):
            return FEATURE_GROUPS[prefix]
    return "other"
