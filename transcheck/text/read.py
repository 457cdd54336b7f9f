"""Reading input files safely: size, binary and encoding checks, HTML reduced to article text.

Every failure raises :class:`InputError` with a message meant for a person; callers turn it into a
per-file error and carry on with the other files.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class InputError(Exception):
    """A file that cannot be checked, with a message a person can act on."""


@dataclass
class LoadedText:
    path: str
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    if b"\x00" in head:
        # UTF-16/32 text has NULs too; a BOM tells it apart.
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(head) > 0.10


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode bytes to text: UTF-8 first, else the best guess of charset-normalizer."""
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16", warnings
    try:
        return data.decode("utf-8-sig"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError("cannot decode text: not UTF-8 and no other encoding fits")
    text = str(best)
    warnings.append(f"not UTF-8: decoded as {best.encoding}")
    return text, best.encoding, warnings


def html_to_text(html: str) -> str:
    """Reduce an HTML page to its article text (trafilatura), never executing or keeping markup."""
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=False, deduplicate=False
    )
    if not text or not text.strip():
        # Short pages fall below trafilatura's article heuristics; keep the visible text instead.
        from lxml import html as lxml_html

        try:
            root = lxml_html.document_fromstring(html)
        except Exception as exc:  # lxml raises several types for broken markup
            raise InputError(f"cannot parse HTML: {exc}") from exc
        for bad in root.xpath("//script|//style|//noscript|//template|//iframe|//object"):
            bad.drop_tree()
        text = "\n".join(t.strip() for t in root.itertext() if t.strip())
    if not text.strip():
        raise InputError("HTML page has no article text")
    return text


def is_html(path: str, text: str) -> bool:
    if path.lower().endswith(HTML_SUFFIXES):
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def load_text(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedText:
    """Read one file as text, or raise :class:`InputError` saying why it cannot be checked."""
    p = str(path)
    try:
        st = os.stat(p)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError("symbolic link loop") from exc
        if exc.errno == errno.ENOENT:
            raise InputError("no such file (or a dangling link)") from exc
        raise InputError(f"cannot read: {exc.strerror}") from exc
    if os.path.isdir(p):
        raise InputError("is a directory")
    if st.st_size == 0:
        raise InputError("empty file")
    if st.st_size > max_bytes:
        raise InputError(
            f"file too large: {st.st_size / 1e6:.1f} MB exceeds the {max_bytes / 1e6:.1f} MB limit "
            "(raise max_file_mb in [tool.transcheck])"
        )
    try:
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except PermissionError as exc:
        raise InputError("permission denied") from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from exc
    if _looks_binary(data[:8192]):
        raise InputError("binary file, not text")
    text, encoding, warnings = decode_bytes(data)
    if is_html(p, text):
        text = html_to_text(text)
    if not text.strip():
        raise InputError("empty file (only white space)")
    return LoadedText(path=p, text=text, encoding=encoding, warnings=warnings)


def iter_files(root: str | os.PathLike[str], suffixes: tuple[str, ...] = TEXT_SUFFIXES) -> Iterator[str]:
    """Files under ``root`` with a text suffix, in a stable order; directory links are not followed.

    File links are yielded (their targets are checked when read), so a link loop becomes a
    per-file error instead of an endless walk.
    """
    root = str(root)
    if os.path.isfile(root):
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            if name.lower().endswith(suffixes):
                yield os.path.join(dirpath, name)
        # a symlink to a directory appears in dirnames; it is not descended into.

