"""``yeslint explain RULE``: what a rule catches, why it matters, and the better sentence."""

from __future__ import annotations

from typing import Annotated

import typer

from yeslint.commands.options import RulePackOption, ruleset_for, use_color
from yeslint.errors import YeslintError
from yeslint.explain import rule_heading, rule_sections


def explain(
    rule_key: Annotated[
        str, typer.Argument(metavar="RULE", help="Rule id or name, e.g. MN001 or payment-minimum.")
    ],
    *,
    rule_pack: RulePackOption = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain output, no colour.")] = False,
) -> None:
    """Explain one rule: what it catches, why, and a bad -> good example."""
    from rich.console import Console
    from rich.text import Text

    ruleset = ruleset_for(rule_pack)
    rule = ruleset.find(rule_key)
    if rule is None:
        raise YeslintError(f"unknown rule {rule_key!r}; 'yeslint rules' lists them")
    color = use_color(no_color)
    console = Console(force_terminal=color, no_color=not color, highlight=False, markup=False, soft_wrap=True)
    console.print(Text(rule_heading(rule), style="bold"))
    for heading, body in rule_sections(rule):
        console.print(Text(f"\n## {heading}", style="bold cyan"))
        console.print(Text(body))
