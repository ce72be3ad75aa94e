"""The JSON report: a public contract (README, "JSON output"); change it only additively."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any, TextIO

from yeslint.emit.context import EmitContext
from yeslint.emit.summary import Summary
from yeslint.engine import FileReport
from yeslint.model import Finding, LineIndex, Span

SCHEMA_VERSION = 1


def _range(index: LineIndex, span: Span) -> dict[str, int]:
    line, column = index.position(span.start)
    end_line, end_column = index.position(span.end)
    return {"line": line, "column": column, "end_line": end_line, "end_column": end_column}


def finding_dict(finding: Finding, index: LineIndex) -> dict[str, Any]:
    data: dict[str, Any] = {"path": finding.path, **_range(index, finding.span)}
    data.update(
        rule=finding.rule_id,
        name=finding.rule_name,
        family=finding.family,
        level=str(finding.level),
        message=finding.message,
        text=finding.matched,
        sentence=finding.sentence,
        suggestion=finding.suggestion,
        hint=finding.hint,
        alternative=finding.alternative,
        fix=None,
    )
    if finding.fix is not None:
        data["fix"] = {
            "applicability": str(finding.fix.applicability),
            "message": finding.fix.title,
            "edits": [
                {**_range(index, edit.span), "content": edit.replacement} for edit in finding.fix.edits
            ],
        }
    return data


def emit_json(reports: Sequence[FileReport], out: TextIO, context: EmitContext) -> None:
    findings: list[dict[str, Any]] = []
    for report in reports:
        if report.source is None or not report.findings:
            continue
        index = LineIndex(report.source.text)
        findings.extend(finding_dict(f, index) for f in report.findings)
    errors = [{"path": r.name, "message": str(r.error)} for r in reports if r.error is not None]
    document = {
        "version": SCHEMA_VERSION,
        "findings": findings,
        "errors": errors,
        "summary": asdict(Summary.of(reports)),
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")
