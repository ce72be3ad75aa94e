"""Wire the stages in order: discover -> load -> segment -> match -> decide -> suggest."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from yeslint.config import FileSettings
from yeslint.discover import discover
from yeslint.errors import YeslintError
from yeslint.ignore import apply_directives, parse_directives
from yeslint.load import DEFAULT_MAX_BYTES, load_source
from yeslint.model import Applicability, Edit, Finding, Fix, Kind, Level, Source, Span
from yeslint.prefilter import Prefilter, prefilter_for
from yeslint.rulepack import RuleSet
from yeslint.segment import Segment, segment_source, segmenter_loaded
from yeslint.sentences import split_sentences

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future

    from yeslint.match import Candidate, CompiledRules
    from yeslint.suggest import Relinter, Relints

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


@dataclass(frozen=True, slots=True)
class _Piece:
    """A sentence-sized piece of a segment: what one call of the parser sees."""

    source: int
    segment: Segment
    start: int
    text: str


REMEMBERED_SENTENCES = 4096
"""Pieces whose candidates a linter keeps: a site's repeated lines, within bounded memory."""

PARALLEL_MIN_PIECES = 2000
"""Below this many sentences to parse, one process beats the cost of starting workers."""

PARALLEL_MIN_BYTES = 500_000
"""Below this much text, one process beats starting workers that each load the pipeline
(measured on 2 cores: 0.97 MB of Markdown took 9.2 s in one process, 7.4 s in two)."""

WORKER_BATCH_FILES = 16
"""Files per task for the workers: small enough that they finish together."""

BATCH_FILES = 64
"""Files whose pieces go to the parser together: large enough to keep spaCy's batches full."""


