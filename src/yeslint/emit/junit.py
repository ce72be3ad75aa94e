"""JUnit XML, which GitLab, Jenkins and most CI dashboards show as a test report: a file a test case."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TextIO

from yeslint.emit.context import EmitContext
from yeslint.engine import FileReport
from yeslint.model import LineIndex


def emit_junit(reports: Sequence[FileReport], out: TextIO, context: EmitContext) -> None:
    # a test case is a file, and a file with findings is one failed test case, however many
    # <failure> elements it holds: more failures than tests reads as a broken report
    findings = sum(1 for r in reports if r.findings)
    errors = sum(1 for r in reports if r.error is not None)
    suites = ET.Element("testsuites", name="yeslint", tests=str(len(reports)), failures=str(findings))
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="yeslint",
        tests=str(len(reports)),
        failures=str(findings),
        errors=str(errors),
    )
    for report in reports:
        case = ET.SubElement(suite, "testcase", classname="yeslint", name=report.name, file=report.name)
        if report.error is not None:
            ET.SubElement(case, "error", message=str(report.error))
            continue
        if report.source is None:
            continue
        index = LineIndex(report.source.text)
        for f in report.findings:
            line, column = index.position(f.span.start)
            failure = ET.SubElement(case, "failure", message=f"{f.rule_id}: {f.message}", type=f.family)
            body = f"{f.path}:{line}:{column}: {f.rule_id} {f.message}\n  {f.sentence}"
            failure.text = body + (f"\n  -> {f.suggestion}" if f.suggestion else "")
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(suites, encoding="unicode"))
    out.write("\n")
