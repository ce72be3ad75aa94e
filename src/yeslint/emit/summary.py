"""Counts every format reports the same way."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from yeslint.engine import FileReport


@dataclass(frozen=True, slots=True)
class Summary:
    files: int
    files_with_findings: int
    clean: int
    errors: int
    findings: int
    by_rule: dict[str, int]
    by_level: dict[str, int]

    @classmethod
    def of(cls, reports: Sequence[FileReport]) -> Summary:
        checked = [r for r in reports if r.error is None]
        findings = [f for r in checked for f in r.findings]
        return cls(
            files=len(checked),
            files_with_findings=sum(1 for r in checked if r.findings),
            clean=sum(1 for r in checked if not r.findings),
            errors=sum(1 for r in reports if r.error is not None),
            findings=len(findings),
            by_rule=dict(sorted(Counter(f.rule_id for f in findings).items())),
            by_level=dict(sorted(Counter(str(f.level) for f in findings).items())),
        )

    def sentence(self) -> str:
        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        if self.findings:
            found = plural(self.findings, "finding")
            text = f"{found} in {plural(self.files_with_findings, 'file')}, {self.clean} clean"
        else:  # "0 findings in 0 files, 1 clean" made a user read it twice
            text = f"No findings in {plural(self.files, 'file')}"
        if self.errors:
            text += f", {plural(self.errors, 'file')} not checked"
        return text
