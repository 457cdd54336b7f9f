"""Typed result objects. Every public result is a frozen-ish dataclass with ``to_dict()``.

``to_dict()`` is the form reports show: scores rounded to 4 places, internal fields left out. The
types the scan-result cache stores also take ``to_dict(exact=True)``, every field unrounded, and
read it back with ``from_dict``: ``X.from_dict(x.to_dict(exact=True)) == x``.

Offsets (``start``/``end``) are character offsets into the decoded text they refer to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1


def _round(x: float | None, exact: bool) -> float | None:
    return x if exact or x is None else round(x, 4)

STATUSES = ("match", "paraphrase", "drift", "unmatched")

# Codes of the reasons the machine-translation detector (``transcheck.mt``) gives. Reports show them as
# MT evidence; the other reasons of a sentence are alignment and drift evidence, ``foreign_language``
# (the sentence's own language) and ``boilerplate`` (a line not compared).
MT_REASON_CODES = frozenset({"foreign_residue", "casing", "dash_attribution", "guillemets", "spacing", "translationese"})


@dataclass
class Span:
    """A highlighted piece of text: COMET-style error span with a kind and severity."""

    start: int
    end: int
    text: str
    kind: str
    severity: str = "minor"

    def to_dict(self) -> dict[str, Any]:
        """Lossless too: a span has no score to round."""
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind, "severity": self.severity}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(d["start"], d["end"], d["text"], d["kind"], d["severity"])


@dataclass
class Reason:
    """One piece of evidence a person can check."""

    code: str
    message: str
    weight: float = 0.0
    spans: list[Span] = field(default_factory=list)

    def to_dict(self, exact: bool = False) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "weight": _round(self.weight, exact),
            "spans": [s.to_dict() for s in self.spans],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Reason:
        return cls(d["code"], d["message"], d["weight"], [Span.from_dict(s) for s in d["spans"]])


@dataclass
class Segment:
    """A sentence of a document with its character offsets."""

    start: int
    end: int
    text: str


@dataclass
class Counterpart:
    """The aligned original sentence(s) of a candidate sentence."""

    original: int  # index into the list of originals
    start: int
    end: int
    text: str
    path: str | None = None
    similarity: float = 0.0

    def to_dict(self, exact: bool = False) -> dict[str, Any]:
        """``exact`` adds the index of the original and the similarity."""
        d: dict[str, Any] = {"path": self.path, "start": self.start, "end": self.end, "text": self.text}
        if exact:
            d.update(original=self.original, similarity=self.similarity)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Counterpart:
        return cls(d["original"], d["start"], d["end"], d["text"], d["path"], d["similarity"])


@dataclass
class PairResult:
    """Drift verdict for one (original, candidate) sentence pair."""

    drift_score: float
    drifted: bool
    status: str
    similarity: float
    reasons: list[Reason] = field(default_factory=list)
    highlights: list[Span] = field(default_factory=list)  # offsets into the candidate
    original_highlights: list[Span] = field(default_factory=list)  # offsets into the original

    def to_dict(self) -> dict[str, Any]:
        return {
            "drift_score": round(self.drift_score, 4),
            "drifted": self.drifted,
            "status": self.status,
            "similarity": round(self.similarity, 4),
            "reasons": [r.to_dict() for r in self.reasons],
            "highlights": [h.to_dict() for h in self.highlights],
            "original_highlights": [h.to_dict() for h in self.original_highlights],
        }


@dataclass
class SentenceReport:
    start: int
    end: int
    text: str
    language: str
    status: str | None = None
    drift_score: float | None = None
    counterpart: Counterpart | None = None
    reasons: list[Reason] = field(default_factory=list)
    highlights: list[Span] = field(default_factory=list)  # offsets into the document text
    counterpart_highlights: list[Span] = field(default_factory=list)  # offsets into the original text
    mt_score: float | None = None

    @property
    def mt_evidence(self) -> bool:
        """Whether a reason of the machine-translation detector falls in this sentence."""
        return any(r.code in MT_REASON_CODES for r in self.reasons)

    def to_dict(self, exact: bool = False) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "language": self.language,
            "status": self.status,
            "drift_score": _round(self.drift_score, exact),
            "counterpart": None if self.counterpart is None else self.counterpart.to_dict(exact),
            "reasons": [r.to_dict(exact) for r in self.reasons],
            "highlights": [h.to_dict() for h in self.highlights],
            "counterpart_highlights": [h.to_dict() for h in self.counterpart_highlights],
            "mt_score": _round(self.mt_score, exact),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SentenceReport:
        cp = d["counterpart"]
        return cls(
            start=d["start"], end=d["end"], text=d["text"], language=d["language"], status=d["status"],
            drift_score=d["drift_score"], counterpart=None if cp is None else Counterpart.from_dict(cp),
            reasons=[Reason.from_dict(r) for r in d["reasons"]],
            highlights=[Span.from_dict(s) for s in d["highlights"]],
            counterpart_highlights=[Span.from_dict(s) for s in d["counterpart_highlights"]],
            mt_score=d["mt_score"],
        )


@dataclass
class MTResult:
    """Verdict of the machine-translation detector for one text."""

    score: float
    machine_translated: bool
    reasons: list[Reason] = field(default_factory=list)
    sentence_scores: list[float] = field(default_factory=list)
    # machine_translated | uncertain (score in the band below the MT threshold) | human
    verdict: str = "human"

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "machine_translated": self.machine_translated,
            "verdict": self.verdict,
            "reasons": [r.to_dict() for r in self.reasons],
        }


@dataclass
class DocumentReport:
    path: str
    text: str
    machine_translated: bool
    mt_score: float
    sentences: list[SentenceReport]
    mt_reasons: list[Reason] = field(default_factory=list)
    against: list[str] = field(default_factory=list)
    relations: dict[str, str] = field(default_factory=dict)  # original path -> "copy" | "independent"
    mt_verdict: str = "human"  # machine_translated | uncertain | human (MTResult.verdict)

    @property
    def drift_count(self) -> int:
        return sum(1 for s in self.sentences if s.status == "drift")

    @property
    def has_findings(self) -> bool:
        return self.machine_translated or self.drift_count > 0

    def to_dict(self, exact: bool = False) -> dict[str, Any]:
        """Every field but the text, in either form."""
        return {
            "path": self.path,
            "machine_translated": self.machine_translated,
            "mt_score": _round(self.mt_score, exact),
            "mt_verdict": self.mt_verdict,
            "mt_reasons": [r.to_dict(exact) for r in self.mt_reasons],
            "against": list(self.against),
            "relations": {p: self.relations[p] for p in self.against if p in self.relations},
            "sentences": [s.to_dict(exact) for s in self.sentences],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any], text: str) -> DocumentReport:
        """The report of ``to_dict(exact=True)``, with the document's ``text``."""
        return cls(
            path=d["path"], text=text, machine_translated=d["machine_translated"], mt_score=d["mt_score"],
            sentences=[SentenceReport.from_dict(s) for s in d["sentences"]],
            mt_reasons=[Reason.from_dict(r) for r in d["mt_reasons"]], against=list(d["against"]),
            relations=dict(d.get("relations", {})),
            mt_verdict=d.get("mt_verdict", "machine_translated" if d["machine_translated"] else "human"),
        )


