"""Self-contained HTML highlights: candidate and originals side by side, aligned sentences linked.

Every piece of article text goes through :func:`html.escape`; the page carries no script and a
Content-Security-Policy that forbids any, so hostile input cannot run in a reader's browser.
Linking works with plain anchors and the CSS ``:target`` selector.
"""

from __future__ import annotations

from html import escape

from ..results import DocumentReport, Report, SentenceReport, Span
from ..text.clean import shown_path

CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{padding:12px 20px;background:#222;color:#fff}
h1{font-size:18px;margin:0} h2{font-size:16px;margin:18px 0 6px} h3{font-size:14px;margin:8px 0}
section.doc{margin:16px 20px;padding:12px;background:#fff;border:1px solid #ddd;border-radius:6px}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:18px}
.col{white-space:pre-wrap;word-wrap:break-word;font-family:Georgia,serif}
.s{border-radius:3px;padding:1px 0;text-decoration:none;color:inherit}
.s.match{background:#e6f4ea}.s.paraphrase{background:#fff7d6}.s.drift{background:#fde2e1;outline:1px solid #d93025}
.s.unmatched{background:#eee;color:#666}.s.foreign{outline:2px dashed #8e24aa}
.s.mt{border-bottom:2px dotted #e37400}
.s:target{box-shadow:0 0 0 3px #1a73e8}
mark{background:#f28b82;border-radius:2px;padding:0 1px}
mark.o{background:#aecbfa}
.verdict{font-weight:bold}.verdict.mt{color:#c5221f}.verdict.human{color:#188038}
ul.reasons{margin:4px 0 8px 18px;padding:0;font-size:13px}
.legend span{margin-right:10px;padding:1px 4px}
table{border-collapse:collapse;font-size:13px} td,th{border:1px solid #ddd;padding:3px 6px;text-align:left}
.err{color:#c5221f}
"""


def _marked(text: str, base: int, spans: list[Span], cls: str = "") -> str:
    """Escape ``text`` (which starts at file offset ``base``) with ``spans`` wrapped in <mark>."""
    out, pos = [], 0
    for sp in sorted(spans, key=lambda s: (s.start, s.end)):
        a, b = max(sp.start - base, pos), min(sp.end - base, len(text))
        if a >= b:
            continue
        out.append(escape(text[pos:a]))
        title = escape(f"{sp.kind}: {sp.text}", quote=True)
        klass = f' class="{cls}"' if cls else ""
        out.append(f'<mark{klass} title="{title}">{escape(text[a:b])}</mark>')
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)


def _sentence_classes(s: SentenceReport) -> str:
    cls = ["s"]
    if s.status:
        cls.append(s.status)
    if s.language not in ("en", "und"):
        cls.append("foreign")
    if s.mt_evidence and s.status in (None, "match", "paraphrase"):
        cls.append("mt")
    return " ".join(cls)


def _title(s: SentenceReport) -> str:
    bits = []
    if s.status:
        bits.append(s.status + (f" (drift {s.drift_score:.2f})" if s.drift_score is not None else ""))
    if s.language not in ("en", "und"):
        bits.append(f"language: {s.language}")
    bits += [r.message for r in s.reasons]
    return escape("\n".join(bits), quote=True)


def _candidate_column(doc: DocumentReport, did: str) -> str:
    text, out, pos = doc.text, [], 0
    column_of = {path: k for k, path in enumerate(doc.against)}
    for k, s in enumerate(doc.sentences):
        out.append(escape(text[pos : s.start]))
        href = ""
        if s.counterpart is not None:
            href = f' href="#{did}-o{column_of.get(s.counterpart.path or "", 0)}-{s.counterpart.start}"'
        body = _marked(s.text, s.start, s.highlights)
        out.append(f'<a id="{did}-c{k}" class="{_sentence_classes(s)}" title="{_title(s)}"{href}>{body}</a>')
        pos = s.end
    out.append(escape(text[pos:]))
    return "".join(out)


_RELATION_WORDS = {
    "copy": "a copy of it: drift is a changed fact",
    "independent": "an independent report of the same event: drift is a contradiction",
}


def _original_column(report: Report, doc: DocumentReport, did: str) -> str:
    parts = []
    for k, path in enumerate(doc.against):
        text = report.text_of(path) or ""
        linked: dict[int, tuple[int, int, list[Span], str]] = {}
        for ci, s in enumerate(doc.sentences):
            cp = s.counterpart
            if cp is not None and cp.path == path and cp.start not in linked:
                linked[cp.start] = (cp.end, ci, s.counterpart_highlights, s.status or "")
        out, pos = [], 0
        for start in sorted(linked):
            end, ci, spans, status = linked[start]
            if start < pos:
                continue
            out.append(escape(text[pos:start]))
            out.append(
                f'<a id="{did}-o{k}-{start}" class="s {status}" href="#{did}-c{ci}">'
                f"{_marked(text[start:end], start, spans, 'o')}</a>"
            )
            pos = end
        out.append(escape(text[pos:]))
        relation = doc.relations.get(path)
        rel = f' <span class="relation">({escape(_RELATION_WORDS.get(relation, relation))})</span>' if relation else ""
        parts.append(f'<h3>{escape(shown_path(path))}{rel}</h3><div class="col">{"".join(out)}</div>')
    return "".join(parts) or "<p>(no originals to compare against)</p>"


def _document(report: Report, doc: DocumentReport, n: int) -> str:
    did = f"d{n}"
    verdict = (
        '<span class="verdict mt">machine-translated</span>'
        if doc.machine_translated
        else '<span class="verdict human">not machine-translated</span>'
    )
    reasons = "".join(f"<li>{escape(r.message)}</li>" for r in doc.mt_reasons)
    counts = {k: sum(1 for s in doc.sentences if s.status == k) for k in ("match", "paraphrase", "drift", "unmatched")}
    foreign = sum(1 for s in doc.sentences if s.language not in ("en", "und"))
    stats = ", ".join(f"{v} {k}" for k, v in counts.items()) + f", {foreign} foreign"
    return (
        f'<section class="doc" id="{did}"><h2>{escape(shown_path(doc.path))}</h2>'
        f"<p>{verdict} — mt_score {doc.mt_score:.2f}; {escape(stats)}</p>"
        f'<ul class="reasons">{reasons}</ul>'
        f'<div class="cols"><div><h3>candidate</h3><div class="col">{_candidate_column(doc, did)}</div></div>'
        f"<div>{_original_column(report, doc, did)}</div></div></section>"
    )


def render(report: Report) -> str:
    docs = "".join(_document(report, d, n) for n, d in enumerate(report.documents))
    errors = "".join(
        f'<li class="err">{escape(e.severity)}: {escape(shown_path(e.path))}: {escape(e.message)}</li>' for e in report.errors
    )
    stories = "".join(
        "<li>"
        + ", ".join(f'<a href="#d{n}">{escape(shown_path(p))}</a>'
                    for p in story for n, d in enumerate(report.documents) if d.path == p)
        + "</li>"
        for story in report.stories
    )
    legend = (
        '<p class="legend"><span class="s match">match</span><span class="s paraphrase">paraphrase</span>'
        '<span class="s drift">drift</span><span class="s unmatched">unmatched</span>'
        '<span class="s foreign">foreign language</span><span class="s mt">MT evidence</span>'
        "<mark>differing words</mark> — hover a sentence for its reasons; click to jump to its counterpart</p>"
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>transcheck report</title><style>{CSS}</style></head><body>"
        f"<header><h1>transcheck report</h1></header><main>{legend}"
        f"<section class=\"doc\"><h2>Stories</h2><ul>{stories}</ul>{('<ul>' + errors + '</ul>') if errors else ''}</section>"
        f"{docs}</main></body></html>\n"
    )
