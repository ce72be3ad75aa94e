"""The terminal report, rendered with Rich: where, what, why, and the better sentence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from yeslint.emit.context import EmitContext
from yeslint.emit.summary import Summary
from yeslint.engine import FileReport
from yeslint.model import Finding, Level, LineIndex

if TYPE_CHECKING:
    from rich.text import Text

LEVEL_STYLES: dict[Level, str] = {
    Level.ERROR: "bold red",
    Level.WARNING: "yellow",
    Level.SUGGESTION: "cyan",
}


def _finding_text(finding: Finding, index: LineIndex) -> Text:
    """Build `Text` objects, never markup strings: a sign reading "[bold]NO[/]" stays literal."""
    from rich.text import Text

    line, column = index.position(finding.span.start)
    out = Text()
    out.append(f"{finding.path}:{line}:{column}", style="bold")
    out.append("  ")
    out.append(finding.rule_id, style=LEVEL_STYLES[finding.level])
    out.append(" [*]" if finding.fix else "", style="green")
    out.append(f"  {finding.message}\n")
    sentence = finding.sentence
    start = sentence.find(finding.matched) if finding.matched else -1
    out.append("    ")
    if start >= 0:
        out.append(sentence[:start])
        out.append(finding.matched, style="bold underline " + LEVEL_STYLES[finding.level])
        out.append(sentence[start + len(finding.matched) :])
    else:
        out.append(sentence)
    out.append("\n")
    if finding.suggestion:
        out.append("    -> ", style="green")
        out.append(finding.suggestion, style="green")
        out.append("\n")
    if finding.alternative:
        out.append("    or: ", style="dim")
        out.append(finding.alternative, style="dim")
        out.append("\n")
    if finding.hint:
        out.append("    hint: ", style="cyan")
        out.append(finding.hint)
        out.append("\n")
    return out


def emit_text(reports: Sequence[FileReport], out: TextIO, context: EmitContext) -> None:
    summary = Summary.of(reports)
    if summary.findings == 0 and not context.color:  # nothing to style: Rich need not load
        out.write(summary.sentence() + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(
        file=out,
        force_terminal=context.color,
        no_color=not context.color,
        highlight=False,
        soft_wrap=True,
        emoji=False,
        markup=False,
    )
    for report in reports:
        if report.source is None or not report.findings:
            continue
        index = LineIndex(report.source.text)
        for finding in report.findings:
            console.print(_finding_text(finding, index))
    style = "bold green" if summary.findings == 0 else "bold"
    console.print(Text(summary.sentence(), style=style))
