"""Report formats, by name: each emitter writes every file's findings to one stream."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from yeslint.emit.context import EmitContext

if TYPE_CHECKING:
    from yeslint.engine import FileReport

Emitter = Callable[[Sequence["FileReport"], TextIO, EmitContext], None]


def _lazy(name: str) -> Emitter:
    """An emitter whose module loads when a report is written: a run uses only one format."""

    def emit(reports: Sequence[FileReport], out: TextIO, context: EmitContext) -> None:
        real: Emitter = getattr(importlib.import_module(f"yeslint.emit.{name}"), f"emit_{name}")
        real(reports, out, context)

    emit.__name__ = emit.__qualname__ = f"emit_{name}"
    return emit


EMITTERS: dict[str, Emitter] = {name: _lazy(name) for name in ("text", "json", "sarif", "github", "junit")}

__all__ = ["EMITTERS", "EmitContext", "Emitter"]
