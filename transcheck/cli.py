"""Command line: a thin typer layer over :mod:`transcheck.pipeline`.

Exit codes (like ruff): 0 nothing found; 1 drift, machine translation or an unreadable file found;
2 usage error, bad configuration, no input could be read at all, or the report could not be written;
3 internal error (an unexpected exception: its traceback goes to a log file named on stderr);
130 interrupted (Ctrl-C).
The payload goes to stdout (or ``--output``, written atomically); the summary goes to stderr. A run
that ends with 2, 3 or 130 writes no report file and removes the one ``--output`` names, if any
(:mod:`transcheck.cliguard`).
"""

from __future__ import annotations

import json
import sys
import textwrap
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from . import __version__
from .cliguard import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    FlagCommand,
    GuardedGroup,
    checked_output,
    emit,
    err,
    open_atomic,
)
from .text.clean import shown_path

if TYPE_CHECKING:
    from .pipeline import Engine
    from .results import DocumentReport, Report

APP_HELP = (
    "Detect machine-translated news copies, align them with the originals by meaning, and flag drift."
    "\n\nExit codes: 0 nothing found; 1 machine translation, drift or an unreadable file found; "
    "2 usage, configuration, input or output error (nothing checked, or the report not written); "
    "3 internal error (the traceback is written to a log file named on stderr); 130 interrupted. "
    "A run that exits with 2 or 3 writes no report and removes the old --output file."
)

