"""``yeslint fix``: apply rewrites, show them as a diff, or walk through them one by one."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

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
)
from yeslint.engine import FileReport
from yeslint.errors import YeslintError
from yeslint.fixer import allowed, applicable_edits, apply_edits, encode_like, unified_diff, write_atomically
from yeslint.load import DEFAULT_MAX_BYTES, load_stdin
from yeslint.model import Edit, Finding


def fix(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders to fix ('-' reads stdin and writes the result to stdout).",
            show_default=False,
        ),
    ] = None,
    *,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print a unified diff; write nothing; exit 1 if there is one.")
    ] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="Also apply rewrites that reword a policy.")
    ] = False,
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="Ask about each rewrite: apply, skip, edit or quit.")
    ] = False,
    stdin_filename: StdinFilenameOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    force_exclude: ForceExcludeOption = False,
    no_cache: NoCacheOption = False,
    jobs: JobsOption = None,
    rule_pack: RulePackOption = None,
    model: ModelOption = None,
) -> None:
    """Apply the rewrites rules mark safe (and unsafe ones with --unsafe-fixes); writes atomically."""
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
    )
    if paths and any(str(p) == "-" for p in paths):
        if len(paths) > 1:
            raise YeslintError("'-' (stdin) cannot be combined with other paths")
        report = linter.lint_source(load_stdin(stdin_filename))
        assert report.source is not None
        edits = applicable_edits(report.findings, unsafe_fixes)
        fixed = apply_edits(report.source.text, edits)
        sys.stdout.write(unified_diff(report.source.name, report.source.text, fixed) if diff else fixed)
        left = len(report.findings) - len(edits)  # as for files: exit 1 while a finding is left
        raise typer.Exit(EXIT_FINDINGS if left or (diff and fixed != report.source.text) else EXIT_CLEAN)
    if interactive and not sys.stdin.isatty():
        raise YeslintError("--interactive needs a terminal; use --diff to review fixes in CI")
    failed = fixed_files = remaining = unsafe_left = 0
    not_fixed: list[str] = []
    for report in linter.lint_paths(paths or [Path()], DEFAULT_MAX_BYTES):
        if report.error is not None:
            stderr().print(f"yeslint: error: {report.error}", markup=False)
            failed += 1
            continue
        edits = _choose(report, unsafe_fixes, interactive)
        remaining += len(report.findings) - len(edits)
        unsafe_left += sum(
            1 for f in report.findings if f.fix and not allowed(f.fix.applicability, unsafe_fixes)
        )
        if not edits:
            continue
        try:
            fixed_files += _apply(report, edits, diff)
        except YeslintError as error:
            stderr().print(f"yeslint: error: {error}", markup=False)
            failed += 1
            not_fixed.append(report.name)
    verb = "would fix" if diff else "fixed"
    note = f"{verb} {fixed_files} file(s); {remaining} finding(s) left"
    if unsafe_left and not interactive:
        note += f" ({unsafe_left} reword a policy: review them with --diff --unsafe-fixes)"
    if not_fixed:
        note += f"; not fixed: {', '.join(not_fixed)}"
    stderr().print(note, markup=False)
    if failed:
        raise typer.Exit(EXIT_ERROR)
    # with --diff nothing is written: a diff to apply is as much a finding as one left over
    raise typer.Exit(EXIT_FINDINGS if remaining or (diff and fixed_files) else EXIT_CLEAN)


def _choose(report: FileReport, unsafe: bool, interactive: bool) -> list[Edit]:
    if not interactive:
        return applicable_edits(report.findings, unsafe)
    chosen: list[Finding] = []
    for finding in report.findings:
        if finding.fix is None or not allowed(finding.fix.applicability, True):
            continue
        answer = _ask(finding)
        if answer == "quit":
            break
        if isinstance(answer, Finding):
            chosen.append(answer)
    return applicable_edits(chosen, unsafe=True)


def _ask(finding: Finding) -> Finding | str | None:
    """Show one rewrite and return the finding to apply, None to skip, or "quit"."""
    from rich.console import Console
    from rich.text import Text

    console = Console(stderr=True, highlight=False, markup=False)
    console.print(Text(f"\n{finding.path}: {finding.rule_id} {finding.message}", style="bold"))
    console.print(Text(f"  - {finding.sentence}", style="red"))
    console.print(Text(f"  + {finding.suggestion}", style="green"))
    choice = typer.prompt("[a]pply, [s]kip, [e]dit, [q]uit", default="s").strip().lower()[:1]
    if choice == "q":
        return "quit"
    if choice == "a":
        return finding
    if choice == "e" and finding.fix is not None:
        edited = typer.prompt("Your sentence", default=finding.suggestion or finding.sentence)
        edit = Edit(finding.fix.edits[0].span, edited)
        return replace(finding, fix=replace(finding.fix, edits=(edit,)))
    return None


def _apply(report: FileReport, edits: list[Edit], diff: bool) -> int:
    source = report.source
    assert source is not None
    fixed = apply_edits(source.text, edits)
    if fixed == source.text:
        return 0
    if diff:
        sys.stdout.write(unified_diff(source.name, source.text, fixed))
        return 1
    original = source.path.read_bytes()
    if encode_like(original, source.text) != original:
        raise YeslintError("not fixed: the file changed while yeslint was checking it", source.path)
    write_atomically(source.path, original, encode_like(original, fixed))
    return 1
