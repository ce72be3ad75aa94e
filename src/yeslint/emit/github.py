"""GitHub Actions workflow commands: annotations on the pull request's changed lines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from yeslint.emit.context import EmitContext
from yeslint.engine import FileReport
from yeslint.model import Level, LineIndex

COMMANDS: dict[Level, str] = {Level.ERROR: "error", Level.WARNING: "warning", Level.SUGGESTION: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def emit_github(reports: Sequence[FileReport], out: TextIO, context: EmitContext) -> None:
    for report in reports:
        if report.error is not None:
            out.write(f"::error file={_property(report.name)},title=yeslint::{_data(str(report.error))}\n")
        if report.source is None:
            continue
        index = LineIndex(report.source.text)
        for f in report.findings:
            line, column = index.position(f.span.start)
            end_line, end_column = index.position(f.span.end)
            message = f.message + (f"\nTry: {f.suggestion}" if f.suggestion else "")
            out.write(
                f"::{COMMANDS[f.level]} file={_property(f.path)},line={line},col={column},"
                f"endLine={end_line},endColumn={end_column},"
                f"title={_property(f'yeslint ({f.rule_id} {f.rule_name})')}::{_data(message)}\n"
            )