app = typer.Typer(
    name="transcheck",
    help=APP_HELP,
    cls=GuardedGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

class Fmt(str, Enum):
    text = "text"
    json = "json"


class ScanFmt(str, Enum):
    text = "text"
    json = "json"
    html = "html"
    jsonl = "jsonl"


FORMAT_HELP = "Output format: text for people, json for machines."
OUTPUT_HELP = ("Write the payload to this file (atomically) instead of stdout; '-' is stdout. "
               "The folder must exist. A failed run (exit 2 or 3) removes the file.")
MODEL_HELP = "Local sentence-transformers model folder (default: the packaged all-MiniLM-L6-v2)."

# Options shared by several commands (typer accepts one OptionInfo as the default of many).
OUTPUT_OPTION = typer.Option(None, "--output", "-o", help=OUTPUT_HELP)
MODEL_OPTION = typer.Option(None, "--model", help=MODEL_HELP)
MT_THRESHOLD_OPTION = typer.Option(None, help="Override the calibrated MT threshold (0..1).")
DRIFT_THRESHOLD_OPTION = typer.Option(None, help="Override the calibrated drift threshold (0..1).")
NO_CACHE_OPTION = typer.Option(False, "--no-cache", help="Do not read or write the embedding cache.")
QUIET_OPTION = typer.Option(False, "--quiet", "-q", help="No progress bar or summary on stderr.")


_err = err


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


def _exit_code(documents: int, findings: bool, failed: bool) -> int:
    """2 when nothing could be checked (no document, or only unreadable files), else 1 on findings
    or unreadable files, else 0."""
    if not documents:
        return EXIT_ERROR
    return EXIT_FINDINGS if (findings or failed) else EXIT_CLEAN


def _totals(documents: int, mt: int, drift: int, failed: int) -> None:
    _err(f"{documents} documents checked, {mt} machine-translated, {drift} drifted sentences, {failed} unreadable files")


def _no_readable_files(engine: Engine, directory: Path, report: Report) -> None:
    found = "only files that could not be read" if report.errors else (
        f"no {', '.join(engine.settings.suffixes)} files (suffixes: [tool.transcheck] suffixes)")
    _err(f"transcheck: no readable files under {shown_path(str(directory))}: {found}")


def _finish(report, fmt: str, output: Path | None, quiet: bool, payload_out: bool = True) -> None:
    """Write the payload (not to a file when nothing could be checked), the summary, and exit."""
    from .report import get_formatter
    from .report.text import summary_table

    code = _exit_code(len(report.documents), report.has_findings, bool(report.failed))
    if payload_out and (output is None or code != EXIT_ERROR):
        emit(get_formatter(fmt)(report), output)
    if not quiet and fmt != "text" and report.documents:
        from rich.console import Console

        console = Console(stderr=True)
        if not console.is_terminal:  # a log file or a pipe: rich's default 80 columns squeeze out the paths
            console = Console(stderr=True, width=140)
        console.print(summary_table(report))
    for e in report.errors:
        if fmt != "text" or output is not None or not payload_out:
            _err(f"{e.severity}: {shown_path(e.path)}: {e.message}")
    if not quiet:
        _totals(len(report.documents), sum(d.machine_translated for d in report.documents),
                sum(d.drift_count for d in report.documents), len(report.failed))
    raise typer.Exit(code)


@app.command(cls=FlagCommand)
def check(
    ctx: typer.Context,
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
    target = checked_output(ctx, output)
    engine = _engine(model, no_cache, mt_threshold, drift_threshold)
    report = engine.check_files([str(f) for f in files], [str(a) for a in against], RichProgress(not quiet))
    _finish(report, fmt.value, target, quiet)


@app.command(cls=FlagCommand)
def scan(
    ctx: typer.Context,
    directory: Path = typer.Argument(..., help="Folder to scan recursively."),
    fmt: ScanFmt = typer.Option(
        ScanFmt.text, "--format", "-f",
        help=FORMAT_HELP + " html: a highlight page. jsonl: one document per line, written as each story "
                           "finishes (no report held in memory), then one summary line."),
    output: Path | None = OUTPUT_OPTION,
    model: str | None = MODEL_OPTION,
    mt_threshold: float | None = MT_THRESHOLD_OPTION,
    drift_threshold: float | None = DRIFT_THRESHOLD_OPTION,
    no_cache: bool = NO_CACHE_OPTION,
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", min=0,
        help="Worker processes for comparing stories (default 0: one per CPU core; 1: none). "
             "Results are the same with any number."),
    story_of: Path | None = typer.Option(
        None, "--story-of", help="A file of the folder: show its story and its nearest documents, with why "
                                 "each was or was not grouped with it (to force a grouping: check --against)."),
    quiet: bool = QUIET_OPTION,
) -> None:
    """Scan a folder: group documents into stories and check each against the others."""
    from .text.read import InputError

    target = checked_output(ctx, output)
    engine = _engine(model, no_cache, mt_threshold, drift_threshold, jobs)
    if fmt == ScanFmt.jsonl:
        _scan_jsonl(engine, directory, target, quiet, str(story_of) if story_of else None)
    try:
        report = engine.scan(str(directory), RichProgress(not quiet), str(story_of) if story_of else None)
    except InputError as exc:
        _err(f"transcheck: {shown_path(str(exc))}")
        raise typer.Exit(EXIT_ERROR) from None
    if not report.documents:
        _no_readable_files(engine, directory, report)
    _finish(report, fmt.value, target, quiet)


def _scan_jsonl(engine: Engine, directory: Path, target: Path | None, quiet: bool, story_of: str | None) -> None:
    """``scan --format jsonl``: each document as one line (``"record": "document"``) as its story
    finishes, then one ``"record": "summary"`` line with everything else of the JSON report
    (stories, story links, errors); the exit code is that of the other formats."""
    from .jsonutil import line
    from .text.read import InputError

    counts = {"documents": 0, "machine_translated": 0, "drift": 0, "with_findings": 0}
    try:
        with open_atomic(target) if target is not None else nullcontext(sys.stdout) as out:

            def emit_line(payload: dict[str, Any]) -> None:
                try:
                    out.write(line(payload))
                    out.flush()
                except OSError as exc:
                    raise _Failed(exc, writing=True) from exc

            def write(reports: list[DocumentReport], filling: Report) -> None:
                for d in reports:
                    emit_line({"record": "document", **filling.document_dict(d)})
                    counts["documents"] += 1
                    counts["machine_translated"] += d.machine_translated
                    counts["drift"] += d.drift_count
                    counts["with_findings"] += d.has_findings

            try:
                report = engine.scan(str(directory), RichProgress(not quiet), story_of, on_documents=write)
            except OSError as exc:  # not the output's: handled below as in any other format
                raise _Failed(exc, writing=False) from exc
            if not counts["documents"]:
                raise _NothingChecked(report)
            summary = report.to_dict()
            summary.pop("documents")
            emit_line({"record": "summary", "documents": counts["documents"], **summary})
    except InputError as exc:
        _err(f"transcheck: {shown_path(str(exc))}")
        raise typer.Exit(EXIT_ERROR) from None
    except (_Failed, OSError) as exc:  # a bare OSError: the output file itself (create, rename)
        if isinstance(exc, _Failed) and not exc.writing:  # the partial file is removed; an internal
            raise exc.error from None  # error, as with -f json
        cause = exc.error if isinstance(exc, _Failed) else exc
        where = "standard output" if target is None else shown_path(str(target))
        _err(f"transcheck: cannot write {where}: {cause.strerror or cause}")
        raise typer.Exit(EXIT_ERROR) from None
    except _NothingChecked as nothing:
        report = nothing.report
        _no_readable_files(engine, directory, report)
    for e in report.errors:
        _err(f"{e.severity}: {shown_path(e.path)}: {e.message}")
    if target is not None and counts["documents"]:
        _err(f"wrote {shown_path(str(target))}")
    if not quiet:
        _totals(counts["documents"], counts["machine_translated"], counts["drift"], len(report.failed))
    raise typer.Exit(_exit_code(counts["documents"], bool(counts["with_findings"]), bool(report.failed)))


class _Failed(Exception):
    """An OSError met while streaming a jsonl report: in writing a line (``writing``: a full disk,
    a closed pipe) or in the scan itself, which are told apart."""

    def __init__(self, error: OSError, writing: bool):
        super().__init__(str(error))
        self.error, self.writing = error, writing


class _NothingChecked(Exception):
    """A jsonl scan that checked no document: its file is not written (exit code 2)."""

    def __init__(self, report: Report):
        super().__init__("no document")
        self.report = report


@app.command(cls=FlagCommand)
def highlight(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="The copy to examine."),
    against: list[Path] = typer.Option(..., "--against", "-a", help="Original(s) to compare with."),
    output: Path = typer.Option(..., "--output", "-o",
                                help="HTML file to write ('-': stdout, and no summary there). "
                                     "The folder must exist. A failed run (exit 2 or 3) removes the file."),
    fmt: Fmt = typer.Option(Fmt.text, "--format", "-f", help="Format of the summary on stdout."),
    model: str | None = MODEL_OPTION,
    no_cache: bool = NO_CACHE_OPTION,
    quiet: bool = QUIET_OPTION,
) -> None:
    """Write a self-contained HTML page: texts side by side, drift and differing words highlighted."""
    from .report.html import render as render_html

    target = checked_output(ctx, output)
    engine = _engine(model, no_cache)
    report = engine.check_files([str(file)], [str(a) for a in against], RichProgress(not quiet))
    if report.documents:
        emit(render_html(report), target)
    # with the page on stdout the summary stays off it
    _finish(report, fmt.value, None, quiet, payload_out=target is not None)


