"""Named Python checks for what token patterns cannot express (``check:`` in a rule).

Each check takes a sentence `Span` and yields (start, end) token offsets of the doc.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span

NEGATIONS: frozenset[str] = frozenset(
    {"no", "not", "never", "cannot", "can't", "don't", "won't", "nothing", "none", "n't", "only", "must"}
)


def _shouting(sentence: Span) -> Iterator[tuple[int, int]]:
    """A run of capitalised words carrying a negation, or a "no" stacked with exclamation marks.

    Signs bark when the refusal itself is in capitals ("NO REFUNDS!!!"); a capitalised brand
    name or a friendly "Reservations NOT required" is left to the other rules and exceptions.
    """
    words = [t for t in sentence if t.is_alpha]
    caps = [t for t in words if (t.is_upper and len(t.text) > 1) or t.text in ("I", "A")]
    if len(words) >= 2 and len(caps) >= 2 and any(t.lower_ in NEGATIONS for t in caps):
        run = [t for t in sentence if t.is_upper or not t.is_alpha]
        start = min(t.i for t in caps)
        end = max(t.i for t in caps) + 1
        if sum(1 for t in run if t.is_alpha) >= 2:
            yield start, end


CHECKS: dict[str, Callable[[Span], Iterator[tuple[int, int]]]] = {
    "shouting": _shouting,
}
