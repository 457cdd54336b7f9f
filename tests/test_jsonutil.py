"""The JSON helpers give the standard library's bytes (floats below 1e-4 apart), faster, and fall back
to it where orjson refuses."""

from __future__ import annotations

import json

from transcheck.jsonutil import compact, loads, pretty

PAYLOAD = {
    "text": "Путин «сказал»: 3,5 % — \"quoted\"\n\ttab \u2028 é",
    "scores": [0.1, 0.8123, 1.0, 0.0, -0.0001, 12345678.0, 1e16, None, True, False],
    "nested": [{"start": 0, "end": 12, "spans": []}, []],
    "empty": {},
}


def test_pretty_is_the_standard_librarys_indented_json():
    assert pretty(PAYLOAD) == json.dumps(PAYLOAD, ensure_ascii=False, indent=2) + "\n"


def test_compact_is_the_standard_librarys_compact_json():
    assert compact(PAYLOAD) == json.dumps(PAYLOAD, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert loads(compact(PAYLOAD)) == PAYLOAD


def test_tiny_floats_keep_their_value():
    # orjson writes 2.5e-05 as 0.000025: another notation of the same number (reports round to 4 places)
    tiny = {"x": [-2.5e-05, 1e-07, 3.14e-300]}
    assert json.loads(pretty(tiny)) == tiny
    assert loads(compact(tiny)) == tiny


def test_what_orjson_refuses_falls_back():
    odd = {"lone surrogate": "a\ud800b", "big": 2**70}
    # the lone surrogate is written as its escape, so that the report can be written as UTF-8
    assert pretty(odd) == json.dumps(odd, ensure_ascii=False, indent=2).replace("\ud800", "\\ud800") + "\n"
    assert json.loads(pretty(odd).encode("utf-8")) == odd
    assert loads(compact(odd)) == odd
