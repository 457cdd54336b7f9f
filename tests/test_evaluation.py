"""The evaluation harness (transcheck.evaluation): metric helpers and span mapping without a model, the
events measurement on a hand-built report, and (slow) the seeds task end to end."""

from __future__ import annotations

import json
import math

import pytest
from conftest import ROOT, SEEDS

from transcheck.evaluation.events import Gold, measure_events, spread, story_figures
from transcheck.evaluation.metrics import (
    adjusted_rand,
    clusters_of,
    f1,
    matching_spans,
    overlap,
    pairwise_prf,
    per_100,
    ratio,
    roc_auc,
    spans_match,
)
from transcheck.evaluation.seeds import TRUTH_FILE, matches, score_flags
from transcheck.results import Counterpart, DocumentReport, Report, SentenceReport


# ---------------------------------------------------------------------------------------------
# metric helpers
def test_ratio_and_per_100():
    assert ratio(1, 4) == 0.25
    assert math.isnan(ratio(3, 0))
    assert per_100(22, 100) == 22.0
    assert f1(0.5, 1.0) == pytest.approx(2 / 3)
    assert f1(0.0, 0.0) == 0.0
    assert math.isnan(f1(float("nan"), 1.0))


def test_roc_auc_counts_ties_half():
    assert roc_auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert roc_auc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1]) == 0.0
    assert roc_auc([0, 1], [0.5, 0.5]) == 0.5
    assert math.isnan(roc_auc([1, 1], [0.1, 0.2]))


def test_span_overlap_half_of_the_shorter():
    assert overlap((0, 10), (5, 20)) == 5
    assert overlap((0, 5), (5, 10)) == 0
    assert spans_match((0, 10), (5, 20))  # 5 of the shorter 10
    assert not spans_match((0, 10), (6, 20))  # 4 of 10
    assert spans_match((0, 100), (40, 50))  # a short span inside a long one
    assert not spans_match((3, 3), (3, 3))  # empty spans match nothing
    # a transcheck sentence that merges two corpus sentences maps to both; a split half to its own
    assert matching_spans((0, 60), [(0, 30), (31, 60), (61, 90)]) == [0, 1]
    assert matching_spans((31, 45), [(0, 30), (31, 60), (61, 90)]) == [1]
    assert matching_spans((25, 40), [(0, 30), (31, 60)]) == [1]


def test_pairwise_prf_and_ari():
    gold = [["a", "b", "c"], ["d", "e"]]
    assert pairwise_prf(gold, gold)["f1"] == 1.0
    assert adjusted_rand(gold, gold) == pytest.approx(1.0)
    merged = pairwise_prf([["a", "b", "c", "d", "e"]], gold)
    assert merged["precision"] == pytest.approx(4 / 10) and merged["recall"] == 1.0
    split = pairwise_prf([["a", "b"], ["c"], ["d"], ["e"]], gold)
    assert split["precision"] == 1.0 and split["recall"] == pytest.approx(1 / 4)
    # items outside the gold are ignored; gold items no group holds are singletons
    assert pairwise_prf([["a", "b", "c", "x"], ["d", "e"]], gold)["f1"] == 1.0
    assert adjusted_rand([["a", "b", "c"]], gold) == adjusted_rand([["a", "b", "c"], ["d"], ["e"]], gold)
    assert adjusted_rand([["a", "b", "c", "d", "e"]], gold) == pytest.approx(0.0)
    assert clusters_of({"x": 1, "y": 2, "z": 1}) == [["x", "z"], ["y"]]


def test_spread_is_even_and_deterministic():
    assert spread(list(range(5)), 10) == [0, 1, 2, 3, 4]
    assert spread(list(range(100)), 4) == [0, 25, 50, 75]


