"""A prose segment and the offset map from its text back to the source file."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_LAYOUT_SPACE = re.compile(r"\s*\n\s*|\s{2,}|\t")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of segment text. Verbatim runs map char by char; replacements map as a whole.

    A replacement is text that does not appear as such in the source (``&amp;`` read as
    ``&``, a soft line break read as a space): any part of it maps to the whole source run.
    """

    start: int
    src_start: int
    src_end: int
    verbatim: bool


@dataclass(frozen=True, slots=True)
class Segment:
    """One block of prose (a paragraph, list item, table cell, heading or sign line)."""

    text: str
    pieces: tuple[Piece, ...]

    def _piece_at(self, offset: int) -> Piece:
        index = bisect.bisect_right([p.start for p in self.pieces], offset) - 1
        return self.pieces[max(index, 0)]

    def source_start(self, offset: int) -> int:
        piece = self._piece_at(offset)
        if piece.verbatim:
            return piece.src_start + (offset - piece.start)
        return piece.src_start

    def source_end(self, offset: int) -> int:
        """Map an exclusive end offset: the source position just after character ``offset - 1``."""
        if offset <= 0:
            return self.source_start(0)
        piece = self._piece_at(offset - 1)
        if piece.verbatim:
            return piece.src_start + (offset - piece.start)
        return piece.src_end

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self.source_start(start), self.source_end(end)

    def cut(self, start: int, end: int) -> Segment:
        """The part ``text[start:end]``, still mapping every character to the same source place."""
        return Segment(self.text[start:end], tuple(_trim(list(self.pieces), len(self.text), start, end)))

    def stripped(self) -> Segment:
        """The segment without outer white space; itself when it has none, or is nothing else."""
        first, last = len(self.text) - len(self.text.lstrip()), len(self.text.rstrip())
        if first >= last or (first == 0 and last == len(self.text)):
            return self
        return self.cut(first, last)

    def shifted(self, offset: int) -> Segment:
        """The same segment read from a part of a file that starts ``offset`` characters in."""
        moved = (Piece(p.start, p.src_start + offset, p.src_end + offset, p.verbatim) for p in self.pieces)
        return Segment(self.text, tuple(moved))

    def blanked(self, spans: Iterable[tuple[int, int]]) -> Segment:
        """The segment with each of ``spans`` (in order, apart) read as one space that stands
        for all of its source characters, the way an inline tag or a code span is read."""
        pieces: list[Piece] = []
        parts: list[str] = []
        own = list(self.pieces)
        at = length = 0
        for start, end in [*spans, (len(self.text), len(self.text))]:
            for piece in _trim(own, len(self.text), at, start):
                pieces.append(Piece(piece.start + length, piece.src_start, piece.src_end, piece.verbatim))
            parts.append(self.text[at:start])
            length += start - at
            if end > start:
                pieces.append(Piece(length, *self.source_span(start, end), False))
                parts.append(" ")
                length += 1
            at = end
        return Segment("".join(parts), tuple(pieces))


class SegmentBuilder:
    """Accumulates pieces of one segment; the format readers call it as they walk the markup."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pieces: list[Piece] = []
        self._length = 0

    def verbatim(self, text: str, src_start: int) -> None:
        if text:
            self._append(text, Piece(self._length, src_start, src_start + len(text), True))

    def prose(self, text: str, src_start: int) -> None:
        """Add verbatim text, but read each run of layout white space as a single space."""
        position = 0
        for match in _LAYOUT_SPACE.finditer(text):
            self.verbatim(text[position : match.start()], src_start + position)
            self.replacement(" ", src_start + match.start(), src_start + match.end())
            position = match.end()
        self.verbatim(text[position:], src_start + position)

    def replacement(self, text: str, src_start: int, src_end: int) -> None:
        if text:
            self._append(text, Piece(self._length, src_start, src_end, False))

    def _append(self, text: str, piece: Piece) -> None:
        self._parts.append(text)
        self._pieces.append(piece)
        self._length += len(text)

    def flush(self) -> Segment | None:
        """Close the current segment, trimmed of outer white space; ``None`` when it holds no text.

        Indented HTML puts a line break and spaces before most text; left in, it would become
        part of the first sentence, so that sentence would no longer equal its source text.
        """
        text, pieces = "".join(self._parts), self._pieces
        self._parts, self._pieces, self._length = [], [], 0
        return Segment(text, tuple(pieces)).stripped() if pieces else None


def _trim(pieces: list[Piece], length: int, first: int, last: int) -> Iterator[Piece]:
    """The pieces of ``text[first:last]``, renumbered; verbatim ones cut at the character."""
    ends = [p.start for p in pieces[1:]] + [length]
    for piece, end in zip(pieces, ends, strict=True):
        start = max(piece.start, first)
        if start >= min(end, last):
            continue
        if piece.verbatim:
            src_start = piece.src_start + (start - piece.start)
            src_end = piece.src_start + (min(end, last) - piece.start)
            yield Piece(start - first, src_start, src_end, True)
        else:
            yield Piece(start - first, piece.src_start, piece.src_end, False)
