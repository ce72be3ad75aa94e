"""Report formats for CI: JSON contract, SARIF 2.1.0, GitHub annotations, JUnit, and the flags
that shape a run's output (--statistics, --quiet, --exit-zero, --output-file).

Real findings come from a small project checked in-process; escaping and fix details use
synthetic `Finding`s fed straight to the emitters, so they need no spaCy.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from jsonschema.validators import validator_for

from _workflow import HOUSE_STYLE, fast_rules, json_report, one_error_line, run, write
from yeslint.emit import EMITTERS, EmitContext
from yeslint.engine import FileReport
from yeslint.load import load_text
from yeslint.model import Applicability, Edit, Finding, Fix, Level, Span
from yeslint.rulepack import RuleSet

__all__ = ["fast_rules"]

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
SELECT = ("--select", "PR001,MN001,CN001")

SHOP = "# Shop rules\n\nNo refunds.\n\nWe love seeing you. $10 minimum for credit cards.\n"
SIGN = "You cannot leave tips on a credit card.\n"
CLEAN = "Yes, we take credit cards!\n"
EXPECTED = {
    # (file, rule): (line, column, end_line, end_column, level)
    ("shop.md", "PR001"): (3, 1, 3, 11, "warning"),
    ("shop.md", "MN001"): (5, 21, 5, 49, "error"),
    ("sign.txt", "CN001"): (1, 1, 1, 17, "warning"),
}
GITHUB_LINE = re.compile(
    r"^::(?P<command>error|warning|notice) file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"endLine=(?P<end_line>\d+),endColumn=(?P<end_col>\d+),title=(?P<title>[^:]+)::(?P<message>.+)$"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three files (two with findings) and a config that makes MN001 an error."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".yeslint.yaml", "levels: {MN001: error}\n")
    write(tmp_path / "shop.md", SHOP)
    write(tmp_path / "sign.txt", SIGN)
    write(tmp_path / "welcome.md", CLEAN)
    return tmp_path


def check(fmt: str, *args: str | Path) -> Any:
    result = run("check", ".", "--format", fmt, *SELECT, *args)
    assert result.exit_code == 1, result.output
    return result


# --- JSON ------------------------------------------------------------------------------------


def test_json_contract(project: Path) -> None:
    data = json.loads(check("json").stdout)
    assert set(data) == {"version", "findings", "errors", "summary"}
    assert data["version"] == 1
    assert data["errors"] == []
    keys = {
        "path", "line", "column", "end_line", "end_column", "rule", "name", "family", "level",
        "message", "text", "sentence", "suggestion", "hint", "alternative", "fix",
    }  # fmt: skip
    for finding in data["findings"]:
        assert set(finding) == keys
    got = {
        (f["path"], f["rule"]): (f["line"], f["column"], f["end_line"], f["end_column"], f["level"])
        for f in data["findings"]
    }
    assert got == EXPECTED
    pr001 = next(f for f in data["findings"] if f["rule"] == "PR001")
    assert (pr001["text"], pr001["sentence"], pr001["family"]) == ("No refunds", "No refunds.", "prohibition")
    assert [f["rule"] for f in data["findings"]] == ["PR001", "MN001", "CN001"]  # sorted by path, offset
    assert data["summary"] == {
        "files": 3,
        "files_with_findings": 2,
        "clean": 1,
        "errors": 0,
        "findings": 3,
        "by_rule": {"CN001": 1, "MN001": 1, "PR001": 1},
        "by_level": {"error": 1, "warning": 2},
    }


def test_json_fix_edits(project: Path) -> None:
    data = json.loads(check("json").stdout)
    mn001 = next(f for f in data["findings"] if f["rule"] == "MN001")
    fix = mn001["fix"]
    assert fix["applicability"] == "unsafe"
    (edit,) = fix["edits"]
    assert set(edit) == {"line", "column", "end_line", "end_column", "content"}
    assert (edit["line"], edit["column"], edit["end_line"]) == (5, 21, 5)
    assert edit["end_column"] == 50  # the whole sentence, full stop included
    assert edit["content"] == mn001["suggestion"]
    assert "$10" in edit["content"]  # the rewrite keeps the policy


def test_json_reports_unreadable_files_as_errors(project: Path) -> None:
    (project / "bad.txt").write_bytes(b"\xff\xfe\x00binary\x00")
    result = run("check", "shop.md", "bad.txt", "--format", "json", *SELECT)
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert [e["path"] for e in data["errors"]] == ["bad.txt"]
    assert data["summary"]["errors"] == 1
    assert {f["rule"] for f in data["findings"]} == {"PR001", "MN001"}


def test_json_clean_run(project: Path) -> None:
    result = run("check", "welcome.md", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["findings"] == []
    assert data["summary"]["clean"] == 1


# --- SARIF -----------------------------------------------------------------------------------


def sarif_validator() -> Any:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def assert_valid_sarif(document: dict[str, Any]) -> None:
    errors = sorted(sarif_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_sarif_validates_against_the_official_schema(project: Path) -> None:
    assert_valid_sarif(json.loads(check("sarif").stdout))


def test_the_schema_check_can_fail() -> None:
    """Guard against a validator that accepts anything (e.g. a wrong draft)."""
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": []}]}
    assert list(sarif_validator().iter_errors(bad))


def test_sarif_lists_every_rule_and_locates_results(project: Path) -> None:
    document = json.loads(check("sarif").stdout)
    assert document["version"] == "2.1.0"
    (sarif_run,) = document["runs"]
    assert sarif_run["columnKind"] == "unicodeCodePoints"  # the default would be UTF-16 units
    rules = sarif_run["tool"]["driver"]["rules"]
    listed = {row["id"] for row in json.loads(run("rules", "--json").stdout)}
    assert [r["id"] for r in rules] == sorted(listed)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
    by_rule = {r["ruleId"]: r for r in sarif_run["results"]}
    assert set(by_rule) == {"PR001", "MN001", "CN001"}
    levels = {"warning": "warning", "error": "error"}
    for (path, rule_id), (line, column, end_line, end_column, level) in EXPECTED.items():
        result = by_rule[rule_id]
        assert rules[result["ruleIndex"]]["id"] == rule_id
        assert result["level"] == levels[level]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == path
        region = physical["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
            line,
            column,
            end_line,
            end_column,
        )
    assert by_rule["PR001"]["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "No refunds"
    assert "fixes" not in by_rule["MN001"]  # unsafe rewrites are suggestions, not SARIF fixes


def test_sarif_includes_pack_rules(project: Path) -> None:
    write(project / "letter.md", "Dear valued customer, your order is on its way.\n")
    result = run("check", "letter.md", "--format", "sarif", "--rule-pack", HOUSE_STYLE)
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert_valid_sarif(document)
    (sarif_run,) = document["runs"]
    ids = [r["id"] for r in sarif_run["tool"]["driver"]["rules"]]
    assert "HS001" in ids and "PR001" in ids
    (result_,) = sarif_run["results"]
    assert result_["ruleId"] == "HS001" and result_["level"] == "note"
    assert ids[result_["ruleIndex"]] == "HS001"


def test_sarif_clean_run_validates(project: Path) -> None:
    result = run("check", "welcome.md", "--format", "sarif")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert_valid_sarif(document)
    assert document["runs"][0]["results"] == []


# --- synthetic findings: fixes, escaping -----------------------------------------------------

TEXT = "Intro line.\nNo refunds, 100% final: sorry.\n"


def synthetic(ruleset: RuleSet, applicability: Applicability = Applicability.SAFE) -> list[FileReport]:
    source = load_text(TEXT, "docs/a,b:c.txt")
    start = TEXT.index("No refunds")
    sentence = Span(start, len(TEXT) - 1)
    finding = Finding(
        path="docs/a,b:c.txt",
        span=Span(start, start + len("No refunds")),
        sentence_span=sentence,
        rule_id="PR001",
        rule_name="no-sign",
        family="prohibition",
        level=Level.ERROR,
        message="“No refunds” is 100% closed:\nsay what they can do.",
        matched="No refunds",
        sentence=TEXT[sentence.start : sentence.end],
        suggestion="Ask us about refunds.",
        fix=Fix("Rewrite", (Edit(sentence, "Ask us about refunds."),), applicability),
    )
    return [FileReport(source.name, source, (finding,))]


def emit(fmt: str, reports: list[FileReport], ruleset: RuleSet) -> str:
    out = io.StringIO()
    EMITTERS[fmt](reports, out, EmitContext(False, ruleset))
    return out.getvalue()


def test_sarif_safe_fix_becomes_a_sarif_fix(ruleset: RuleSet) -> None:
    document = json.loads(emit("sarif", synthetic(ruleset), ruleset))
    assert_valid_sarif(document)
    (result,) = document["runs"][0]["results"]
    (fix,) = result["fixes"]
    (change,) = fix["artifactChanges"]
    (replacement,) = change["replacements"]
    assert replacement["deletedRegion"] == {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 31}
    assert replacement["insertedContent"]["text"] == "Ask us about refunds."
    assert result["level"] == "error"


def test_github_escapes_properties_and_message(ruleset: RuleSet) -> None:
    (line,) = emit("github", synthetic(ruleset), ruleset).splitlines()
    match = GITHUB_LINE.match(line)
    assert match, line
    assert match["command"] == "error"
    assert match["file"] == "docs/a%2Cb%3Ac.txt"
    assert (match["line"], match["col"], match["end_line"], match["end_col"]) == ("2", "1", "2", "11")
    assert match["title"] == "yeslint (PR001 no-sign)"
    assert (
        match["message"]
        == "“No refunds” is 100%25 closed:%0Asay what they can do.%0ATry: Ask us about refunds."
    )


# --- GitHub ----------------------------------------------------------------------------------


def test_github_annotations(project: Path) -> None:
    lines = check("github").stdout.splitlines()
    assert len(lines) == 3
    suggestions = {
        f["rule"]: f["suggestion"]
        for f in json.loads(run("check", ".", "--format", "json", *SELECT).stdout)["findings"]
    }
    seen = {}
    for line in lines:
        match = GITHUB_LINE.match(line)
        assert match, line
        assert "\n" not in match["message"]
        rule = re.search(r"\((\w+) ", match["title"])
        assert rule and match["title"].startswith("yeslint (")
        if suggestions[rule.group(1)]:  # the rewrite follows the message on a new line
            assert match["message"].endswith("%0ATry: " + suggestions[rule.group(1)].replace("%", "%25"))
        seen[(match["file"], rule.group(1))] = (
            int(match["line"]),
            int(match["col"]),
            int(match["end_line"]),
            int(match["end_col"]),
            match["command"],
        )
    assert seen == EXPECTED


def test_github_suggestion_level_is_a_notice(project: Path) -> None:
    write(project / ".yeslint.yaml", "levels: {PR001: suggestion}\n")
    result = run("check", "shop.md", "--format", "github", "--select", "PR001", "--isolated")
    assert result.stdout.startswith("::warning ")  # --isolated: the config's level is not applied
    result = run("check", "shop.md", "--format", "github", "--select", "PR001", "--config", ".yeslint.yaml")
    assert result.stdout.startswith("::notice ")


# --- JUnit -----------------------------------------------------------------------------------


def test_junit_parses_and_counts_failures(project: Path) -> None:
    root = ET.fromstring(check("junit").stdout)
    assert root.tag == "testsuites"
    assert root.get("failures") == "2"  # failed test cases (files), not findings
    (suite,) = root.findall("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "2", "0")
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert set(cases) == {"shop.md", "sign.txt", "welcome.md"}
    assert len(cases["shop.md"].findall("failure")) == 2
    assert len(cases["sign.txt"].findall("failure")) == 1
    assert cases["welcome.md"].findall("failure") == []
    failure = cases["sign.txt"].find("failure")
    assert failure is not None
    assert failure.get("message", "").startswith("CN001: ")
    assert failure.get("type") == "cannot"
    assert (failure.text or "").startswith("sign.txt:1:1: CN001 ")


def test_junit_reports_unreadable_files_as_errors(project: Path) -> None:
    (project / "bad.txt").write_bytes(b"\xff\xfe\x00binary\x00")
    result = run("check", "sign.txt", "bad.txt", "--format", "junit", *SELECT)
    assert result.exit_code == 2
    suite = ET.fromstring(result.stdout).find("testsuite")
    assert suite is not None and suite.get("errors") == "1"
    errors = [case.get("name") for case in suite.findall("testcase") if case.find("error") is not None]
    assert errors == ["bad.txt"]


# --- text and the flags that shape output ----------------------------------------------------


def test_text_report(project: Path) -> None:
    out = check("text", "--no-color").stdout
    assert "shop.md:3:1  PR001" in out
    assert "shop.md:5:21  MN001" in out
    assert "sign.txt:1:1  CN001" in out
    assert out.rstrip().splitlines()[-1] == "3 findings in 2 files, 1 clean"


def test_statistics(project: Path) -> None:
    write(project / "more.txt", "No refunds.\n\nNo refunds on sale items.\n")
    out = check("text", "--statistics", "--no-color").stdout
    rows = [line.split() for line in out.strip().splitlines()]
    assert rows[0] == ["3", "PR001", "no-sign", "prohibition"]
    assert [(r[0], r[1], r[-1]) for r in rows[1:]] == [("1", "CN001", "cannot"), ("1", "MN001", "minimum")]
    assert "No refunds." not in out  # counts, not findings


def test_statistics_in_json_are_json(project: Path) -> None:
    out = check("json", "--statistics", "--no-color").stdout
    rows = json.loads(out)
    assert [(row["rule"], row["count"]) for row in rows] == [("CN001", 1), ("MN001", 1), ("PR001", 1)]
    assert {row["family"] for row in rows} == {"cannot", "minimum", "prohibition"}


def test_statistics_replace_the_other_formats(project: Path) -> None:
    out = check("sarif", "--statistics", "--no-color").stdout
    counts = [line.split()[:2] for line in out.strip().splitlines()]
    assert counts == [["1", "CN001"], ["1", "MN001"], ["1", "PR001"]]  # a table, not SARIF


@pytest.mark.parametrize("fmt", list(EMITTERS))
def test_quiet_prints_nothing_but_keeps_the_exit_code(project: Path, fmt: str) -> None:
    result = check(fmt, "--quiet")
    assert result.stdout == ""
    clean = run("check", "welcome.md", "--format", fmt, "--quiet")
    assert (clean.exit_code, clean.stdout) == (0, "")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_exit_zero_still_reports(project: Path, fmt: str) -> None:
    result = run("check", ".", "--format", fmt, "--exit-zero", "--no-color", *SELECT)
    assert result.exit_code == 0
    assert "PR001" in result.stdout


def test_exit_zero_does_not_hide_errors(project: Path) -> None:
    result = run("check", "missing.md", "--exit-zero")
    assert result.exit_code == 2


@pytest.mark.parametrize("fmt", list(EMITTERS))
def test_output_file(project: Path, fmt: str) -> None:
    target = project / "reports" / f"yeslint.{fmt}"
    target.parent.mkdir()
    result = check(fmt, "--output-file", target, "--no-color")
    assert result.stdout == ""
    written = target.read_text(encoding="utf-8")
    assert "PR001" in written
    if fmt == "json":
        assert {f["rule"] for f in json.loads(written)["findings"]} == {"PR001", "MN001", "CN001"}
    if fmt == "sarif":
        assert_valid_sarif(json.loads(written))
    if fmt == "junit":
        assert ET.fromstring(written).get("failures") == "2"


def test_output_file_in_a_missing_folder_is_an_error(project: Path) -> None:
    message = one_error_line(run("check", ".", "--output-file", project / "nope" / "out.json"))
    assert "nope" in message and "cannot write report" in message


def test_output_file_not_written_for_quiet(project: Path) -> None:
    target = project / "out.json"
    check("json", "--output-file", target, "--quiet")
    assert not target.exists()


def test_unknown_format_is_one_line_error(project: Path) -> None:
    message = one_error_line(run("check", ".", "--format", "xml"))
    assert "'xml'" in message and "sarif" in message


def test_json_report_helper_sees_the_same_as_check(project: Path) -> None:
    """The JSON and text reports agree on what was found."""
    data = json_report(".", *SELECT)
    text = check("text", "--no-color").stdout
    for f in data["findings"]:
        assert f"{f['path']}:{f['line']}:{f['column']}  {f['rule']}" in text


def test_sarif_uri_is_percent_encoded(project: Path) -> None:
    write(project / "our menu.md", "No refunds.\n")
    result = run("check", "our menu.md", "--format", "sarif", "--select", "PR001")
    (sarif_result,) = json.loads(result.stdout)["runs"][0]["results"]
    assert sarif_result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "our%20menu.md"
