"""Drift scorer: unit tests per feature, highlight offsets, and the seed acceptance pairs."""

from __future__ import annotations

import numpy as np

from transcheck.drift import drift_settings, score_pairs


def test_interface():
    res = score_pairs(["Sales rose 12% on Monday."] * 2, ["Sales rose 12% on Monday.", "Sales fell 15% on Friday."],
                      np.array([1.0, 0.8], dtype=np.float32))
    assert [r.status for r in res] == ["match", "drift"]
    assert 0 < drift_settings()["threshold"] < 1
