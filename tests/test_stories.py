from transcheck.stories import StoryIndex, anchors, group_texts
from transcheck.text.segment import segment


def test_anchors_are_case_folded():
    a = anchors("The US President Donald trump met Putin in da Nang. Later Trump flew to Danang on Saturday.")
    assert a["trump"] == 1  # only the capitalised occurrence counts as an anchor
    assert "nang" in a and "saturday" in a and "the" not in a


def test_seed_stories_from_anchors(seed_texts):
    """Anchors alone join the MT copy to its original and 003 to 004; 002 shares few names with
    them (anchor cosine 0.02 / 0.13) and joins only through the sentences they share (below)."""
    texts = [seed_texts[n] for n in range(5)]
    assert group_texts(texts) == [[0, 1], [2], [3, 4]]


def test_documents_sharing_no_sentence_need_strong_anchors(engine):
    """Two reports that share one place name but no sentence are no story, even at a low threshold;
    the same name plus a shared sentence is."""
    import transcheck.stories as st

    a = ("Mayor Alice Brown of Springfield opened the Riverside Library on Monday. Brown thanked the Carnegie "
         "Foundation. Residents of Oakwood cheered.")
    b = "Storms hit Springfield overnight. The Hudson River flooded Maple Street. Governor Kim Lee visited."
    c = "Springfield firefighters rescued a dog. Residents of Oakwood cheered. Chief Ray Diaz praised the crew."
    fillers = [f"Team {x} beat Team {y} in {z}." for x, y, z in
               (("Ajax", "Bruges", "Paris"), ("Celtic", "Derby", "Rome"), ("Everton", "Fulham", "Oslo"))]
    texts = [a, b, c] + fillers
    vecs = [engine.embed([s.text for s in segment(t)]) for t in texts]
    idx = StoryIndex()
    for i, t in enumerate(texts):
        idx.add(str(i), t)
    av = idx.anchor_vectors()
    assert 0 < sum(x * av[1].get(w, 0.0) for w, x in av[0].items()) < st.ANCHORS_ALONE  # one weak shared name
    assert idx.group(lambda i: vecs[i], threshold=0.05) == [[0, 2], [1], [3], [4], [5]]


def test_seed_stories_with_sentence_evidence(seed_texts, engine):
    texts = [seed_texts[n] for n in range(5)]
    vecs = [engine.embed([s.text for s in segment(t)]) for t in texts]
    assert group_texts(texts, lambda i: vecs[i]) == [[0, 1], [2, 3, 4]]


def test_unrelated_documents_stay_apart():
    idx = StoryIndex()
    idx.add("a", "Apple released a new iPhone in Cupertino on Tuesday.")
    idx.add("b", "Heavy rain flooded Venice and Padua over the weekend.")
    idx.add("c", "Apple said the iPhone launch in Cupertino drew large crowds on Tuesday.")
    assert idx.group() == [[0, 2], [1]]


def test_weak_links_do_not_chain_stories(monkeypatch):
    """A long chain of documents, each sharing one name with the next, is not one story (average
    linkage stops it); with single links (LINK_SHARE = 0) all 19 would be."""
    import transcheck.stories as st

    names = [f"Name{chr(65 + i)}{chr(97 + i)}" for i in range(20)]  # NameAa, NameBb, ...
    texts = [f"{a} spoke with {b} about the harbour budget." for a, b in zip(names, names[1:])]
    texts += ["Rain is expected over the weekend.", "The museum reopens next month."]
    chained = group_texts(texts)
    assert max(len(g) for g in chained) <= 10
    monkeypatch.setattr(st, "LINK_SHARE", 0.0)
    assert max(len(g) for g in group_texts(texts)) == len(names) - 1