@dataclass
class Linter:
    """Holds the rule set and, once some text needs it, the pipeline and compiled matchers."""

    ruleset: RuleSet
    model: str | None = None
    enabled: frozenset[str] | None = None
    settings: Callable[[Path], FileSettings] | None = None
    excluded: Callable[[Path], bool] | None = None
    use_prefilter: bool = True
    use_cache: bool = True
    jobs: int = 1
    force_exclude: bool = False
    """Apply ``exclude`` to files named on the command line too (pre-commit names every file)."""
    _compiled: CompiledRules | None = field(default=None, init=False, repr=False)
    _prefilter: Prefilter | None = field(default=None, init=False, repr=False)
    _model_name: str | None = field(default=None, init=False, repr=False)
    _seen: OrderedDict[str, list[Candidate]] = field(default_factory=OrderedDict, init=False, repr=False)
    """Candidates of recently parsed pieces: footers and boilerplate recur across batches."""
    _relints: Relinter | None = field(default=None, init=False, repr=False)

    def settings_for(self, source: Source) -> FileSettings:
        if self.settings is not None:
            return self.settings(source.path)
        enabled = self.enabled if self.enabled is not None else frozenset(r.id for r in self.ruleset.rules)
        return FileSettings(enabled, {}, Level.SUGGESTION)

    def compiled(self) -> CompiledRules:
        """The pipeline and matchers, loaded on first need (never for text without triggers)."""
        if self._compiled is None:
            from yeslint.match import CompiledRules
            from yeslint.nlp import load_pipeline

            self._compiled = CompiledRules(self.ruleset, load_pipeline(self.model_name()))
            self._compiled.gate = self.use_prefilter  # without a prefilter, no gate of any kind runs
        return self._compiled

    def model_name(self) -> str:
        """The pipeline to use, resolved once: a cache key is built for every file."""
        if self._model_name is None:
            from yeslint.nlp import resolve_model

            self._model_name = resolve_model(self.model)
        return self._model_name

    def prefilter(self) -> Prefilter:
        if self._prefilter is None:
            self._prefilter = prefilter_for(self.ruleset, cached=self.use_cache)
        return self._prefilter

    def lint_paths(
        self,
        paths: list[Path],
        max_bytes: int = DEFAULT_MAX_BYTES,
        progress: Callable[[int], None] | None = None,
    ) -> Iterator[FileReport]:
        """Check files and folders; a file that cannot be read becomes a report with its error.

        ``progress`` is told how many more files are done after each batch. Large runs are
        spread over ``jobs`` worker processes, a batch of files each; reports still come
        back in discovery order, so output does not depend on the number of jobs.
        """
        items = list(self._discovered(paths))
        if self._parallel(items):
            yield from self._lint_parallel(self._batches(items, max_bytes, WORKER_BATCH_FILES), progress)
            return
        for batch in self._batches(items, max_bytes, BATCH_FILES):
            yield from self._lint_batch(batch)
            if progress is not None:
                progress(len(batch))

    def _discovered(self, paths: list[Path]) -> Iterator[Path | YeslintError]:
        named = set(paths)
        for item in discover(paths):
            explicit = item in named and not self.force_exclude
            if isinstance(item, Path) and not explicit and self.excluded and self.excluded(item):
                continue
            yield item

    def _batches(
        self, items: list[Path | YeslintError], max_bytes: int, size: int
    ) -> Iterator[list[Source | FileReport]]:
        batch: list[Source | FileReport] = []
        for item in items:
            if isinstance(item, YeslintError):
                batch.append(FileReport(item.path or "", None, error=item))
            else:
                try:
                    batch.append(load_source(item, max_bytes))
                except YeslintError as error:
                    batch.append(FileReport(str(item), None, error=error))
            if len(batch) >= size:
                yield batch
                batch = []
        yield batch

    def _parallel(self, items: list[Path | YeslintError]) -> bool:
        """Workers pay off only when there is a lot to read: each loads its own pipeline."""
        if self.jobs < 2 or len(items) < 2 * BATCH_FILES:
            return False
        size = 0
        for item in items:
            with contextlib.suppress(OSError):
                size += item.stat().st_size if isinstance(item, Path) else 0
        return size >= PARALLEL_MIN_BYTES

    def lint_sources(self, sources: Iterable[Source]) -> Iterator[FileReport]:
        batch: list[Source | FileReport] = []
        for source in sources:
            batch.append(source)
            if len(batch) >= BATCH_FILES:
                yield from self._lint_batch(batch)
                batch = []
        yield from self._lint_batch(batch)

    def lint_source(self, source: Source) -> FileReport:
        return next(self._lint_batch([source]))

    def _pieces(self, index: int, source: Source) -> Iterator[_Piece]:
        prefilter = self.prefilter() if self.use_prefilter else None
        might_match = prefilter.might_match if prefilter is not None else None
        paragraphs = source.kind is not Kind.HTML
        if (
            prefilter is not None
            and not segmenter_loaded(source.kind)
            and not prefilter.might_match_document(source.text, blank_lines_end_sentences=paragraphs)
        ):
            return  # a first page with no trigger: its format's parser is not worth importing
        wanted = prefilter.might_match_markup if prefilter is not None else None
        for segment in segment_source(source, wanted):
            for start, end in split_sentences(segment.text):
                text = segment.text[start:end]
                if text.strip() and (might_match is None or might_match(text)):
                    yield _Piece(index, segment, start, text)

    def _cache_key(self, source: Source, settings: FileSettings) -> str | None:
        """Findings depend on the text, its format, the rules, the model and the settings only."""
        if not self.use_cache or not self.ruleset.fingerprint:
            return None
        from yeslint import cache

        chosen = ",".join(sorted(settings.enabled))
        levels = ",".join(f"{k}={v}" for k, v in sorted(settings.levels.items()))
        return "findings:" + cache.fingerprint(
            self.ruleset.fingerprint,
            self.model_name(),
            str(self.use_prefilter),
            chosen,
            levels,
            str(settings.min_level),
            str(source.kind),
            source.text,
        )

    def _lint_batch(self, batch: list[Source | FileReport]) -> Iterator[FileReport]:
        work = self._look_up(batch)
        found = self._find(work.todo, work.settings) if work.todo else {}
        yield from self._complete(work, found)

    def _lint_parallel(
        self, batches: Iterator[list[Source | FileReport]], progress: Callable[[int], None] | None
    ) -> Iterator[FileReport]:
        """Cache look-ups and reports here; segmenting, parsing and matching in the workers."""
        from concurrent.futures import ProcessPoolExecutor

        setup = (self.ruleset, self.model_name(), self.use_prefilter)
        with ProcessPoolExecutor(self.jobs, _pool_context(), _start_worker, setup) as pool:
            pending: deque[tuple[_Work, Future[dict[int, list[Finding]]] | None]] = deque()
            for batch in batches:
                work = self._look_up(batch)
                job = pool.submit(_worker_find, work.todo, work.settings) if work.todo else None
                pending.append((work, job))
                while len(pending) > 2 * self.jobs or (pending and _done(pending[0][1])):
                    yield from self._collect(pending.popleft(), progress)
            while pending:
                yield from self._collect(pending.popleft(), progress)

    def _collect(
        self,
        entry: tuple[_Work, Future[dict[int, list[Finding]]] | None],
        progress: Callable[[int], None] | None,
    ) -> Iterator[FileReport]:
        work, job = entry
        yield from self._complete(work, job.result() if job is not None else {})
        if progress is not None:
            progress(len(work.batch))

    def _look_up(self, batch: list[Source | FileReport]) -> _Work:
        """Reports for the files the cache knows; the rest is left to do."""
        from yeslint import cache

        sources = {i: item for i, item in enumerate(batch) if isinstance(item, Source)}
        settings = {i: self.settings_for(source) for i, source in sources.items()}
        keys = {i: self._cache_key(source, settings[i]) for i, source in sources.items()}
        stored = cache.get_many([k for k in keys.values() if k]) if any(keys.values()) else {}
        reports: dict[int, FileReport] = {}
        for i, source in sources.items():
            hit = stored.get(keys[i] or "")
            if isinstance(hit, tuple) and len(hit) == 2:
                findings = tuple(replace(f, path=source.name) for f in hit[0])
                reports[i] = FileReport(source.name, source, findings, unused_ignores=hit[1])
        todo = {i: source for i, source in sources.items() if i not in reports}
        return _Work(batch, reports, todo, {i: settings[i] for i in todo}, keys)

    def _complete(self, work: _Work, found: dict[int, list[Finding]]) -> Iterator[FileReport]:
        from yeslint import cache

        fresh: list[tuple[str, object]] = []
        known = self.ruleset.names()
        for i, source in work.todo.items():
            work.reports[i] = _report(source, found[i], known)
            if (key := work.keys[i]) and work.reports[i].error is None:
                fresh.append((key, (work.reports[i].findings, work.reports[i].unused_ignores)))
        cache.put_many(fresh)
        for i, item in enumerate(work.batch):
            yield item if isinstance(item, FileReport) else work.reports[i]

    def _find(
        self, sources: dict[int, Source], settings: dict[int, FileSettings]
    ) -> dict[int, list[Finding]]:
        """Parse the pieces that might match, each distinct text once, and collect findings."""
        found: dict[int, list[Finding]] = {i: [] for i in sources}
        pieces = [piece for i, source in sources.items() for piece in self._pieces(i, source)]
        if not pieces:
            return found
        from yeslint.decide import choose, contenders  # only now: they bring the rewrite grammar
        from yeslint.suggest import relint_check

        compiled = self.compiled()
        if self._relints is None:
            might_match = self.prefilter().might_match if self.use_prefilter else None
            self._relints = relint_check(compiled, might_match)
        relints = self._relints
        seen = self._seen
        unique = [text for text in dict.fromkeys(p.text for p in pieces) if text not in seen]
        found_in = compiled.candidates_for(unique, self._processes(len(unique)))
        for text, found_here in zip(unique, found_in, strict=True):
            seen[text] = list(found_here)
        candidates = {piece.text: seen[piece.text] for piece in pieces}
        for text in candidates:
            seen.move_to_end(text)
        while len(seen) > REMEMBERED_SENTENCES:
            seen.popitem(last=False)
        enabled = frozenset().union(*(chosen.enabled for chosen in settings.values()))
        asked = (c for found in candidates.values() for best in contenders(found, enabled) for c in best)
        relints.prime_for(asked)  # the rewrites `choose` will ask about, parsed in one batch
        for piece in pieces:
            chosen = settings[piece.source]
            for candidate in choose(candidates[piece.text], chosen.enabled, relints):
                level = chosen.levels.get(candidate.rule.id, candidate.rule.level)
                if level.rank >= chosen.min_level.rank:
                    finding = _finding(sources[piece.source], piece, candidate, level, relints)
                    found[piece.source].append(finding)
        return found

    def _processes(self, pieces: int) -> int:
        """Worth forking only when there is enough to parse to pay for the workers' start."""
        return self.jobs if self.jobs > 1 and pieces >= PARALLEL_MIN_PIECES else 1


