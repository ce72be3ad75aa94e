"""One test per case in tests/fixtures/rules/*.yml (sqlfluff's yaml_test_cases_test, for prose).

A fixture file names a rule and its cases:

    rule: MN001
    cases:
      flags_card_minimum:
        fail: "$10 minimum for credit cards."
        span: "$10 minimum for credit cards"     # optional: the underlined text
        suggestion: "Yes, we take ..."           # optional: the exact rewrite
        contains: ["$10"]                        # optional: words the rewrite must keep
      passes_no_minimum:
        pass: "There's no minimum order."

``fail`` cases run with that rule alone, so the case tests the rule and not the
precedence between rules; ``pass`` cases run with every rule, as a user would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


def _cases() -> list[Any]:
    params = []
    for path in sorted(FIXTURES.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, case in data["cases"].items():
            params.append(pytest.param(data["rule"], case, id=f"{data['rule']}-{name}"))
    return params


CASES = _cases()


@pytest.mark.parametrize(("rule_id", "case"), CASES)
def test_rule_case(lint, rule_id: str, case: dict[str, Any]) -> None:
    if "pass" in case:
        findings = lint(case["pass"])
        assert findings == [], f"{findings[0].rule_id} fired on a pass case" if findings else ""
        return
    findings = lint(case["fail"], only=rule_id)
    assert [f.rule_id for f in findings] == [rule_id]
    finding = findings[0]
    if "span" in case:
        assert finding.matched == case["span"]
    if "suggestion" in case:
        assert finding.suggestion == case["suggestion"]
    for kept in case.get("contains", ()):
        assert finding.suggestion is not None and kept in finding.suggestion


def test_fixtures_name_known_rules(ruleset) -> None:
    for path in FIXTURES.glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert ruleset.find(data["rule"]) is not None, path.name


def test_fixture_case_names_are_unique() -> None:
    """YAML keeps the last of two equal keys without a word: a case written twice is a case lost."""
    for path in FIXTURES.glob("*.yml"):
        root = yaml.compose(path.read_text(encoding="utf-8"))
        cases = next(value for key, value in root.value if key.value == "cases")
        names = [key.value for key, _ in cases.value]
        assert len(names) == len(set(names)), (path.name, sorted({n for n in names if names.count(n) > 1}))
