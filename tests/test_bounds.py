"""Bounds on what one file costs: segmentation linear in a line's length, and a cap on the sentences a
document is checked with (``max_sentences``). No test here is timed: what they check holds on any
machine (chunks of bounded length, the same sentences with and without chunking)."""

from __future__ import annotations

import pytest

import transcheck.text.segment as segment_mod
from transcheck.text.segment import _chunks, segment


def _one_line(text: str) -> str:
    return " ".join(x.strip() for x in text.splitlines() if x.strip())


def _spans(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in segment(text)]


def _check_offsets(text, segs):
    for s in segs:
        assert text[s.start : s.end] == s.text


def test_long_line_is_cut_into_bounded_chunks_at_sentence_ends():
    line = "The cat sat on the mat. " * 9_300  # 223,200 characters, one line
    chunks = _chunks(line)
    assert "".join(c for _, c in chunks) == line
    assert [off for off, _ in chunks] == [sum(len(c) for _, c in chunks[:k]) for k in range(len(chunks))]
    assert all(len(c) <= segment_mod._MAX_LINE for _, c in chunks)  # pysbd never sees more: linear time
    assert all(c.endswith("mat. ") for _, c in chunks[:-1])  # cut after a sentence, not inside one
    segs = segment(line)
    _check_offsets(line, segs)
    assert len(segs) == 9_300 and {s.text for s in segs} == {"The cat sat on the mat."}


def test_segmentation_of_a_long_line_is_that_of_its_chunks():
    line = _one_line("\n".join((segment_mod.__doc__ or "", "Dr. Smith met Mr. Jones. It rained.") * 40))
    chunks = _chunks(line)
    assert len(chunks) > 3
    joined = [(off + a, off + b) for off, c in chunks for a, b in _spans(c)]
    assert _spans(line) == joined
    _check_offsets(line, segment(line))


def test_chunking_changes_nothing_on_news(seed_texts, monkeypatch):
    """Each seed written as one line (3-4.5 kB, 2-3 chunks) is segmented as pysbd segments it whole."""
    lines = [_one_line(t) for t in seed_texts.values()]
    assert all(len(_chunks(x)) > 1 for x in lines)
    chunked = [_spans(x) for x in lines]
    monkeypatch.setattr(segment_mod, "_MAX_LINE", 10**9)
    segment_mod._chunk_spans.cache_clear()
    try:
        assert [_spans(x) for x in lines] == chunked
    finally:
        segment_mod._chunk_spans.cache_clear()


@pytest.mark.parametrize("line", [
    "x" * 7_001,  # no space: cut every _MAX_LINE characters
    "word " * 2_000,  # no stop: cut at spaces
    "这是一个句子。" * 900,  # CJK full stops, no spaces
    "Sts. Peter and Paul went to Gov. Smith. " * 300,  # titles near the cuts
])
def test_lines_without_sentence_ends_are_cut_and_keep_offsets(line):
    chunks = _chunks(line)
    assert "".join(c for _, c in chunks) == line and all(len(c) <= segment_mod._MAX_LINE for _, c in chunks)
    segs = segment(line)
    _check_offsets(line, segs)
    assert [(s.start, s.end) for s in segs] == sorted({(s.start, s.end) for s in segs})


def test_a_title_across_a_chunk_boundary_still_joins_the_name():
    # no sentence end near the cut: the chunk ends after the last stop, the title's
    line = "word " * 300 + "the Cathedral of Sts. Peter and Paul burned " + "word " * 100 + "end."
    first = _chunks(line)[0][1]
    assert first.endswith("Sts. ")
    segs = segment(line)
    _check_offsets(line, segs)
    assert len(segs) == 1 and segs[0].text == line


def test_limit_gives_the_first_sentences_of_the_whole_segmentation():
    text = "One two. Three four.\nFive six. Sts. Peter spoke.\n" * 50
    full = segment(text)
    for limit in (0, 1, 2, 3, 4, 57, 200, 1_000):
        assert segment(text, limit) == full[:limit]


# -- max_sentences ------------------------------------------------------------------------------

