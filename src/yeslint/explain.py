"""A rule's documentation, from its YAML alone: the same sections in the terminal and in docs."""

from __future__ import annotations

from yeslint.model import Applicability
from yeslint.rulepack import Rule, readable_template

FIX_SAFETY: dict[Applicability, str] = {
    Applicability.SAFE: "The rewrite keeps the policy word for word; `yeslint fix` applies it.",
    Applicability.UNSAFE: "The rewrite rewords a business policy; `yeslint fix` applies it only "
    "with --unsafe-fixes, so an owner reads it first.",
    Applicability.DISPLAY_ONLY: "The suggestion is advice for a person to act on; `yeslint fix` "
    "never applies it.",
}


def rule_sections(rule: Rule) -> list[tuple[str, str]]:
    """(heading, body) pairs in ruff's order; examples are the ones the rule's tests use."""
    sections = [("What it does", rule.summary), ("Why is this bad?", rule.why)]
    for example in rule.examples:
        if example.bad:
            sections.append(("Example", example.bad))
            if example.good:
                sections.append(("Use instead", example.good))
        elif example.good:
            sections.append(("Left alone", example.good))
    if rule.when_no_is_right:
        sections.append(('When "no" is right', rule.when_no_is_right))
    if rule.rewrite is not None:
        if rule.rewrite.alternative:
            sections.append(("Or, changing the policy", readable_template(rule.rewrite.alternative)))
        sections.append(("Fix safety", FIX_SAFETY[rule.rewrite.applicability]))
    return sections


def rule_heading(rule: Rule) -> str:
    fix = rule.rewrite.applicability.value if rule.rewrite else "none"
    return (
        f"{rule.id} {rule.name}  (family: {rule.family}, level: {rule.level}, fix: {fix}, pack: {rule.pack})"
    )


def rule_markdown(rule: Rule) -> str:
    lines = [f"## {rule.id} {rule.name}", "", f"*family: {rule.family}, level: {rule.level}*", ""]
    for heading, body in rule_sections(rule):
        lines += [f"### {heading}", "", body, ""]
    return "\n".join(lines)
