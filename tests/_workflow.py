"""Helpers shared by the team-workflow tests (config, ignores, packs, formats, pre-commit).

Every ``yeslint`` command re-reads the built-in rule pack (a hundred YAML files parsed by
pure-Python PyYAML, ~2 s on CI). The tests run the CLI in-process dozens of times, so
`fast_rules` keeps one parsed copy of the built-in pack per session; custom packs and
config files are still read, validated and compiled on every call.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

import yeslint.rulepack
from yeslint.cli import app

ROOT = Path(__file__).resolve().parents[1]
HOUSE_STYLE = ROOT / "examples" / "house-style"

_real_load_pack = yeslint.rulepack.load_pack
_builtin_cache: dict[Path, tuple[list[Any], list[Any]]] = {}


def cached_load_pack(directory: Path, pack: str, check: bool = True) -> tuple[list[Any], list[Any]]:
    """`load_pack` that reads the built-in pack once per session: tests build many linters."""
    if pack != yeslint.rulepack.BUILTIN_PACK:
        return _real_load_pack(directory, pack, check)
    if directory not in _builtin_cache:
        _builtin_cache[directory] = _real_load_pack(directory, pack, check)
    rules, lexicons = _builtin_cache[directory]
    return list(rules), list(lexicons)  # load_ruleset extends these lists in place


@pytest.fixture(autouse=True)
def fast_rules(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(yeslint.rulepack, "load_pack", cached_load_pack)
    yield


def run(*args: str | Path, input: str | None = None) -> Result:
    """``yeslint ARGS`` in-process; an unexpected exception fails the test with its traceback."""
    result = CliRunner().invoke(app, [str(a) for a in args], input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def json_report(*args: str | Path) -> dict[str, Any]:
    result = run("check", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def one_error_line(result: Result) -> str:
    """Exit 2 and exactly one stderr line, which is returned."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("yeslint: error: "), lines[0]
    assert "Traceback" not in result.output
    return lines[0]
