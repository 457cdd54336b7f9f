"""Printing the evaluation figures (``scripts/evaluate.py``): one indented table per task."""

from __future__ import annotations

from typing import Any


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return "nan" if v != v else f"{v:.3f}"
    return str(v)


def print_table(title: str, rows: dict[str, Any], indent: str = "") -> None:
    """``rows`` as an indented table: nested dicts as sub-tables, lists of rows one row a line, a list of
    records (dicts) as its count (the records are for ``--json``)."""
    if title:
        print(f"\n== {title} ==")
    for key, value in rows.items():
        if isinstance(value, dict):
            print(f"{indent}{key}:")
            print_table("", value, indent + "  ")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            print(f"{indent}{key:<32} {len(value)} records (in --json)")
        elif isinstance(value, list) and value and isinstance(value[0], (list, tuple)):
            print(f"{indent}{key}:")
            for row in value:
                print(f"{indent}  " + "  ".join(_fmt(x) for x in row))
        else:
            print(f"{indent}{key:<32} {_fmt(value)}")
