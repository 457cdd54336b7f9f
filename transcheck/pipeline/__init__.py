"""The pipeline: per-document analysis, story comparison and folder scans."""

from .engine import Analysis, Engine, NullProgress, Progress

__all__ = ["Analysis", "Engine", "NullProgress", "Progress"]
