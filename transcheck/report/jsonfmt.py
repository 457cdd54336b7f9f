"""Stable JSON: same input, same bytes (no timings, no absolute cache paths)."""

from __future__ import annotations

import json
from typing import Any

from ..models import Report


def dumps(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def render(report: Report) -> str:
    return dumps(report.to_dict())
