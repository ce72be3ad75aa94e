"""Shared vocabulary of the pipeline stages; no spaCy here, so later stages test without a model."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Level(StrEnum):
    SUGGESTION = "suggestion"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {Level.SUGGESTION: 0, Level.WARNING: 1, Level.ERROR: 2}


class Applicability(StrEnum):
    """How safe a rewrite is to apply unattended (ruff's fix safety)."""

    DISPLAY_ONLY = "display-only"
    UNSAFE = "unsafe"
    SAFE = "safe"


class Kind(StrEnum):
    """The file formats yeslint reads prose from."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


FAMILIES: tuple[str, ...] = (
    "shouting",
    "blame",
    "policy-shield",
    "prohibition",
    "minimum",
    "penalty",
    "cannot",
    "dead-end",
    "slow",
)
"""The nine families, in the precedence GUIDELINES.md gives when one sentence shows several."""


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets into ``Source.text``; end exclusive."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Edit:
    span: Span
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability


@dataclass(frozen=True, slots=True)
class Source:
    """A file's decoded text; every offset in a finding points into ``text``."""

    path: Path
    text: str
    kind: Kind
    display_path: str = ""

    @property
    def name(self) -> str:
        return self.display_path or str(self.path)


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    span: Span
    sentence_span: Span
    rule_id: str
    rule_name: str
    family: str
    level: Level
    message: str
    matched: str
    sentence: str
    suggestion: str | None
    hint: str | None = None
    alternative: str | None = None
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple[str, int, str]:
        return (self.path, self.span.start, self.rule_id)


_LINE_BREAK = re.compile(r"\r\n?|\n")
"""CRLF, LF and a lone CR all end a line, as editors, SARIF and the Markdown reader agree."""


@dataclass(slots=True)
class LineIndex:
    """Turns offsets into 1-based (line, column), columns counted in characters."""

    text: str
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [0]
        self._starts.extend(m.end() for m in _LINE_BREAK.finditer(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def line_text(self, line: int) -> str:
        start = self._starts[line - 1]
        end = self._starts[line] if line < len(self._starts) else len(self.text)
        text = self.text[start:end]
        return text[: -len(found.group())] if (found := _LINE_BREAK.search(text)) else text
