"""JSON encoding for reports and the result cache: orjson, ~40x faster than the standard library on a
scan's payload (docs/benchmark.md) and byte for byte the same as ``json.dumps(..., ensure_ascii=False)``
except that floats below 1e-4 are written without an exponent (0.000025, not 2.5e-05; reports round
to 4 places). The standard library takes what orjson refuses (a lone surrogate in a caller's
string, an integer beyond 64 bits); in a report, a lone surrogate (a file name's undecodable byte, kept
by ``surrogateescape``) is written as its ``\\udcXX`` escape, so that the report stays UTF-8."""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

_SURROGATE = re.compile("[\ud800-\udfff]")


def pretty(payload: Any) -> str:
    """Indented by two spaces, one trailing newline."""
    return _text(payload, indented=True)


def line(payload: Any) -> str:
    """One JSON Lines record: no whitespace, one trailing newline, surrogates escaped as in
    :func:`pretty` (the line stays UTF-8)."""
    return _text(payload, indented=False)


def _text(payload: Any, indented: bool) -> str:
    option = orjson.OPT_APPEND_NEWLINE | (orjson.OPT_INDENT_2 if indented else 0)
    try:
        return orjson.dumps(payload, option=option).decode("utf-8")
    except orjson.JSONEncodeError:
        text = json.dumps(payload, ensure_ascii=False, **({"indent": 2} if indented else {"separators": (",", ":")}))
        # surrogates can only stand inside JSON strings, where their escape means the same
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def compact(payload: Any) -> bytes:
    """No whitespace, UTF-8 (surrogates passed through, as in the cache's keys)."""
    try:
        return orjson.dumps(payload)
    except orjson.JSONEncodeError:
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def loads(data: bytes | str) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        if isinstance(data, bytes):
            data = data.decode("utf-8", "surrogatepass")
        return json.loads(data)
