"""The command line: exit codes, inputs, the JSON contract, rules/explain, one-line errors.

Commands run in-process with Typer's CliRunner (the spaCy pipeline is cached per process,
so it loads once). Usage errors are formatted by ``yeslint.cli.main``, so those tests call
``main([...])`` and read stderr with capsys. Every test runs in an empty folder, so no
config file of the repository changes what the rules report.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from _workflow import cached_load_pack
from yeslint import __version__, rulepack
from yeslint.cli import app, main

FINDING_KEYS = {
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "rule",
    "name",
    "family",
    "level",
    "message",
    "text",
    "sentence",
    "suggestion",
}
ANSI = re.compile(r"\x1b\[")


@pytest.fixture(autouse=True)
def _empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder, reading the built-in pack once (pure-Python YAML takes ~2 s)."""
    monkeypatch.setattr(rulepack, "load_pack", cached_load_pack)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=stdin)


def run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out, err


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("yeslint: error: "), lines[0]
    return lines[0]


# --- exit codes and inputs -------------------------------------------------------------------


def test_clean_text_exits_0() -> None:
    result = run("check", "--text", "Thanks for visiting, see you soon!")
    assert result.exit_code == 0, result.output
    assert "No findings in 1 file" in result.stdout
    assert result.stderr == ""


def test_finding_exits_1_and_names_rule_and_place() -> None:
    result = run("check", "--no-color", "--select", "PR001", "--text", "Welcome! No refunds.")
    assert result.exit_code == 1, result.output
    assert "<text>:1:10" in result.stdout
    assert "PR001" in result.stdout
    assert "1 finding" in result.stdout
    assert not ANSI.search(result.stdout)


def test_exit_zero_keeps_findings_but_exits_0() -> None:
    result = run("check", "--exit-zero", "--select", "PR001", "--text", "No refunds.")
    assert result.exit_code == 0
    assert "PR001" in result.stdout


def test_bad_input_exits_2() -> None:
    result = run("check", "missing.md")
    assert result.exit_code == 2
    assert "missing.md" in result.stderr


def test_errors_win_over_findings(_empty_folder: Path) -> None:
    (_empty_folder / "sign.txt").write_text("No refunds.\n", encoding="utf-8")
    result = run("check", "sign.txt", "missing.txt")
    assert result.exit_code == 2
    assert "PR001" in result.stdout  # the good file is still reported


def test_repeated_text_options_are_separate_inputs() -> None:
    result = run(
        "check", "--format", "json", "--select", "PR001", "--text", "No refunds.", "--text", "Hello there."
    )
    assert result.exit_code == 1
    summary = json.loads(result.stdout)["summary"]
    assert summary["files"] == 2
    assert summary["files_with_findings"] == 1
    assert summary["clean"] == 1


def test_text_and_paths_together_is_a_usage_error() -> None:
    result = run("check", "--text", "No refunds.", "notes.txt")
    assert result.exit_code == 2
    one_error_line(result.stderr)


def test_stdin_with_markdown_filename() -> None:
    document = "# Returns\n\n```\nNo cash.\n```\n\nSorry, **no refunds** on sale items.\n"
    result = run(
        "check", "-", "--stdin-filename", "x.md", "--format", "json", "--select", "PR001", stdin=document
    )
    assert result.exit_code == 1, result.output
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["path"] == "x.md"
    assert finding["text"] == "no refunds"
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (7, 10, 7, 20)


def test_stdin_filename_picks_html() -> None:
    page = "<html><head><title>No refunds.</title></head><body><p>Hello there.</p></body></html>"
    result = run("check", "-", "--stdin-filename", "page.html", "--select", "PR001", stdin=page)
    assert result.exit_code == 0, result.output  # the title is in <head>, not on the page


def test_empty_stdin_is_bad_input() -> None:
    result = run("check", "-", "--stdin-filename", "x.md", stdin="")
    assert result.exit_code == 2
    assert "x.md" in one_error_line(result.stderr)


def test_stdin_cannot_mix_with_paths() -> None:
    result = run("check", "-", "other.md", stdin="No refunds.")
    assert result.exit_code == 2
    one_error_line(result.stderr)


# --- JSON contract ---------------------------------------------------------------------------


def test_json_follows_the_contract() -> None:
    text = "We are so glad you came.\nNo refunds.\n$10 minimum for credit cards."
    result = run("check", "--format", "json", "--select", "PR001,MN001", "--text", text)
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert {"findings", "summary"} <= set(document)
    findings = document["findings"]
    assert [f["rule"] for f in findings] == ["PR001", "MN001"]
    lines = text.splitlines()
    for finding in findings:
        assert set(finding) >= FINDING_KEYS, FINDING_KEYS - set(finding)
        for key in ("line", "column", "end_line", "end_column"):
            assert isinstance(finding[key], int) and finding[key] >= 1
        line = lines[finding["line"] - 1]
        assert line[finding["column"] - 1 : finding["end_column"] - 1] == finding["text"]
        assert finding["path"] == "<text>"
        assert finding["level"] in ("suggestion", "warning", "error")
        assert finding["message"] and finding["sentence"] in text
    assert findings[0]["name"] == "no-sign" and findings[0]["family"] == "prohibition"
    assert findings[1]["family"] == "minimum"
    assert document["summary"]["findings"] == 2
    assert document["summary"]["by_rule"] == {"MN001": 1, "PR001": 1}


