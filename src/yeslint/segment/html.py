"""HTML: the visible text of a page, read with the standard library's tokenizer.

``html.parser`` is the one HTML reader that reports where each piece of text starts;
with ``convert_charrefs=False`` it hands entities over separately, so decoded text
still maps to the exact characters of the file. Block-level tags end a segment, so a
list of rules never runs together into one sentence.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from yeslint.segment.base import Segment, SegmentBuilder

HIDDEN_ELEMENTS: frozenset[str] = frozenset(
    {"script", "style", "noscript", "template", "head", "svg", "math", "code", "pre", "textarea"}
)
BLOCK_ELEMENTS: frozenset[str] = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "option",
        "p",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
        "button",
        "label",
        "select",
    ]
)
VOID_ELEMENTS: frozenset[str] = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_ALT = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)


class _VisibleText(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0]
        self.line_starts.extend(m.end() for m in re.finditer("\n", text))
        self.builder = SegmentBuilder()
        self.segments: list[Segment] = []
        self.hidden: list[str] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _break(self) -> None:
        if (segment := self.builder.flush()) is not None:
            self.segments.append(segment)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and "head" in self.hidden:  # browsers close an unclosed <head> here
            del self.hidden[self.hidden.index("head") :]
        if tag in HIDDEN_ELEMENTS and tag not in VOID_ELEMENTS:
            self.hidden.append(tag)
        if tag in BLOCK_ELEMENTS:
            self._break()
        if tag == "img" and not self.hidden:
            self._alt_text()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_ELEMENTS:
            self._break()
        if tag == "img" and not self.hidden:
            self._alt_text()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.hidden:
            while self.hidden and self.hidden.pop() != tag:
                pass
        if tag in BLOCK_ELEMENTS:
            self._break()

    def _alt_text(self) -> None:
        raw = self.get_starttag_text() or ""
        match = _ALT.search(raw)
        if not match:
            return
        group = next(i for i in (1, 2, 3) if match.group(i) is not None)
        start = self._offset() + match.start(group)
        value = match.group(group)
        self._break()
        decoded = html.unescape(value)
        if decoded == value:
            self.builder.verbatim(value, start)
        else:
            self.builder.replacement(decoded, start, start + len(value))
        self._break()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.builder.prose(data, self._offset())

    def _reference(self, raw_length: int) -> None:
        """Decode the reference exactly as written, so ``&ampx`` reads ``&x`` as a browser shows it."""
        if self.hidden:
            return
        start = self._offset()
        end = start + raw_length
        if self.text[end : end + 1] == ";":
            end += 1
        self.builder.replacement(html.unescape(self.text[start:end]), start, end)

    def handle_entityref(self, name: str) -> None:
        self._reference(len(name) + 1)

    def handle_charref(self, name: str) -> None:
        self._reference(len(name) + 2)


def html_segments(text: str) -> Iterator[Segment]:
    parser = _VisibleText(text)
    parser.feed(text)
    parser.close()
    parser._break()
    yield from parser.segments
