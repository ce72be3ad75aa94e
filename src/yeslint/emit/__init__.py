"""Report formats, by name: each emitter writes every file's findings to one stream."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from yeslint.emit.json import emit_json
from yeslint.emit.text import emit_text
from yeslint.engine import FileReport

Emitter = Callable[[Sequence[FileReport], TextIO, bool], None]
"""``emit(reports, out, color)``; colour only matters to the text format."""

EMITTERS: dict[str, Emitter] = {
    "text": emit_text,
    "json": emit_json,
}

__all__ = ["EMITTERS", "Emitter"]
