"""Markdown (and MDX) through markdown-it-py, with positions recovered from its line maps.

markdown-it-py tells which source lines each block came from but not where inline text
sits. With ``text_join`` disabled its text tokens are verbatim slices of the source, and
entities and escapes arrive as ``text_special`` tokens that keep their original markup,
so a forward search from a cursor places every piece exactly.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from yeslint.segment.base import Segment, SegmentBuilder

_LINE_BREAK = re.compile(r"\r\n?|\n")
"""What markdown-it reads as a line end (its ``normalize`` rule): CRLF, a lone CR or LF."""
_ALIGN_WINDOW = 8
"""How far a character of a rewritten text token may sit from the last placed one."""


_ESM = re.compile(
    r"import\s+(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*\s+as\s+[\w$]+)?\s*(?:from\s*)?['\"]"
    r"|export\s+(?:default|const|let|var|function|async|class)\b|export\s*\{"
)
"""The first line of an MDX module statement (``import Tabs from '@theme/Tabs'``,
``export const meta = {...}``): code that reads like a paragraph, never prose."""

_TABLE_DEPTH: dict[str, int] = {"table_open": 1, "table_close": -1}
"""How a token changes the number of tables the walk is inside."""


@functools.cache
def _parser() -> MarkdownIt:
    """Built once: configuring markdown-it costs more than parsing a typical page.

    Blocks only: the inline pass (emphasis, links, entities) is run per block by
    `markdown_segments`, and only on blocks whose prose is wanted.
    """
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)
    return md.disable(["text_join", "inline"])


class _InlineWalker:
    """Places the children of one inline token in the source and feeds a builder."""

    def __init__(self, text: str, cursor: int, builder: SegmentBuilder, limit: int) -> None:
        self.text = text
        self.cursor = cursor
        self.limit = limit  # the end of the block: text found past it belongs to a later block
        self.builder = builder
        self.skip_depth = 0

    def _find(self, needle: str) -> int:
        found = self.text.find(needle, self.cursor, self.limit)
        return found if found >= 0 else self.cursor

    def walk(self, tokens: list[Token]) -> int:
        for token in tokens:
            handler = getattr(self, f"_on_{token.type}", None)
            if handler is not None:
                handler(token)
        return self.cursor

    def _on_text(self, token: Token) -> None:
        if not token.content:
            return
        at = self.text.find(token.content, self.cursor, self.limit)
        if at < 0:  # not a verbatim slice: a table cell's ``\|`` arrives as ``|``
            self._align(token.content)
            return
        if not self.skip_depth:
            self.builder.verbatim(token.content, at)
        self.cursor = at + len(token.content)

    def _align(self, content: str) -> None:
        """Place text that differs from the source, character by character.

        Source characters the token dropped are folded into the replacement of the next
        kept character, so the offsets stay exact around them and never drift.
        """
        first = self.text.find(content[0], self.cursor, self.limit)
        pos = first if first >= 0 else self.cursor
        run_start, run_src = 0, pos
        for i, char in enumerate(content):
            if self.text[pos : pos + 1] == char:
                pos += 1
                continue
            self._add(content[run_start:i], run_src, verbatim=True)
            found = self.text.find(char, pos, min(pos + _ALIGN_WINDOW, self.limit))
            if found < 0:  # give up on precision, never on position: map the rest as a whole
                self._add(content[i:], pos, verbatim=False, src_end=pos + len(content) - i)
                self.cursor = pos + len(content) - i
                return
            self._add(char, pos, verbatim=False, src_end=found + 1)
            pos = found + 1
            run_start, run_src = i + 1, pos
        self._add(content[run_start:], run_src, verbatim=True)
        self.cursor = pos

    def _add(self, text: str, src_start: int, *, verbatim: bool, src_end: int = 0) -> None:
        if self.skip_depth or not text:
            return
        if verbatim:
            self.builder.verbatim(text, src_start)
        else:
            self.builder.replacement(text, src_start, src_end)

    def _on_text_special(self, token: Token) -> None:
        at = self._find(token.markup)
        if not self.skip_depth:
            self.builder.replacement(token.content, at, at + len(token.markup))
        self.cursor = at + len(token.markup)

    def _on_softbreak(self, token: Token) -> None:
        """A line end reads as one space, standing for the trailing blanks, ``\\`` and CRLF too."""
        found = _LINE_BREAK.search(self.text, self.cursor, self.limit)
        end = found.end() if found else self.cursor
        self.builder.replacement(" ", self.cursor, end)
        self.cursor = end

    _on_hardbreak = _on_softbreak

    def _on_code_inline(self, token: Token) -> None:
        """Find the span by its backtick runs: its content may be trimmed or have newlines."""
        ticks = re.compile(rf"(?<!`)`{{{len(token.markup)}}}(?!`)")
        opening = ticks.search(self.text, self.cursor, self.limit)
        at = opening.start() if opening else self.cursor
        closing = ticks.search(self.text, at + len(token.markup), self.limit)
        self.cursor = closing.end() if closing else at + len(token.markup) + len(token.content)
        self.builder.replacement(" ", at, self.cursor)

    def _on_html_inline(self, token: Token) -> None:
        """Inline tags and comments are skipped, and the cursor passes them by."""
        at = self._find(token.content)
        self.cursor = at + len(token.content)

    def _on_link_open(self, token: Token) -> None:
        if token.markup == "autolink":  # <https://...>: a URL, not prose
            self.skip_depth += 1

    def _on_link_close(self, token: Token) -> None:
        if token.markup == "autolink":
            self.skip_depth -= 1
            self.cursor = self._find(">") + 1
            return
        self._skip_link_target()

    def _skip_link_target(self) -> None:
        """Move past ``](target "title")`` or ``][ref]`` so URLs never match later text."""
        close = self._find("]")
        self.cursor = close + 1
        opener = self.text[self.cursor : self.cursor + 1]
        closer = {"(": ")", "[": "]"}.get(opener)
        if closer is None:
            return
        depth, i = 0, self.cursor
        while i < self.limit:
            ch = self.text[i]
            if ch == opener:
                depth += 1
            elif ch == closer:
                depth -= 1
                if depth == 0:
                    self.cursor = i + 1
                    return
            elif ch == "\n" and self.text[i + 1 : i + 2] == "\n":
                return
            i += 1

    def _on_image(self, token: Token) -> None:
        """Alt text is prose a customer reads (or hears); the image source is not."""
        self.walk(token.children or [])
        self._skip_link_target()


def markdown_segments(text: str, wanted: Callable[[str], bool] | None = None) -> Iterator[Segment]:
    """The prose of each block; with ``wanted``, only of blocks whose source lines it accepts.

    Reading a block's inline markup is most of the cost of segmenting Markdown, and most
    blocks hold no word a rule needs: ``wanted`` (the prefilter, reading the raw lines with
    their markup) lets those be passed over unread. Table cells share their lines, so they
    are always read: the cursor that places the next cell must pass through them.
    """
    md = _parser()
    env: dict[str, object] = {}
    line_starts = [0]
    line_starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
    cursor = 0
    in_table = 0
    for token in md.parse(text, env):
        in_table += _TABLE_DEPTH.get(token.type, 0)
        if token.map is None:
            continue
        first, end = token.map
        start = line_starts[first]
        limit = line_starts[end] if end < len(line_starts) else len(text)
        if token.type == "html_block" and token.level == 0:
            if wanted is None or wanted(text[start:limit]):
                yield from _html_block_segments(text[start:limit], start)
            continue
        if token.type != "inline":
            continue  # fences, code blocks and front matter carry no prose
        if wanted is not None and not in_table and not wanted(text[start:limit]):
            continue
        if _ESM.match(token.content):
            continue
        cursor = max(cursor, start) if cursor <= limit else start  # table cells share a line
        children: list[Token] = []
        md.inline.parse(token.content, md, env, children)
        builder = SegmentBuilder()
        cursor = _InlineWalker(text, cursor, builder, limit).walk(children)
        if (segment := builder.flush()) is not None:
            yield segment


def _html_block_segments(block: str, start: int) -> Iterator[Segment]:
    """The visible text of an HTML block (``<div class="note">``, an MDX ``<Callout>``), read
    as the HTML reader reads a page. Blocks nested in a quote or a list carry the container's
    markers on every line and are passed over."""
    from yeslint.segment.html import html_segments

    for segment in html_segments(block):
        yield segment.shifted(start)
