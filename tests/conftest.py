"""Shared fixtures. ``engine`` runs the real all-MiniLM-L6-v2 model (it is small); ``fake_engine``
uses a deterministic hashing encoder for fast unit tests of the plumbing.

Tests that load a real model are marked ``slow``: explicitly, or here for every test that uses the
``engine`` fixture. ``pytest`` runs the fast unit tests only (pyproject's addopts); ``pytest -m ""``
runs everything, as CI does. One cache directory per test session, so the ONNX graph is exported
once per session."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"


def seed(n: int) -> Path:
    return next(SEEDS.glob(f"{n:03d}_*.txt"))


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "engine" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory):
    """Tests never touch the user's cache: one fresh cache directory per test session."""
    old = os.environ.get("TRANSCHECK_CACHE_DIR")
    os.environ["TRANSCHECK_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("TRANSCHECK_CACHE_DIR", None)
    else:
        os.environ["TRANSCHECK_CACHE_DIR"] = old


class HashEncoder:
    """Bag-of-words hashing vectors: same words, same direction. Only for plumbing tests."""

    name = "hash-test"

    def __init__(self, dim: int = 256):
        self.dim = dim

    def encode(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                h = int.from_bytes(hashlib.md5(w.encode()).digest()[:4], "little")
                out[i, h % self.dim] += 1.0
            n = np.linalg.norm(out[i])
            if n:
                out[i] /= n
        return out


@pytest.fixture(scope="session")
def engine():
    from transcheck.config import Settings
    from transcheck.pipeline import Engine

    return Engine(Settings())


@pytest.fixture()
def fake_engine():
    from transcheck.config import Settings
    from transcheck.pipeline import Engine

    return Engine(Settings(cache=False), encoder=HashEncoder())


@pytest.fixture(scope="session")
def seed_texts():
    return {n: seed(n).read_text(encoding="utf-8") for n in range(5)}