def test_json_clean_run_has_empty_findings() -> None:
    result = run("check", "--format", "json", "--text", "See you soon!")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["findings"] == []
    assert document["summary"]["findings"] == 0


def test_output_file_gets_the_report(_empty_folder: Path) -> None:
    result = run(
        "check", "--format", "json", "-o", "report.json", "--select", "PR001", "--text", "No refunds."
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    document = json.loads((_empty_folder / "report.json").read_text(encoding="utf-8"))
    assert [f["rule"] for f in document["findings"]] == ["PR001"]


def test_text_report_keeps_markup_in_the_input_literal() -> None:
    result = run("check", "--no-color", "--select", "PR001", "--text", "No refunds on [red]sale items[/red].")
    assert result.exit_code == 1
    assert "No refunds on [red]sale items[/red]." in result.stdout


# --- rules, explain, version -----------------------------------------------------------------


def test_rules_lists_every_rule() -> None:
    result = run("rules", "--no-color")
    assert result.exit_code == 0
    ids = [rule.id for rule in rulepack.load_ruleset().rules]
    assert {"PR001", "MN001", "CN001"} <= set(ids)
    for rule_id in ids:
        assert rule_id in result.stdout


def test_several_texts_are_told_apart() -> None:
    result = run("check", "--format", "json", "--text", "Lovely to see you.", "--text", "No refunds.")
    assert [f["path"] for f in json.loads(result.stdout)["findings"]] == ["<text 2>"]


def test_rules_piped_are_one_tab_separated_line_each() -> None:
    result = run("rules")  # CliRunner's stdout is not a terminal, as in `yeslint rules | grep`
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["id", "name", "family", "level", "pack", "summary"]
    rows = {line.split("\t")[0]: line.split("\t") for line in lines[1:]}
    assert len(rows) == len(rulepack.load_ruleset().rules)
    assert all(len(line.split("\t")) == 6 and line.strip() == line for line in lines[1:])
    assert rows["PR001"][1] == "no-sign"


def test_rules_json() -> None:
    result = run("rules", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [row["id"] for row in rows] == [rule.id for rule in rulepack.load_ruleset().rules]
    pr001 = next(row for row in rows if row["id"] == "PR001")
    assert pr001["name"] == "no-sign" and pr001["family"] == "prohibition"


@pytest.mark.parametrize("key", ["PR001", "pr001", "no-sign"])
def test_explain_by_id_or_name(key: str) -> None:
    rule = rulepack.load_ruleset().find("PR001")
    assert rule is not None
    result = run("explain", key, "--no-color")
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("PR001 no-sign")
    assert "## What it does" in result.stdout
    assert "## Why is this bad?" in result.stdout
    bad = next(e.bad for e in rule.examples if e.bad)
    assert bad in result.stdout


def test_explain_unknown_rule_is_one_line_exit_2() -> None:
    result = run("explain", "XX999")
    assert result.exit_code == 2
    assert "XX999" in one_error_line(result.stderr)
    assert result.stdout == ""


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"yeslint {__version__}"


def test_version_through_main(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(["--version"], capsys)
    assert (code, out.strip(), err) == (0, f"yeslint {__version__}", "")


# --- usage errors through main() -------------------------------------------------------------


def test_main_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_main(["check", "--select", "PR001", "--text", "No refunds."], capsys)[0] == 1
    assert run_main(["check", "--text", "See you soon!"], capsys)[0] == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--fromat", "json", "--text", "hi"],
        ["--fromat"],
        ["explain"],
        ["chekc", "x.md"],
        ["check", "--max-file-size", "0", "--text", "hi"],
    ],
    ids=["bad-flag", "bad-root-flag", "missing-argument", "unknown-command", "bad-value"],
)
def test_usage_errors_are_one_line_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(argv, capsys)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("yeslint: ")


def test_bad_flag_names_the_flag(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run_main(["check", "--fromat", "json", "--text", "hi"], capsys)
    assert "--fromat" in err


def test_bad_flag_is_reported_as_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run_main(["check", "--fromat", "json", "--text", "hi"], capsys)
    assert err.startswith("yeslint: error: ")
    assert "internal error" not in err


def test_unknown_format_value_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(["check", "--format", "xml", "--text", "No refunds."], capsys)
    assert code == 2
    line = one_error_line(err)
    assert "'xml'" in line and "json" in line
    assert out == ""


def test_unknown_select_rule_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(["check", "--select", "ZZ123", "--text", "No refunds."], capsys)
    assert code == 2
    assert "ZZ123" in one_error_line(err)


@pytest.mark.parametrize(
    ("argv", "frozen"), [("None", True), ("['check', '--text', 'See you soon!']", False)]
)
def test_only_the_console_script_freezes_the_heap(argv: str, frozen: bool) -> None:
    """The last collection is skipped when the process ends next; tests calling main() keep theirs."""
    code = (
        "import gc, sys\n"
        "sys.argv = ['yeslint', 'check', '--text', 'See you soon!']\n"
        "from yeslint.cli import main\n"
        "try:\n"
        f"    main({argv})\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "print(gc.get_freeze_count())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert (int(result.stdout.split()[-1]) > 0) is frozen


@pytest.mark.parametrize("argv", [[], ["cache"]], ids=["bare", "bare-group"])
def test_a_command_with_nothing_to_do_prints_its_help(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(argv, capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("Usage: yeslint")
    assert "\nCommands:\n" in err
    assert "error" not in err