@dataclass(slots=True)
class _Work:
    """One batch between the cache look-up and its reports."""

    batch: list[Source | FileReport]
    reports: dict[int, FileReport]
    todo: dict[int, Source]
    settings: dict[int, FileSettings]
    keys: dict[int, str | None]


def _done(job: Future[dict[int, list[Finding]]] | None) -> bool:
    return job is None or job.done()


def _pool_context() -> multiprocessing.context.BaseContext:
    """A fresh interpreter per worker, never a fork of one that may run a progress thread.

    Spawn rather than forkserver: the server would import nothing worth sharing (each
    worker loads its own pipeline either way) and stays resident, 13 MiB for no gain.
    """
    import multiprocessing

    return multiprocessing.get_context("spawn")


_WORKER: Linter | None = None


def _start_worker(ruleset: RuleSet, model: str, use_prefilter: bool) -> None:
    """Load the pipeline now, then freeze the heap: it lives as long as the worker.

    Frozen objects are skipped by the garbage collector, so neither the full collections
    of a long run nor the last one at the worker's exit walk the pipeline's million objects.
    """
    global _WORKER
    _WORKER = Linter(ruleset, model=model, use_prefilter=use_prefilter, use_cache=False)
    _WORKER.compiled()
    gc.freeze()


def _worker_find(sources: dict[int, Source], settings: dict[int, FileSettings]) -> dict[int, list[Finding]]:
    assert _WORKER is not None, "the pool starts every worker with _start_worker"
    return _WORKER._find(sources, settings)