def _capped_engine(n: int):
    from conftest import HashEncoder

    from transcheck.config import Settings
    from transcheck.pipeline import Engine

    return Engine(Settings(cache=False, max_sentences=n), encoder=HashEncoder(dim=384))


def test_check_reads_only_the_first_max_sentences_and_says_so(tmp_path):
    text = "".join(f"The council met on day {i}. It voted {i} times.\n" for i in range(10))
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    (tmp_path / "orig.txt").write_text(text, encoding="utf-8")
    report = _capped_engine(5).check_files([str(tmp_path / "big.txt")], [str(tmp_path / "orig.txt")])
    (doc,) = report.documents
    assert [s.text for s in doc.sentences] == [s.text for s in segment(text)][:5]
    assert all(s.counterpart is not None for s in doc.sentences)  # aligned within the originals' first 5
    warned = sorted((e.path, e.severity) for e in report.errors)
    assert warned == [(str(tmp_path / "big.txt"), "warning"), (str(tmp_path / "orig.txt"), "warning")]
    assert all("only the first 5 sentences were checked" in e.message for e in report.errors)
    assert doc.text == text  # the report keeps the whole text; offsets still index it


def test_a_document_of_exactly_max_sentences_has_no_warning(tmp_path):
    (tmp_path / "a.txt").write_text("One sentence here. Two sentences here.\n\n", encoding="utf-8")
    report = _capped_engine(2).check_files([str(tmp_path / "a.txt")])
    assert report.errors == [] and len(report.documents[0].sentences) == 2


def test_scan_warns_per_capped_file(tmp_path):
    for name in ("a", "b"):
        body = "".join(f"Mayor Jane Roe of Springfield opened bridge {i} today. " for i in range(8 if name == "a" else 2))
        (tmp_path / f"{name}.txt").write_text(body, encoding="utf-8")
    report = _capped_engine(4).scan(str(tmp_path))
    by_path = {d.path: d for d in report.documents}
    assert len(by_path[str(tmp_path / "a.txt")].sentences) == 4
    assert len(by_path[str(tmp_path / "b.txt")].sentences) == 2
    assert [(e.path, e.severity) for e in report.errors] == [(str(tmp_path / "a.txt"), "warning")]


@pytest.mark.parametrize("value", [0, -1, 2.5, True, "5000"])
def test_max_sentences_is_validated(tmp_path, value):
    from transcheck.config import ConfigError, load_settings

    p = tmp_path / "pyproject.toml"
    p.write_text(f"[tool.transcheck]\nmax_sentences = {value!r}\n".replace("True", "true").replace("'", '"'),
                 encoding="utf-8")
    with pytest.raises(ConfigError, match="max_sentences must be a whole number"):
        load_settings(p)
    p.write_text("[tool.transcheck]\nmax_sentences = 200\n", encoding="utf-8")
    assert load_settings(p).max_sentences == 200


class _Ticks:
    """A progress observer that records what it is told."""

    def __init__(self):
        self.bars: list[tuple[str, int | None, int]] = []

    def start(self, description, total):
        self.bars.append((description, total, 0))

    def advance(self, n=1):
        d, t, k = self.bars[-1]
        self.bars[-1] = (d, t, k + n)

    def done(self):
        pass


def test_check_shows_progress_in_sentences_within_one_long_file(tmp_path, monkeypatch):
    import transcheck.pipeline.analysis as analysis_mod

    monkeypatch.setattr(analysis_mod, "PROGRESS_CHUNK", 7)
    text = "".join(f"The council met on day {i} and voted. " for i in range(40))
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    ticks = _Ticks()
    eng = _capped_engine(5_000)
    report = eng.check_files([str(tmp_path / "long.txt")], progress=ticks)
    assert ticks.bars == [("reading", 1, 1), ("embedding and checking sentences", 40, 40)]
    # the vectors do not depend on the chunking
    (doc,) = report.documents
    whole = eng.analyse_text(text)
    assert len(doc.sentences) == 40 and whole.vectors.shape[0] == 40
    import numpy as np

    chunked = eng.finish(eng.prepare_text(text), lambda n: None)
    assert np.array_equal(chunked.vectors, whole.vectors)
