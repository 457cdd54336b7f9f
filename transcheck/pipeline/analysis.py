"""A document read, segmented, language-tagged and embedded (:class:`Analysis`), the cheap steps
before its vectors, and the progress observer of long work."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

import numpy as np

from ..results import Segment
from ..text.boilerplate import is_boilerplate
from ..text.clean import clean_text
from ..text.language import detect_language
from ..text.segment import segment

_WORD = re.compile(r"\w")
PROGRESS_CHUNK = 1_024  # sentences embedded between two progress ticks of a long document (Engine.finish)


class Progress(Protocol):
    """Observer of long work (the CLI plugs in a rich progress bar)."""

    def start(self, description: str, total: int | None) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def done(self) -> None: ...


class NullProgress:
    def start(self, description: str, total: int | None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def done(self) -> None:
        pass


@dataclass
class Analysis:
    """A document read, segmented, language-tagged and embedded."""

    path: str
    text: str
    segments: list[Segment]
    languages: list[str]
    vectors: np.ndarray
    warnings: list[str] = field(default_factory=list)
    extracted: bool = False  # text extracted from HTML (:attr:`transcheck.text.read.LoadedText.extracted`)

    @property
    def english(self) -> bool:
        """Mostly English by characters (a stray foreign headline does not change that)."""
        total = sum(s.end - s.start for s in self.segments) or 1
        en = sum(s.end - s.start for s, lang in zip(self.segments, self.languages) if lang == "en")
        return en / total >= 0.5

    @cached_property
    def content_rows(self) -> list[int]:
        """Indices of the sentences that belong to the story: all but web-page boilerplate lines
        ("Click to comment"; :mod:`transcheck.text.boilerplate`), which are never aligned or grouped."""
        return [i for i, s in enumerate(self.segments) if not is_boilerplate(self.text, s.start, s.end)]


def content_vectors(doc: Analysis) -> np.ndarray:
    """The vectors of a document's story sentences (:attr:`Analysis.content_rows`), without a copy
    when it has no boilerplate line. Alignment and story grouping read these: a boilerplate line two
    pages of one site share ("Leave a Reply") is no evidence that they report the same story."""
    rows = doc.content_rows
    return doc.vectors if len(rows) == len(doc.segments) else doc.vectors[rows]


def segment_and_tag(text: str, max_sentences: int | None = None) -> tuple[list[Segment], list[str]]:
    """The sentences of ``text`` (its first ``max_sentences``) and the language of each."""
    segs = segment(text, max_sentences)
    return segs, [detect_language(sg.text) for sg in segs]


def cap_warning(text: str, ends: Sequence[int], max_sentences: int | None) -> str | None:
    """The warning of a document cut at ``max_sentences`` sentences (``ends``: where its sentences
    end), or None when it has no more words after them."""
    if max_sentences is None or len(ends) < max_sentences:
        return None
    rest = int(ends[-1]) if len(ends) else 0
    if not _WORD.search(text, rest):
        return None
    return (f"only the first {max_sentences:,} sentences were checked (max_sentences = {max_sentences}): "
            f"the text after character {rest:,} of {len(text):,} was not")


def prepare_text(text: str, path: str, max_sentences: int | None, warnings: list[str] | None = None,
                 extracted: bool = False) -> Analysis:
    """``text`` cleaned (control characters and lone surrogates replaced by U+FFFD, one for one),
    segmented to its first ``max_sentences`` sentences and language-tagged; ``vectors`` is empty."""
    text = clean_text(text)[0]
    segs, langs = segment_and_tag(text, max_sentences)
    cut = cap_warning(text, [s.end for s in segs], max_sentences)
    return Analysis(path, text, segs, langs, np.zeros((0, 0), dtype=np.float32),
                    list(warnings or []) + ([cut] if cut else []), extracted)


def embed_in_chunks(embed: Callable[[Sequence[str]], np.ndarray], texts: list[str],
                    tick: Callable[[int], None] | None = None) -> np.ndarray:
    """``embed(texts)``, in chunks of ``PROGRESS_CHUNK`` when ``tick`` is given, calling ``tick(n)``
    after each (progress within a long document). The vectors do not depend on the chunking."""
    if tick is None or len(texts) <= PROGRESS_CHUNK:
        vectors = embed(texts)
        if tick is not None:
            tick(len(texts))
        return vectors
    parts = []
    for k in range(0, len(texts), PROGRESS_CHUNK):
        parts.append(embed(texts[k : k + PROGRESS_CHUNK]))
        tick(len(parts[-1]))
    return np.vstack(parts)
