"""Turn a `Source` into prose `Segment`s whose offsets map back to the original file.

Markup is dropped and entities decoded, so the NLP stage sees clean prose, yet every
character of a segment knows where it came from: findings point at the exact characters
of the file, whatever surrounds them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from yeslint.model import Kind, Source
from yeslint.segment.base import Segment, SegmentBuilder
from yeslint.segment.html import html_segments
from yeslint.segment.markdown import markdown_segments
from yeslint.segment.plain import plain_segments

_SEGMENTERS: dict[Kind, Callable[[str], Iterator[Segment]]] = {
    Kind.TEXT: plain_segments,
    Kind.MARKDOWN: markdown_segments,
    Kind.HTML: html_segments,
}


def segment_source(source: Source) -> Iterator[Segment]:
    """Yield the prose segments of a source, in document order, skipping blank ones."""
    for segment in _SEGMENTERS[source.kind](source.text):
        if segment.text.strip():
            yield segment


__all__ = ["Segment", "SegmentBuilder", "segment_source"]
