"""Web-page boilerplate lines: calls to action and credit lines that scraped articles carry.

"Click to comment", "Connect with us", "CLICK HERE FOR FULL VERSION OF THIS STORY", "This post will
be updated as more information comes out", "From CNBC:", and datelines ("Updated 4/11/2007 1:26 PM",
"June 25, 2005", "posted Apr 24th, 2013") are parts of the page, not sentences of the story. Two
copies of one story have different ones, so comparing them only yields false drift
("Click to comment" against "CLICK HERE FOR FULL VERSION OF THIS STORY"). A line counts only when it
stands alone (the segment is the whole line) and is short, and only when it matches one of the
patterns below, the stock phrases of page furniture (the same kind of list that boilerplate removers
such as jusText and trafilatura keep for HTML). Such lines are reported ``unmatched`` with a
``boilerplate`` reason and take no part in alignment, on either side.
"""

from __future__ import annotations

import re

MAX_WORDS = 12
_MAX_CHARS = 200
_PATTERNS = re.compile(
    r"""^(?:
        (?:click|tap)\s+(?:here|to|on|for)\b.*
      | (?:connect|follow|like|join|contact)\s+(?:with\s+)?us\b.*
      | share\s+(?:this|on|via|the)\b.*
      | (?:sign\s+up|subscribe)\s+(?:for|to|now|here|today)\b.*
      | (?:subscribe|advertisement|sponsored(?:\s+content)?|related(?:\s+(?:articles?|stories|posts?|news))?
         |comments?|leave\s+a\s+(?:comment|reply)|\d+\s+comments?|read\s+more|see\s+more|show\s+more|load\s+more)
      | read\s+(?:more|next|also|the\s+full)\b.*
      | (?:this|the)\s+(?:post|story|article|page)\s+(?:will\s+be|has\s+been|was|is\s+being)\s+updated\b.*
      | (?:source|photo|image|video|credit|credits|photograph)\s*:.*
      | (?:from|via)\s+[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}\s*:
      | (?:(?:last\s+)?(?:updated|posted|published|modified)(?:\s+(?:on|at))?\s*:?\s*)?  # a dateline
        (?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?
        (?:\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}
          |(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?(?:\s+\d{4})?
          |\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?(?:\s+\d{4})?)
        (?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_WORD = re.compile(r"\w")
_EDGES = re.compile(r"^[\s*_#>•|-]+|[\s*_#|.!…]+$")


def is_boilerplate(text: str, start: int, end: int) -> bool:
    """Whether the segment ``text[start:end]`` is a boilerplate line of its own."""
    if end - start > _MAX_CHARS:
        return False
    core = _EDGES.sub("", text[start:end])
    if not core or len(core.split()) > MAX_WORDS or _PATTERNS.match(core) is None:
        return False
    # alone on its line: no word before it on the line, none after (only marks such as a closing
    # "*"); looked for within _MAX_CHARS, so that a long line costs no more than a short one
    before = text[max(0, start - _MAX_CHARS) : start]
    after = text[end : end + _MAX_CHARS]
    cut_before, cut_after = before.rfind("\n"), after.find("\n")
    if cut_before < 0 and start > _MAX_CHARS or cut_after < 0 and end + _MAX_CHARS < len(text):
        return False
    return not (_WORD.search(before, cut_before + 1) or _WORD.search(after[: None if cut_after < 0 else cut_after]))
