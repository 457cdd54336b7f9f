"""Self-contained HTML report for an editor: findings first, the articles below, every reason in words.

The page opens with a summary table (one row per document: MT verdict and score, sentence counts by
status, its relation to its originals), the stories (originals and copies) and a list of every
finding with its reason and a link to its place. Below, each document and its originals side by
side; a finding's reason is printed under its sentence, and only the words that carry a finding (the
changed number, date, negation, the reworded part of a quotation) are marked strongly.

Every piece of article text and every file name goes through :func:`html.escape`. The page loads
nothing from outside; its Content-Security-Policy allows inline styles and exactly one inline script,
by its SHA-256 hash (:data:`SCRIPT`), so hostile input cannot run in a reader's browser. Without
JavaScript the page still works: links jump with plain anchors (``:target``), the filters are CSS
(``:has``); the script adds keyboard navigation (``j``/``k``, ``n``/``p``) and, on selecting a
sentence, highlights its counterpart and scrolls the other column to it.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

from ..results import MT_REASON_CODES, DocumentReport, Reason, Report, SentenceReport, Span
from ..text.clean import shown_path
from .text import mt_evidence_words, own_reasons

# Reason codes whose words carry a change of fact: marked strongly in a drifted sentence. The other
# differences (added and dropped words, names present on one side only) are marked lightly.
STRONG_CODES = frozenset({"quote", "number", "date", "negation", "antonym", "gender", "pronoun", "swap", "question"})
STRONG_KINDS = frozenset({"quote", "number", "date", "weekday", "negation", "antonym", "gender", "pronoun"})

CSS = """
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#f6f6f4}
header{padding:10px 20px;background:#222;color:#fff;display:flex;gap:18px;align-items:baseline;flex-wrap:wrap}
h1{font-size:18px;margin:0} header p{margin:0;font-size:14px;color:#ddd}
h2{font-size:16px;margin:4px 0 8px} h3{font-size:14px;margin:8px 0 4px}
main{padding:0 16px 40px}
section.box{margin:12px 0;padding:10px 14px;background:#fff;border:1px solid #ddd;border-radius:6px}
table{border-collapse:collapse;font-size:13px;width:100%}
td,th{border-bottom:1px solid #e3e3e3;padding:3px 8px;text-align:left} th,td.n{white-space:nowrap} td.path{overflow-wrap:anywhere}
th{background:#f0f0ee} td.n{text-align:right;font-variant-numeric:tabular-nums}
.verdict{font-weight:bold}.verdict.mt{color:#b3261e}.verdict.human{color:#146c2e}
.tag{display:inline-block;font-size:12px;font-weight:600;border-radius:3px;padding:0 5px;margin-right:4px}
.tag.drift{background:#b3261e;color:#fff}.tag.mtdoc{background:#7d3c98;color:#fff}
.tag.foreign{background:#8e24aa;color:#fff}.tag.mtev{background:#e37400;color:#fff}
.filters{font-size:13px;margin:0 0 8px;display:flex;flex-wrap:wrap;gap:4px 14px;align-items:center}
.filters fieldset{border:0;margin:0;padding:0;display:inline-flex;flex-wrap:wrap;gap:2px 10px}
.filters legend{float:left;font-weight:600;margin-right:6px}
ol.findings{margin:0;padding-left:26px;font-size:14px}
ol.findings li{margin:3px 0;padding:2px 4px;border-radius:4px}
ol.findings li.current{background:#e8f0fe;outline:2px solid #1a73e8}
ol.findings .where{color:#555;font-size:12px;margin-right:6px} ol.findings .quote{font-family:Georgia,serif}
ol.findings .why{display:block;color:#333;font-size:13px;background:none;border:0;margin:0;padding:0 0 0 2px}
.keys{font-size:12px;color:#555;margin:6px 0 0}
kbd{border:1px solid #aaa;border-bottom-width:2px;border-radius:3px;padding:0 4px;font-size:11px;background:#fafafa}
section.doc{margin:14px 0;padding:10px 14px;background:#fff;border:1px solid #ddd;border-radius:6px}
section.doc>summary{cursor:pointer}
.reasons{margin:2px 0 8px 18px;padding:0;font-size:13px}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:18px}
.col{white-space:pre-wrap;overflow-wrap:anywhere;font-family:Georgia,serif;max-height:80vh;overflow:auto;position:relative;
padding:4px 8px;border:1px solid #eee;border-radius:4px}
.s{border-radius:3px;padding:1px 0;text-decoration:none;color:inherit;cursor:pointer}
.s.match{background:#eef7f0}.s.paraphrase{background:#fffbe8}
.s.drift{background:#fde7e5;outline:2px solid #b3261e}
.s.unmatched{color:#555}.s.foreign{outline:2px dashed #8e24aa}
.s:target,.s.sel{box-shadow:0 0 0 3px #1a73e8}.s.pair{box-shadow:0 0 0 3px #1a73e8;background:#e8f0fe}
mark{background:none;color:inherit}
mark.strong{background:#f28b82;font-weight:600;border-radius:2px;padding:0 1px}
mark.light{text-decoration:underline dotted #999;text-underline-offset:3px}
mark.mtw{text-decoration:underline wavy #e37400;text-underline-offset:3px}
.why{display:block;white-space:normal;font:13px/1.4 system-ui,sans-serif;color:#7a1c16;background:#fff4f2;
border-left:3px solid #b3261e;margin:3px 0 8px;padding:2px 8px}
.why.mtev{color:#6b3a00;background:#fff8ec;border-color:#e37400}.why.foreign{color:#4a1060;background:#f8f0fb;border-color:#8e24aa}
.legend{font-size:13px}.legend>span{margin-right:12px;padding:1px 4px;white-space:nowrap}
.relation{color:#555;font-weight:normal;font-size:13px}
.err{color:#b3261e}
body:has(#st-drift:not(:checked)) .fi.st-drift,body:has(#st-mtdoc:not(:checked)) .fi.st-mtdoc,
body:has(#st-foreign:not(:checked)) .fi.st-foreign,body:has(#st-mtev:not(:checked)) .fi.st-mtev{display:none}
@media print{.col{max-height:none;overflow:visible}.filters,.keys{display:none}}
@media (max-width:800px){.cols{grid-template-columns:1fr}}
"""

SCRIPT = """(function(){
var items=function(){return Array.prototype.filter.call(document.querySelectorAll('ol.findings li'),
function(li){return li.offsetParent!==null;});};
var cur=-1;
function colOf(el){while(el&&!(el.classList&&el.classList.contains('col')))el=el.parentNode;return el;}
function scrollIn(el){var col=colOf(el);if(!col)return;
var top=el.getBoundingClientRect().top-col.getBoundingClientRect().top+col.scrollTop;
col.scrollTop=Math.max(0,top-col.clientHeight/3);
var r=el.getBoundingClientRect();if(r.bottom>innerHeight)scrollBy(0,Math.min(r.bottom-innerHeight+24,r.top-24));
else if(r.top<0)scrollBy(0,r.top-24);}
function clear(){Array.prototype.forEach.call(document.querySelectorAll('.s.sel,.s.pair'),
function(e){e.classList.remove('sel','pair');});}
function select(el){clear();el.classList.add('sel');var d=el.closest('details');if(d)d.open=true;
var ids=(el.getAttribute('data-pair')||'').split(' ');
ids.forEach(function(id){var o=id&&document.getElementById(id);if(o){o.classList.add('pair');scrollIn(o);}});}
document.addEventListener('click',function(ev){var el=ev.target.closest&&ev.target.closest('.s');
if(!el||ev.ctrlKey||ev.metaKey||ev.shiftKey)return;ev.preventDefault();select(el);
history.replaceState(null,'','#'+el.id);});
function go(step){var li=items();if(!li.length)return;cur=cur<0?(step>0?0:li.length-1):(cur+step+li.length)%li.length;
document.querySelectorAll('ol.findings li.current').forEach(function(e){e.classList.remove('current');});
var it=li[cur];it.classList.add('current');var a=it.querySelector('a[href^="#"]');if(!a)return;
var t=document.getElementById(a.getAttribute('href').slice(1));if(!t)return;
var d=t.closest('details');if(d)d.open=true;
t.scrollIntoView({block:'center'});scrollIn(t);if(t.classList.contains('s'))select(t);
history.replaceState(null,'','#'+t.id);t.focus({preventScroll:true});}
document.addEventListener('keydown',function(ev){if(ev.ctrlKey||ev.metaKey||ev.altKey)return;
var tag=(ev.target&&ev.target.tagName)||'';if(tag==='INPUT'&&ev.target.type==='text')return;
if(ev.key==='j'||ev.key==='n'){go(1);ev.preventDefault();}else if(ev.key==='k'||ev.key==='p'){go(-1);ev.preventDefault();}
else if(ev.key==='Escape'){clear();}});
document.addEventListener('change',function(){cur=-1;});
document.documentElement.classList.add('js');
})();"""

SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
CSP = (f"default-src 'none'; style-src 'unsafe-inline'; script-src '{SCRIPT_HASH}'; "
       "img-src 'none'; base-uri 'none'; form-action 'none'")

_RELATION_WORDS = {
    "copy": "a copy of it: drift is a changed fact",
    "independent": "an independent report of the same event: drift is a contradiction",
}
_STATUS_WORDS = {"drift": "drift", "mtdoc": "machine-translated", "foreign": "foreign language", "mtev": "MT evidence"}


def _short(text: str, n: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _name(path: str) -> str:
    return escape(shown_path(path))


def _file(path: str) -> str:
    """The file name alone (where the full path is elsewhere on the row)."""
    return escape(shown_path(path.rstrip("/").rsplit("/", 1)[-1] or path))


@dataclass
class Finding:
    """One entry of the findings list: where it is, what it is, why."""

    priority: int  # list order: drift, MT verdicts, foreign sentences, MT evidence in sentences
    doc: int
    pos: int
    status: str  # drift | mtdoc | foreign | mtev
    target: str  # the id of its place on the page
    where: str  # escaped HTML
    quote: str
    reasons: list[str]
    kinds: set[str] = field(default_factory=set)


def _is_foreign(s: SentenceReport) -> bool:
    return s.language not in ("en", "und")


def _drift_reasons(s: SentenceReport) -> list[Reason]:
    """The reasons that say why a drifted sentence drifted: the change-of-fact ones first, then the rest
    of its own reasons but the lists of added and dropped words (shown lightly in the text)."""
    own = own_reasons(s)
    strong = [r for r in own if r.code in STRONG_CODES]
    rest = [r for r in own if r.code not in STRONG_CODES and r.code not in ("added", "dropped", "foreign_language")]
    return strong + rest


def _sentence_classes(s: SentenceReport, doc: DocumentReport | None = None) -> str:
    cls = ["s"]
    if s.status:
        cls.append(s.status)
    if _is_foreign(s):
        cls.append("foreign")
    if s.mt_evidence and s.status in (None, "match", "paraphrase") and (doc is None or doc.machine_translated):
        cls.append("mt")
    return " ".join(cls)


def _title(s: SentenceReport) -> str:
    bits = []
    if s.status:
        bits.append(s.status + (f" (drift score {s.drift_score:.2f})" if s.drift_score is not None else ""))
    bits += [r.message for r in own_reasons(s)]
    return escape("\n".join(bits), quote=True)


def _marked(text: str, base: int, spans: Iterable[tuple[Span, str]]) -> str:
    """Escape ``text`` (which starts at offset ``base``) with ``spans`` wrapped in <mark class=...>;
    an overlapping later span is cut to what is left."""
    out, pos = [], 0
    for sp, cls in sorted(spans, key=lambda x: (x[0].start, -(x[0].end - x[0].start))):
        a, b = max(sp.start - base, pos), min(sp.end - base, len(text))
        if a >= b:
            continue
        out.append(escape(text[pos:a]))
        title = escape(f"{sp.kind}: {sp.text}", quote=True)
        out.append(f'<mark class="{cls}" title="{title}">{escape(text[a:b])}</mark>')
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)


def _candidate_marks(doc: DocumentReport, s: SentenceReport) -> list[tuple[Span, str]]:
    strong = set()
    if s.status == "drift":
        strong = {(sp.start, sp.end) for r in s.reasons if r.code in STRONG_CODES for sp in r.spans}
    # a paraphrase's differing words are no finding: unmarked (its reasons stay in the tooltip)
    marks = [(h, "strong" if (h.start, h.end) in strong else "light") for h in s.highlights if s.status == "drift"]
    if doc.machine_translated:  # the words of the MT evidence (not a whole-sentence sign)
        for r in s.reasons:
            if r.code in MT_REASON_CODES and r.code not in ("translationese", "foreign_residue"):
                marks += [(sp, "mtw") for sp in r.spans if s.start <= sp.start and sp.end <= s.end]
    return marks


def _why(doc: DocumentReport, s: SentenceReport) -> str:
    """The reason lines printed under a sentence: drift, foreign language, MT evidence."""
    out = []
    if s.status == "drift":
        score = f" (score {s.drift_score:.2f})" if s.drift_score is not None else ""
        msgs = "; ".join(escape(r.message) for r in _drift_reasons(s)) or "meaning changed"
        out.append(f'<span class="why drift"><b>drift{score}:</b> {msgs}</span>')
    if _is_foreign(s):
        out.append(f'<span class="why foreign"><b>foreign language:</b> {escape(s.language)}, not English</span>')
    mt = mt_evidence_words(doc, s)
    if mt:
        out.append(f'<span class="why mtev"><b>MT evidence:</b> {escape("; ".join(mt))}</span>')
    return "".join(out)


def _pair_ids(doc: DocumentReport, did: str) -> tuple[dict[int, str], dict[str, list[str]]]:
    """The id of each candidate sentence's counterpart on the page, and the candidate ids of each."""
    column_of = {path: k for k, path in enumerate(doc.against)}
    cand_to: dict[int, str] = {}
    orig_to: dict[str, list[str]] = {}
    for k, s in enumerate(doc.sentences):
        cp = s.counterpart
        if cp is not None and cp.path in column_of:
            oid = f"{did}-o{column_of[cp.path]}-{cp.start}"
            cand_to[k] = oid
            orig_to.setdefault(oid, []).append(f"{did}-c{k}")
    return cand_to, orig_to


def _candidate_column(doc: DocumentReport, did: str, cand_to: dict[int, str], shown: set[str]) -> str:
    text, out, pos, after_why = doc.text, [], 0, False
    for k, s in enumerate(doc.sentences):
        gap = text[pos : s.start]
        out.append(escape(gap[1:] if after_why and gap.startswith("\n") else gap))  # the note ends a line itself
        oid = cand_to.get(k)
        pair = f' data-pair="{oid}" href="#{oid}"' if oid in shown else ""
        body = _marked(s.text, s.start, _candidate_marks(doc, s))
        why = _why(doc, s)
        out.append(f'<a id="{did}-c{k}" tabindex="-1" class="{_sentence_classes(s, doc)}" title="{_title(s)}"{pair}>'
                   f"{body}</a>{why}")
        pos, after_why = s.end, bool(why)
    rest = text[pos:]
    out.append(escape(rest[1:] if after_why and rest.startswith("\n") else rest))
    return "".join(out)


def _original_column(report: Report, doc: DocumentReport, did: str, orig_to: dict[str, list[str]]) -> tuple[str, set[str]]:
    """The originals' texts with each counterpart span linked back; the ids of the spans shown."""
    parts, shown = [], set()
    for k, path in enumerate(doc.against):
        text = report.text_of(path) or ""
        linked: dict[int, tuple[int, str, list[Span]]] = {}  # start -> end, status, highlights
        for s in doc.sentences:
            cp = s.counterpart
            if cp is None or cp.path != path:
                continue
            end, status, spans = linked.get(cp.start, (cp.end, "", []))
            # the strongest status of the sentences linked to it; all their highlights
            rank = ("", "unmatched", "match", "paraphrase", "drift")
            status = max(status, s.status or "", key=rank.index)
            linked[cp.start] = (max(end, cp.end), status, spans + list(s.counterpart_highlights))
        out, pos = [], 0
        for start in sorted(linked):
            end, status, spans = linked[start]
            if start < pos:
                continue
            oid = f"{did}-o{k}-{start}"
            shown.add(oid)
            back = orig_to.get(oid, [])
            marks = [(sp, "strong" if sp.kind in STRONG_KINDS else "light") for sp in spans] if status == "drift" else []
            out.append(escape(text[pos:start]))
            out.append(f'<a id="{oid}" tabindex="-1" class="s {status}" href="#{back[0] if back else ""}" '
                       f'data-pair="{" ".join(back)}">{_marked(text[start:end], start, marks)}</a>')
            pos = end
        out.append(escape(text[pos:]))
        relation = doc.relations.get(path)
        rel = f' <span class="relation">({escape(_RELATION_WORDS.get(relation, relation))})</span>' if relation else ""
        parts.append(f'<h3 id="{did}-o{k}">original: {_name(path)}{rel}</h3><div class="col">{"".join(out)}</div>')
    return "".join(parts), shown


def _counts(doc: DocumentReport) -> dict[str, int]:
    return {k: sum(1 for s in doc.sentences if s.status == k) for k in ("match", "paraphrase", "drift", "unmatched")}


def _originals_of(report: Report) -> dict[str, list[tuple[str, str]]]:
    """For each path: the documents checked against it, with their relation."""
    out: dict[str, list[tuple[str, str]]] = {}
    for d in report.documents:
        for p in d.against:
            out.setdefault(p, []).append((d.path, d.relations.get(p, "")))
    return out


def _relation_text(report: Report, doc: DocumentReport, anchors: dict[str, str]) -> str:
    """The document's standing in words: copy of / independent report of / original of."""
    def link(p: str) -> str:
        return f'<a href="#{anchors[p]}" title="{_name(p)}">{_file(p)}</a>' if p in anchors else _file(p)

    bits = []
    by_rel: dict[str, list[str]] = {}
    for p in doc.against:
        by_rel.setdefault(doc.relations.get(p, "compared with"), []).append(p)
    words = {"copy": "copy of", "independent": "independent report, compared with"}
    for rel, paths in by_rel.items():
        bits.append(f"{words.get(rel, rel)} " + ", ".join(link(p) for p in paths))
    theirs = _originals_of(report).get(doc.path, [])
    copies = [p for p, rel in theirs if rel == "copy"]
    if copies:
        bits.append("original of " + ", ".join(link(p) for p in copies))
    elif theirs and not doc.against:
        bits.append("original; compared with " + ", ".join(link(p) for p, _ in theirs))
    return "; ".join(bits) or "not compared (no other document of its story)"


def _summary(report: Report, anchors: dict[str, str], n_findings: dict[int, int]) -> str:
    story_of = {p: k + 1 for k, story in enumerate(report.stories) for p in story}
    rows = []
    for n, d in enumerate(report.documents):
        c = _counts(d)
        foreign = sum(1 for s in d.sentences if _is_foreign(s))
        verdict = ('<span class="verdict mt">machine-translated</span>' if d.machine_translated
                   else '<span class="verdict human">human</span>')
        nums = "".join(f'<td class="n">{c[k] if d.against else "–"}</td>' for k in ("drift", "paraphrase", "match", "unmatched"))
        found = n_findings.get(n, 0)
        rows.append(
            f'<tr><td class="n">{story_of.get(d.path, "")}</td><td class="path"><a href="#d{n}">{_name(d.path)}</a></td>'
            f'<td>{verdict}</td><td class="n">{d.mt_score:.2f}</td>{nums}<td class="n">{foreign}</td>'
            f'<td class="n">{found}</td><td>{_relation_text(report, d, anchors)}</td></tr>'
        )
    return (
        '<section class="box" id="summary"><h2>Summary</h2><table><thead><tr><th>story</th><th>document</th>'
        '<th>MT verdict</th><th>MT score</th><th>drift</th><th>paraphrase</th><th>match</th><th>unmatched</th>'
        '<th>foreign</th><th>findings</th><th>relation to its originals</th></tr></thead><tbody>'
        + "".join(rows) + "</tbody></table></section>"
    )


def _stories(report: Report, anchors: dict[str, str]) -> str:
    mt = {d.path for d in report.documents if d.machine_translated}
    theirs = _originals_of(report)
    relations = {d.path: d.relations for d in report.documents}
    items = []
    for k, story in enumerate(report.stories, 1):
        members = []
        for p in story:
            name = f'<a href="#{anchors[p]}">{_name(p)}</a>' if p in anchors else _name(p)
            rels = relations.get(p, {})
            if any(r == "copy" for r in rels.values()):
                role = "copy of " + ", ".join(shown_path(o) for o, r in rels.items() if r == "copy")
            elif any(r == "copy" for _, r in theirs.get(p, [])):
                role = "original"
            elif rels:
                role = "independent report"
            elif p in theirs:
                role = "original (compared against)"
            else:
                role = "alone"
            if p in mt:
                role += ", machine-translated"
            members.append(f"{name} <span class=\"relation\">({escape(role)})</span>")
        items.append(f"<li>story {k}: " + " · ".join(members) + "</li>")
    return f'<section class="box" id="stories"><h2>Stories</h2><ul>{"".join(items)}</ul></section>' if items else ""


def _findings(report: Report) -> list[Finding]:
    out: list[Finding] = []
    for n, d in enumerate(report.documents):
        did = f"d{n}"
        where = _file(d.path)
        if d.machine_translated:
            messages = [r.message for r in d.mt_reasons] or ["MT score above the threshold"]
            out.append(Finding(1, n, -1, "mtdoc", did, where, "", messages, {r.code for r in d.mt_reasons}))
        for k, s in enumerate(d.sentences):
            target = f"{did}-c{k}"
            if s.status == "drift":
                reasons = _drift_reasons(s)
                out.append(Finding(0, n, k, "drift", target, where, s.text, [r.message for r in reasons] or ["meaning changed"],
                                   {r.code for r in reasons}))
            if _is_foreign(s):
                out.append(Finding(2, n, k, "foreign", target, where, s.text, [f"sentence in {s.language}, not English"],
                                   {"foreign_language"}))
            elif d.machine_translated and mt_evidence_words(d, s):
                out.append(Finding(3, n, k, "mtev", target, where, s.text, mt_evidence_words(d, s),
                                   {r.code for r in s.reasons if r.code in MT_REASON_CODES}))
    out.sort(key=lambda f: (f.priority, f.doc, f.pos))
    return out


def _findings_box(findings: list[Finding]) -> tuple[str, str]:
    """The findings list with its filters, and the CSS of its kind filter."""
    statuses = [st for st in ("drift", "mtdoc", "foreign", "mtev") if any(f.status == st for f in findings)]
    kinds = sorted({k for f in findings for k in f.kinds})
    status_boxes = "".join(
        f'<label><input type="checkbox" id="st-{st}" checked> <span class="tag {st}">{_STATUS_WORDS[st]}</span> '
        f"({sum(1 for f in findings if f.status == st)})</label>" for st in statuses)
    kind_radios = '<label><input type="radio" name="kind" id="k-all" checked> all</label>' + "".join(
        f'<label><input type="radio" name="kind" id="k-{k}"> {escape(k.replace("_", " "))}</label>' for k in kinds)
    kind_css = "".join(f"body:has(#k-{k}:checked) .fi:not(.k-{k}){{display:none}}" for k in kinds)
    items = []
    for f in findings:
        cls = " ".join(["fi", f"st-{f.status}"] + [f"k-{k}" for k in sorted(f.kinds)])
        quote = f' <span class="quote">{escape(_short(f.quote))}</span>' if f.quote else ""
        why = "; ".join(escape(r) for r in f.reasons)
        items.append(f'<li class="{cls}"><a href="#{f.target}"><span class="tag {f.status}">{_STATUS_WORDS[f.status]}</span>'
                     f'<span class="where">{f.where}</span></a>{quote}<span class="why">{why}</span></li>')
    if not findings:
        none = "<p>No findings: no drift, no machine translation, no foreign sentence.</p>"
        return f'<section class="box" id="findings"><h2>Findings</h2>{none}</section>', ""
    return (
        f'<section class="box" id="findings"><h2>Findings ({len(findings)})</h2>'
        f'<form class="filters"><fieldset><legend>show</legend>{status_boxes}</fieldset>'
        f"<fieldset><legend>kind</legend>{kind_radios}</fieldset></form>"
        f'<ol class="findings">{"".join(items)}</ol>'
        '<p class="keys"><kbd>j</kbd>/<kbd>n</kbd> next finding, <kbd>k</kbd>/<kbd>p</kbd> previous; '
        "click a sentence to see its counterpart; <kbd>Esc</kbd> clears</p></section>"
    ), kind_css


def _legend(report: Report, findings: list[Finding]) -> str:
    """The marks the page uses, and only those."""
    sts = {s.status for d in report.documents for s in d.sentences}
    bits = [f'<span class="s {st}">{st}</span>' for st in ("drift", "paraphrase", "match", "unmatched") if st in sts]
    if any(f.status == "foreign" for f in findings):
        bits.append('<span class="s foreign">foreign language</span>')
    if any(f.status == "mtev" for f in findings):
        bits.append('<span><mark class="mtw">word</mark> MT evidence</span>')
    if any(s.status == "drift" for d in report.documents for s in d.sentences):
        bits.append('<span><mark class="strong">word</mark> the change that drifted</span>')
    if any(s.highlights for d in report.documents for s in d.sentences if s.status == "drift"):
        bits.append('<span><mark class="light">word</mark> other difference</span>')
    return f'<p class="legend">{"".join(bits)}</p>' if bits else ""


def _document(report: Report, doc: DocumentReport, n: int, anchors: dict[str, str]) -> str:
    did = f"d{n}"
    verdict = (
        '<span class="verdict mt">machine-translated</span>' if doc.machine_translated
        else '<span class="verdict human">not machine-translated</span>'
    )
    if doc.machine_translated:
        reasons = "".join(f"<li>{escape(r.message)}</li>" for r in doc.mt_reasons)
    elif doc.mt_reasons:
        reasons = f"<li>weak MT signs, below the threshold: {escape(', '.join(sorted({r.code for r in doc.mt_reasons})))}</li>"
    else:
        reasons = ""
    c = _counts(doc)
    stats = ", ".join(f"{v} {k}" for k, v in c.items()) if doc.against else "not compared"
    head = (f"<h2>{_name(doc.path)}</h2><p>{verdict} — MT score {doc.mt_score:.2f}; {escape(stats)}; "
            f"{_relation_text(report, doc, anchors)}</p>")
    cand_to, orig_to = _pair_ids(doc, did)
    originals, shown = _original_column(report, doc, did, orig_to)
    cand = _candidate_column(doc, did, cand_to, shown)
    if not doc.against:  # an original with nothing to compare: its text folded away
        return (f'<details class="doc box" id="{did}"><summary><b>{_name(doc.path)}</b> — {verdict}, MT score '
                f"{doc.mt_score:.2f}; {_relation_text(report, doc, anchors)} (show the text)</summary>"
                f'<ul class="reasons">{reasons}</ul><div class="col">{cand}</div></details>')
    return (
        f'<section class="doc" id="{did}">{head}<ul class="reasons">{reasons}</ul>'
        f'<div class="cols"><div><h3>{_name(doc.path)}</h3><div class="col">{cand}</div></div>'
        f"<div>{originals}</div></div></section>"
    )


def render(report: Report) -> str:
    anchors = {d.path: f"d{n}" for n, d in enumerate(report.documents)}
    for n, d in enumerate(report.documents):  # originals that are no document: their column
        for k, p in enumerate(d.against):
            anchors.setdefault(p, f"d{n}-o{k}")
    findings = _findings(report)
    per_doc: dict[int, int] = {}
    for f in findings:
        per_doc[f.doc] = per_doc.get(f.doc, 0) + 1
    box, kind_css = _findings_box(findings)
    docs = "".join(_document(report, d, n, anchors) for n, d in enumerate(report.documents))
    errors = "".join(
        f'<li class="err">{escape(e.severity)}: {_name(e.path)}: {escape(e.message)}</li>' for e in report.errors
    )
    mt = sum(d.machine_translated for d in report.documents)
    drift = sum(d.drift_count for d in report.documents)
    def count(n: int, what: str) -> str:
        return f"{n} {what}" + ("" if n == 1 else "s")

    head = (f"{count(len(report.documents), 'document')}, {mt} machine-translated, {count(drift, 'drifted sentence')}"
            + (f", {count(len(report.failed), 'unreadable file')}" if report.failed else ""))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        f"<title>transcheck report</title><style>{CSS}{kind_css}</style></head><body>"
        f"<header><h1>transcheck report</h1><p>{escape(head)}</p></header><main>"
        f"{_summary(report, anchors, per_doc)}{box}{_stories(report, anchors)}"
        + (f'<section class="box" id="errors"><h2>Files not checked</h2><ul>{errors}</ul></section>' if errors else "")
        + f"<h2>Documents</h2>{_legend(report, findings)}{docs}</main><script>{SCRIPT}</script></body></html>\n"
    )