# ---------------------------------------------------------------------------------------------
# the events measurement on a hand-built scan
A, B, C = "aaaa.txt", "bbbb.txt", "cccc.txt"  # A and B report event 1_ecb, C reports 1_ecbplus
GOLD = [
    {"file": A, "topic": 1, "sub": "ecb", "event": "1_ecb",
     "annotated": [{"sentence": 0, "start": 0, "end": 20}, {"sentence": 1, "start": 22, "end": 40}]},
    {"file": B, "topic": 1, "sub": "ecb", "event": "1_ecb", "annotated": [{"sentence": 0, "start": 0, "end": 20}]},
    {"file": C, "topic": 1, "sub": "ecbplus", "event": "1_ecbplus",
     "annotated": [{"sentence": 2, "start": 0, "end": 20}]},
]


def _pair(fa, sa, fb, sb, same):
    return {"same_event_instance": same, "a": {"file": fa, "sentence": sa}, "b": {"file": fb, "sentence": sb}}


PAIRS = [_pair(A, 0, B, 0, True), _pair(A, 1, B, 0, False), _pair(A, 0, C, 2, False), _pair(A, 1, C, 2, False),
         _pair(B, 0, C, 2, False)]


def _sentence(start, end, status=None, cp=None):
    counterpart = None if cp is None else Counterpart(original=0, start=cp[1], end=cp[2], text="x", path=cp[0])
    return SentenceReport(start=start, end=end, text="t", language="en", status=status, counterpart=counterpart)


def _doc(path, sentences, against):
    return DocumentReport(path=f"/x/{path}", text="", machine_translated=False, mt_score=0.0, sentences=sentences,
                          against=[f"/x/{p}" for p in against])


def test_gold_maps_spans_to_annotated_sentences():
    gold = Gold(GOLD, PAIRS)
    assert gold.sentences_at(A, 0, 12) == [(A, 0)]
    assert gold.sentences_at(A, 0, 40) == [(A, 0), (A, 1)]
    assert gold.sentences_at(A, 41, 60) == []
    assert gold.same_event([(A, 0)], [(B, 0)]) and not gold.same_event([(A, 1)], [(B, 0)])
    assert gold.partners[(B, 0)] == {(A, 0)}


def test_measure_events_counts_and_labels():
    report = Report(
        documents=[
            _doc(A, [_sentence(0, 20, "match", (f"/x/{B}", 0, 20)),  # same event instance
                     _sentence(22, 40, "drift", (f"/x/{B}", 0, 20)),  # labelled, not same: surely false
                     _sentence(41, 60, "drift", (f"/x/{C}", 0, 20)),  # unlabelled, other event: surely false
                     _sentence(61, 70, "unmatched")], [B, C]),
            _doc(B, [_sentence(0, 20, "drift", (f"/x/{A}", 0, 40))], [A]),  # maps to A0 and A1: same
            _doc(C, [_sentence(0, 20)], []),  # no originals: not checked
        ],
        stories=[[f"/x/{A}", f"/x/{B}", f"/x/{C}"]],
    )
    out = measure_events(report, GOLD, PAIRS)
    assert out["documents_with_originals"] == 2 and out["documents_machine_translated"] == 0
    assert out["checked_sentences"] == 5 and out["aligned"] == 4
    assert out["by_status"] == {"drift": 3, "match": 1, "unmatched": 1}
    assert out["drift_per_100_checked"] == pytest.approx(60.0)
    assert out["drift_per_100_aligned"] == pytest.approx(75.0)
    assert out["aligned_labelled"] == 3
    assert out["aligned_same_event_share"] == pytest.approx(2 / 3)
    assert out["drift_labelled"] == 2
    assert out["drift_counterpart_other_event"] == 1
    assert out["drift_false_sure"] == 2
    assert out["alignment_recall"] == 1.0  # the one true pair (A0, B0), aligned from both sides
    assert out["sentences_with_partner"] == 2 and out["alignment_recall_sentences"] == 1.0
    assert [(f["doc"], f["index"], f["surely_false"]) for f in out["drift_samples"]] == [
        (A, 1, True), (A, 2, True), (B, 0, False)]
    stories = out["stories"]
    assert stories["topics_merged"] == 1 and stories["stories"] == 1
    assert stories["precision"] == pytest.approx(1 / 3) and stories["recall"] == 1.0


