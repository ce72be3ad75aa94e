"""Inline ``yeslint-disable`` directives in Markdown, HTML and plain text.

A test builds one document from blocks (a sentence or a directive) in the syntax of its
format, checks it through the CLI and compares the reported (rule, line) pairs with the
lines the sentences landed on, so a directive that silences too much or too little shows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _workflow import fast_rules, run, write
from yeslint.rulepack import RuleSet

__all__ = ["fast_rules"]

REFUND = "No refunds."  # PR001
MINIMUM = "$10 minimum for credit cards."  # MN001
TIPS = "You cannot leave tips on a credit card."  # CN001
FRIENDLY = "Yes, we take credit cards!"

KINDS = ["md", "html", "txt"]


def directive(kind: str, verb: str, rules: str = "") -> str:
    body = f"{verb} {rules}".strip()
    if kind == "txt":
        return f"yeslint: {body}"
    return f"<!-- yeslint-{body} -->"


def build(kind: str, *blocks: str | tuple[str, str]) -> tuple[str, dict[str, list[int]]]:
    """The document, and the lines each sentence sits on (a sentence may repeat).

    A block is a sentence, or ``(verb, rules)`` for a directive.
    """
    lines: list[str] = ["<html><body>"] if kind == "html" else ["# Policies", ""]
    where: dict[str, list[int]] = {}
    for block in blocks:
        if isinstance(block, tuple):
            lines.append(directive(kind, *block))
            continue
        where.setdefault(block, []).append(len(lines) + 1)
        lines.append(f"<p>{block}</p>" if kind == "html" else block)
        if kind != "html":
            lines.append("")  # a blank line: one paragraph a sentence
    if kind == "html":
        lines.append("</body></html>")
    return "\n".join(lines) + "\n", where


def check(tmp_path: Path, kind: str, text: str, *flags: str) -> tuple[int, set[tuple[str, int]], str]:
    page = write(tmp_path / f"page.{kind}", text)
    result = run("check", page, "--format", "json", "--select", "PR001,MN001,CN001", *flags)
    assert result.exit_code in (0, 1), result.output
    found = {(f["rule"], f["line"]) for f in json.loads(result.stdout)["findings"]}
    return result.exit_code, found, result.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_without_directives_everything_reports(tmp_path: Path, kind: str) -> None:
    text, at = build(kind, REFUND, MINIMUM, TIPS)
    code, found, _ = check(tmp_path, kind, text)
    assert code == 1
    assert found == {("PR001", at[REFUND][0]), ("MN001", at[MINIMUM][0]), ("CN001", at[TIPS][0])}


@pytest.mark.parametrize("kind", KINDS)
def test_disable_next_line_without_rules_silences_every_rule_on_that_line_only(
    tmp_path: Path, kind: str
) -> None:
    text, at = build(kind, ("disable-next-line", ""), REFUND, MINIMUM, REFUND)
    code, found, _ = check(tmp_path, kind, text)
    assert found == {("MN001", at[MINIMUM][0]), ("PR001", at[REFUND][1])}
    assert code == 1


@pytest.mark.parametrize("kind", KINDS)
def test_disable_next_line_with_a_rule(tmp_path: Path, kind: str) -> None:
    text, at = build(kind, ("disable-next-line", "PR001"), REFUND, REFUND)
    _, found, _ = check(tmp_path, kind, text)
    assert found == {("PR001", at[REFUND][1])}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("rules", ["PR001,CN001", "CN001, PR001", "PR001 CN001"])
def test_disable_next_line_with_a_rule_list(tmp_path: Path, kind: str, rules: str) -> None:
    text, at = build(kind, ("disable-next-line", rules), REFUND, TIPS)
    _, found, _ = check(tmp_path, kind, text)
    assert found == {("CN001", at[TIPS][0])}


@pytest.mark.parametrize("kind", KINDS)
def test_disable_next_line_by_rule_name(tmp_path: Path, kind: str, ruleset: RuleSet) -> None:
    name = ruleset.find("PR001").name
    text, at = build(kind, ("disable-next-line", name), REFUND, REFUND)
    _, found, _ = check(tmp_path, kind, text)
    assert ("PR001", at[REFUND][0]) not in found
    assert ("PR001", at[REFUND][1]) in found


def test_plain_text_directive_line_is_not_prose(tmp_path: Path) -> None:
    text = f"yeslint: disable-next-line no-sign\n{REFUND}\n"
    code, found, _ = check(tmp_path, "txt", text)
    assert (code, found) == (0, set())


@pytest.mark.parametrize("kind", KINDS)
def test_a_directive_for_another_rule_does_not_silence(tmp_path: Path, kind: str) -> None:
    text, at = build(kind, ("disable-next-line", "MN001"), REFUND)
    code, found, _ = check(tmp_path, kind, text)
    assert found == {("PR001", at[REFUND][0])}
    assert code == 1


@pytest.mark.parametrize("kind", KINDS)
def test_disable_enable_block(tmp_path: Path, kind: str) -> None:
    text, at = build(kind, REFUND, ("disable", ""), REFUND, MINIMUM, ("enable", ""), REFUND, MINIMUM)
    _, found, _ = check(tmp_path, kind, text)
    assert found == {
        ("PR001", at[REFUND][0]),
        ("PR001", at[REFUND][2]),
        ("MN001", at[MINIMUM][1]),
    }


@pytest.mark.parametrize("kind", KINDS)
def test_disable_block_with_a_rule_keeps_other_rules(tmp_path: Path, kind: str) -> None:
    text, at = build(kind, ("disable", "PR001"), REFUND, MINIMUM, ("enable", ""), REFUND)
    _, found, _ = check(tmp_path, kind, text)
    assert found == {("MN001", at[MINIMUM][0]), ("PR001", at[REFUND][1])}


@pytest.mark.parametrize("kind", KINDS)
def test_disable_without_enable_runs_to_the_end(tmp_path: Path, kind: str) -> None:
    text, at = build(kind, TIPS, ("disable", ""), REFUND, MINIMUM)
    _, found, _ = check(tmp_path, kind, text)
    assert found == {("CN001", at[TIPS][0])}


@pytest.mark.parametrize("kind", ["md", "txt"])
def test_disable_next_line_skips_blank_lines(tmp_path: Path, kind: str) -> None:
    text = f"{directive(kind, 'disable-next-line', 'PR001')}\n\n{REFUND}\n\n{REFUND}\n"
    _, found, _ = check(tmp_path, kind, text)
    assert found == {("PR001", 5)}


def test_comment_directive_in_plain_text_is_just_text(tmp_path: Path) -> None:
    """Plain text has its own directive syntax; an HTML comment there is not one."""
    text = f"<!-- yeslint-disable-next-line -->\n{REFUND}\n"
    _, found, _ = check(tmp_path, "txt", text)
    assert ("PR001", 2) in found


@pytest.mark.parametrize("kind", KINDS)
def test_report_unused_ignores_reports_the_unused_one_only(tmp_path: Path, kind: str) -> None:
    text, _ = build(
        kind,
        ("disable-next-line", "PR001"),
        REFUND,
        ("disable-next-line", "MN001"),
        FRIENDLY,
    )
    unused_line = text.splitlines().index(directive(kind, "disable-next-line", "MN001")) + 1
    code, found, stderr = check(tmp_path, kind, text, "--report-unused-ignores")
    assert found == set()
    assert code == 1
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].endswith(
        f"page.{kind}:{unused_line}: unused yeslint-disable directive (it silences nothing)"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_report_unused_ignores_is_quiet_when_every_directive_is_used(tmp_path: Path, kind: str) -> None:
    text, _ = build(kind, ("disable-next-line", "PR001"), REFUND, ("disable", ""), MINIMUM, ("enable", ""))
    code, found, stderr = check(tmp_path, kind, text, "--report-unused-ignores")
    assert (code, found, stderr.strip()) == (0, set(), "")


@pytest.mark.parametrize("kind", KINDS)
def test_unused_block_is_reported(tmp_path: Path, kind: str) -> None:
    text, _ = build(kind, ("disable", "CN001"), REFUND, ("enable", ""))
    block_line = text.splitlines().index(directive(kind, "disable", "CN001")) + 1
    code, found, stderr = check(tmp_path, kind, text, "--report-unused-ignores")
    assert code == 1
    assert {rule for rule, _ in found} == {"PR001"}
    assert f"page.{kind}:{block_line}: unused" in stderr
    assert len(stderr.strip().splitlines()) == 1  # an enable line is never "unused"


def test_unused_ignores_are_not_reported_without_the_flag(tmp_path: Path) -> None:
    text, _ = build("md", ("disable-next-line", "MN001"), FRIENDLY)
    code, found, stderr = check(tmp_path, "md", text)
    assert (code, found, stderr.strip()) == (0, set(), "")


def test_exit_zero_wins_over_unused_ignores(tmp_path: Path) -> None:
    text, _ = build("md", ("disable-next-line", "MN001"), FRIENDLY)
    code, _, stderr = check(tmp_path, "md", text, "--report-unused-ignores", "--exit-zero")
    assert code == 0
    assert "unused yeslint-disable directive" in stderr


def test_a_directive_silences_a_rule_a_config_selects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Directives work the same when rules come from a config file instead of --select."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".yeslint.yaml", "select: [PR001]\n")
    text, at = build("md", ("disable-next-line", "PR001"), REFUND, REFUND)
    write(tmp_path / "page.md", text)
    result = run("check", "page.md", "--format", "json")
    assert result.exit_code == 1
    assert [(f["rule"], f["line"]) for f in json.loads(result.stdout)["findings"]] == [
        ("PR001", at[REFUND][1])
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_a_directive_naming_no_rule_is_an_error_with_its_line(tmp_path: Path, kind: str) -> None:
    """A misspelt id would silence nothing and say nothing: the file is refused instead."""
    text, _ = build(kind, REFUND, ("disable-next-line", "PR001, PR0O1"), REFUND)
    page = write(tmp_path / f"page.{kind}", text)
    result = run("check", page, "--select", "PR001")
    line = text.splitlines().index(directive(kind, "disable-next-line", "PR001, PR0O1")) + 1
    assert result.exit_code == 2
    assert f"page.{kind}:{line}: unknown rule 'PR0O1'" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("kind", ["md", "html"])
def test_disable_line_at_the_end_of_a_line_silences_that_line_only(tmp_path: Path, kind: str) -> None:
    text, where = build(kind, REFUND, REFUND, MINIMUM)
    lines = text.splitlines()
    lines[where[REFUND][0] - 1] += " <!-- yeslint-disable-line PR001 -->"
    lines[where[MINIMUM][0] - 1] += " <!-- yeslint-disable-line PR001 -->"  # another rule's line
    code, found, _ = check(tmp_path, kind, "\n".join(lines) + "\n")
    assert found == {("PR001", where[REFUND][1]), ("MN001", where[MINIMUM][0])}
    assert code == 1
