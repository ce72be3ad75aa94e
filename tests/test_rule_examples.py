"""Every rule ships bad -> good examples; `yeslint explain` prints the same ones.

A bad example must be flagged by its own rule and a good one must be clean under all
rules, so an example can never drift from what the rule really does.
"""

from __future__ import annotations

import pytest

from yeslint.rulepack import load_ruleset

RULES = load_ruleset().rules
BAD = [(r.id, e.bad) for r in RULES for e in r.examples if e.bad]
GOOD = [(r.id, e.good) for r in RULES for e in r.examples if e.good]


@pytest.mark.parametrize(("rule_id", "text"), BAD, ids=[f"{r}-bad-{i}" for i, (r, _) in enumerate(BAD)])
def test_bad_example_is_flagged_by_its_rule(lint, rule_id: str, text: str) -> None:
    assert [f.rule_id for f in lint(text, only=rule_id)] == [rule_id]
    assert lint(text), "flagged in isolation but silenced when all rules run"


@pytest.mark.parametrize(("rule_id", "text"), GOOD, ids=[f"{r}-good-{i}" for i, (r, _) in enumerate(GOOD)])
def test_good_example_is_clean(lint, rule_id: str, text: str) -> None:
    assert lint(text) == []


def test_every_family_has_a_rule() -> None:
    from yeslint.model import FAMILIES

    assert {r.family for r in RULES} == set(FAMILIES)


@pytest.mark.parametrize("rule_id", [r.id for r in RULES])
def test_explain_works_for_every_rule(rule_id: str) -> None:
    from typer.testing import CliRunner

    from yeslint.cli import app

    rule = next(r for r in RULES if r.id == rule_id)
    result = CliRunner().invoke(app, ["explain", rule_id, "--no-color"])
    assert result.exit_code == 0
    assert rule.name in result.stdout and rule.family in result.stdout
    first_bad = next(e.bad for e in rule.examples if e.bad)
    assert first_bad in result.stdout


def test_rules_lists_every_family() -> None:
    from typer.testing import CliRunner

    from yeslint.cli import app
    from yeslint.model import FAMILIES

    result = CliRunner().invoke(app, ["rules", "--no-color"])
    assert result.exit_code == 0
    assert all(family in result.stdout for family in FAMILIES)


def test_every_rule_has_a_hint_for_when_no_rewrite_survives() -> None:
    """A rewrite is withdrawn when it would drop a number or a thing the policy is about; the
    finding must still tell the owner what to write."""
    assert [r.id for r in load_ruleset().rules if not (r.rewrite and r.rewrite.hint)] == []
