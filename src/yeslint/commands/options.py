"""Options shared by several commands, so their help text and parsing stay the same."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from yeslint.errors import YeslintError
from yeslint.rulepack import RuleSet, load_ruleset

RulePackOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rule-pack",
        help="Extra rule pack folder (YAML rules, lexicons/ beside them); repeatable.",
        show_default=False,
    ),
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model", help="spaCy pipeline to use (default: en_core_web_sm if installed, else the bundled one)."
    ),
]


def use_color(no_color: bool, stream: object = sys.stdout) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    if no_color or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def ruleset_for(rule_packs: list[Path] | None) -> RuleSet:
    return load_ruleset(rule_packs or ())


def split_ids(values: list[str] | None, ruleset: RuleSet) -> set[str]:
    """Resolve comma-separated rule ids, names or family names to rule ids."""
    wanted: set[str] = set()
    for value in values or ():
        for key in filter(None, (v.strip() for v in value.split(","))):
            family = [r.id for r in ruleset.rules if r.family == key.lower()]
            if family:
                wanted.update(family)
                continue
            rule = ruleset.find(key)
            if rule is None:
                raise YeslintError(f"unknown rule {key!r}; 'yeslint rules' lists them")
            wanted.add(rule.id)
    return wanted
