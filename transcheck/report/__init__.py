"""Formatters behind one interface: ``render(report) -> str``. Payload only; summaries go to stderr."""

from __future__ import annotations

from collections.abc import Callable

from ..results import Report


def get_formatter(fmt: str) -> Callable[[Report], str]:
    if fmt == "json":
        from .jsonfmt import render
    elif fmt == "text":
        from .text import render
    elif fmt == "html":
        from .html import render
    else:
        raise ValueError(f"unknown format {fmt!r}: choose text, json or html")
    return render
