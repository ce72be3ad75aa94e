"""Named Python checks for what token patterns cannot express (``check:`` in a rule).

Each check takes a sentence `Span` and yields (start, end) token offsets of the doc.
Checks only find candidates; rules still veto them with exceptions and lexicons
("NO RUNNING" is shouted but stays silent through the `safety` lexicon).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

REFUSALS: frozenset[str] = frozenset(
    {
        "no", "not", "never", "cannot", "can't", "don't", "won't", "dont", "cant", "wont",
        "n't", "none", "nothing", "nobody", "nor", "non", "without",
    }
)  # fmt: skip
"""Words that carry the "no" of a sign, compared in lower case."""

RESTRICTIONS: frozenset[str] = frozenset(
    {
        "only", "must", "maximum", "max", "minimum", "min", "strictly", "absolutely", "final",
        "required", "mandatory", "prohibited", "forbidden", "banned", "non-refundable",
        "nonrefundable", "non-returnable", "exceptions", "refused", "denied",
        "charged", "fined", "forfeited", "forfeit", "penalty", "penalised", "penalized", "towed",
        "closed", "shut",
    }
)  # fmt: skip
"""Words that bark a limit or a penalty in capitals ("12 persons MAXIMUM", "WILL BE CHARGED")."""

CLOSURES: frozenset[str] = frozenset({"closed", "shut"})
"""Restrictions that bark a shut door only as a standing rule in a sentence wholly in
capitals ("WE ARE CLOSED ON SUNDAYS!!!"); elsewhere the closure is news ("SORRY, WE'RE
CLOSED", "Bookings are currently: CLOSED"), left to the dead-end rules."""

SCHEDULE_WORDS: frozenset[str] = frozenset(
    {"on", "at", "after", "before", "from", "between", "during", "every"}
)
"""Words after a closure that make it a standing rule ("CLOSED ON SUNDAYS", "SHUT AFTER 6PM")."""


def _is_caps(token: Token) -> bool:
    """An upper-case word of two letters or more ("NO", "DON'T"); "I" and "A" do not shout."""
    letters = [c for c in token.text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def barks(word: str, closures: bool = False) -> bool:
    """Whether a lower-case word barks a refusal or a limit; a closure only if ``closures``."""
    word = word.replace("’", "'")
    if word in CLOSURES:
        return closures
    return word in REFUSALS or word in RESTRICTIONS or word.startswith("non-")


def _barks(token: Token, closures: bool = False) -> bool:
    return barks(token.lower_, closures)


def _words(sentence: Span) -> list[Token]:
    return [t for t in sentence if any(c.isalpha() for c in t.text)]


def caps_refusal(sentence: Span) -> Iterator[tuple[int, int]]:
    """A refusal or limit word in capitals inside mixed-case text ("we DO NOT accept Amex").

    The capitals single out the "no" itself, which reads as raised voice; the run of
    adjacent capitalised words around it ("DO NOT", "NO SHOW APPOINTMENTS") is the span.
    """
    words = _words(sentence)
    if not any(any(c.islower() for c in t.text) for t in words):
        return  # an all-capitals sentence is `caps_sentence`'s business
    for token in words:
        if _is_caps(token) and _barks(token):
            start = end = token.i
            while start > sentence.start and _is_caps(sentence.doc[start - 1]):
                start -= 1
            while end + 1 < sentence.end and _is_caps(sentence.doc[end + 1]):
                end += 1
            yield start, end + 1
            return


def _scheduled(token: Token, words: list[Token]) -> bool:
    """Whether a schedule word follows ``token`` in ``words`` ("CLOSED ON SUNDAYS")."""
    return any(t.i > token.i and t.lower_ in SCHEDULE_WORDS for t in words)


def caps_sentence(sentence: Span) -> Iterator[tuple[int, int]]:
    """A sentence of two or more words written wholly in capitals that carries a refusal.

    "TAX AND GRATUITY NOT INCLUDED." barks the whole rule; a capitalised greeting without
    a refusal ("WELCOME IN!") is left alone. A two-word sign needs a limit word ("NO
    EXCEPTIONS!", "CASH ONLY"): a bare "NO" + noun is as often good news ("NO QUEUES!") and
    is left to the prohibition rules, which read it in any case.
    """
    words = _words(sentence)
    if len(words) < 2 or not all(_is_caps(t) or len(t.text) == 1 for t in words):
        return
    if len(words) == 2 and not any(t.lower_ in RESTRICTIONS for t in words):
        return
    if any(_barks(t, closures=_scheduled(t, words)) for t in words):
        yield words[0].i, words[-1].i + 1


def stacked_exclamations(sentence: Span) -> Iterator[tuple[int, int]]:
    """Two or more exclamation marks in a row on a sentence that carries a refusal ("No refunds!!!").

    One "!" can be cheerful; a stack of them on a "no" is a raised voice whatever the case.
    """
    tokens = list(sentence)
    for i, token in enumerate(tokens):
        stacked = token.text.count("!") >= 2 or (
            token.text == "!" and i + 1 < len(tokens) and tokens[i + 1].text.startswith("!")
        )
        if stacked:
            if any(_barks(t) for t in tokens[:i]):
                yield sentence.start, token.i + 1
            return


def shouting(sentence: Span) -> Iterator[tuple[int, int]]:
    """Any of the three shouting checks above: the first that finds something speaks."""
    for check in (caps_refusal, caps_sentence, stacked_exclamations):
        hits = list(check(sentence))
        if hits:
            yield hits[0]
            return


CHECKS: dict[str, Callable[[Span], Iterator[tuple[int, int]]]] = {
    "shouting": shouting,
    "caps_refusal": caps_refusal,
    "caps_sentence": caps_sentence,
    "stacked_exclamations": stacked_exclamations,
}
