"""The bundled examples: ``yeslint check examples/`` must report exactly what examples/expected.yml lists.

The real CLI runs once, in-process, over the whole folder, so discovery, the loaders' position
mapping, every rule and the JSON report are exercised together on realistic copy.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import yeslint.cli
from yeslint.load import SUFFIX_KINDS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
MANIFEST = EXAMPLES / "expected.yml"
OWNED_ELSEWHERE = ("house-style",)
"""Subfolders of examples/ that hold other material (a rule pack) with their own tests."""
NO_FINDINGS = ("legit-no.md", "clean.md")
"""Files of legitimate no's and friendly negatives: any finding in them is a false alarm."""

Key = tuple[str, int, str, str]


def _owned_elsewhere(relative: str) -> bool:
    return relative.split("/", 1)[0] in OWNED_ELSEWHERE


@pytest.fixture(scope="module")
def manifest() -> dict[str, list[dict[str, Any]]]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data, f"{MANIFEST} must map file names to lists of findings"
    for name, entries in data.items():
        assert isinstance(entries, list), f"{name}: expected a list of findings (or [])"
        for entry in entries:
            assert isinstance(entry, dict) and set(entry) == {"line", "rule", "text"}, (
                f"{name}: each finding is {{line: N, rule: ID, text: ...}}, got {entry!r}"
            )
    return data


@pytest.fixture(scope="module")
def expected(manifest: dict[str, list[dict[str, Any]]]) -> set[Key]:
    keys = [(name, e["line"], e["rule"], e["text"]) for name, entries in manifest.items() for e in entries]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"listed twice in {MANIFEST.name}: {duplicates}"
    return set(keys)


@pytest.fixture(scope="module")
def run() -> tuple[int, dict[str, Any], str]:
    result = CliRunner().invoke(yeslint.cli.app, ["check", str(EXAMPLES), "--format", "json"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"no JSON report (exit {result.exit_code}):\n{result.output}")
    return result.exit_code, report, result.stderr


@pytest.fixture(scope="module")
def actual(run: tuple[int, dict[str, Any], str]) -> set[Key]:
    _, report, _ = run
    found: set[Key] = set()
    for finding in report["findings"]:
        relative = Path(finding["path"]).resolve().relative_to(EXAMPLES.resolve()).as_posix()
        if not _owned_elsewhere(relative):
            found.add((relative, finding["line"], finding["rule"], finding["text"]))
    return found


def _describe(keys: set[Key]) -> str:
    return "\n".join(f"  {name}:{line}  {rule}  {text!r}" for name, line, rule, text in sorted(keys))


def test_every_manifest_file_exists(manifest: dict[str, list[dict[str, Any]]]) -> None:
    missing = sorted(name for name in manifest if not (EXAMPLES / name).is_file())
    assert not missing, f"{MANIFEST.name} lists files that are not in examples/: {missing}"


def test_every_example_file_has_a_manifest_entry(manifest: dict[str, list[dict[str, Any]]]) -> None:
    files = {
        path.relative_to(EXAMPLES).as_posix()
        for path in EXAMPLES.rglob("*")
        if path.is_file() and path.suffix.lower() in SUFFIX_KINDS
    }
    unlisted = sorted(name for name in files - set(manifest) if not _owned_elsewhere(name))
    assert not unlisted, f"example files missing from {MANIFEST.name} (list them, [] if clean): {unlisted}"


def test_cli_exits_1_without_errors(run: tuple[int, dict[str, Any], str]) -> None:
    exit_code, report, stderr = run
    assert report["errors"] == [], stderr
    assert exit_code == 1, f"expected exit 1 (findings), got {exit_code}\n{stderr}"


def test_findings_match_the_manifest(expected: set[Key], actual: set[Key]) -> None:
    missing, unexpected = expected - actual, actual - expected
    message = []
    if missing:
        message.append(f"expected by {MANIFEST.name} but not reported:\n{_describe(missing)}")
    if unexpected:
        message.append(f"reported but not in {MANIFEST.name}:\n{_describe(unexpected)}")
    if message:
        pytest.fail("\n".join(message), pytrace=False)


@pytest.mark.parametrize("name", NO_FINDINGS)
def test_no_finding_files_are_clean(
    name: str, manifest: dict[str, list[dict[str, Any]]], actual: set[Key]
) -> None:
    assert manifest.get(name) == [], f"{name} must be listed in {MANIFEST.name} with []"
    false_alarms = {key for key in actual if key[0] == name}
    assert not false_alarms, f"{name} should give no findings, got:\n{_describe(false_alarms)}"
