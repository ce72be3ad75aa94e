"""What an emitter may need besides the reports."""

from __future__ import annotations

from dataclasses import dataclass

from yeslint.rulepack import RuleSet


@dataclass(frozen=True, slots=True)
class EmitContext:
    color: bool = False
    ruleset: RuleSet | None = None
