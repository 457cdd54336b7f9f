import numpy as np

from transcheck.align import align


def _unit(rng, n, d=64):
    v = rng.normal(size=(n, d)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _noisy(v, rng, eps=0.25):
    w = v + eps * rng.normal(size=v.shape).astype(np.float32) / np.sqrt(v.shape[1])
    return w / np.linalg.norm(w, axis=1, keepdims=True)


def test_reordered_copy_aligns_to_the_right_sentences():
    rng = np.random.default_rng(0)
    orig = _unit(rng, 30)
    perm = rng.permutation(30)
    cand = _noisy(orig[perm], rng)
    links = align(cand, orig)
    assert [link.originals for link in links] == [(int(j),) for j in perm]


def test_unrelated_sentence_is_unmatched():
    rng = np.random.default_rng(1)
    orig = _unit(rng, 10)
    cand = np.concatenate([_noisy(orig[:5], rng), _unit(rng, 1)])
    links = align(cand, orig)
    assert all(link is not None for link in links[:5])
    assert links[5] is None


def test_two_to_one_merge():
    rng = np.random.default_rng(2)
    orig = _unit(rng, 8)
    merged = orig[3] + orig[4]
    cand = np.stack([merged / np.linalg.norm(merged), orig[0]])
    links = align(cand, orig)
    assert links[0].originals == (3, 4)
    assert links[1].originals == (0,)


def test_merge_never_crosses_documents():
    rng = np.random.default_rng(3)
    orig = _unit(rng, 6)
    merged = orig[2] + orig[3]
    cand = (merged / np.linalg.norm(merged))[None]
    links = align(cand, orig, orig_groups=np.array([0, 0, 0, 1, 1, 1]))
    assert len(links[0].originals) == 1


ORIG_TEXTS = [
    "The council met on Monday to discuss the budget.",
    "Residents complained about the noise from the new airport runway.",
    "The mayor said the city would hire forty new teachers, and the schools would reopen in March.",
    "Opposition members walked out of the session in protest.",
    "A vote on the plan is expected next week.",
]


def test_split_sentences_share_one_original():
    rng = np.random.default_rng(4)
    orig = _unit(rng, 5)
    cand = np.stack([_noisy(orig[2][None], rng, 0.5)[0], _noisy(orig[2][None], rng, 0.5)[0]])
    halves = ["The mayor said the city would hire forty new teachers.", "The schools would reopen in March."]
    links = align(cand, orig, cand_texts=halves, orig_texts=ORIG_TEXTS)
    assert [link.originals for link in links] == [(2,), (2,)]


def test_same_topic_sentence_without_counterpart_is_unmatched():
    # an outlet's own addition: close to the story (high cosine to one sentence) but that sentence
    # has its own copy, and the words are not shared
    rng = np.random.default_rng(5)
    orig = _unit(rng, 5)
    copies = _noisy(orig, rng, 0.2)
    extra = _noisy(orig[1][None], rng, 1.2)
    cand = np.concatenate([copies, extra])
    texts = ORIG_TEXTS + ["Airlines are expected to add twelve daily flights this summer."]
    links = align(cand, orig, cand_texts=texts, orig_texts=ORIG_TEXTS)
    assert [link.originals for link in links[:5]] == [(j,) for j in range(5)]
    assert links[5] is None, links[5]


def test_empty_inputs():
    assert align(np.zeros((0, 4), np.float32), np.zeros((3, 4), np.float32)) == []
    assert align(np.ones((2, 4), np.float32) / 2, np.zeros((0, 4), np.float32)) == [None, None]


def test_pair_scores_match_a_direct_computation():
    """Margin, runner-up and neighbourhood density per original document, against a plain loop
    (pair_scores keeps these per document instead of spreading them over every column)."""
    import numpy as np

    from transcheck.align import COUNTERPART_FEATURES, pair_scores

    rng = np.random.default_rng(1)
    cand = rng.normal(size=(9, 16)).astype(np.float32)
    orig = rng.normal(size=(12, 16)).astype(np.float32)
    cand /= np.linalg.norm(cand, axis=1, keepdims=True)
    orig /= np.linalg.norm(orig, axis=1, keepdims=True)
    groups = np.array([0] * 5 + [1] * 1 + [2] * 6)
    k = 4
    s = pair_scores(cand, orig, groups, k=k)
    sim = cand @ orig.T
    knn_o = np.array([np.sort(sim[:, j])[::-1][:k].mean() for j in range(12)])
    f = {name: s.features[:, i] for i, name in enumerate(COUNTERPART_FEATURES)}
    for i in range(9):
        margin = np.empty(12)
        for j in range(12):
            row = sim[i, groups == groups[j]]
            margin[j] = sim[i, j] / max((np.sort(row)[::-1][:k].mean() + knn_o[j]) / 2, 1e-6)
        j = int(margin.argmax())
        assert s.best[i] == j
        row = np.sort(sim[i, groups == groups[j]])[::-1]
        second = 0.0 if len(row) == 1 else (row[1] if sim[i, j] >= row[0] else row[0])
        assert np.isclose(f["margin"][i], margin[j], atol=1e-5)
        assert np.isclose(f["lead"][i], sim[i, j] - second, atol=1e-5)
        assert np.isclose(f["density"][i], row[:k].mean(), atol=1e-5)


def test_pair_scores_in_blocks_of_rows_match_one_block(monkeypatch):
    """Long texts are scored a block of candidate rows at a time (two passes, memory bounded), with
    sparse word overlap: the same best pairs, mutual tests and features as one dense block. Two
    identical candidates in different blocks tie for their original; the earlier one keeps it."""
    from transcheck import align as align_mod

    rng = np.random.default_rng(7)
    words = "mayor city council budget schools teachers flights airport police court vote tax".split()
    cand_texts = [" ".join(rng.choice(words, size=rng.integers(3, 9))) for _ in range(11)]
    orig_texts = [" ".join(rng.choice(words, size=rng.integers(3, 9))) for _ in range(14)]
    cand, orig = _unit(rng, 11, 16), _unit(rng, 14, 16)
    cand[8], cand_texts[8] = cand[1], cand_texts[1]
    groups = np.array([0] * 6 + [1] + [2] * 7)
    one = align_mod.pair_scores(cand, orig, groups, cand_texts, orig_texts)
    monkeypatch.setattr(align_mod, "ALIGN_BLOCK_CELLS", 3 * 14)  # blocks of 3 candidate rows
    monkeypatch.setattr(align_mod, "DENSE_INCIDENCE_CELLS", 0)  # sparse overlap
    blocks = align_mod.pair_scores(cand, orig, groups, cand_texts, orig_texts)
    assert one.best.tolist() == blocks.best.tolist()
    np.testing.assert_allclose(one.features, blocks.features, atol=1e-6)
    np.testing.assert_allclose(one.best_sim, blocks.best_sim, atol=1e-6)
    mutual = one.features[:, align_mod.COUNTERPART_FEATURES.index("mutual")]
    assert one.best[1] == one.best[8] and mutual[8] == 0  # the tie goes to candidate 1
    assert mutual.sum() > 3  # the test exercises mutual pairs, not only misses
