"""Inline suppressions: a deliberate sentence can be kept without turning a rule off everywhere.

Markdown and HTML use comments (invisible to readers):
``<!-- yeslint-disable PR001,MN001 -->`` ... ``<!-- yeslint-enable -->`` and
``<!-- yeslint-disable-next-line PR001 -->``, or at the end of the line it silences,
``No refunds. <!-- yeslint-disable-line PR001 -->``. Plain text uses a line of its own:
``yeslint: disable-next-line PR001`` (and ``yeslint: disable`` / ``yeslint: enable``).
No rule list means every rule. Each directive remembers whether it silenced anything, so
``--report-unused-ignores`` can point at stale ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yeslint.model import Finding, Kind, LineIndex

_COMMENT = re.compile(r"<!--\s*yeslint-(disable-next-line|disable-line|disable|enable)(?![\w-])([^>]*?)-->")
PLAIN_DIRECTIVE = re.compile(
    r"^[ \t]*(?:#|//)?[ \t]*yeslint:[ \t]*(disable-next-line|disable|enable)(?![\w-])(.*)$", re.M
)
"""A verb ends where a word would: "disable-line" is never "disable" of a rule "-line"."""


@dataclass(slots=True)
class Directive:
    line: int
    kind: str
    rules: frozenset[str] | None
    start: int
    end: int
    used: bool = field(default=False)

    def covers(self, finding: Finding) -> bool:
        inside = self.start <= finding.span.start < self.end
        return inside and (self.rules is None or bool({finding.rule_id, finding.rule_name} & self.rules))


def _rules(text: str) -> frozenset[str] | None:
    names = frozenset(n.strip() for n in re.split(r"[,\s]+", text) if n.strip())
    return names or None


def parse_directives(text: str, kind: Kind) -> list[Directive]:
    """Find directives and the character range each one silences."""
    pattern = PLAIN_DIRECTIVE if kind is Kind.TEXT else _COMMENT
    index = LineIndex(text)
    directives: list[Directive] = []
    open_blocks: list[Directive] = []
    for match in pattern.finditer(text):
        verb, rules = match.group(1), _rules(match.group(2))
        line, _ = index.position(match.start())
        if verb == "disable-line":
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.end())
            directives.append(Directive(line, verb, rules, start, len(text) if end < 0 else end))
        elif verb == "disable-next-line":
            start = _next_content_line(text, match.end())
            end = text.find("\n", start)
            directives.append(Directive(line, verb, rules, start, len(text) if end < 0 else end))
        elif verb == "disable":
            block = Directive(line, verb, rules, match.end(), len(text))
            directives.append(block)
            open_blocks.append(block)
        else:
            for block in open_blocks:
                block.end = min(block.end, match.start())
            open_blocks.clear()
    return directives


def _next_content_line(text: str, position: int) -> int:
    """Start of the first non-blank line after ``position``."""
    newline = text.find("\n", position)
    while newline >= 0:
        start = newline + 1
        end = text.find("\n", start)
        if text[start : end if end >= 0 else len(text)].strip():
            return start
        newline = end
    return len(text)


def apply_directives(findings: list[Finding], directives: list[Directive]) -> list[Finding]:
    """Drop findings a directive covers, marking the directive as used."""
    kept = []
    for finding in findings:
        covering = [d for d in directives if d.covers(finding)]
        for directive in covering:
            directive.used = True
        if not covering:
            kept.append(finding)
    return kept
