"""Settings: defaults, then ``[tool.transcheck]`` of the nearest pyproject.toml, then the command line."""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass
class Settings:
    model: str | None = None  # None: the packaged all-MiniLM-L6-v2
    backend: str = "auto"  # embedding runtime: auto (ONNX Runtime when available), onnx, torch
    max_file_mb: float = 10.0
    cache: bool = True
    cache_dir: str | None = None  # None: platformdirs user cache, or $TRANSCHECK_CACHE_DIR
    mt_threshold: float | None = None  # None: the calibrated value shipped with the detector
    drift_threshold: float | None = None  # None: the calibrated value shipped with the drift model
    align_threshold: float | None = None  # None: the calibrated counterpart probability of the aligner
    story_threshold: float | None = None
    suffixes: tuple[str, ...] = (".txt", ".md", ".markdown", ".html", ".htm")
    # a document is checked with its first max_sentences sentences only (a warning says so): the cost of
    # one file stays bounded (~10 ms a sentence on 2 cores; the rest of a 10 MB file is not segmented)
    max_sentences: int = 5_000
    jobs: int = 0  # scan: worker processes for the per-story analysis; 0 = one per CPU core, 1 = none

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    def to_dict(self) -> dict[str, Any]:
        """The settings that shape results (``jobs`` does not: reports are the same with any number)."""
        d = asdict(self)
        d["suffixes"] = list(self.suffixes)
        del d["jobs"]
        return d


class ConfigError(ValueError):
    pass


_THRESHOLDS = ("mt_threshold", "drift_threshold", "align_threshold", "story_threshold")
_TEXT_OR_NONE = ("model", "cache_dir")
BACKENDS = ("auto", "onnx", "torch")
MAX_FILE_MB = 10240  # 10 GB: a file is read whole; beyond this, no machine holds its analysis


def _problem(key: str, value: Any) -> str | None:
    """Why ``value`` is not a valid ``key`` setting, or None when it is."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if key in _THRESHOLDS:
        return None if number and 0.0 <= value <= 1.0 else "must be a number from 0 to 1"
    if key == "max_file_mb":
        ok = number and 0 < value <= MAX_FILE_MB
        return None if ok else f"must be a positive number of megabytes, at most {MAX_FILE_MB}"
    if key == "max_sentences":
        whole = isinstance(value, int) and not isinstance(value, bool)
        return None if whole and value >= 1 else "must be a whole number, 1 or more"
    if key == "jobs":
        whole = isinstance(value, int) and not isinstance(value, bool)
        return None if whole and value >= 0 else "must be a whole number, 0 or more"
    if key == "cache":
        return None if isinstance(value, bool) else "must be true or false"
    if key == "backend":
        return None if value in BACKENDS else "must be one of " + ", ".join(BACKENDS)
    if key in _TEXT_OR_NONE:
        return None if isinstance(value, str) and value else "must be a non-empty string"
    if key == "suffixes":
        ok = isinstance(value, (list, tuple)) and all(isinstance(x, str) and x.startswith(".") for x in value)
        return None if ok and value else "must be a list of file suffixes such as \".txt\""
    return None


def find_pyproject(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        p = d / "pyproject.toml"
        if p.is_file():
            return p
    return None


def load_settings(pyproject: Path | None = None, **overrides: Any) -> Settings:
    """Build settings; ``overrides`` with value ``None`` are ignored (flag not given)."""
    values: dict[str, Any] = {}
    path = pyproject or find_pyproject()
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        table = data.get("tool", {}).get("transcheck", {})
        known = {f.name for f in fields(Settings)}
        for key, value in table.items():
            k = key.replace("-", "_")
            if k not in known:
                raise ConfigError(f"{path}: unknown setting [tool.transcheck] {key}")
            problem = _problem(k, value)
            if problem:
                raise ConfigError(f"{path}: [tool.transcheck] {key} {problem}, not {value!r}")
            values[k] = tuple(value) if k == "suffixes" else value
    for k, value in overrides.items():
        if value is None:
            continue
        problem = _problem(k, value)
        if problem:
            raise ConfigError(f"--{k.replace('_', '-')} {problem}, not {value!r}")
        values[k] = value
    return Settings(**values)
