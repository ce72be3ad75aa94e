"""Choose what to report: one finding per sentence, by the family precedence of GUIDELINES.md.

A sentence like "NO REFUNDS OR EXCHANGES!!!" trips several rules; the owner needs one
finding with one rewrite, not three competing ones. Precision logic lives here so it can
be tested on plain data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby

from yeslint.match import Candidate
from yeslint.suggest import Relints, suggestion_for


def _rewrites(candidate: Candidate, relints: Relints | None = None) -> bool:
    """Whether the rule yields a rewrite here (one that drops a number or a thing, or re-lints,
    does not)."""
    rewrite = candidate.rule.rewrite
    return rewrite is not None and bool(rewrite.templates) and suggestion_for(candidate, relints) is not None


def choose(
    candidates: Iterable[Candidate],
    enabled: frozenset[str] | None = None,
    relints: Relints | None = None,
) -> Iterator[Candidate]:
    """Keep enabled rules only, then the highest-precedence candidate of each sentence."""
    for best in contenders(candidates, enabled):
        # within a family, a rule that can offer a rewrite speaks before a hint-only one; asked
        # lazily, as each answer may re-lint a rewrite
        yield next((c for c in best if _rewrites(c, relints)), best[0])


def contenders(
    candidates: Iterable[Candidate], enabled: frozenset[str] | None = None
) -> Iterator[list[Candidate]]:
    """Per sentence, the enabled candidates of the highest precedence: one of them is reported."""
    kept = [c for c in candidates if enabled is None or c.rule.id in enabled]
    kept.sort(key=lambda c: (c.sentence.start, c.rule.precedence, c.rule.id))
    for _, group in groupby(kept, key=lambda c: c.sentence.start):
        ranked = list(group)
        yield [c for c in ranked if c.rule.precedence == ranked[0].rule.precedence]
