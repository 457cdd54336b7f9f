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
