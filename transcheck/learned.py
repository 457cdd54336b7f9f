"""The one shape of transcheck's learned checkers: logistic models over standardised features.

Each shipped model is a JSON file in ``transcheck/data/`` written by its training script. A
:class:`LinearModel` is one logistic block of such a file::

    {"features": [...], "mean": [...], "scale": [...], "coef": [...], "intercept": z0,
     "calibration": {"a": a, "b": b}}          # optional Platt scaling of the logit

and the file around it records the model's ``version``, its decision ``threshold`` and the
``encoder`` whose sentence vectors the features were computed with. Parameters are read on first
use, never at import.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

LOGIT_CLIP = 40.0  # |logit| beyond this is certainty in float64; clipping keeps exp() finite


def sigmoid(z: Any) -> Any:
    """The logistic function, elementwise for arrays and as a float for a scalar."""
    out = 1.0 / (1.0 + np.exp(-np.clip(z, -LOGIT_CLIP, LOGIT_CLIP)))
    return float(out) if np.ndim(out) == 0 else out


class ModelFileError(RuntimeError):
    """A shipped model file is missing or does not fit the code that reads it."""


@cache
def _read(name: str) -> str:
    return resources.files("transcheck").joinpath("data").joinpath(name).read_text(encoding="utf-8")


def read_params(name: str, trainer: str) -> dict[str, Any]:
    """``transcheck/data/<name>`` as a fresh dict; a missing file is an error naming ``trainer``."""
    try:
        return json.loads(_read(name))
    except (FileNotFoundError, OSError) as exc:
        raise ModelFileError(f"transcheck/data/{name} is missing; re-create it with {trainer}") from exc


@dataclass(frozen=True)
class LinearModel:
    """``p = sigmoid(calibrate((x - mean) / scale @ coef + intercept))``, with per-feature terms."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray  # zeros (constant features in training) are read as 1
    coef: np.ndarray
    intercept: float
    calibration: tuple[float, float] | None = None  # Platt (a, b): sigmoid(a * logit + b)

    @classmethod
    def from_block(cls, block: Mapping[str, Any], features: Sequence[str] | None = None,
                   source: str = "model") -> LinearModel:
        """A block of a model file; with ``features``, a block trained on other features is an error."""
        names = tuple(block.get("features") or features or ())
        if features is not None and names != tuple(features):
            raise ModelFileError(f"{source} was trained on other features than this code computes")
        coef = np.asarray(block["coef"], dtype=np.float64)
        scale = np.asarray(block["scale"], dtype=np.float64)
        if names and len(names) != len(coef):
            raise ModelFileError(f"{source}: {len(names)} feature names but {len(coef)} coefficients")
        cal = block.get("calibration")
        return cls(features=names, mean=np.asarray(block["mean"], dtype=np.float64),
                   scale=np.where(scale > 0, scale, 1.0), coef=coef, intercept=float(block["intercept"]),
                   calibration=(float(cal["a"]), float(cal["b"])) if cal else None)

    def contributions(self, x: np.ndarray) -> np.ndarray:
        """Each feature's term of the logit (standardised value times coefficient)."""
        return (np.asarray(x, dtype=np.float64) - self.mean) / self.scale * self.coef

    def logit(self, x: np.ndarray) -> Any:
        """The uncalibrated logit of one row (a float) or of each row of a matrix (an array)."""
        z = ((np.asarray(x, dtype=np.float64) - self.mean) / self.scale) @ self.coef + self.intercept
        return float(z) if np.ndim(z) == 0 else z

    def calibrate(self, z: Any) -> Any:
        """The calibrated logit: Platt scaling where the model has one, else ``z`` unchanged."""
        if self.calibration is None:
            return z
        a, b = self.calibration
        return a * z + b

    def probability(self, x: np.ndarray) -> Any:
        return sigmoid(self.calibrate(self.logit(x)))


# the models whose features are sentence vectors (mt_detector.json reads none: its "encoder" is empty)
MODEL_FILES = ("align_model.json", "drift_model.json", "story_model.json")


def encoder_mismatches(encoder: str) -> list[str]:
    """One message for each shipped model trained on another sentence encoder's vectors than
    ``encoder``: its calibrated thresholds then no longer mean what they say."""
    out = []
    for name in MODEL_FILES:
        trained = json.loads(_read(name)).get("encoder")
        if trained and trained != encoder:
            out.append(f"{name} was calibrated on {trained} sentence vectors, not {encoder}: "
                       f"its thresholds may not hold (retrain it with its script in scripts/)")
    return out


def check_encoder(encoder: str) -> None:
    """Warn (``UserWarning``) about every model of :func:`encoder_mismatches`."""
    for message in encoder_mismatches(encoder):
        warnings.warn(message, stacklevel=2)

