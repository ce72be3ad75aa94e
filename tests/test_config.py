"""Configuration: discovery, precedence between files and the CLI, every key, every error.

Each test builds a small project in ``tmp_path``, changes into it and runs ``yeslint check``
in-process (the spaCy pipeline loads once per session). Findings are read from the JSON
report, so the assertions name rules and levels, not text layout.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from _workflow import HOUSE_STYLE, fast_rules, json_report, one_error_line, run, write
from yeslint.nlp import resolve_model
from yeslint.rulepack import RuleSet

__all__ = ["fast_rules"]

PAGE = "No refunds.\n\n$10 minimum for credit cards.\n\nYou cannot leave tips on a credit card.\n"
"""One sentence each for PR001 (warning), MN001 (warning) and CN001 (warning)."""
THREE = {"PR001", "MN001", "CN001"}
PYPROJECT_CN001 = '[tool.yeslint]\nselect = ["CN001"]\n'


def everything(path: str | Path) -> set[str]:
    """Every rule the built-ins report on ``path`` with no config (more rules land over time)."""
    rules = rules_in(path, "--isolated")
    assert rules >= THREE
    return rules


def report(*args: str | Path) -> dict:
    return json_report(*args)


def found(*args: str | Path) -> dict[str, set[str]]:
    """Rule ids reported, per file path (as the report names it, with forward slashes)."""
    by_path: dict[str, set[str]] = {}
    for finding in report(*args)["findings"]:
        by_path.setdefault(Path(finding["path"]).as_posix(), set()).add(finding["rule"])
    return by_path


def rules_in(*args: str | Path) -> set[str]:
    return {f["rule"] for f in report(*args)["findings"]}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder that is also the current directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_without_config_every_rule_reports(project: Path) -> None:
    write(project / "page.txt", PAGE)
    assert rules_in("page.txt") == everything("page.txt")


# --- discovery and precedence --------------------------------------------------------------


def test_nearest_config_wins_for_each_file(project: Path) -> None:
    write(project / ".yeslint.yaml", "select: [PR001]\n")
    write(project / "docs" / ".yeslint.yaml", "select: [MN001]\n")
    write(project / "page.txt", PAGE)
    write(project / "docs" / "page.txt", PAGE)
    write(project / "docs" / "deeper" / "page.txt", PAGE)
    assert found(".") == {
        "page.txt": {"PR001"},
        "docs/page.txt": {"MN001"},
        "docs/deeper/page.txt": {"MN001"},
    }


def test_nearest_config_replaces_the_parent_one_rather_than_merging(project: Path) -> None:
    write(project / ".yeslint.yaml", "ignore: [PR001]\n")
    write(project / "docs" / ".yeslint.yaml", "ignore: [MN001]\n")
    write(project / "docs" / "page.txt", PAGE)
    rules = rules_in("docs/page.txt")
    assert "MN001" not in rules
    assert {"PR001", "CN001"} <= rules


@pytest.mark.parametrize(
    ("files", "winner"),
    [
        ({".yeslint.yaml": "select: [PR001]\n", ".yeslint.toml": 'select = ["MN001"]\n'}, "PR001"),
        ({".yeslint.yml": "select: [PR001]\n", ".yeslint.toml": 'select = ["MN001"]\n'}, "PR001"),
        ({".yeslint.yaml": "select: [PR001]\n", ".yeslint.yml": "select: [CN001]\n"}, "PR001"),
        (
            {
                ".yeslint.toml": 'select = ["MN001"]\n',
                "pyproject.toml": '[tool.yeslint]\nselect = ["CN001"]\n',
            },
            "MN001",
        ),
        (
            {".yeslint.yaml": "select: [PR001]\n", "pyproject.toml": PYPROJECT_CN001},
            "PR001",
        ),
        ({"pyproject.toml": '[project]\nname = "x"\n\n[tool.yeslint]\nselect = ["CN001"]\n'}, "CN001"),
        ({".yeslint.toml": 'select = ["MN001"]\n', "yeslint.toml": 'select = ["CN001"]\n'}, "MN001"),
        ({"yeslint.toml": 'select = ["MN001"]\n', "pyproject.toml": PYPROJECT_CN001}, "MN001"),
    ],
    ids=[
        "yaml>toml",
        "yml>toml",
        "yaml>yml",
        "toml>pyproject",
        "yaml>pyproject",
        "pyproject-alone",
        "dot-toml>toml",
        "undotted-toml>pyproject",
    ],
)
def test_one_folder_file_order(project: Path, files: dict[str, str], winner: str) -> None:
    for name, text in files.items():
        write(project / name, text)
    write(project / "page.txt", PAGE)
    assert rules_in("page.txt") == {winner}


def test_pyproject_without_a_yeslint_table_does_not_stop_the_walk(project: Path) -> None:
    write(project / ".yeslint.yaml", "select: [PR001]\n")
    write(project / "site" / "pyproject.toml", '[project]\nname = "site"\n')
    write(project / "site" / "page.txt", PAGE)
    assert rules_in("site/page.txt") == {"PR001"}


def test_config_flag_forces_one_file_for_every_path(project: Path) -> None:
    write(project / ".yeslint.yaml", "select: [PR001]\n")
    write(project / "docs" / ".yeslint.yaml", "select: [CN001]\n")
    forced = write(project / "elsewhere" / "strict.toml", 'select = ["MN001"]\n')
    write(project / "page.txt", PAGE)
    write(project / "docs" / "page.txt", PAGE)
    assert found(".", "--config", forced) == {"page.txt": {"MN001"}, "docs/page.txt": {"MN001"}}


def test_config_flag_reads_a_pyproject_table(project: Path) -> None:
    forced = write(
        project / "other" / "pyproject.toml",
        '[tool.yeslint]\nselect = ["PR001", "CN001"]\nignore = ["PR001"]\n',
    )
    write(project / "page.txt", PAGE)
    assert rules_in("page.txt", "--config", forced) == {"CN001"}


def test_config_flag_missing_file_is_an_error(project: Path) -> None:
    write(project / "page.txt", PAGE)
    line = one_error_line(run("check", "page.txt", "--config", "nope.yaml"))
    assert "nope.yaml" in line and "not found" in line


def test_config_flag_naming_a_folder_says_so(project: Path) -> None:
    write(project / "page.txt", PAGE)
    line = one_error_line(run("check", "page.txt", "--config", "."))
    assert "is a folder" in line


def test_config_flag_pyproject_without_table_is_an_error(project: Path) -> None:
    write(project / "pyproject.toml", '[project]\nname = "x"\n')
    write(project / "page.txt", PAGE)
    line = one_error_line(run("check", "page.txt", "--config", "pyproject.toml"))
    assert "pyproject.toml" in line and "[tool.yeslint]" in line


def test_isolated_ignores_every_config_file(project: Path) -> None:
    write(project / ".yeslint.yaml", "select: [PR001]\nlevels: {PR001: error}\n")
    write(project / "docs" / ".yeslint.toml", "this is not toml = = =\n")
    write(project / "docs" / "page.txt", PAGE)
    data = report("docs/page.txt", "--isolated")
    assert {f["rule"] for f in data["findings"]} >= THREE
    assert {f["level"] for f in data["findings"] if f["rule"] in THREE} == {"warning"}


def test_cli_select_overrides_config_select(project: Path) -> None:
    write(project / ".yeslint.yaml", "select: [PR001]\n")
    write(project / "page.txt", PAGE)
    assert rules_in("page.txt", "--select", "MN001") == {"MN001"}


def test_cli_ignore_applies_on_top_of_config(project: Path) -> None:
    write(project / ".yeslint.yaml", "select: [PR001, MN001]\n")
    write(project / "page.txt", PAGE)
    assert rules_in("page.txt", "--ignore", "PR001") == {"MN001"}


def test_cli_min_level_overrides_config_min_level(project: Path) -> None:
    write(project / ".yeslint.yaml", "min-level: error\nlevels: {PR001: error}\n")
    write(project / "page.txt", PAGE)
    assert rules_in("page.txt") == {"PR001"}
    assert rules_in("page.txt", "--min-level", "warning") >= THREE


def test_cli_min_level_suggestion_overrides_config(project: Path) -> None:
    write(project / ".yeslint.yaml", "min-level: error\n")
    write(project / "page.txt", PAGE)
    assert rules_in("page.txt", "--min-level", "suggestion") >= THREE


def test_cli_min_level_filters_with_config_levels(project: Path) -> None:
    write(project / ".yeslint.yaml", "levels: {MN001: error}\n")
    write(project / "page.txt", PAGE)
    errors = {f["rule"] for f in report("page.txt")["findings"] if f["level"] == "error"}
    assert "MN001" in errors
    assert rules_in("page.txt", "--min-level", "error") == errors


# --- every key -----------------------------------------------------------------------------


def test_select_accepts_a_family_name(project: Path, ruleset: RuleSet) -> None:
    write(project / ".yeslint.yaml", "select: [minimum]\n")
    write(project / "page.txt", PAGE)
    found_rules = rules_in("page.txt")
    assert "MN001" in found_rules
    assert all(ruleset.find(r).family == "minimum" for r in found_rules)


def test_select_accepts_a_rule_name(project: Path, ruleset: RuleSet) -> None:
    name = ruleset.find("CN001").name
    write(project / ".yeslint.yaml", f"select: [{name}]\n")
    write(project / "page.txt", PAGE)
    assert rules_in("page.txt") == {"CN001"}


def test_ignore_key(project: Path) -> None:
    write(project / ".yeslint.yaml", "ignore: [PR001, CN001]\n")
    write(project / "page.txt", PAGE)
    rules = rules_in("page.txt")
    assert "MN001" in rules
    assert not rules & {"PR001", "CN001"}


def test_extend_select_adds_to_select(project: Path) -> None:
    write(project / ".yeslint.yaml", "select: [PR001]\nextend-select: [CN001]\n")
    write(project / "page.txt", PAGE)
    assert rules_in("page.txt") == {"PR001", "CN001"}


def test_levels_change_the_reported_level(project: Path) -> None:
    write(project / ".yeslint.yaml", "levels:\n  PR001: error\n  CN001: suggestion\n")
    write(project / "page.txt", PAGE)
    levels = {f["rule"]: f["level"] for f in report("page.txt")["findings"]}
    assert {r: levels[r] for r in THREE} == {"PR001": "error", "MN001": "warning", "CN001": "suggestion"}


def test_levels_in_toml(project: Path) -> None:
    write(project / ".yeslint.toml", '[levels]\nMN001 = "error"\n')
    write(project / "page.txt", PAGE)
    levels = {f["rule"]: f["level"] for f in report("page.txt")["findings"]}
    assert levels["MN001"] == "error"
    assert levels["PR001"] == "warning"


def test_exclude_glob_skips_discovered_files(project: Path) -> None:
    write(project / ".yeslint.yaml", "exclude: ['drafts/*', '*.html']\n")
    write(project / "page.txt", PAGE)
    write(project / "drafts" / "old.txt", PAGE)
    write(project / "shop.html", f"<p>{PAGE}</p>\n")
    data = report(".")
    assert {f["path"] for f in data["findings"]} == {"page.txt"}
    assert data["summary"]["files"] == 1


def test_include_glob_limits_discovered_files(project: Path) -> None:
    write(project / ".yeslint.yaml", "include: ['*.md']\n")
    write(project / "page.txt", PAGE)
    write(project / "faq.md", PAGE)
    data = report(".")
    assert {f["path"] for f in data["findings"]} == {"faq.md"}
    assert data["summary"]["files"] == 1


def test_exclude_beats_include(project: Path) -> None:
    write(project / ".yeslint.yaml", "include: ['*.md']\nexclude: ['drafts/*']\n")
    write(project / "faq.md", PAGE)
    write(project / "drafts" / "faq.md", PAGE)
    assert set(found(".")) == {"faq.md"}


def test_rule_packs_are_relative_to_the_config_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(HOUSE_STYLE, project / "style" / "house")
    write(project / ".yeslint.yaml", "rule-packs: [style/house]\n")
    write(project / "site" / "letter.txt", "Dear valued customer, your order is on its way.\n")
    monkeypatch.chdir(project / "site")  # a relative path would miss style/ from here
    assert rules_in("letter.txt") == {"HS001"}


def test_rule_packs_relative_to_a_forced_config(project: Path) -> None:
    shutil.copytree(HOUSE_STYLE, project / "conf" / "packs" / "house")
    forced = write(project / "conf" / "yeslint.toml", 'rule-packs = ["packs/house"]\n')
    write(project / "letter.txt", "Dear valued customer, your order is on its way.\n")
    assert rules_in("letter.txt", "--config", forced) == {"HS001"}


def test_missing_rule_pack_in_config_is_an_error(project: Path) -> None:
    write(project / ".yeslint.yaml", "rule-packs: [no-such-pack]\n")
    write(project / "page.txt", PAGE)
    line = one_error_line(run("check", "page.txt"))
    assert "no-such-pack" in line


def test_model_key_bad_name_is_one_line_error(project: Path) -> None:
    write(project / ".yeslint.yaml", "model: xx_no_such_pipeline_sm\n")
    write(project / "page.txt", PAGE)
    line = one_error_line(run("check", "page.txt"))
    assert "xx_no_such_pipeline_sm" in line


def test_model_key_good_name_is_used(project: Path) -> None:
    write(project / ".yeslint.yaml", f"model: {resolve_model()}\n")
    write(project / "page.txt", PAGE)
    assert rules_in("page.txt") == everything("page.txt")


def test_cli_model_overrides_config_model(project: Path) -> None:
    write(project / ".yeslint.yaml", "model: xx_no_such_pipeline_sm\n")
    write(project / "page.txt", PAGE)
    assert rules_in("page.txt", "--model", resolve_model()) >= THREE


def test_min_level_key(project: Path) -> None:
    write(project / ".yeslint.yaml", "min-level: error\n")
    write(project / "page.txt", PAGE)
    result = run("check", "page.txt", "--format", "json", "--select", "PR001,MN001,CN001")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"] == []


def test_per_file_overrides_apply_to_matching_globs_only(project: Path) -> None:
    write(
        project / ".yeslint.yaml",
        "per-file:\n"
        "  'legal/*':\n"
        "    ignore: [PR001]\n"
        "  '*.md':\n"
        "    levels: {CN001: error}\n"
        "  'signs/*':\n"
        "    select: [MN001]\n",
    )
    write(project / "page.txt", PAGE)
    write(project / "legal" / "terms.txt", PAGE)
    write(project / "faq.md", PAGE)
    write(project / "signs" / "door.txt", PAGE)
    data = report(".")
    by_path: dict[str, dict[str, str]] = {}
    for f in data["findings"]:
        by_path.setdefault(Path(f["path"]).as_posix(), {})[f["rule"]] = f["level"]
    assert set(by_path["page.txt"]) >= THREE
    assert "PR001" not in by_path["legal/terms.txt"]
    assert {"MN001", "CN001"} <= set(by_path["legal/terms.txt"])
    assert by_path["faq.md"]["CN001"] == "error"
    assert by_path["page.txt"]["CN001"] == "warning"
    assert set(by_path["signs/door.txt"]) == {"MN001"}


def test_per_file_extend_select(project: Path) -> None:
    write(
        project / ".yeslint.yaml",
        "select: [PR001]\nper-file:\n  'shop/*':\n    extend-select: [MN001]\n",
    )
    write(project / "page.txt", PAGE)
    write(project / "shop" / "page.txt", PAGE)
    assert found(".") == {"page.txt": {"PR001"}, "shop/page.txt": {"PR001", "MN001"}}


def test_empty_yaml_config_means_defaults(project: Path) -> None:
    write(project / ".yeslint.yaml", "# nothing yet\n")
    write(project / "page.txt", PAGE)
    assert rules_in("page.txt") == everything("page.txt")


# --- errors: exit 2, one stderr line naming the file (and line) ----------------------------


@pytest.mark.parametrize(
    ("name", "text", "line", "words"),
    [
        (".yeslint.yaml", "select: [PR001]\nselct: [MN001]\n", 2, ["unknown key 'selct'"]),
        (".yeslint.toml", 'ignore = []\nmodle = "x"\n', 2, ["unknown key 'modle'"]),
        ("pyproject.toml", "[tool.yeslint]\nselect = []\nfoo = 1\n", 3, ["unknown key 'foo'"]),
        (".yeslint.yaml", "ignore: []\nper-file:\n  '*.md':\n    model: x\n", 4, ["unknown key 'model'"]),
        (".yeslint.yaml", "select: PR001\n", 1, ["select", "not of type 'array'"]),
        (".yeslint.yaml", "exclude: [1, 2]\n", 1, ["exclude", "not of type 'string'"]),
        (".yeslint.toml", "model = 3\n", 1, ["model", "not of type 'string'"]),
        (".yeslint.yaml", "- select\n- PR001\n", 1, ["not of type 'object'"]),
        (".yeslint.yaml", "# levels\nlevels:\n  PR001: loud\n", 3, ["'loud'", "error"]),
        (".yeslint.yaml", "min-level: high\n", 1, ["'high'"]),
        (".yeslint.yaml", "select: [PR001\nignore: []\n", None, ["invalid YAML"]),
        (".yeslint.yaml", "select:\n  - PR001\n ignore: x\n", 3, ["invalid YAML"]),
        (".yeslint.toml", 'select = ["PR001"\n', 1, ["invalid TOML", "end of the file"]),
        (".yeslint.toml", 'select = ["PR001"\nignore = []\n', 2, ["invalid TOML"]),
        (".yeslint.toml", 'select = ["PR001"]\nignore = \n', 2, ["invalid TOML"]),
        ("pyproject.toml", "[tool.yeslint\nselect = []\n", 1, ["invalid TOML"]),
    ],
    ids=[
        "unknown-key-yaml",
        "unknown-key-toml",
        "unknown-key-pyproject",
        "unknown-key-per-file",
        "select-not-list",
        "exclude-not-strings",
        "model-not-string",
        "top-not-mapping",
        "bad-level",
        "bad-min-level",
        "invalid-yaml-flow",
        "invalid-yaml-indent",
        "invalid-toml-array-at-end",
        "invalid-toml-array",
        "invalid-toml-value",
        "invalid-pyproject",
    ],
)
def test_config_errors(project: Path, name: str, text: str, line: int | None, words: list[str]) -> None:
    config = write(project / "docs" / name, text)
    page = write(project / "docs" / "page.txt", PAGE)
    before = page.read_bytes()
    message = one_error_line(run("check", "docs/page.txt"))
    assert str(config) in message
    if line is not None:
        assert f"{config}:{line}: " in message
    for word in words:
        assert word in message
    assert page.read_bytes() == before


def test_invalid_yaml_line_is_reported(project: Path) -> None:
    write(project / ".yeslint.yaml", "select: [PR001]\nignore: [MN001\nlevels: {}\n")
    write(project / "page.txt", PAGE)
    message = one_error_line(run("check", "page.txt"))
    assert f"{project / '.yeslint.yaml'}:" in message
    assert "invalid YAML" in message
    assert message.split(".yeslint.yaml:")[1].split(":")[0] in {"2", "3", "4"}


def test_config_error_also_stops_a_forced_config(project: Path) -> None:
    forced = write(project / "ci.yaml", "selekt: [PR001]\n")
    write(project / "page.txt", PAGE)
    message = one_error_line(run("check", "page.txt", "--config", forced))
    assert f"{forced}:1: " in message and "selekt" in message


def test_unknown_rule_in_select(project: Path) -> None:
    config = write(project / ".yeslint.yaml", "# our rules\nselect: [PR001, XX999]\n")
    write(project / "page.txt", PAGE)
    message = one_error_line(run("check", "page.txt"))
    assert f"{config}:2: " in message and "'XX999'" in message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("select: [PR001]\nignore: [XX999]\n", 2),
        ("select: [PR001]\nextend-select: [XX999]\n", 2),
        ("select: [PR001]\nlevels:\n  XX999: error\n", 3),
        ("select: [PR001]\nper-file:\n  '*.txt':\n    ignore: [XX999]\n", 4),
    ],
    ids=["ignore", "extend-select", "levels", "per-file"],
)
def test_unknown_rule_elsewhere_names_the_file(project: Path, text: str, line: int) -> None:
    config = write(project / ".yeslint.yaml", text)
    write(project / "page.txt", PAGE)
    message = one_error_line(run("check", "page.txt"))
    assert str(config) in message and "'XX999'" in message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("select: [PR001]\nignore: [XX999]\n", 2),
        ("ignore: [XX999]\n", 1),
        ("select: [PR001]\nlevels:\n  XX999: error\n", 3),
    ],
    ids=["ignore-after-select", "ignore-alone", "levels"],
)
def test_unknown_rule_elsewhere_names_its_line(project: Path, text: str, line: int) -> None:
    config = write(project / ".yeslint.yaml", text)
    write(project / "page.txt", PAGE)
    message = one_error_line(run("check", "page.txt"))
    assert f"{config}:{line}: " in message


def test_unknown_rule_on_cli_is_an_error(project: Path) -> None:
    write(project / "page.txt", PAGE)
    message = one_error_line(run("check", "page.txt", "--select", "XX999"))
    assert "'XX999'" in message


def test_config_error_in_a_subfolder_only_when_its_files_are_checked(project: Path) -> None:
    write(project / "broken" / ".yeslint.yaml", "nope: 1\n")
    write(project / "broken" / "page.txt", PAGE)
    write(project / "good" / "page.txt", PAGE)
    assert rules_in("good/page.txt") >= THREE
    message = one_error_line(run("check", "."))
    assert str(project / "broken" / ".yeslint.yaml") in message


def test_unknown_key_line_in_pyproject_is_in_the_yeslint_table(project: Path) -> None:
    config = write(project / "pyproject.toml", '[project]\nname = "shop"\n\n[tool.yeslint]\nname = "x"\n')
    write(project / "page.txt", PAGE)
    message = one_error_line(run("check", "page.txt"))
    assert f"{config}:5: unknown key 'name'" in message


@pytest.mark.parametrize("pattern", ["drafts", "drafts/"])
def test_exclude_a_folder_by_name(project: Path, pattern: str) -> None:
    write(project / ".yeslint.yaml", f"exclude: ['{pattern}']\n")
    write(project / "page.txt", PAGE)
    write(project / "drafts" / "old" / "page.txt", PAGE)
    assert set(found(".")) == {"page.txt"}


def test_exclude_a_folder_with_a_glob(project: Path) -> None:
    write(project / ".yeslint.yaml", "exclude: ['drafts/**']\n")
    write(project / "page.txt", PAGE)
    write(project / "drafts" / "old" / "page.txt", PAGE)
    assert set(found(".")) == {"page.txt"}


def test_a_file_named_on_the_command_line_is_checked_even_if_excluded(project: Path) -> None:
    write(project / ".yeslint.yaml", "exclude: ['drafts/*']\n")
    write(project / "drafts" / "page.txt", PAGE)
    assert set(found("drafts/page.txt")) == {"drafts/page.txt"}
