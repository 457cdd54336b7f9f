"""Terminal report: a summary table of documents, then the sentences worth a look."""

from __future__ import annotations

import io
from typing import Literal

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..results import MT_REASON_CODES, DocumentReport, Reason, Report, SentenceReport
from ..text.clean import shown_path

STATUS_STYLE = {"drift": "bold red", "unmatched": "dim", "paraphrase": "yellow", "match": "green"}


def _short(text: str, n: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _why(link: dict) -> str:
    """One line on why two documents are (or are not) one story."""
    anchors = ", ".join(link["shared_anchors"][:6]) or "none"
    n = len(link["shared_sentences"])
    return (f"{shown_path(link['a'])} ~ {shown_path(link['b'])}: p {link['probability']:.2f}; shared anchors: "
            f"{anchors}; {n} sentence pair{'s' if n != 1 else ''} alike (best-aligned, cosine >= 0.55)")


def story_of_lines(info: dict) -> list[str]:
    """``scan --story-of FILE``: the file's story, and its nearest documents with why they were (not)
    grouped with it."""
    if "error" in info:
        return [f"story of {shown_path(info['file'])}: {info['error']}"]
    out = [f"story of {shown_path(info['file'])}: " + ", ".join(shown_path(p) for p in info["story"]),
           f"  nearest documents (one story from p {info['threshold']:.2f}, and on average with the story):"]
    for row in info["pairs"]:
        out.append(f"  {'grouped' if row['grouped'] else 'not grouped'}: " + _why(row))
        for s in row["shared_sentences"][:1]:
            out.append(f"      {_short(s['a'], 60)}  ~  {_short(s['b'], 60)} ({s['cosine']:.2f})")
    if not info["pairs"]:
        out.append("  no document shares a name, place or number with it")
    return out


def summary_table(report: Report) -> Table:
    story_of = {p: k + 1 for k, story in enumerate(report.stories) for p in story}
    table = Table(title="transcheck", show_lines=False, expand=False)
    columns: tuple[tuple[str, Literal["left", "right"]], ...] = (
        ("story", "right"), ("document", "left"), ("MT", "right"), ("verdict", "left"),
        ("sents", "right"), ("match", "right"), ("para", "right"), ("drift", "right"),
        ("unmatched", "right"), ("foreign", "right"),
    )
    for col, just in columns:
        # a long path folds onto more lines rather than losing its end (the file name) to an ellipsis
        table.add_column(col, justify=just, no_wrap=(col != "document"), overflow="fold" if col == "document" else "ellipsis")
    for d in sorted(report.documents, key=lambda d: (story_of.get(d.path, 0), d.path)):
        counts = {k: sum(1 for s in d.sentences if s.status == k) for k in ("match", "paraphrase", "drift", "unmatched")}
        foreign = sum(1 for s in d.sentences if s.language not in ("en", "und"))
        verdict = Text("machine-translated", style="bold red") if d.machine_translated else Text("human", style="green")
        compared = bool(d.against)
        table.add_row(
            str(story_of.get(d.path, "")),
            shown_path(d.path),
            f"{d.mt_score:.2f}",
            verdict,
            str(len(d.sentences)),
            *(str(counts[k]) if compared else "–" for k in ("match", "paraphrase", "drift", "unmatched")),
            str(foreign),
        )
    return table


def mt_evidence_words(d: DocumentReport, s: SentenceReport) -> list[str]:
    """The sentence's own machine-translation evidence, in words: the spans of the document-level
    reasons that fall in it ("'trump' (casing)"), never the document-level message again. A document
    judged human has none (its weak signs are one line under its verdict)."""
    if not d.machine_translated:
        return []
    out: list[str] = []
    for r in s.reasons:
        if r.code not in MT_REASON_CODES:
            continue
        spans = [sp for sp in r.spans if sp.start >= s.start and sp.end <= s.end]
        if r.code == "translationese" or not spans or any(sp.end - sp.start >= len(s.text) for sp in spans):
            words = "the whole sentence"
        else:
            words = ", ".join(f"'{_short(sp.text, 40)}'" for sp in spans)
        item = f"{words} ({r.code.replace('_', ' ')})"
        if item not in out:
            out.append(item)
    return out


def own_reasons(s: SentenceReport) -> list[Reason]:
    """The reasons of the sentence itself: alignment, drift, language; not the MT detector's."""
    return [r for r in s.reasons if r.code not in MT_REASON_CODES]


def _sentence_lines(d: DocumentReport, s: SentenceReport) -> list[Text]:
    lines = []
    label = s.status or ("foreign" if s.language not in ("en", "und") else "")
    head = Text(f"  [{s.start}:{s.end}] ")
    head.append(f"{label:<10}", style=STATUS_STYLE.get(label, "magenta"))
    if s.drift_score is not None:
        head.append(f" {s.drift_score:.2f} ")
    head.append(_short(s.text))
    lines.append(head)
    if s.counterpart is not None:
        lines.append(Text(f"      ↔ {shown_path(s.counterpart.path or '')}: {_short(s.counterpart.text)}", style="dim"))
    for r in own_reasons(s):
        lines.append(Text(f"      • {r.message}", style="cyan"))
    mt = mt_evidence_words(d, s)
    if mt:
        lines.append(Text("      MT evidence: " + "; ".join(mt), style="yellow"))
    return lines


def _interesting(d: DocumentReport, s: SentenceReport) -> bool:
    """Drifted or foreign sentences, and, in a machine-translated document checked alone, sentences
    carrying its evidence."""
    return (s.status == "drift" or s.language not in ("en", "und")
            or (s.status is None and d.machine_translated and s.mt_evidence))


def render(report: Report) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=140, force_terminal=False, color_system=None, highlight=False)
    if report.documents:
        console.print(summary_table(report))
    links: dict[str, list[dict]] = {}
    for link in report.story_links:
        links.setdefault(link["a"], []).append(link)
    for k, story in enumerate(report.stories, 1):
        if len(story) > 1:
            console.print(Text(f"story {k}: " + ", ".join(shown_path(p) for p in story)))
            for p in story:
                for link in links.get(p, []):
                    console.print(Text("  " + _why(link), style="dim"))
    if report.story_of is not None:
        for note in story_of_lines(report.story_of):
            console.print(Text(note))
    for d in report.documents:
        console.print()
        verdict = "MACHINE-TRANSLATED" if d.machine_translated else "not machine-translated"
        console.print(Text(f"{shown_path(d.path)}: {verdict} (mt_score {d.mt_score:.2f})", style="bold"))
        if d.machine_translated:  # the document's reasons, once: sentences show only where they fall
            for r in d.mt_reasons:
                console.print(Text(f"  • {r.message}", style="cyan"))
        elif d.mt_reasons:
            codes = sorted({r.code.replace("_", " ") for r in d.mt_reasons})
            console.print(Text(f"  weak MT signs, below the threshold: {', '.join(codes)}", style="dim"))
        if d.against:
            console.print(Text("  checked against: " + ", ".join(
                f"{shown_path(path)} ({d.relations[path]})" if path in d.relations else shown_path(path)
                for path in d.against), style="dim"))
        for s in d.sentences:
            if _interesting(d, s):
                for line in _sentence_lines(d, s):
                    console.print(line)
    for e in report.errors:
        style = "red" if e.severity == "error" else "yellow"
        console.print(Text(f"{e.severity}: {shown_path(e.path)}: {e.message}", style=style))
    return buf.getvalue()
