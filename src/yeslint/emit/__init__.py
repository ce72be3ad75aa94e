"""Report formats, by name: each emitter writes every file's findings to one stream."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from yeslint.emit.context import EmitContext
from yeslint.emit.github import emit_github
from yeslint.emit.json import emit_json
from yeslint.emit.junit import emit_junit
from yeslint.emit.sarif import emit_sarif
from yeslint.emit.text import emit_text
from yeslint.engine import FileReport

Emitter = Callable[[Sequence[FileReport], TextIO, EmitContext], None]

EMITTERS: dict[str, Emitter] = {
    "text": emit_text,
    "json": emit_json,
    "sarif": emit_sarif,
    "github": emit_github,
    "junit": emit_junit,
}

__all__ = ["EMITTERS", "EmitContext", "Emitter"]