def _report(source: Source, findings: list[Finding], known: frozenset[str]) -> FileReport:
    """The file's findings after its inline directives; a directive naming no rule is an error.

    A misspelt id in ``yeslint-disable-next-line PR0O1`` would otherwise silence nothing,
    and say nothing about it.
    """
    findings.sort(key=lambda f: f.sort_key)
    directives = parse_directives(source.text, source.kind)
    for directive in directives:
        if unknown := sorted((directive.rules or frozenset()) - known):
            message = f"unknown rule {unknown[0]!r} in a yeslint directive (see 'yeslint rules')"
            return FileReport(source.name, source, error=YeslintError(message, source.name, directive.line))
    kept = apply_directives(findings, directives)
    unused = tuple(d.line for d in directives if not d.used and d.kind != "enable")
    return FileReport(source.name, source, tuple(kept), unused_ignores=unused)


def _finding(
    source: Source, piece: _Piece, candidate: Candidate, level: Level, relints: Relints | None = None
) -> Finding:
    from yeslint.fixer import written_for
    from yeslint.suggest import alternative_for, hint_for, render_template, suggestion_for

    rule = candidate.rule
    base, segment = piece.start, piece.segment
    span = _whole_words(
        source.text, Span(*segment.source_span(base + candidate.match.start, base + candidate.match.end))
    )
    sentence_span = Span(*segment.source_span(base + candidate.sentence.start, base + candidate.sentence.end))
    suggestion = suggestion_for(candidate, relints)
    fix = None
    if (
        suggestion is not None
        and rule.rewrite is not None
        and rule.rewrite.applicability is not Applicability.DISPLAY_ONLY
        and source.text[sentence_span.start : sentence_span.end] == candidate.sentence.text
    ):
        fix = Fix(
            title=f"Rewrite as: {suggestion}",
            edits=(Edit(sentence_span, written_for(source, sentence_span.start, suggestion)),),
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


def _in_word(text: str, i: int) -> bool:
    """Whether ``text[i]`` belongs to a word: a letter or digit, or an apostrophe inside one."""
    if not 0 <= i < len(text):
        return False
    if text[i].isalnum():
        return True
    return text[i] in "'’" and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()


def _whole_words(text: str, span: Span) -> Span:
    """Widen a span that starts or ends inside a word: a rule that matched the "not" of
    "cannot" or the "n't" of "don't" points at the whole word, as a reader would."""
    start, end = span.start, span.end
    while start > 0 and _in_word(text, start) and _in_word(text, start - 1):
        start -= 1
    while end < len(text) and end > start and _in_word(text, end - 1) and _in_word(text, end):
        end += 1
    return Span(start, end)
