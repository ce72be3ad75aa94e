"""``yeslint check``: report boundary phrasing in files, folders, stdin or a string."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Annotated, TextIO

import typer

from yeslint.cli import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, stderr
from yeslint.commands.options import (
    ConfigOption,
    ForceExcludeOption,
    IgnoreOption,
    IsolatedOption,
    JobsOption,
    ModelOption,
    NoCacheOption,
    RulePackOption,
    SelectOption,
    StdinFilenameOption,
    build_linter,
    use_color,
)
from yeslint.emit import EMITTERS, EmitContext
from yeslint.engine import FileReport, Linter
from yeslint.errors import YeslintError
from yeslint.load import DEFAULT_MAX_BYTES, SUFFIX_KINDS, load_stdin, load_text
from yeslint.model import Level


def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders to check ('-' reads stdin). Folders are searched for "
            + " ".join(sorted(SUFFIX_KINDS))
            + " files, honouring .gitignore. Default: the current folder.",
            show_default=False,
        ),
    ] = None,
    *,
    text: Annotated[
        list[str] | None,
        typer.Option(
            "--text", "-t", help="Check this text instead of files (repeatable).", show_default=False
        ),
    ] = None,
    stdin_filename: StdinFilenameOption = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="Report format: " + ", ".join(EMITTERS) + ".")
    ] = "text",
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    min_level: Annotated[
        Level | None, typer.Option(help="Report only findings at this level or above.", show_default=False)
    ] = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    force_exclude: ForceExcludeOption = False,
    no_cache: NoCacheOption = False,
    jobs: JobsOption = None,
    rule_pack: RulePackOption = None,
    model: ModelOption = None,
    output_file: Annotated[
        Path | None,
        typer.Option("--output-file", "-o", help="Write the report to this file instead of stdout."),
    ] = None,
    statistics: Annotated[
        bool,
        typer.Option(
            help="Print how many findings each rule made, not the findings (JSON with --format json)."
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit code tells.")
    ] = False,
    report_unused_ignores: Annotated[
        bool, typer.Option(help="Report yeslint-disable comments that silence nothing (exit 1).")
    ] = False,
    exit_zero: Annotated[bool, typer.Option(help="Exit 0 even when there are findings.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain output, no colour.")] = False,
    max_file_size: Annotated[
        int, typer.Option(help="A file larger than this many MB is an error (exit 2).", min=1)
    ] = DEFAULT_MAX_BYTES // 1_048_576,
) -> None:
    """Check files, folders, stdin or --text; exit 1 when something is found."""
    if output_format not in EMITTERS:
        raise YeslintError(f"unknown format {output_format!r}; choose one of: {', '.join(EMITTERS)}")
    linter = build_linter(
        config_path=config,
        isolated=isolated,
        force_exclude=force_exclude,
        use_cache=not no_cache,
        jobs=jobs,
        select=select,
        ignore=ignore,
        rule_packs=rule_pack,
        model=model,
        min_level=min_level,
    )
    reports = _run(linter, paths, text, stdin_filename, max_file_size * 1_048_576)
    for report in reports:
        if report.error is not None:
            stderr().print(f"yeslint: error: {report.error}", markup=False)
    if not quiet:
        with ExitStack() as stack:
            out: TextIO = sys.stdout
            if output_file is not None:
                try:
                    out = stack.enter_context(output_file.open("w", encoding="utf-8"))
                except OSError as exc:
                    raise YeslintError(f"cannot write report: {exc.strerror}", output_file) from None
            if statistics:
                _print_statistics(reports, out, use_color(no_color, out), as_json=output_format == "json")
            else:
                EMITTERS[output_format](reports, out, EmitContext(use_color(no_color, out), linter.ruleset))
    unused = [(r.name, line) for r in reports for line in r.unused_ignores] if report_unused_ignores else []
    for name, line in unused:
        stderr().print(f"{name}:{line}: unused yeslint-disable directive (it silences nothing)", markup=False)
    if any(r.error is not None for r in reports):
        raise typer.Exit(EXIT_ERROR)
    if (unused or any(r.findings for r in reports)) and not exit_zero:
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_CLEAN)


def _print_statistics(reports: Sequence[FileReport], out: TextIO, color: bool, as_json: bool) -> None:
    """Findings per rule, most first: a table, or (with ``--format json``) a JSON list."""
    counts: dict[tuple[str, str, str], int] = {}
    for finding in (f for r in reports for f in r.findings):
        key = (finding.rule_id, finding.rule_name, finding.family)
        counts[key] = counts.get(key, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if as_json:
        import json

        rows = [
            {"rule": rule, "name": name, "family": family, "count": n} for (rule, name, family), n in ranked
        ]
        out.write(json.dumps(rows, indent=2) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_header=False)
    for (rule_id, name, family), count in ranked:
        table.add_row(str(count), rule_id, name, family)
    Console(file=out, force_terminal=color, no_color=not color, highlight=False, markup=False).print(table)


def _run(
    linter: Linter,
    paths: list[Path] | None,
    texts: list[str] | None,
    stdin_filename: str | None,
    max_bytes: int,
) -> list[FileReport]:
    if texts:
        if paths:
            raise YeslintError("give either --text or paths, not both")
        names = _text_names(len(texts), stdin_filename)
        return list(linter.lint_sources(load_text(t, name) for t, name in zip(texts, names, strict=True)))
    if paths and any(str(p) == "-" for p in paths):
        if len(paths) > 1:
            raise YeslintError("'-' (stdin) cannot be combined with other paths")
        return [linter.lint_source(load_stdin(stdin_filename))]
    return [_without_clean_text(report) for report in linter.lint_paths(paths or [Path()], max_bytes)]


def _without_clean_text(report: FileReport) -> FileReport:
    """Reports only read a file's text to place findings; on a whole site, keeping the text
    of every clean page would be most of the memory a run holds until its report."""
    return report if report.findings else replace(report, source=None)


def _text_names(count: int, stdin_filename: str | None) -> list[str]:
    """What each --text is called in the report: "<text 2>" tells two of them apart, and a
    given --stdin-filename (which also picks the format) names them all."""
    if stdin_filename:
        return [stdin_filename] * count
    return ["<text>"] if count == 1 else [f"<text {i}>" for i in range(1, count + 1)]
