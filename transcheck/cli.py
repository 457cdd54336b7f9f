"""Command line: a thin typer layer over :mod:`transcheck.pipeline`.

Exit codes (like ruff): 0 nothing found; 1 drift, machine translation or an unreadable file found;
2 usage error, bad configuration, or no input could be read at all.
The payload goes to stdout (or ``--output``, written atomically); the summary goes to stderr.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from . import __version__

app = typer.Typer(
    name="transcheck",
    help="Detect machine-translated news copies, align them with the originals by meaning, and flag drift.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class Fmt(str, Enum):
    text = "text"
    json = "json"


class ScanFmt(str, Enum):
    text = "text"
    json = "json"
    html = "html"


FORMAT_HELP = "Output format: text for people, json for machines."
OUTPUT_HELP = "Write the payload to this file (atomically) instead of stdout."
MODEL_HELP = "Local sentence-transformers model folder (default: the packaged all-MiniLM-L6-v2)."

# Options shared by several commands (typer accepts one OptionInfo as the default of many).
OUTPUT_OPTION = typer.Option(None, "--output", "-o", help=OUTPUT_HELP)
MODEL_OPTION = typer.Option(None, "--model", help=MODEL_HELP)
MT_THRESHOLD_OPTION = typer.Option(None, help="Override the calibrated MT threshold (0..1).")
DRIFT_THRESHOLD_OPTION = typer.Option(None, help="Override the calibrated drift threshold (0..1).")
NO_CACHE_OPTION = typer.Option(False, "--no-cache", help="Do not read or write the embedding cache.")
QUIET_OPTION = typer.Option(False, "--quiet", "-q", help="No progress bar or summary on stderr.")


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


def write_atomic(path: Path, data: str) -> None:
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
        # mkstemp makes the file private (0600); give it the mode the file had, or else the one a
        # plain open() would (0666 less the umask), so that a report others should read stays readable
        try:
            mode = path.stat().st_mode & 0o7777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _emit(payload: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(payload)
        sys.stdout.flush()
    else:
        write_atomic(output, payload)
        _err(f"wrote {output}")


def _engine(model, no_cache, mt_threshold=None, drift_threshold=None, jobs=None):
    from .config import ConfigError, load_settings
    from .pipeline import Engine

    try:
        settings = load_settings(
            model=model,
            cache=False if no_cache else None,
            mt_threshold=mt_threshold,
            drift_threshold=drift_threshold,
            jobs=jobs,
        )
    except ConfigError as exc:
        _err(f"transcheck: configuration error: {exc}")
        raise typer.Exit(EXIT_ERROR) from None
    return Engine(settings)


class RichProgress:
    """Progress observer drawing a rich bar on stderr."""

    def __init__(self, enabled: bool = True):
        from rich.console import Console

        self.enabled = enabled
        self.console = Console(stderr=True)
        self._progress: Any = None  # rich.progress.Progress, imported when a bar starts
        self._task: Any = None

    def start(self, description: str, total: int | None) -> None:
        if not self.enabled:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), TimeRemainingColumn(), console=self.console, transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(description, total=total)

    def advance(self, n: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, n)

    def done(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def _finish(report, fmt: str, output: Path | None, quiet: bool) -> None:
    from .report import get_formatter
    from .report.text import summary_table

    payload = get_formatter(fmt)(report)
    _emit(payload, output)
    if not quiet and fmt != "text" and report.documents:
        from rich.console import Console

        console = Console(stderr=True)
        if not console.is_terminal:  # a log file or a pipe: rich's default 80 columns squeeze out the paths
            console = Console(stderr=True, width=140)
        console.print(summary_table(report))
    for e in report.errors:
        if fmt != "text" or output is not None:
            _err(f"{e.severity}: {e.path}: {e.message}")
    mt = sum(d.machine_translated for d in report.documents)
    drift = sum(d.drift_count for d in report.documents)
    failed = len(report.failed)
    if not quiet:
        _err(f"{len(report.documents)} documents checked, {mt} machine-translated, {drift} drifted sentences, "
             f"{failed} unreadable files")
    if not report.documents and failed:
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_FINDINGS if (report.has_findings or failed) else EXIT_CLEAN)


@app.command()
def check(
    files: list[Path] = typer.Argument(..., help="Files to check (.txt, .md, .html)."),
    against: list[Path] = typer.Option([], "--against", "-a", help="Original(s) to align each file with."),
    fmt: Fmt = typer.Option(Fmt.text, "--format", "-f", help=FORMAT_HELP),
    output: Path | None = OUTPUT_OPTION,
    model: str | None = MODEL_OPTION,
    mt_threshold: float | None = MT_THRESHOLD_OPTION,
    drift_threshold: float | None = DRIFT_THRESHOLD_OPTION,
    no_cache: bool = NO_CACHE_OPTION,
    quiet: bool = QUIET_OPTION,
) -> None:
    """Check files: machine-translation verdict, foreign sentences, and (with --against) drift per sentence."""
    engine = _engine(model, no_cache, mt_threshold, drift_threshold)
    report = engine.check_files([str(f) for f in files], [str(a) for a in against], RichProgress(not quiet))
    _finish(report, fmt.value, output, quiet)


@app.command()
def scan(
    directory: Path = typer.Argument(..., help="Folder to scan recursively."),
    fmt: ScanFmt = typer.Option(ScanFmt.text, "--format", "-f", help=FORMAT_HELP + " html: a highlight page."),
    output: Path | None = OUTPUT_OPTION,
    model: str | None = MODEL_OPTION,
    mt_threshold: float | None = MT_THRESHOLD_OPTION,
    drift_threshold: float | None = DRIFT_THRESHOLD_OPTION,
    no_cache: bool = NO_CACHE_OPTION,
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", min=0,
        help="Worker processes for comparing stories (default 0: one per CPU core; 1: none). "
             "Results are the same with any number."),
    quiet: bool = QUIET_OPTION,
) -> None:
    """Scan a folder: group documents into stories and check each against the others."""
    from .text.read import InputError

    engine = _engine(model, no_cache, mt_threshold, drift_threshold, jobs)
    try:
        report = engine.scan(str(directory), RichProgress(not quiet))
    except InputError as exc:
        _err(f"transcheck: {exc}")
        raise typer.Exit(EXIT_ERROR) from None
    if not report.documents and not report.errors and not quiet:
        _err(f"transcheck: no {', '.join(engine.settings.suffixes)} files under {directory} "
             "(suffixes: [tool.transcheck] suffixes)")
    _finish(report, fmt.value, output, quiet)


@app.command()
def highlight(
    file: Path = typer.Argument(..., help="The copy to examine."),
    against: list[Path] = typer.Option(..., "--against", "-a", help="Original(s) to compare with."),
    output: Path = typer.Option(..., "--output", "-o", help="HTML file to write."),
    fmt: Fmt = typer.Option(Fmt.text, "--format", "-f", help="Format of the summary on stdout."),
    model: str | None = MODEL_OPTION,
    no_cache: bool = NO_CACHE_OPTION,
    quiet: bool = QUIET_OPTION,
) -> None:
    """Write a self-contained HTML page: texts side by side, drift and differing words highlighted."""
    from .report.html import render as render_html

    engine = _engine(model, no_cache)
    report = engine.check_files([str(file)], [str(a) for a in against], RichProgress(not quiet))
    write_atomic(output, render_html(report))
    _err(f"wrote {output}")
    _finish(report, fmt.value, None, quiet)


@app.command()
def compare(
    pairs: Path = typer.Option(..., "--pairs", help='JSONL with {"original": ..., "candidate": ...} per line.'),
    fmt: Fmt = typer.Option(Fmt.json, "--format", "-f", help="json: one result per line (JSONL); text: a table."),
    output: Path | None = OUTPUT_OPTION,
    model: str | None = MODEL_OPTION,
    drift_threshold: float | None = DRIFT_THRESHOLD_OPTION,
    no_cache: bool = NO_CACHE_OPTION,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
) -> None:
    """Score sentence pairs in bulk (like sacrebleu or comet-score) and write JSONL results."""

    rows = _read_pairs(pairs)
    engine = _engine(model, no_cache, drift_threshold=drift_threshold)
    results = engine.compare_texts([r["original"] for r in rows], [r["candidate"] for r in rows])
    if fmt == Fmt.json:
        lines = []
        for row, res in zip(rows, results):
            d = {k: v for k, v in row.items() if k not in ("original", "candidate")}
            d.update({"original": row["original"], "candidate": row["candidate"], **res.to_dict()})
            lines.append(json.dumps(d, ensure_ascii=False))
        payload = "".join(line + "\n" for line in lines)
    else:
        payload = "".join(f"{r.status:<10} {r.drift_score:.3f}  {row['candidate'][:100]}\n" for row, r in zip(rows, results))
    _emit(payload, output)
    drifted = sum(r.drifted for r in results)
    if not quiet:
        _err(f"{len(results)} pairs scored, {drifted} drifted")
    raise typer.Exit(EXIT_FINDINGS if drifted else EXIT_CLEAN)


def _read_pairs(path: Path) -> list[dict]:
    rows = []
    try:
        fh = open(path, encoding="utf-8")  # noqa: SIM115 -- closed by `with fh:` below; only open() errors are caught here
    except OSError as exc:
        _err(f"transcheck: {path}: {exc.strerror}")
        raise typer.Exit(EXIT_ERROR) from None
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if not isinstance(row.get("original"), str) or not isinstance(row.get("candidate"), str):
                    raise ValueError('needs string fields "original" and "candidate"')
            except (ValueError, AttributeError) as exc:
                _err(f"transcheck: {path}:{n}: {exc}")
                raise typer.Exit(EXIT_ERROR) from None
            rows.append(row)
    return rows


@app.command()
def info(
    fmt: Fmt = typer.Option(Fmt.text, "--format", "-f", help=FORMAT_HELP),
    model: str | None = MODEL_OPTION,
) -> None:
    """Version, model, cache location and the thresholds in force (a reproducibility signature)."""
    from .signature import signature

    engine = _engine(model, False)
    sig = signature(engine.settings)
    if fmt == Fmt.json:
        sys.stdout.write(json.dumps(sig, ensure_ascii=False, indent=2) + "\n")
    else:
        for key, value in sig.items():
            sys.stdout.write(f"{key}: {json.dumps(value, ensure_ascii=False)}\n")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"transcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version.")) -> None:
    """transcheck: translation-quality checks for syndicated news."""


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
