"""The formatters on a hand-made report: what the terminal prints once, what the HTML page leads with."""

from __future__ import annotations

import base64
import hashlib
import re

from transcheck.report import get_formatter
from transcheck.report.html import CSP, SCRIPT
from transcheck.results import Counterpart, DocumentReport, Reason, Report, SentenceReport, Span

# the original's first lines push its sentences below the first screen of its column
FILLER = "".join(f"Background paragraph {k} about the region and its history.\n\n" for k in range(40))
ORIGINAL = FILLER + "The presidents met on Saturday in Da Nang. Trump said Putin was insulted. They left."
COPY = "The presidents met on Sunday in Da Nang. Donald trump said Putin was insulted. They left early."
HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\"> </textarea>-->"
HOSTILE_PATH = "<img src=x onerror=\"document.title='pwned'\">.txt"


def _span(text: str, word: str, base: int, kind: str, severity: str = "minor") -> Span:
    i = text.index(word)
    return Span(base + i, base + i + len(word), word, kind, severity)


def sample_report(human_text: str = "A calm and human report. " + HOSTILE) -> Report:
    """A machine-translated copy (one drift with a weekday changed, one MT-evidence sentence) of an
    original, and an unrelated human document with a weak MT sign."""
    s0 = COPY.index("The presidents")
    e0 = COPY.index(".") + 1
    s1 = COPY.index("Donald")
    e1 = COPY.index("insulted.") + len("insulted.")
    s2 = COPY.index("They")
    casing = Reason("casing", "lowercase proper noun 'trump' (capitalised elsewhere)", 1.0,
                    [_span(COPY, "trump", 0, "casing")])
    drift = SentenceReport(
        s0, e0, COPY[s0:e0], "en", "drift", 0.97,
        Counterpart(0, len(FILLER), ORIGINAL.index("Nang.") + 5, ORIGINAL[len(FILLER): ORIGINAL.index("Nang.") + 5],
                    "orig.txt", 0.9),
        reasons=[Reason("date", "date: 'Saturday' became 'Sunday'", 1.0, [_span(COPY, "Sunday", 0, "weekday", "major")]),
                 Reason("added", "added: 'Nang'", 0.1, [_span(COPY, "Nang", 0, "added")])],
        highlights=[_span(COPY, "Sunday", 0, "weekday", "major"), _span(COPY, "Nang", 0, "added")],
        counterpart_highlights=[_span(ORIGINAL, "Saturday", 0, "weekday", "major")],
    )
    o1 = ORIGINAL.index("Trump")
    mtsent = SentenceReport(
        s1, e1, COPY[s1:e1], "en", "paraphrase", 0.1,
        Counterpart(0, o1, ORIGINAL.index("insulted.") + 9, ORIGINAL[o1: ORIGINAL.index("insulted.") + 9], "orig.txt", 0.9),
        reasons=[casing])
    last = SentenceReport(s2, len(COPY), COPY[s2:], "en", "unmatched")
    copy = DocumentReport("copy.txt", COPY, True, 0.95, [drift, mtsent, last], [casing], ["orig.txt"],
                          {"orig.txt": "copy"})
    weak = Reason("translationese", "sentence-level translationese typical of MT (z=1.4)", 0.5,
                  [Span(0, len(human_text), human_text, "translationese")])
    human = DocumentReport(HOSTILE_PATH, human_text, False, 0.3,
                           [SentenceReport(0, len(human_text), human_text, "en", reasons=[weak])], [weak])
    return Report(documents=[copy, human], stories=[["copy.txt", "orig.txt"], [HOSTILE_PATH]],
                  originals={"orig.txt": ORIGINAL})


def test_terminal_prints_document_reasons_once():
    report = sample_report()
    report.documents[0].sentences[1].status = None  # as when checked alone: listed for its MT evidence
    out = get_formatter("text")(report)
    assert out.count("lowercase proper noun 'trump'") == 1  # under the verdict, not again under the sentence
    assert "MT evidence: 'trump' (casing)" in out
    assert "date: 'Saturday' became 'Sunday'" in out
    # the human document: one brief line, its sentence not listed for the weak sign
    assert "translationese typical of MT" not in out
    assert "weak MT signs, below the threshold: translationese" in out


def test_html_leads_with_findings_and_prints_reasons():
    page = get_formatter("html")(sample_report())
    order = [page.index(x) for x in ('id="summary"', 'id="findings"', 'id="stories"', 'id="d0"')]
    assert order == sorted(order)  # summary, findings, stories, then the articles
    findings = page[page.index('<ol class="findings"'):page.index('id="stories"')]
    assert findings.index("date: &#x27;Saturday&#x27; became &#x27;Sunday&#x27;") < findings.index("machine-translated")
    assert 'href="#d0-c0"' in findings  # each finding links to its place
    # the reason is printed under the sentence, not only in a tooltip
    article = page[page.index('id="d0"'):]
    assert re.search(r'<span class="why drift"><b>drift \(score 0\.97\):</b> date: &#x27;Saturday', article)
    assert "MT evidence:</b> &#x27;trump&#x27; (casing)" in article
    # strong marks only on the changed date; the added word lightly; MT evidence wavy
    assert re.findall(r'<mark class="strong"[^>]*>([^<]*)</mark>', article) == ["Sunday", "Saturday"]
    assert re.findall(r'<mark class="light"[^>]*>([^<]*)</mark>', article) == ["Nang"]
    assert re.findall(r'<mark class="mtw"[^>]*>([^<]*)</mark>', article) == ["trump"]
    # the stories box names the original and the copy
    stories = page[page.index('id="stories"'):page.index('id="d0"')]
    assert "copy of orig.txt" in stories and "(original)" in stories
    # the legend shows the marks the page uses, and not the ones it does not
    legend = page[page.index('class="legend"'):page.index('id="d0"')]
    assert "MT evidence" in legend and "the change that drifted" in legend and "foreign language" not in legend


def test_html_escapes_text_and_allows_only_its_own_script():
    page = get_formatter("html")(sample_report())
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in CSP and "default-src 'none'" in CSP and "unsafe-eval" not in CSP
    assert page.count("<script") == 1 and f"<script>{SCRIPT}</script>" in page
    assert "onerror=" not in page.replace("onerror=&quot;", "")  # only the escaped text
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in page
    assert "<img" not in page and "</textarea>" not in page and "-->" not in page
    assert "http://" not in page and "https://" not in page  # nothing loaded from outside


def test_html_without_findings_says_so():
    report = sample_report()
    report.documents = report.documents[1:]
    page = get_formatter("html")(report)
    assert "No findings" in page and "<script" in page
