"""Plain text: signs, emails, notes.

Signs put one rule on each line ("No refunds" / "No exchanges") while emails wrap a
paragraph over several lines. A line break therefore ends a segment unless the text
clearly runs on: the line ends without closing punctuation and the next one starts in
lower case, or the line ends with a comma, hyphen or joining word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from yeslint.ignore import PLAIN_DIRECTIVE
from yeslint.segment.base import Segment, SegmentBuilder

_LINE = re.compile(r"[^\n]*\n?")
_BULLET = re.compile(r"\s*(?:[-*+•·▪►✓✔]|\d{1,3}[.)])\s+")
_RUNS_ON_END = re.compile(
    r"(?:[,\-–—(&/]|\b(?:and|or|but|to|of|the|a|an|for|with|our|your|if|in|on|at|by))\s*$", re.I
)
_CLOSED_END = re.compile(r"[.!?:;)\]\"”’]\s*$")


def _continues(previous: str, following: str) -> bool:
    if not following.strip() or not previous.strip():
        return False
    if _BULLET.match(following):
        return False
    if _RUNS_ON_END.search(previous):
        return True
    first = following.lstrip()[:1]
    return not _CLOSED_END.search(previous) and first.islower()


def plain_segments(text: str) -> Iterator[Segment]:
    builder = SegmentBuilder()
    previous = ""
    previous_end = 0  # just after the last character kept from the previous line
    for match in _LINE.finditer(text):
        raw = match.group()
        if not raw:
            break
        line = raw.rstrip("\r\n")
        start = match.start()
        if PLAIN_DIRECTIVE.match(line):
            line = ""  # a yeslint directive is an instruction to the linter, not prose
        bullet = _BULLET.match(line)
        skip = bullet.end() if bullet else len(line) - len(line.lstrip())
        kept = line[skip:].rstrip()
        if previous and not _continues(previous, line):
            if (segment := builder.flush()) is not None:
                yield segment
        elif previous:  # the joining space stands for the whole break: blanks, CR and LF
            builder.replacement(" ", previous_end, start + skip)
        builder.verbatim(kept, start + skip)
        previous = line
        previous_end = start + skip + len(kept)
    if (segment := builder.flush()) is not None:
        yield segment
