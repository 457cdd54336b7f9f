"""The pipeline: a document read and segmented (``analysis``), the per-document steps (``engine``),
a story's documents compared (``story``), whole jobs and folder scans (``scan``) with their worker
processes (``workers``) and result cache (``cache``)."""

from .analysis import Analysis, NullProgress, Progress
from .engine import Engine

__all__ = ["Analysis", "Engine", "NullProgress", "Progress"]