def test_story_figures_topics_and_singletons():
    gold = Gold(GOLD + [{"file": "dddd.txt", "topic": 2, "sub": "ecb", "event": "2_ecb", "annotated": []}], [])
    out = story_figures([[A, B, "dddd.txt"], [C]], gold)
    assert out["topics_merged"] == 0
    assert out["stories_multi_topic"] == 1
    assert out["singleton_stories"] == 1
    assert out["gold_events"] == 3 and out["topics"] == 2


# ---------------------------------------------------------------------------------------------
# seeds
def test_truth_file_lists_five_flags_of_three_pairs():
    truth = json.loads(TRUTH_FILE.read_text(encoding="utf-8"))["true_flags"]
    assert len(truth) == 5 and len({t["pair"] for t in truth}) == 3
    for t in truth:  # every substring is in the seed it names
        for doc, needle in ((t["doc"], t["text_contains"]), (t["counterpart_doc"], t["counterpart_contains"])):
            text = next(SEEDS.glob(f"{doc}_*.txt")).read_text(encoding="utf-8")
            assert needle in text, (doc, needle)


def test_score_flags_counts_pairs_from_either_side():
    truth = [{"pair": "p", "doc": "002", "text_contains": "x", "counterpart_doc": "003", "counterpart_contains": "y"},
             {"pair": "p", "doc": "003", "text_contains": "y", "counterpart_doc": "002", "counterpart_contains": "x"},
             {"pair": "q", "doc": "001", "text_contains": "z", "counterpart_doc": "000", "counterpart_contains": "z"}]
    flags = [{"doc": "003", "text": "..y..", "counterpart_doc": "002", "counterpart_text": "x"},
             {"doc": "004", "text": "y", "counterpart_doc": "002", "counterpart_text": "x"}]
    assert matches(flags[0], truth[1]) and not matches(flags[1], truth[1])
    out = score_flags(flags, truth)
    assert (out["drift_flags"], out["true_flags_found"], out["true_pairs_found"], out["other_flags"]) == (2, 1, 1, 1)
    assert out["true_pairs_missed"] == ["q"] and out["precision"] == 0.5


@pytest.mark.slow
def test_seeds_task_structure(tmp_path):
    from transcheck.config import Settings
    from transcheck.evaluation.seeds import seeds_task
    from transcheck.pipeline import Engine

    out = seeds_task(SEEDS, engine=Engine(Settings(cache=False)), eval_dir=tmp_path)  # no ECB+: mixed skipped
    assert out["documents"] == 5 and out["errors"] == 0
    assert out["true_flags"] == 5 and out["true_pairs"] == 3
    assert 0 <= out["true_flags_found"] <= 5 and 0 <= out["true_pairs_found"] <= 3
    assert out["other_flags"] == out["drift_flags"] - sum(f["true"] for f in out["flags"])
    for f in out["flags"]:
        assert {"doc", "index", "text", "counterpart_doc", "counterpart_text", "reasons", "true"} <= set(f)
    stories = out["stories"]
    for key in ("000+001", "002+003", "003+004", "002+004", "002+003+004"):
        assert isinstance(stories[key]["one_story"], bool) and isinstance(stories[key]["stories"], list)
    assert isinstance(stories["all_seeds"]["right"], bool)
    assert "skipped" in stories["with_events"]
    assert ROOT.joinpath("fixtures", "seeds_drift_truth.json").exists()


def test_print_table_nests_rows_and_counts_records(capsys):
    from transcheck.evaluation.table import print_table

    print_table("t", {"a": 0.5, "b": {"c": float("nan")}, "rows": [[1, 2.0]], "records": [{"x": 1}, {"x": 2}]})
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "== t ==" and out[2].split() == ["a", "0.500"]
    assert out[4].split() == ["c", "nan"] and out[6].split() == ["1", "2.000"]
    assert out[7].split() == ["records", "2", "records", "(in", "--json)"]
