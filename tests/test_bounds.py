"""Bounds on what one file costs: segmentation linear in a line's length, and a cap on the sentences a
document is checked with (``max_sentences``). No test here is timed; the times are in CHANGELOG.md."""

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
