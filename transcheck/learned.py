"""Parameters of the shipped models (``transcheck/data/*.json``), read on first use, never at import."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Sequence


def load_model_json(name: str, fallback: dict[str, Any], features: Sequence[str] | None = None,
                    trainer: str = "") -> dict[str, Any]:
    """``transcheck/data/<name>`` as a dict, or a copy of ``fallback`` when the file is missing.

    With ``features``, a file trained on other features is an error that names the script to re-run.
    """
    try:
        params = json.loads(resources.files("transcheck").joinpath("data", name).read_text(encoding="utf-8"))
    except (FileNotFoundError, OSError):
        params = dict(fallback)
    if features is not None and list(params["features"]) != list(features):
        raise RuntimeError(f"{name} was trained on other features; re-run {trainer}")
    return params
