"""transcheck: machine-translation detection and meaning drift for syndicated news.

The public API is imported lazily so that ``import transcheck`` loads no model and no torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "check", "compare", "detect_mt", "scan"]

if TYPE_CHECKING:  # pragma: no cover
    from .api import check, compare, detect_mt, scan


def __getattr__(name: str) -> Any:
    if name in ("check", "compare", "detect_mt", "scan"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'transcheck' has no attribute {name!r}")
