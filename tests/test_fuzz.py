"""Properties that hold for any input (hypothesis): a fast, deterministic slice here; ``scripts/fuzz.py``
runs the same properties for minutes.

Invariants: decoding never raises and gives text that encodes as UTF-8; reading a file gives text or
:class:`InputError`; offsets index the text (``text[start:end] == segment text``); scores lie in 0..1;
``compare`` gives one result per pair; and nothing raises but the documented errors. The engine uses
the hashing encoder of conftest (vectors of the model's dimension), so no embedding model is loaded.
"""

from __future__ import annotations

import os
import tempfile

import pytest
from conftest import HashEncoder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transcheck import api
from transcheck.config import Settings
from transcheck.pipeline import Engine
from transcheck.results import STATUSES
from transcheck.text.clean import clean_text
from transcheck.text.read import InputError, decode_bytes, html_to_text, load_text
from transcheck.text.segment import segment

# -- inputs ---------------------------------------------------------------------------------------

# pieces of news text and of what breaks it: abbreviations, titles, quotes, numbers, glued stops,
# foreign script, control characters, lone surrogates, every kind of line break
PIECES = [
    "The", "minister", "said", "U.S.", "Sts.", "Dr.", "Mr.", "Jan.", "3.5", "1,000", "2019", "%", "Putin",
    "Germany.Putin", "forward.”The", "“", "”", "\"", "‘", "’", "«", "»", "(", ")", "...", "…", ".", "!", "?",
    ";", ":", ",", "-", "—", "*", "#", "<b>", "</p>", "&amp;", "Путин", "сказал", "这是", "。", "!",
    "\t", "\n", "\r\n", "\r", "\n\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\x00", "\x1b",
    "\ufeff", "\u200b", "\u202e", "\ud800", "\udfff", "\ufffd", "😀", "e\u0301", "In", "an", "interview",
    "not", "rose", "fell", "Monday", "in", "May", "of", "the", "a", "I", "x" * 50,
]
_joiner = st.sampled_from([" ", "", " ", "  ", "\n", ". "])
news_like = st.lists(st.tuples(st.sampled_from(PIECES), _joiner), max_size=60).map(
    lambda xs: "".join(p + j for p, j in xs))
any_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=200)  # lone surrogates too
texts = st.one_of(news_like, any_text)
raw_bytes = st.one_of(
    st.binary(max_size=300),
    texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(st.sampled_from(["utf-16", "utf-32", "cp1251", "latin-1", "utf-8-sig"]), news_like).map(
        lambda p: p[1].encode(p[0], "replace")),
)
html_like = st.one_of(
    texts,
    st.lists(st.tuples(st.sampled_from(["<p>", "</p>", "<div>", "<script>", "</script>", "<title>", "<br/>",
                                        "<!--", "-->", "<html>", "<body>", "<![CDATA[", "<?xml ?>", "&#0;",
                                        "&nbsp;"]), news_like), max_size=12).map(
        lambda xs: "".join(a + b for a, b in xs)),
)


# -- properties (shared with scripts/fuzz.py) -----------------------------------------------------

def check_decode(data: bytes) -> None:
    text, encoding, warnings = decode_bytes(data)
    assert isinstance(text, str) and isinstance(encoding, str) and all(isinstance(w, str) for w in warnings)
    text.encode("utf-8")  # no lone surrogate left
    assert clean_text(text) == (text, 0)


def check_load(data: bytes, suffix: str) -> None:
    fd, path = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            loaded = load_text(path)
        except InputError as exc:
            assert str(exc)
            return
        assert loaded.text.strip()
        loaded.text.encode("utf-8")
    finally:
        os.unlink(path)


def check_html(html: str) -> None:
    try:
        text = html_to_text(clean_text(html)[0])
    except InputError as exc:
        assert str(exc)
        return
    assert isinstance(text, str) and text.strip()


def check_segment(text: str) -> None:
    segs = segment(text)
    end = 0
    for s in segs:
        assert text[s.start : s.end] == s.text and s.text == s.text.strip() and s.text
        assert s.start >= end  # in order, not overlapping
        end = s.end
    for limit in (1, 2, 5):
        assert segment(text, limit) == segs[:limit]


def _unit(x: float | None) -> bool:
    return x is None or 0.0 <= x <= 1.0


def check_detect_mt(engine: Engine, text: str) -> None:
    res = api.detect_mt(text, engine=engine)
    assert _unit(res.score) and isinstance(res.machine_translated, bool)
    assert all(_unit(x) for x in res.sentence_scores)
    cleaned = clean_text(text)[0]
    for r in res.reasons:
        for sp in r.spans:
            assert cleaned[sp.start : sp.end] == sp.text


def check_check(engine: Engine, cand: str, originals: list[str]) -> None:
    doc = api.check(cand, originals, engine=engine)
    cleaned = [clean_text(t)[0] for t in originals]
    assert doc.text == clean_text(cand)[0] and _unit(doc.mt_score)
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text
        assert _unit(s.mt_score) and _unit(s.drift_score)
        assert s.status is None or s.status in STATUSES
        for h in s.highlights:
            assert doc.text[h.start : h.end] == h.text
        for r in s.reasons:  # drift and MT reasons alike: offsets into the document
            for sp in r.spans:
                assert doc.text[sp.start : sp.end] == sp.text
        cp = s.counterpart
        if cp is not None:
            assert 0 <= cp.original < len(originals)
            assert cleaned[cp.original][cp.start : cp.end] == cp.text
            for h in s.counterpart_highlights:
                assert cleaned[cp.original][h.start : h.end] == h.text


def check_compare(engine: Engine, pairs: list[tuple[str, str]]) -> None:
    results = api.compare([o for o, _ in pairs], [c for _, c in pairs], engine=engine)
    assert len(results) == len(pairs)
    for (o, c), r in zip(pairs, results):
        assert _unit(r.drift_score) and isinstance(r.drifted, bool)
        for h in r.highlights:
            assert clean_text(c)[0][h.start : h.end] == h.text
        for h in r.original_highlights:
            assert clean_text(o)[0][h.start : h.end] == h.text


def fake_engine() -> Engine:
    return Engine(Settings(cache=False), encoder=HashEncoder(dim=384))


# -- the fast slice ---------------------------------------------------------------------------------

FAST = settings(max_examples=60, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
ENGINE = settings(FAST, max_examples=12)


@pytest.fixture(scope="module")
def fuzz_engine():
    return fake_engine()


@FAST
@given(raw_bytes)
def test_decode_bytes_never_raises(data):
    check_decode(data)


@settings(FAST, max_examples=30)
@given(raw_bytes, st.sampled_from([".txt", ".html", ".md"]))
def test_load_text_gives_text_or_input_error(data, suffix):
    check_load(data, suffix)


@settings(FAST, max_examples=25)
@given(html_like)
def test_html_to_text_gives_text_or_input_error(html):
    check_html(html)


@FAST
@given(texts)
def test_segment_offsets_index_the_text(text):
    check_segment(text)


@ENGINE
@given(texts)
def test_detect_mt_scores_are_probabilities(fuzz_engine, text):
    check_detect_mt(fuzz_engine, text)


@ENGINE
@given(news_like, st.lists(news_like, max_size=2))
def test_check_offsets_and_scores(fuzz_engine, cand, originals):
    check_check(fuzz_engine, cand, originals)


@ENGINE
@given(st.lists(st.tuples(texts, texts), max_size=4))
def test_compare_one_result_per_pair(fuzz_engine, pairs):
    check_compare(fuzz_engine, pairs)
