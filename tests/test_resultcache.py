"""The scan-result cache: a warm re-scan gives the cold scan's results exactly, and an edit to one
file invalidates its story only; reports are stored losslessly."""

import json
import shutil

import pytest
from conftest import SEEDS

from transcheck.config import Settings
from transcheck.pipeline import Engine
from transcheck.pipeline.cache import ResultCache
from transcheck.results import Counterpart, DocumentReport, Reason, SentenceReport, Span
from transcheck.store import code_fingerprint


def _scan(folder, cache_dir, encoder=None):
    engine = Engine(Settings(cache=True, cache_dir=str(cache_dir)), encoder=encoder)
    report = engine.scan(str(folder))
    return engine, json.dumps(report.to_dict(), sort_keys=True), report


@pytest.mark.slow
def test_warm_scan_equals_cold_scan_and_edits_invalidate(tmp_path, engine):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    cache = tmp_path / "cache"
    _, cold, cold_report = _scan(folder, cache)
    warm_engine, warm, warm_report = _scan(folder, cache)
    assert warm == cold
    assert warm_report.documents == cold_report.documents  # unrounded scores and every field too
    assert warm_engine.encoder.encoded == 0  # nothing re-embedded
    assert warm_engine.result_cache is not None

    # edit a number in 003: its story is recomputed, and matches a scan without any cache
    p = next(folder.glob("003_*.txt"))
    text = p.read_text(encoding="utf-8")
    edited = text.replace("20", "30", 1)
    assert edited != text
    p.write_text(edited, encoding="utf-8")
    _, after_edit, _ = _scan(folder, cache)
    fresh = Engine(Settings(cache=False), encoder=engine.encoder).scan(str(folder))
    assert after_edit == json.dumps(fresh.to_dict(), sort_keys=True)
    assert after_edit != cold


def test_keys_depend_on_the_fingerprint(tmp_path):
    a = ResultCache(tmp_path, "one")
    a.put_analysis("h", [(0, 4)], ["en"])
    assert a.get_analysis("h") == ([(0, 4)], ["en"])
    assert ResultCache(tmp_path, "two").get_analysis("h") is None
    assert len(code_fingerprint()) == 32


@pytest.mark.slow
def test_parallel_scan_equals_serial_scan(tmp_path, monkeypatch):
    """Worker processes segment the texts of pass 1 and analyse the stories of pass 2 (real model,
    vectors from the on-disk cache): the report is the same as a single-process scan, byte for
    byte, and the workers really ran."""
    from transcheck.pipeline import scan

    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    serial = Engine(Settings(cache=True, cache_dir=str(tmp_path / "c1"), jobs=1)).scan(str(folder))
    monkeypatch.setattr(scan, "PARALLEL_MIN_DOCUMENTS", 0)
    ran, segmented = [], []
    real_pool = scan.WorkerPool

    class CountingPool(real_pool):
        def submit(self, items):
            future = super().submit(items)
            ran.append(future is not None)
            return future

        def segment(self, text):
            future = super().segment(text)
            segmented.append(future is not None)
            return future

    monkeypatch.setattr(scan, "WorkerPool", CountingPool)
    engine = Engine(Settings(cache=True, cache_dir=str(tmp_path / "c2"), jobs=2))
    assert scan.scan_jobs(engine, 5) == 2
    parallel = engine.scan(str(folder))
    assert ran and all(ran)
    assert len(segmented) == 5 and all(segmented)
    assert json.dumps(parallel.to_dict(), sort_keys=True) == json.dumps(serial.to_dict(), sort_keys=True)
    # without the on-disk cache, or with an injected encoder, a scan stays in one process
    assert scan.scan_jobs(Engine(Settings(cache=False, jobs=2)), 10_000) == 1


def test_groups_are_cached_by_the_whole_folder(tmp_path):
    c = ResultCache(tmp_path, "fp")
    folder = [("a.txt", "h1"), ("b.txt", "h2"), ("c.txt", "h3")]
    assert c.get_groups(folder) is None
    c.put_groups(folder, [[0, 2], [1]])
    assert c.get_groups(folder) == [[0, 2], [1]]
    assert c.get_groups([("a.txt", "h1"), ("b.txt", "EDITED"), ("c.txt", "h3")]) is None
    assert ResultCache(tmp_path, "other settings").get_groups(folder) is None


def test_reports_round_trip_through_their_exact_dicts():
    """``to_dict(exact=True)`` keeps every field unrounded and ``from_dict`` reads it back; the
    plain ``to_dict`` is the rounded form reports show."""
    span = Span(3, 9, "Monday", "date", "major")
    reason = Reason("number", "20 became 30", 0.123456789, [span])
    cp = Counterpart(original=1, start=10, end=40, text="The talks ended on Monday.", path="a.txt",
                     similarity=0.87654321)
    sentences = [
        SentenceReport(0, 24, "Talks ended on Tuesday.", "en", "drift", 0.912345678, cp, [reason], [span], [span],
                       0.0123456789),
        SentenceReport(25, 40, "Click to comment", "en", "unmatched", reasons=[Reason("boilerplate", "not compared")]),
    ]
    doc = DocumentReport("b.txt", "the text", True, 0.7777777, sentences, [reason], ["a.txt"])
    assert Span.from_dict(span.to_dict()) == span
    assert Reason.from_dict(reason.to_dict(exact=True)) == reason
    assert Counterpart.from_dict(cp.to_dict(exact=True)) == cp
    assert [SentenceReport.from_dict(s.to_dict(exact=True)) for s in sentences] == sentences
    assert DocumentReport.from_dict(doc.to_dict(exact=True), doc.text) == doc
    assert DocumentReport.from_dict(json.loads(json.dumps(doc.to_dict(exact=True))), doc.text) == doc
    assert doc.to_dict()["mt_score"] == 0.7778 and "similarity" not in doc.to_dict()["sentences"][0]["counterpart"]


def test_stories_round_trip_through_the_cache(tmp_path):
    c = ResultCache(tmp_path, "fp")
    doc = DocumentReport("b.txt", "the text", False, 0.25, [SentenceReport(0, 8, "the text", "en", "match",
                                                                            0.1, mt_score=0.3)], against=["a.txt"])
    members = [("b.txt", "h1")]
    c.put_story(members, [doc])
    assert c.get_story(members, ["the text"]) == [doc]
    assert c.get_story(members, ["the text", "another"]) is None
