"""The pipeline: per-document analysis (``engine``), a story's documents compared (``story``), whole
jobs and folder scans (``scan``) with their worker processes (``workers``) and result cache
(``cache``)."""

from .engine import Analysis, Engine, NullProgress, Progress

__all__ = ["Analysis", "Engine", "NullProgress", "Progress"]
