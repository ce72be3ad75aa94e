"""Wire the stages in order: discover -> load -> segment -> match -> decide -> suggest."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from yeslint.config import FileSettings
from yeslint.discover import discover
from yeslint.errors import YeslintError
from yeslint.ignore import apply_directives, parse_directives
from yeslint.load import DEFAULT_MAX_BYTES, load_source
from yeslint.model import Applicability, Edit, Finding, Fix, Level, Source, Span
from yeslint.rulepack import RuleSet
from yeslint.segment import Segment, segment_source

if TYPE_CHECKING:
    from yeslint.match import Candidate, CompiledRules

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FileReport:
    """What one input produced: findings, or the error that kept it from being checked."""

    name: str
    source: Source | None
    findings: tuple[Finding, ...] = ()
    error: YeslintError | None = None
    unused_ignores: tuple[int, ...] = ()
    """Lines of inline ``yeslint-disable`` directives that silenced nothing."""


@dataclass
class Linter:
    """Holds the rule set and, once some text needs it, the pipeline and compiled matchers."""

    ruleset: RuleSet
    model: str | None = None
    enabled: frozenset[str] | None = None
    settings: Callable[[Path], FileSettings] | None = None
    excluded: Callable[[Path], bool] | None = None
    _compiled: CompiledRules | None = field(default=None, init=False, repr=False)

    def settings_for(self, source: Source) -> FileSettings:
        if self.settings is not None:
            return self.settings(source.path)
        enabled = self.enabled if self.enabled is not None else frozenset(r.id for r in self.ruleset.rules)
        return FileSettings(enabled, {}, Level.SUGGESTION)

    def compiled(self) -> CompiledRules:
        if self._compiled is None:
            from yeslint.match import CompiledRules
            from yeslint.nlp import load_pipeline, resolve_model

            self._compiled = CompiledRules(self.ruleset, load_pipeline(resolve_model(self.model)))
        return self._compiled

    def lint_paths(self, paths: list[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[FileReport]:
        named = set(paths)
        for item in discover(paths):
            if isinstance(item, Path) and item not in named and self.excluded and self.excluded(item):
                continue
            if isinstance(item, YeslintError):
                yield FileReport(item.path or "", None, error=item)
                continue
            try:
                source = load_source(item, max_bytes)
            except YeslintError as error:
                yield FileReport(str(item), None, error=error)
                continue
            yield self.lint_source(source)

    def lint_sources(self, sources: Iterable[Source]) -> Iterator[FileReport]:
        for source in sources:
            yield self.lint_source(source)

    def lint_source(self, source: Source) -> FileReport:
        segments = list(segment_source(source))
        if not segments:
            return FileReport(source.name, source)
        from yeslint.decide import choose

        settings = self.settings_for(source)
        compiled = self.compiled()
        findings: list[Finding] = []
        texts = (segment.text for segment in segments)
        for segment, doc in zip(segments, compiled.nlp.pipe(texts, batch_size=64), strict=True):
            for candidate in choose(compiled.candidates(doc), settings.enabled):
                level = settings.levels.get(candidate.rule.id, candidate.rule.level)
                if level.rank >= settings.min_level.rank:
                    findings.append(_finding(source, segment, candidate, level))
        findings.sort(key=lambda f: f.sort_key)
        directives = parse_directives(source.text, source.kind)
        findings = apply_directives(findings, directives)
        unused = tuple(d.line for d in directives if not d.used and d.kind != "enable")
        return FileReport(source.name, source, tuple(findings), unused_ignores=unused)


def _finding(source: Source, segment: Segment, candidate: Candidate, level: Level) -> Finding:
    from yeslint.suggest import alternative_for, hint_for, render_template, suggestion_for

    rule = candidate.rule
    span = Span(*segment.source_span(candidate.match.start, candidate.match.end))
    sentence_span = Span(*segment.source_span(candidate.sentence.start, candidate.sentence.end))
    suggestion = suggestion_for(candidate)
    fix = None
    if (
        suggestion is not None
        and rule.rewrite is not None
        and rule.rewrite.applicability is not Applicability.DISPLAY_ONLY
        and source.text[sentence_span.start : sentence_span.end] == candidate.sentence.text
    ):
        fix = Fix(
            title=f"Rewrite as: {suggestion}",
            edits=(Edit(sentence_span, suggestion),),
            applicability=rule.rewrite.applicability,
        )
    return Finding(
        path=source.name,
        span=span,
        sentence_span=sentence_span,
        rule_id=rule.id,
        rule_name=rule.name,
        family=rule.family,
        level=level,
        message=render_template(rule.message, candidate),
        matched=source.text[span.start : span.end],
        sentence=candidate.sentence.text,
        suggestion=suggestion,
        hint=hint_for(candidate),
        alternative=alternative_for(candidate),
        fix=fix,
    )
