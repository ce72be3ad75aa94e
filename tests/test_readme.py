"""The README's sample session is what yeslint prints: a new user's first comparison."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from _workflow import ROOT, fast_rules, run

__all__ = ["fast_rules"]

SAMPLE = re.compile(
    r"## What it looks like\s+```text\n"
    r"\$ echo (?P<words>'[^\n]*') \| yeslint check -\n(?P<out>.*?)```",
    re.S,
)


def test_the_sample_output_is_current() -> None:
    found = SAMPLE.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert found is not None, "the README's 'What it looks like' block moved or changed shape"
    words = shlex.split(found["words"])[0]
    result = run("check", "-", input=words + "\n")
    assert result.exit_code == 1
    assert result.stdout == found["out"]


JSON_SAMPLE = re.compile(r"## JSON output.*?```json\n(?P<document>.*?)```", re.S)


def test_the_json_sample_is_what_yeslint_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The public contract's example, field by field (its long message is cut short there)."""
    found = JSON_SAMPLE.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert found is not None, "the README's JSON sample moved or changed shape"
    sample = json.loads(found["document"])
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sign.txt").write_text("$10 minimum for credit cards.\n", encoding="utf-8")
    (tmp_path / "broken.bin").write_bytes(b"\x00\x01\x02binary")
    result = run("check", "sign.txt", "broken.bin", "--format", "json")
    assert result.exit_code == 2
    printed = json.loads(result.stdout)
    for document in (sample, printed):
        for finding in document["findings"]:
            finding.pop("message")
    assert printed == sample
