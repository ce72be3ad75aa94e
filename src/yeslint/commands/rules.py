"""``yeslint rules``: every rule with its id, name, family, level and summary."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from yeslint.commands.options import RulePackOption, ruleset_for, use_color

COLUMNS = ("id", "name", "family", "level", "pack", "summary")


def list_rules(
    *,
    rule_pack: RulePackOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain output, no colour.")] = False,
) -> None:
    """List every rule: id, name, family, level, pack and what it catches.

    A table on a terminal; tab-separated lines when piped.
    """
    ruleset = ruleset_for(rule_pack)
    rows = [(r.id, r.name, r.family, str(r.level), r.pack, r.summary) for r in ruleset.rules]
    if as_json:
        json.dump([dict(zip(COLUMNS, row, strict=True)) for row in rows], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    if not sys.stdout.isatty():  # piped into grep, cut or a file: one whole line per rule
        for row in (COLUMNS, *rows):
            sys.stdout.write("\t".join(" ".join(cell.split()) for cell in row) + "\n")
        return
    from rich.console import Console  # only a terminal gets the table
    from rich.table import Table

    color = use_color(no_color)
    table = Table(box=None, header_style="bold" if color else "", pad_edge=False)
    for column in COLUMNS:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console(force_terminal=color, no_color=not color, highlight=False, markup=False).print(table)
