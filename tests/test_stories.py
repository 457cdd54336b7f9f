"""Story grouping (transcheck.stories, issue #30): one story is one event, decided from the two
documents alone, whatever else is in the folder."""

import json
import shutil

import numpy as np
import pytest

import transcheck.stories as st
from transcheck.devdata import default_eval_dir
from transcheck.stories import StoryIndex, anchors, group_texts, link
from transcheck.text.segment import segment

SEED_STORIES = [[0, 1], [2, 3, 4]]
SEED_PAIRS = [(0, 1), (2, 3), (3, 4), (2, 4), (2, 3, 4)]


def test_anchors_are_case_folded():
    a = anchors("The US President Donald trump met Putin in da Nang. Later Trump flew to Danang on Saturday.")
    assert a["trump"] == 1  # only the capitalised occurrence counts as an anchor
    assert "nang" in a and "saturday" in a and "the" not in a


def test_background_weights_do_not_depend_on_the_folder():
    """The anchor weights come from a fixed background table: a name that no background text holds
    is rarest; a weekday or 'President' is common. Two documents alone share their rare names (folder
    IDF gave them log(3/3) = 0 and no story)."""
    bg = st.background()
    assert bg.idf("tillerson") == bg.max_idf > bg.idf("president") and bg.idf("friday") < st.MIN_INDEX_IDF
    idx = StoryIndex()
    idx.add("a", "Rex Tillerson met Sergei Lavrov in Hamburg.")
    idx.add("b", "In Hamburg, Tillerson and Lavrov talked for two hours.")
    assert idx.candidate_pairs() == {(0, 1)}
    ev = idx.pair(0, 1)
    assert ev.features["cos"] > 0.5 and ev.shared_anchors[:3] == ["hamburg", "lavrov", "tillerson"]


def _vectors(fake_engine, texts):
    vecs = [fake_engine.embed([s.text for s in segment(t)]) for t in texts]
    return lambda i: vecs[i]


def test_pair_probability_is_a_function_of_the_two_documents(fake_engine, seed_texts):
    """The same two documents get the same probability and evidence alone and among others."""
    a, b = seed_texts[2], seed_texts[3]
    others = [seed_texts[0], "Heavy rain flooded Venice and Padua over the weekend.", seed_texts[4]]
    alone = StoryIndex()
    for t in (a, b):
        alone.add("x", t)
    mixed = StoryIndex()
    texts = [others[0], a, others[1], b, others[2]]
    for t in texts:
        mixed.add("x", t)
    p_alone = alone.pair(0, 1, _vectors(fake_engine, [a, b]))
    p_mixed = mixed.pair(1, 3, _vectors(fake_engine, texts))
    assert p_alone.probability == p_mixed.probability and p_alone.features == p_mixed.features
    assert p_alone.shared_anchors == p_mixed.shared_anchors


def test_average_linkage_does_not_chain():
    """A chain of documents each close to the next only: the first edges join two or three documents;
    later edges would join a story to a document it is close to on average by less than the floor."""
    edges = [(0.9 - 0.01 * k, k, k + 1) for k in range(9)]
    labels = link(10, edges, threshold=0.4, floor=0.4)
    assert max(labels.count(x) for x in set(labels)) <= 3
    assert len(set(link(10, edges, threshold=0.4, floor=0.0))) == 1  # single links chain all ten


def test_unrelated_documents_stay_apart(fake_engine):
    texts = ["Apple released a new iPhone in Cupertino on Tuesday.",
             "Heavy rain flooded Venice and Padua over the weekend.",
             "Storms hit Springfield overnight. The Hudson River flooded Maple Street."]
    assert group_texts(texts, _vectors(fake_engine, texts)) == [[0], [1], [2]]


# -- with the real model --------------------------------------------------------------------------
def _seed_vectors(engine, texts):
    vecs = [engine.embed([s.text for s in segment(t)]) for t in texts]
    return lambda i: vecs[i]


@pytest.mark.parametrize("members", SEED_PAIRS)
def test_same_event_seeds_alone_are_one_story(seed_texts, engine, members):
    texts = [seed_texts[n] for n in members]
    assert group_texts(texts, _seed_vectors(engine, texts)) == [list(range(len(members)))]


def test_seed_stories(seed_texts, engine):
    texts = [seed_texts[n] for n in range(5)]
    idx = StoryIndex()
    for t in texts:
        idx.add("x", t)
    assert idx.group(_seed_vectors(engine, texts)) == SEED_STORIES
    # each story says why: the joined pairs, their shared names and sentences
    assert {(0, 1), (2, 3), (3, 4)} <= set(idx.links)
    assert "tillerson" in idx.links[(2, 3)].shared_anchors and idx.links[(2, 3)].shared_sentences


def _ecb_texts(k: int) -> list[str]:
    folder = default_eval_dir() / "events" / "texts"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[::k]]


