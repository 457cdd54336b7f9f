"""The two embedding runtimes give the same vectors; the ONNX graph is built once, atomically."""

import numpy as np
import pytest
from conftest import seed

from transcheck.embed import OnnxEncoder, SentenceTransformerEncoder, default_model_info, get_encoder
from transcheck.text.segment import segment


@pytest.mark.slow
def test_onnx_runtime_matches_sentence_transformers(tmp_path):
    info = default_model_info()
    assert OnnxEncoder.supported(info)
    sents = [s.text for s in segment(seed(1).read_text(encoding="utf-8"))][:20]
    sents += ["", "x", "A very long sentence " * 80]  # empty, one token, truncated at 256 tokens
    onnx = OnnxEncoder(info, tmp_path)
    a = onnx.encode(sents)
    b = SentenceTransformerEncoder(info).encode(sents)
    assert a.shape == b.shape == (len(sents), 384)
    assert float(np.min(np.sum(a * b, axis=1))) > 0.9999
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    # the exported graph is reused, not rebuilt
    built = list((tmp_path / "onnx").glob("*.onnx"))
    assert len(built) == 1
    mtime = built[0].stat().st_mtime_ns
    OnnxEncoder(info, tmp_path).encode(["again"])
    assert built[0].stat().st_mtime_ns == mtime


def test_backend_choice(tmp_path):
    torch_encoder = get_encoder(None, use_cache=False, cache_dir=str(tmp_path), backend="torch")
    assert isinstance(torch_encoder.inner, SentenceTransformerEncoder)
    assert isinstance(get_encoder(None, use_cache=False, cache_dir=str(tmp_path), backend="auto").inner, OnnxEncoder)
    try:
        get_encoder(None, backend="tensorflow")
    except ValueError as exc:
        assert "backend" in str(exc)
    else:
        raise AssertionError("unknown backend accepted")


@pytest.mark.slow
def test_onnx_vectors_do_not_depend_on_batching(tmp_path):
    """Token-sorted, token-budget batches: the same vectors whether texts run one per batch or
    many (words and Cyrillic sentences mixed, order restored)."""
    info = default_model_info()
    texts = ["summit", "Президент России Владимир Путин прибыл во Вьетнам.", "talks", "",
             "Donald Trump and Vladimir Putin met briefly in Da Nang.", "sanctions", "Da Nang"]
    many = OnnxEncoder(info, tmp_path).encode(texts)
    one_by_one = OnnxEncoder(info, tmp_path, token_budget=1).encode(texts)
    singles = np.stack([OnnxEncoder(info, tmp_path).encode([t])[0] for t in texts])
    assert np.allclose(many, one_by_one, atol=1e-6)
    assert np.allclose(many, singles, atol=1e-6)
    assert float(many[0] @ many[2]) < 0.99  # rows were not mixed up