@app.command(cls=FlagCommand)
def compare(
    ctx: typer.Context,
    pairs: Path = typer.Option(..., "--pairs", help='JSONL with {"original": ..., "candidate": ...} per line.'),
    fmt: Fmt = typer.Option(Fmt.json, "--format", "-f", help="json: one result per line (JSONL); text: a table."),
    output: Path | None = OUTPUT_OPTION,
    model: str | None = MODEL_OPTION,
    drift_threshold: float | None = DRIFT_THRESHOLD_OPTION,
    no_cache: bool = NO_CACHE_OPTION,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
) -> None:
    """Score sentence pairs in bulk (like sacrebleu or comet-score) and write JSONL results."""

    target = checked_output(ctx, output)
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
    emit(payload, target)
    drifted = sum(r.drifted for r in results)
    if not quiet:
        _err(f"{len(results)} pairs scored, {drifted} drifted")
    raise typer.Exit(EXIT_FINDINGS if drifted else EXIT_CLEAN)


def _pairs_error(path: Path, n: int, message: str) -> typer.Exit:
    _err(f"transcheck: {shown_path(str(path))}:{n}: {message}")
    return typer.Exit(EXIT_ERROR)


def _read_pairs(path: Path) -> list[dict]:
    """The rows of a JSONL file (a UTF-8 BOM allowed); a line that is not UTF-8, not a JSON object
    with string fields "original" and "candidate", or holds a lone surrogate (``"\\ud800"``) is a
    message with its line number and exit code 2."""
    rows = []
    try:
        fh = open(path, "rb")  # noqa: SIM115 -- closed by `with fh:` below; only open() errors are caught here
    except OSError as exc:
        _err(f"transcheck: {shown_path(str(path))}: {exc.strerror}")
        raise typer.Exit(EXIT_ERROR) from None
    with fh:
        for n, raw in enumerate(fh, 1):
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _pairs_error(path, n, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})") from None
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except (ValueError, RecursionError) as exc:
                raise _pairs_error(path, n, f"not JSON: {exc}") from None
            if not isinstance(row, dict):
                raise _pairs_error(path, n, f"not a JSON object but {type(row).__name__}")
            if not isinstance(row.get("original"), str) or not isinstance(row.get("candidate"), str):
                raise _pairs_error(path, n, 'needs string fields "original" and "candidate"')
            try:
                json.dumps(row, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError:
                raise _pairs_error(path, n, "a lone surrogate (such as \\ud800) is no text") from None
            rows.append(row)
    return rows


@app.command(cls=FlagCommand)
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
        sys.stdout.write("".join(line + "\n" for line in info_lines(sig)))


def info_lines(value: Any, indent: int = 0, width: int = 100) -> list[str]:
    """``info`` for people: nested tables as indented ``key: value`` lines, a list of plain values
    as one comma-separated line (folded at ``width``), no JSON quoting."""
    pad = "  " * indent
    out: list[str] = []
    for key, v in value.items():
        if isinstance(v, dict) and v:
            out.append(f"{pad}{key}:")
            out.extend(info_lines(v, indent + 1, width))
        elif isinstance(v, list) and all(not isinstance(x, (dict, list)) for x in v):
            words = [str(x) for x in v] or ["(none)"]
            line = f"{pad}{key}: "
            for k, w in enumerate(words):
                piece = w + ("," if k < len(words) - 1 else "")
                if len(line) + len(piece) > width and not line.endswith(": "):
                    out.append(line.rstrip())
                    line = pad + "    "
                line += piece + " "
            out.append(line.rstrip())
        elif isinstance(v, list):
            out.append(f"{pad}{key}:")
            for x in v:
                out.extend(info_lines(x, indent + 1, width) if isinstance(x, dict) else [f"{pad}  - {x}"])
        else:
            shown = {True: "yes", False: "no", None: "(none)"}.get(v, v) if isinstance(v, (bool, type(None))) else v
            text = f"{pad}{key}: {shown}"
            if len(text) <= width or "path" in key or "dir" in key:
                out.append(text)
            else:  # long prose (what a model was trained on) folded at word boundaries
                out.extend(textwrap.wrap(text, width, subsequent_indent=pad + "    ", break_long_words=False,
                                         break_on_hyphens=False))
    return out


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