def test_seeds_among_unrelated_reports(seed_texts, engine):
    """The seeds with unrelated ECB+ reports (every 4th, 55 of them): the seeds' stories are exactly
    {000, 001} and {002, 003, 004}, and the reports' own stories are those they form alone."""
    ecb = _ecb_texts(4)
    seeds = [seed_texts[n] for n in range(5)]
    texts = ecb[:20] + seeds[:2] + ecb[20:40] + seeds[2:] + ecb[40:]
    where = list(range(20, 22)) + list(range(42, 45))  # positions of the seeds
    mixed = group_texts(texts, _seed_vectors(engine, texts))
    seed_groups = sorted(sorted(where.index(i) for i in g) for g in mixed if set(g) & set(where))
    assert seed_groups == SEED_STORIES
    assert all(set(g) <= set(where) or not set(g) & set(where) for g in mixed)  # no report joins a seed
    alone = group_texts(ecb, _seed_vectors(engine, ecb))
    ecb_pos = [i for i in range(len(texts)) if i not in where]
    assert sorted(sorted(ecb_pos.index(i) for i in g) for g in mixed if not set(g) & set(where)) == sorted(alone)


def test_scan_explains_its_stories(engine, tmp_path):
    """The JSON holds the evidence of every joined pair; ``story_of`` says which documents are close to
    a file and why they were or were not grouped with it."""
    from conftest import seed

    for n in range(4):
        shutil.copyfile(seed(n), tmp_path / seed(n).name)
    report = engine.scan(str(tmp_path), story_of=str(tmp_path / seed(1).name))
    data = json.loads(json.dumps(report.to_dict()))
    assert data["schema_version"] == 1

    def short(path):
        return path.rsplit("/", 1)[-1][:3]

    assert sorted(sorted(short(p) for p in s) for s in data["stories"]) == [["000", "001"], ["002", "003"]]
    links = {(short(r["a"]), short(r["b"])): r for r in data["story_links"]}
    assert set(links) == {("000", "001"), ("002", "003")}
    assert links[("002", "003")]["probability"] >= st.default_threshold()
    assert "tillerson" in links[("002", "003")]["shared_anchors"]
    assert links[("002", "003")]["shared_sentences"][0]["cosine"] >= st.FACT_SIMILARITY
    info = data["story_of"]
    assert [short(p) for p in info["story"]] == ["000", "001"]
    assert {short(r["b"]): r["grouped"] for r in info["pairs"]} == {"000": True, "002": False, "003": False}
    assert all(r["probability"] < info["threshold"] for r in info["pairs"] if not r["grouped"])
    from transcheck.report.text import render

    text = render(report)
    assert "not grouped" in text and "shared anchors" in text


def test_candidate_pairs_need_a_rare_shared_anchor():
    idx = StoryIndex()
    idx.add("a", "On Friday the President spoke.")
    idx.add("b", "The President spoke on Friday.")
    assert idx.candidate_pairs() == set()
    assert np.isclose(idx.pair(0, 1).features["dup"], 0.0)


def test_a_streamed_scan_hands_over_every_document_once_and_keeps_none(tmp_path, fake_engine):
    """``on_documents`` gets each story's reports as it finishes; the report keeps no document, and
    the documents are those of a plain scan."""
    for name, body in (("a", "Mayor Jane Roe of Springfield opened the bridge on Monday. It cost $5 million."),
                       ("b", "Mayor Jane Roe of Springfield opened the bridge on Monday, officials said."),
                       ("c", "The Lakers beat the Celtics 102-99 in Boston on Sunday night.")):
        (tmp_path / f"{name}.txt").write_text(body, encoding="utf-8")
    plain = fake_engine.scan(str(tmp_path))
    streamed: list = []
    report = fake_engine.scan(str(tmp_path), on_documents=lambda reports, _: streamed.append(list(reports)))
    assert report.documents == []
    assert [[d.path for d in story] for story in streamed] == report.stories == plain.stories
    assert sorted((d for story in streamed for d in story), key=lambda d: d.path) == plain.documents


@pytest.mark.parametrize("text, expected", [
    ("Every time he sees me, Putin says so.", {"putin"}),
    ("Earlier, Tillerson met Lavrov in Hamburg.", {"earlier", "tillerson", "lavrov", "hamburg"}),
    ("Meanwhile 40 people died in Aceh.", {"40", "aceh"}),
    ("Mr. Trump said Both sides agreed.", {"trump"}),
])
def test_words_capitalised_only_to_open_a_sentence_are_no_anchors(text, expected):
    """Sentence openers ("Every", "Meanwhile") are no event anchors; time words ("Earlier") stay."""
    assert set(anchors(text)) == expected


def test_pair_features_do_not_depend_on_the_order_of_the_two_documents():
    """Two documents with as many story sentences each: the same features either way round."""
    rng = np.random.default_rng(0)
    va, vb = rng.normal(size=(4, 8)), rng.normal(size=(4, 8))
    va /= np.linalg.norm(va, axis=1, keepdims=True)
    vb /= np.linalg.norm(vb, axis=1, keepdims=True)
    texts = ["Mayor Jane Roe of Springfield opened the bridge on Monday. It cost $5 million. Crowds came. It rained.",
             "Jane Roe, the Springfield mayor, opened a bridge Monday. The cost: $5 million. Many came. Rain fell."]
    ev = [st.evidence(t, [(s.start, s.end) for s in segment(t)]) for t in texts]
    assert [len(segment(t)) for t in texts] == [4, 4]
    ab = st.pair_features(ev[0], ev[1], va, vb)
    ba = st.pair_features(ev[1], ev[0], vb, va)
    assert np.array_equal(ab, ba)