@dataclass
class FileError:
    """A file that could not be checked (``error``), or was checked with a caveat (``warning``)."""

    path: str
    message: str
    severity: str = "error"

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "severity": self.severity, "message": self.message}


@dataclass
class Report:
    """What ``check`` and ``scan`` return: documents, stories and per-file errors."""

    documents: list[DocumentReport] = field(default_factory=list)
    stories: list[list[str]] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    originals: dict[str, str] = field(default_factory=dict)  # path -> text of originals not in documents
    # paths whose text was extracted from HTML: their offsets index that text, not the file's characters
    extracted: set[str] = field(default_factory=set)
    # why documents were grouped: one record per joined pair (scan only; see transcheck.stories)
    story_links: list[dict[str, Any]] = field(default_factory=list)
    story_of: dict[str, Any] | None = None  # scan --story-of FILE: FILE's story and its nearest documents

    def text_of(self, path: str) -> str | None:
        for d in self.documents:
            if d.path == path:
                return d.text
        return self.originals.get(path)

    @property
    def sentences(self) -> list[SentenceReport]:
        """Sentences of the first document (convenience for single-document checks)."""
        return self.documents[0].sentences if self.documents else []

    @property
    def has_findings(self) -> bool:
        return any(d.has_findings for d in self.documents)

    @property
    def failed(self) -> list[FileError]:
        return [e for e in self.errors if e.severity == "error"]

    def document_dict(self, d: DocumentReport) -> dict[str, Any]:
        """One document's report form, as in :meth:`to_dict` (its text when extracted from HTML)."""
        dd = d.to_dict()
        if d.path in self.extracted:
            dd["text"] = d.text
        return dd

    def to_dict(self) -> dict[str, Any]:
        """The report form. A document whose text was extracted from HTML carries that text
        (``text``), since its offsets index it; so does an original of that kind that is no document
        of the report (``original_texts``: path -> text). Other texts are the files' own characters."""
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "documents": [self.document_dict(d) for d in self.documents],
            "stories": [list(s) for s in self.stories],
            "story_links": list(self.story_links),
            **({"story_of": self.story_of} if self.story_of is not None else {}),
            "errors": [e.to_dict() for e in self.errors],
        }
        extra = {p: t for p, t in sorted(self.originals.items()) if p in self.extracted}
        if extra:
            out["original_texts"] = extra
        return out
