#!/usr/bin/env python
"""Run the properties of tests/test_fuzz.py for minutes, with fresh random inputs (hypothesis).

    .venv/bin/python scripts/fuzz.py --minutes 5

Decoding, reading files, HTML, segmentation, ``detect_mt``, ``check`` and ``compare`` (the last three
with the hashing test encoder: no model download, the spaCy tagger and the learned models are real)
take turns, in rounds, until the time is up. Prints the number of inputs each ran and every failure
(hypothesis's shrunk falsifying example and the traceback); exits 1 when one was found.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.errors import InvalidArgument  # noqa: E402
from test_fuzz import (  # noqa: E402
    check_check,
    check_compare,
    check_decode,
    check_detect_mt,
    check_html,
    check_load,
    check_segment,
    fake_engine,
    html_like,
    news_like,
    raw_bytes,
    texts,
)

# longer news-shaped texts than the fast slice tries: several lines of up to 300 pieces
long_news = st.lists(news_like, min_size=1, max_size=5).map("\n".join)


def properties(engine):
    """(name, strategy, check, inputs per round)."""
    return [
        ("decode_bytes", st.tuples(raw_bytes), check_decode, 400),
        ("load_text", st.tuples(raw_bytes, st.sampled_from([".txt", ".html", ".md"])), check_load, 100),
        ("html_to_text", st.tuples(html_like), check_html, 100),
        ("segment", st.tuples(st.one_of(texts, long_news)), check_segment, 300),
        ("detect_mt", st.tuples(st.one_of(texts, long_news)), lambda t: check_detect_mt(engine, t), 30),
        ("check", st.tuples(st.one_of(news_like, long_news), st.lists(st.one_of(texts, long_news), max_size=3)),
         lambda c, o: check_check(engine, c, o), 20),
        ("compare", st.tuples(st.lists(st.tuples(texts, texts), max_size=6)),
         lambda pairs: check_compare(engine, pairs), 40),
    ]


def _counted(runs: Counter[str], name: str, check):
    def run(args):
        runs[name] += 1
        check(*args)

    return run


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=5.0)
    args = ap.parse_args()
    deadline = time.monotonic() + 60 * args.minutes
    runs: Counter[str] = Counter()
    failures: list[tuple[str, str]] = []
    props = properties(fake_engine())
    rounds = 0
    while time.monotonic() < deadline:
        rounds += 1
        for name, strategy, check, n in props:
            if time.monotonic() >= deadline:
                break
            test = settings(max_examples=n, deadline=None, database=None, derandomize=False,
                            suppress_health_check=list(HealthCheck))(given(strategy)(_counted(runs, name, check)))
            try:
                test()
            except InvalidArgument:
                raise  # a mistake in this script, not a finding
            except Exception:
                tb = traceback.format_exc()
                failures.append((name, tb))
                print(f"FAILURE in {name}:\n{tb}", flush=True)
        print(f"round {rounds}: {sum(runs.values())} inputs so far", flush=True)
    print(f"{sum(runs.values())} inputs in {args.minutes:g} min ({rounds} rounds): "
          + ", ".join(f"{k} {v}" for k, v in runs.items()))
    print(f"{len(failures)} failure(s)" + (": " + ", ".join(sorted({n for n, _ in failures})) if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
