"""Stable JSON: same input, same bytes (no timings, no absolute cache paths)."""

from __future__ import annotations

from typing import Any

from ..jsonutil import pretty
from ..results import Report


def dumps(payload: Any) -> str:
    return pretty(payload)


def render(report: Report) -> str:
    return dumps(report.to_dict())
