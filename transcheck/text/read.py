"""Reading input files safely: size, binary and encoding checks, HTML reduced to article text.

Every failure raises :class:`InputError` with a message meant for a person; callers turn it into a
per-file error and carry on with the other files.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from .clean import clean_text

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
    extracted: bool = False  # the text was extracted from HTML: it is not the file's own characters


# Byte order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
)


def _bom_encoding(data: bytes) -> str | None:
    return next((enc for bom, enc in _BOMS if data.startswith(bom)), None)


def _utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when ``head`` (the first few KB) reads as UTF-16 text of
    mostly Latin letters without a byte order mark: a NUL in (nearly) every second byte, at odd
    offsets (LE) or even ones (BE), and (nearly) none at the others. Else None."""
    head = head[: len(head) & ~1]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    n = len(even)
    even_nul, odd_nul = even.count(0) / n, odd.count(0) / n
    if odd_nul >= 0.7 and even_nul <= 0.05:
        return "utf-16-le"
    if even_nul >= 0.7 and odd_nul <= 0.05:
        return "utf-16-be"
    return None


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    if b"\x00" in head:
        # UTF-16/32 text has NULs too; a BOM, or their pattern in UTF-16 of Latin text, tells it apart.
        return _bom_encoding(head) is None and _utf16_without_bom(head) is None
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(head) > 0.10


# Mostly UTF-8: at most this share of the bytes invalid (stray latin-1 bytes in a UTF-8 file).
MAX_INVALID_UTF8 = 0.01
_ESCAPED = re.compile("[\udc80-\udcff]")  # an invalid byte, as the surrogateescape handler writes it


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode bytes to text: by its byte order mark (UTF-32, UTF-16), else as UTF-16 without a mark
    when the NULs fall in every second byte (with a warning), else UTF-8, else UTF-8 with replacement
    when at most 1% of the bytes are invalid (a warning counts them), else the best guess of
    charset-normalizer, else UTF-8 with replacement. Never raises: what does not decode
    becomes U+FFFD, with a warning. Control characters (but tab and line breaks) and lone
    surrogates become U+FFFD too (:func:`transcheck.text.clean.clean_text`), one for one."""
    text, encoding, warnings = _decode(data)
    text, replaced = clean_text(text)
    if replaced:
        warnings.append(f"{replaced} control character(s) or lone surrogate(s) replaced by U+FFFD")
    return text, encoding, warnings


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    bom = _bom_encoding(data)
    if bom is not None:
        try:
            return data.decode(bom), bom, []
        except UnicodeDecodeError as exc:
            return data.decode(bom, "replace"), bom, [f"invalid {bom.upper()} ({exc.reason}): replaced by U+FFFD"]
    utf16 = _utf16_without_bom(data[:8192])
    if utf16 is not None:
        even = data[: len(data) & ~1]
        warning = f"no byte order mark: decoded as {utf16.upper()}"
        try:
            text = even.decode(utf16)
        except UnicodeDecodeError:
            text, warning = even.decode(utf16, "replace"), warning + ", invalid units replaced by U+FFFD"
        if len(even) < len(data):
            text, warning = text + "\ufffd", warning + ", odd last byte replaced by U+FFFD"
        return text, "utf-16", [warning]
    try:
        return data.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8-sig", "surrogateescape")
    invalid = len(_ESCAPED.findall(escaped))
    if invalid <= MAX_INVALID_UTF8 * len(data):
        return (_ESCAPED.sub("\ufffd", escaped), "utf-8",
                [f"mostly UTF-8: {invalid} invalid byte(s) replaced by U+FFFD"])
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return (data.decode("utf-8-sig", "replace"), "utf-8",
                ["not UTF-8 and no other encoding fits: undecodable bytes replaced by U+FFFD"])
    return str(best), best.encoding, [f"not UTF-8: decoded as {best.encoding}"]


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


def _read_at_most(fh: BinaryIO, limit: int) -> bytes:
    """At most ``limit`` bytes of ``fh``, read in 1 MiB pieces (a file may grow after its stat)."""
    parts = []
    left = limit
    while left > 0:
        part = fh.read(min(left, 1 << 20))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


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
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory")
    if not stat.S_ISREG(st.st_mode):  # never opened: a FIFO blocks, /dev/zero never ends
        kind = {stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device",
                stat.S_IFSOCK: "a socket"}.get(stat.S_IFMT(st.st_mode), "special")
        raise InputError(f"not a regular file ({kind})")
    if st.st_size == 0:
        raise InputError("empty file")
    if st.st_size > max_bytes:
        raise InputError(
            f"file too large: {st.st_size / 1e6:.1f} MB exceeds the {max_bytes / 1e6:.1f} MB limit "
            "(raise max_file_mb in [tool.transcheck])"
        )
    try:
        with open(p, "rb") as fh:  # up to the limit and a byte, in pieces: never a buffer of the limit's size
            data = _read_at_most(fh, max_bytes + 1)
    except PermissionError as exc:
        raise InputError("permission denied") from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:  # it grew after the stat
        raise InputError(f"file too large: it exceeds the {max_bytes / 1e6:.1f} MB limit "
                         "(raise max_file_mb in [tool.transcheck])")
    if _looks_binary(data[:8192]):
        raise InputError("binary file, not text")
    text, encoding, warnings = decode_bytes(data)
    extracted = is_html(p, text)
    if extracted:
        text = clean_text(html_to_text(text))[0]
    if not text.strip():
        raise InputError("empty file (only white space)")
    if not text.replace("\ufffd", "").strip():
        raise InputError("no text: only undecodable bytes or control characters (replaced by U+FFFD)")
    return LoadedText(path=p, text=text, encoding=encoding, warnings=warnings, extracted=extracted)


def iter_files(root: str | os.PathLike[str], suffixes: tuple[str, ...] = TEXT_SUFFIXES,
               onerror: Callable[[str, str], None] | None = None) -> Iterator[str]:
    """Files under ``root`` with a text suffix, in a stable order; directory links are not followed.

    File links are yielded (their targets are checked when read), so a link loop becomes a
    per-file error instead of an endless walk. A folder that cannot be listed is passed to
    ``onerror(path, message)`` (a per-path error in a scan's report) rather than skipped silently.
    """
    root = str(root)
    if os.path.isfile(root):
        yield root
        return

    def walk_error(exc: OSError) -> None:
        if onerror is not None:
            reason = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
            onerror(str(exc.filename if exc.filename is not None else root), f"cannot list folder: {reason}")

    for dirpath, dirnames, filenames in os.walk(root, onerror=walk_error, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            if name.lower().endswith(suffixes):
                yield os.path.join(dirpath, name)
        # a symlink to a directory appears in dirnames; it is not descended into.
