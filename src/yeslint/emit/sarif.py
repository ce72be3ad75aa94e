"""SARIF 2.1.0 for code-scanning dashboards: rule metadata, results with regions, safe fixes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from yeslint import __version__
from yeslint.emit.context import EmitContext
from yeslint.engine import FileReport
from yeslint.explain import rule_markdown
from yeslint.model import Applicability, Level, LineIndex, Span
from yeslint.rulepack import Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS: dict[Level, str] = {Level.ERROR: "error", Level.WARNING: "warning", Level.SUGGESTION: "note"}


def _uri(path: str) -> str:
    """A relative URI reference (RFC 3986): "our menu.md" becomes "our%20menu.md"."""
    return quote(Path(path).as_posix())


def _region(index: LineIndex, span: Span) -> dict[str, int]:
    line, column = index.position(span.start)
    end_line, end_column = index.position(span.end)
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {"text": f"{rule.summary} {rule.why}", "markdown": rule_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.level]},
        "properties": {"family": rule.family, "tags": ["wording", rule.family]},
    }


def emit_sarif(reports: Sequence[FileReport], out: TextIO, context: EmitContext) -> None:
    rules = list(context.ruleset.rules) if context.ruleset else []
    rule_index = {rule.id: i for i, rule in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for report in reports:
        if report.source is None:
            continue
        index = LineIndex(report.source.text)
        for f in report.findings:
            location = {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(f.path)},
                    "region": {**_region(index, f.span), "snippet": {"text": f.matched}},
                }
            }
            result: dict[str, Any] = {
                "ruleId": f.rule_id,
                "level": LEVELS[f.level],
                "message": {"text": f.message + (f" Try: {f.suggestion}" if f.suggestion else "")},
                "locations": [location],
            }
            if f.rule_id in rule_index:
                result["ruleIndex"] = rule_index[f.rule_id]
            if f.fix is not None and f.fix.applicability is Applicability.SAFE:
                result["fixes"] = [
                    {
                        "description": {"text": f.fix.title},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": _uri(f.path)},
                                "replacements": [
                                    {
                                        "deletedRegion": _region(index, e.span),
                                        "insertedContent": {"text": e.replacement},
                                    }
                                    for e in f.fix.edits
                                ],
                            }
                        ],
                    }
                ]
            results.append(result)
    notifications = [
        {"level": "error", "message": {"text": str(r.error)}} for r in reports if r.error is not None
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "yeslint",
                "version": __version__,
                "informationUri": "https://pypi.org/project/yeslint/",
                "rules": [_descriptor(rule) for rule in rules],
            }
        },
        "columnKind": "unicodeCodePoints",  # columns count characters (see LineIndex), not UTF-16 units
        "results": results,
        "invocations": [
            {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
        ],
    }
    json.dump({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, out, indent=2, ensure_ascii=False)
    out.write("\n")
