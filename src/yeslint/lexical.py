"""Token patterns cut down to what the tokenizer alone can tell: a gate before the parser.

The prefilter asks whether a sentence holds each pattern's words; a token pattern also
needs them in order and side by side ("is required", "days to", "a backlog"). spaCy's
tokenizer runs at a tenth of a microsecond per character, the tagger and parser at about
100 microseconds per token, so a sentence whose only candidate patterns are token patterns
is tokenised, tried against their lexical projection, and parsed only if one of them fits.

A projection keeps every attribute the tokenizer sets (the text and its lexical flags),
turns a lemma into the surface forms that can carry it (`yeslint.prefilter.lemma_forms`,
the prefilter's own superset: suffix rules plus a table of irregular forms that a test
checks against lemminflect and the pipeline's own exception tables for every lemma the
built-in rules name), and drops what only the pipeline sets (part of speech, tag,
dependency, sentence start, extensions). Each element then accepts at least the tokens it
accepted before, so a projection matches wherever the pattern could. A negated ("!")
element is the exception: accepting more would reject more, so one that lost or widened a
test becomes any one token. Findings do not change: `tests/test_lexical.py` checks the
parts and random sentences of the patterns' own words, `test_prefilter` every rule example
and fixture with the gates on and off, and `benchmarks/identical.py` a real corpus.
"""

from __future__ import annotations

from typing import Any

from yeslint.prefilter import allowed_words, lemma_forms

LEXICAL_ATTRIBUTES = frozenset(
    """ORTH TEXT LOWER LENGTH IS_ALPHA IS_ASCII IS_DIGIT IS_LOWER IS_UPPER IS_TITLE IS_PUNCT
    IS_SPACE IS_STOP IS_BRACKET IS_QUOTE IS_LEFT_PUNCT IS_RIGHT_PUNCT IS_CURRENCY LIKE_NUM
    LIKE_URL LIKE_EMAIL SHAPE PREFIX SUFFIX""".split()
)
"""Set by the tokenizer from the text alone; NORM is left out, as a pipeline may rewrite it."""


def lexical_pattern(pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pattern with each element reduced to what holds before any parse.

    ``pattern`` is a compiled token pattern: word lists expanded, captures removed.
    """
    return [_element(element) for element in pattern]


def _element(element: dict[str, Any]) -> dict[str, Any]:
    """One element, no stricter than before: tokenizer attributes kept, a lemma widened to
    its forms (within what LOWER already allows), the rest dropped."""
    kept = {key: value for key, value in element.items() if key in LEXICAL_ATTRIBUTES}
    widened = any(key not in LEXICAL_ATTRIBUTES for key in element if key != "OP")
    if "LEMMA" in element and (forms := _lemma_as_forms(element["LEMMA"], element.get("TAG"))) is not None:
        lowers = allowed_words(kept["LOWER"], {}) if "LOWER" in kept else None
        kept["LOWER"] = {"IN": sorted(forms if lowers is None else forms & lowers)}
    op = element.get("OP")
    if op == "!":
        # "!" takes one token that fails the element: failing a wider test is rarer, so a
        # negated element that lost or widened a test becomes any one token
        return {} if widened else {**kept, "OP": "!"}
    return {**kept, "OP": op} if op else kept


def _lemma_as_forms(value: Any, tag: Any) -> frozenset[str] | None:
    """Every surface form a token with one of these lemmas could have, or None if unknown."""
    lemmas = allowed_words(value, {})  # a compiled pattern names no word list any more
    if lemmas is None:
        return None  # REGEX, NOT_IN alone, ...: the tokenizer cannot narrow these down
    forms = set().union(*(lemma_forms(lemma, tag if isinstance(tag, str) else None) for lemma in lemmas))
    return frozenset(forms | {form.replace("'", "’") for form in forms if "'" in form})
