"""Characters no library downstream should see, and paths shown to a person.

:func:`clean_text` replaces control characters (all but ``\\n``, ``\\r`` and ``\\t``) and lone
surrogates by U+FFFD, one character for one, so offsets into the cleaned text index the text given.
:func:`shown_path` escapes what could forge a line or reorder a line in a report: control, format
(bidi overrides, zero-width) and separator characters, and the undecodable bytes of a file name.
"""

from __future__ import annotations

import re
import unicodedata

REPLACEMENT = "\ufffd"
# C0 and C1 controls but tab, line feed and carriage return; DEL; every surrogate code point
_UNCLEAN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SHOWN_AS_ESCAPE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def clean_text(text: str) -> tuple[str, int]:
    """``text`` with its control characters and lone surrogates replaced, and how many were."""
    cleaned, n = _UNCLEAN.subn(REPLACEMENT, text)
    return cleaned, n


def shown_path(path: str) -> str:
    """``path`` as a report shows it: every character that is not printable text escaped as
    Python writes it (``\\n``, ``\\u202e``), a byte a file name could not decode (kept by
    ``surrogateescape``) as ``\\xff``. Other text is left as it is."""
    if path.isprintable():
        return path
    out = []
    for ch in path:
        if ch == " " or unicodedata.category(ch) not in _SHOWN_AS_ESCAPE:
            out.append(ch)
        elif "\udc80" <= ch <= "\udcff":
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)
