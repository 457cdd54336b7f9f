"""The formatters on a hand-made report: what the terminal prints once, what the HTML page leads with."""

from __future__ import annotations

from transcheck.report import get_formatter
from transcheck.results import Counterpart, DocumentReport, Reason, Report, SentenceReport, Span

ORIGINAL = "The presidents met on Saturday in Da Nang. Trump said Putin was insulted. They left."
COPY = "The presidents met on Sunday in Da Nang. Donald trump said Putin was insulted. They left early."
HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"


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
        Counterpart(0, 0, ORIGINAL.index(".") + 1, ORIGINAL[: ORIGINAL.index(".") + 1], "orig.txt", 0.9),
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
    human = DocumentReport("human.txt", human_text, False, 0.3,
                           [SentenceReport(0, len(human_text), human_text, "en", reasons=[weak])], [weak])
    return Report(documents=[copy, human], stories=[["copy.txt", "orig.txt"], ["human.txt"]],
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
