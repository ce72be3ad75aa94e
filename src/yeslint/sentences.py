"""Split a segment into sentence-sized pieces before parsing, deterministically.

The parser still finds sentences inside each piece; this split only decides what is sent
to it together. Because it never depends on the prefilter, each piece is parsed exactly
the same way whether its neighbours were skipped or not: findings stay identical with the
prefilter on or off. It splits conservatively: after ``.``, ``!`` or ``?`` followed by
space and a capital, digit or quote, but not after common abbreviations.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    """mr mrs ms dr st no nos vs etc e.g i.e approx dept est inc ltd co jr sr p.o a.m p.m u.s
    mon tue wed thu fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec fig min max""".split()
)
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9$£€])")
_WORD_CHAR = re.compile(r"[\w.]")

MAX_PIECE = 1000
"""Customer-facing sentences are far shorter. A longer run-on (a list glued with "and", a
page without full stops) is cut into parts of at most this many characters: spaCy's
dependency matcher slows down steeply on long sentences that repeat a trigger word, and
one such line must not stall a CI run."""
_CLAUSE_END = re.compile(r"[;:,]\s+|\s+(?=(?:and|or|but)\s)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the pieces of ``text``; together they cover all of it."""
    pieces: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        word = _word_before(text, start, match).rstrip(".")
        if text[match.start()] == "." and word.lower() in ABBREVIATIONS:
            continue
        if text[match.start()] == "." and len(word) == 1:
            continue  # an initial: "J. Smith"
        pieces.append((start, match.end()))
        start = match.end()
    if start < len(text):
        pieces.append((start, len(text)))
    return [part for piece in pieces for part in _bounded(text, *piece)]


def _word_before(text: str, start: int, boundary: re.Match[str]) -> str:
    """The word a boundary follows, with the dots inside and after it ("e.g."), or "".

    Scanned back from the boundary: a right-anchored regular expression searched from the
    piece's start tried every position of a long paragraph and took most of the split's
    time. `tests/test_properties.py` checks that both read the same word.
    """
    begin = boundary.start()
    while begin > start and _WORD_CHAR.match(text, begin - 1):
        begin -= 1
    end = boundary.start()
    while end < boundary.end() and text[end] == ".":
        end += 1
    return text[begin:end]


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The piece, cut after its last clause break (else white space) within `MAX_PIECE`."""
    parts: list[tuple[int, int]] = []
    while end - start > MAX_PIECE:
        limit = start + MAX_PIECE
        cut = max((m.end() for m in _CLAUSE_END.finditer(text, start + 1, limit)), default=-1)
        if cut <= start:
            space = text.rfind(" ", start + 1, limit)
            cut = space + 1 if space > start else limit
        parts.append((start, cut))
        start = cut
    parts.append((start, end))
    return parts
