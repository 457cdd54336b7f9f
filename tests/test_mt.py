"""Machine-translation detector: seeds, determinism, parameters and individual signals."""

from __future__ import annotations

import pytest

from conftest import seed


@pytest.fixture(scope="module")
def results(engine, seed_texts):
    from transcheck.api import detect_mt

    return {n: detect_mt(seed_texts[n], engine=engine) for n in range(5)}


def test_seed_001_is_flagged(results):
    assert results[1].machine_translated
    codes = [r.code for r in results[1].reasons]
    assert "foreign_residue" in codes and "casing" in codes


@pytest.mark.parametrize("n", [0, 2, 3, 4])
def test_english_originals_not_flagged(results, n):
    assert not results[n].machine_translated, results[n].to_dict()


def test_params_have_threshold():
    from transcheck.mt import detector_settings

    s = detector_settings()
    assert 0.0 < s["threshold"] < 1.0
