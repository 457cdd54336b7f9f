"""What keeps a command's failure from passing for a result: output paths checked before the run,
reports written atomically, a failed run's old report removed, an unexpected exception logged with
its traceback and turned into exit code 3, and boolean flags shown as flags in ``--help``.

Exit codes: 0 nothing found; 1 findings; 2 usage, configuration, input or output error; 3 internal
error (a bug: the traceback is in a log file named on stderr).
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from .text.clean import shown_path

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports it
_OUTPUT_KEY = "transcheck.output"  # ctx.meta: the report file a failed run must not leave behind
_REFUSED_ROOTS = ("/proc", "/sys")


def err(msg: str) -> None:
    typer.echo(msg, err=True)


class OutputError(Exception):
    """An output path no report can be written to, with a message for a person."""


def output_target(output: Path | str | None, meta: dict[str, Any] | None = None) -> Path | None:
    """The file a report goes to, None for stdout (no ``--output``, or ``-``). Refused (exit 2):
    a folder, a path whose folder does not exist (it is not created), anything under /proc or /sys.
    The path is remembered in ``meta`` (the command's ``ctx.meta``), so that a run that fails
    removes an old report there."""
    if output is None or str(output) == "-":
        return None
    path = Path(output)
    absolute = os.path.abspath(path)
    if any(absolute == root or absolute.startswith(root + os.sep) for root in _REFUSED_ROOTS):
        raise OutputError(f"{shown_path(str(path))}: refusing to write a report under {absolute.split(os.sep)[1]!s}")
    if os.path.isdir(path):
        raise OutputError(f"{shown_path(str(path))}: is a folder; name a file")
    parent = os.path.dirname(absolute)
    if not os.path.isdir(parent):
        what = "is not a folder" if os.path.exists(parent) else "does not exist"
        raise OutputError(f"{shown_path(str(path))}: folder {shown_path(parent)} {what} (it is not created)")
    if meta is not None:
        meta[_OUTPUT_KEY] = path
    return path


def checked_output(ctx: typer.Context, output: Path | None) -> Path | None:
    """:func:`output_target`, or the message and exit code 2."""
    try:
        return output_target(output, ctx.meta)
    except OutputError as exc:
        err(f"transcheck: {exc}")
        raise typer.Exit(EXIT_ERROR) from None


def _is_regular_or_missing(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True


def write_atomic(path: Path, data: str) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed over it, so that no reader sees
    half a report. A device or pipe (``/dev/null``, ``/dev/stdout``) is written in place, never
    replaced. The folder must exist."""
    with open_atomic(path) as fh:
        fh.write(data)


@contextmanager
def open_atomic(path: Path) -> Iterator[TextIO]:
    """A text stream for a report written piece by piece (``--format jsonl``): a temporary file
    beside ``path``, renamed over it when the block ends, removed if it raises; a device or pipe
    is written in place."""
    path = Path(path)
    if not _is_regular_or_missing(path):
        with open(path, "w", encoding="utf-8") as fh:
            yield fh
        return
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
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


def emit(payload: str, output: Path | None, announce: bool = True) -> None:
    """The payload to stdout (``output`` None) or to the file; a file that cannot be written is a
    message and exit code 2."""
    if output is None:
        sys.stdout.write(payload)
        sys.stdout.flush()
        return
    try:
        write_atomic(output, payload)
    except OSError as exc:
        err(f"transcheck: cannot write {shown_path(str(output))}: {exc.strerror or exc}")
        raise typer.Exit(EXIT_ERROR) from None
    if announce:
        err(f"wrote {shown_path(str(output))}")


def discard_stale_output(meta: dict[str, Any]) -> None:
    """Remove the report file a failed run was to write, so that an old one never looks current.
    Only a regular file is removed (not a link, a device or a folder)."""
    path = meta.pop(_OUTPUT_KEY, None)
    if path is None:
        return
    try:
        if stat.S_ISREG(os.lstat(path).st_mode):
            os.unlink(path)  # silently: an internal error prints one line only
    except OSError:
        pass


def _log_folders() -> list[Path]:
    folders = []
    try:
        from .config import load_settings
        from .store import cache_folder

        folders.append(cache_folder(load_settings().cache_dir) / "logs")
    except Exception:  # the settings may be what failed
        pass
    try:
        from .store import default_cache_dir

        folders.append(default_cache_dir() / "logs")
    except Exception:
        pass
    folders.append(Path(tempfile.gettempdir()))
    return folders


def log_internal_error(exc: BaseException) -> Path | None:
    """Write the traceback of ``exc`` to ``transcheck-<time>-<pid>.log`` in the cache folder's
    ``logs/``, else the system's temporary folder; the file's path, or None if none could be written."""
    from . import __version__

    name = f"transcheck-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}.log"
    body = (f"transcheck {__version__}, Python {sys.version.split()[0]}\n"
            f"command: {sys.argv!r}\n\n" + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    for folder in _log_folders():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(body, encoding="utf-8", errors="backslashreplace")
            return path
        except OSError:
            continue
    return None


def internal_error(exc: BaseException) -> None:
    """One line on stderr naming the log file with the traceback."""
    log = log_internal_error(exc)
    what = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
    where = f"traceback in {shown_path(str(log))}" if log is not None else "no log file could be written"
    err(f"transcheck: internal error ({shown_path(what)}); {where}; please report it")


_EXPECTED = (typer.Exit, typer.Abort, typer.TyperException)


def _show_flags_as_flags(params: list[Any]) -> list[Any]:
    for p in params:
        if isinstance(p, TyperOption) and p.is_flag and p.metavar is None:
            p.metavar = ""
    return params


class GuardedGroup(TyperGroup):
    """Runs every command under the guard: an unexpected exception is logged, exit code 3; Ctrl-C
    is exit code 130; a run that ends with exit code 2 or 3 (or is interrupted) leaves no report
    file behind."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.Exit as exc:
            if exc.exit_code >= EXIT_ERROR:
                discard_stale_output(ctx.meta)
            raise
        except _EXPECTED:
            discard_stale_output(ctx.meta)
            raise
        except Exception as exc:
            discard_stale_output(ctx.meta)
            internal_error(exc)
            raise typer.Exit(EXIT_INTERNAL) from None
        except KeyboardInterrupt:  # 130 like a shell, not click's 1 (which reads as "findings")
            discard_stale_output(ctx.meta)
            err("transcheck: interrupted")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BaseException:
            discard_stale_output(ctx.meta)
            raise

    def get_params(self, ctx: Any) -> list[Any]:
        return _show_flags_as_flags(super().get_params(ctx))


class FlagCommand(TyperCommand):
    """Shows a boolean flag as ``--quiet``, not ``--quiet <bool>`` (typer 0.29 gives every option
    a type column)."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _show_flags_as_flags(super().get_params(ctx))
