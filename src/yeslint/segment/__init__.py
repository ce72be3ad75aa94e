"""Turn a `Source` into prose `Segment`s whose offsets map back to the original file.

Markup is dropped and entities decoded, so the NLP stage sees clean prose, yet every
character of a segment knows where it came from: findings point at the exact characters
of the file, whatever surrounds them.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable, Iterator
from typing import Final

from yeslint.model import Kind, Source
from yeslint.segment.base import Segment, SegmentBuilder

_SEGMENTERS: dict[Kind, str] = {
    Kind.TEXT: "plain:plain_segments",
    Kind.MARKDOWN: "markdown:markdown_segments",
    Kind.HTML: "html:html_segments",
}
"""Each format's segmenter, imported when a file of that format turns up (the Markdown
parser alone takes ~0.1 s to import)."""


def _segmenter(kind: Kind) -> Callable[..., Iterator[Segment]]:
    module, _, function = _SEGMENTERS[kind].partition(":")
    segmenter: Callable[..., Iterator[Segment]] = getattr(
        importlib.import_module(f"yeslint.segment.{module}"), function
    )
    return segmenter


def segmenter_loaded(kind: Kind) -> bool:
    """Whether this format's segmenter is imported already (then segmenting costs little)."""
    return f"yeslint.segment.{_SEGMENTERS[kind].partition(':')[0]}" in sys.modules


MAX_WORD: Final = 200
"""Longer runs without white space are never words a customer reads (base64, hashes, ASCII
art, "[[[[..."); spaCy's tokenizer takes time quadratic in a token's length, so they are
left out rather than parsed."""
MAX_SEGMENT: Final = 20_000
"""Real paragraphs are far shorter; a megabyte line with no break is cut at white space
into parts the parser takes quickly (and always under spaCy's ``max_length``)."""
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD + 1},}}")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)")
TEMPLATE_TAG: Final = re.compile(
    r"\{\{[<%].{0,2000}?[%>]\}\}|\{%.{0,2000}?%\}|\{#.{0,2000}?#\}|\{/\*.{0,2000}?\*/\}"
    r"|\{:?[ \t]*[.#][\w-][^{}]{0,500}\}"
)
"""Markup of the site generators web copy is written for, which no customer ever reads:
Hugo shortcodes (``{{< note >}}``, ``{{% ref %}}``), Liquid, Jinja and Nunjucks tags and
comments (``{% if %}``, ``{# #}``), MDX comments (``{/* */}``) and kramdown/Pandoc
attribute lists (``{.lead}``). Each reads as a space, as an inline HTML tag does. Output tags
(``{{ first_name }}``) stand for words of the sentence and stay."""


def segment_source(source: Source, wanted: Callable[[str], bool] | None = None) -> Iterator[Segment]:
    """Yield the prose segments of a source, in document order, skipping blank ones.

    ``wanted`` may pass over blocks whose raw source it rejects: Markdown's inline pass is
    worth skipping (see `markdown_segments`); text and HTML segment cheaply, so they ignore it.
    """
    segmenter = _segmenter(source.kind)
    found = segmenter(source.text, wanted) if source.kind is Kind.MARKDOWN else segmenter(source.text)
    for segment in found:
        if "{" in segment.text:
            segment = _without_templates(segment)
        if len(segment.text) > MAX_WORD:
            yield from _bounded(segment)
        elif segment.text.strip():
            yield segment


def _without_templates(segment: Segment) -> Segment:
    spans = [match.span() for match in TEMPLATE_TAG.finditer(segment.text)]
    if not spans:
        return segment
    return segment.blanked(spans).stripped()


def _bounded(segment: Segment) -> Iterator[Segment]:
    """The segment without overlong non-words, in parts of at most `MAX_SEGMENT` characters."""
    start = 0
    for long_word in [*_LONG_WORD.finditer(segment.text), None]:
        end = long_word.start() if long_word else len(segment.text)
        while end - start > MAX_SEGMENT:
            cut = _cut(segment.text, start)
            yield from _nonblank(segment.cut(start, cut))
            start = cut
        yield from _nonblank(segment.cut(start, end))
        start = long_word.end() if long_word else end


def _cut(text: str, start: int) -> int:
    """Where to end a part that starts at ``start``: after its last sentence if it has one, so
    no sentence is split between parts; else at its last space; else anywhere."""
    limit = start + MAX_SEGMENT
    ends = [m.end() for m in _SENTENCE_END.finditer(text, start + 1, limit)]
    if ends:
        return ends[-1]
    space = text.rfind(" ", start + 1, limit)
    return space if space > start else limit


def _nonblank(segment: Segment) -> Iterator[Segment]:
    if segment.text.strip():
        yield segment


__all__ = ["Segment", "SegmentBuilder", "segment_source", "segmenter_loaded"]
