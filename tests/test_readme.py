"""The README's sample session is what yeslint prints: a new user's first comparison."""

from __future__ import annotations

import re
import shlex

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
