"""Fill a rule's rewrite template from the parse and turn it into the suggested sentence."""

from __future__ import annotations

import re
from collections.abc import Callable

from yeslint.match import Candidate, Chunk

_PLACEHOLDER = re.compile(r"\{(\w+)((?:\|\w+)*)\}")
_DETERMINERS = frozenset({"the", "a", "an", "any", "no", "all", "our", "your", "some"})
_END_PUNCT = ".!?"


def _strip_det(text: str) -> str:
    words = text.split(" ", 1)
    return words[1] if len(words) == 2 and words[0].lower() in _DETERMINERS else text


def _lower_first(text: str) -> str:
    """Lower-case a leading capital, but keep acronyms and the pronoun I."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


FILTERS: dict[str, Callable[[str], str]] = {
    "lower": _lower_first,
    "upper": str.upper,
    "capitalize": _capitalize,
    "nodet": _strip_det,
    "strip": lambda s: s.strip(" ,.;:!?-–—"),
}


def _around(name: str, candidate: Candidate) -> str:
    """``after_X`` / ``before_X``: the sentence's text after or before capture ``X``, unpunctuated."""
    side, _, inner = name.partition("_")
    chunk = candidate.match if inner == "match" else candidate.captures.get(inner)
    sentence = candidate.sentence
    if chunk is None:
        return ""
    if side == "after":
        return sentence.text[chunk.end - sentence.start :].strip().rstrip(".!?").strip()
    return sentence.text[: chunk.start - sentence.start].strip()


def _value(name: str, candidate: Candidate) -> str:
    chunk: Chunk | None
    if name.startswith(("after_", "before_")):
        return _around(name, candidate)
    if name == "match":
        chunk = candidate.match
    elif name == "sentence":
        chunk = candidate.sentence
    else:
        chunk = candidate.captures.get(name)
    return chunk.text if chunk is not None else ""


def render(template: str, candidate: Candidate) -> str:
    """Substitute ``{name|filter|...}`` placeholders and tidy the spacing."""

    def substitute(match: re.Match[str]) -> str:
        value = _value(match.group(1), candidate)
        for name in filter(None, match.group(2).split("|")):
            value = FILTERS[name](value)
        return value

    text = _PLACEHOLDER.sub(substitute, template)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _match_case(rewrite: str, original: str) -> str:
    """Keep the original's sentence-initial capital and closing punctuation."""
    if original[:1].isupper():
        rewrite = _capitalize(rewrite)
    stripped = original.rstrip()
    if stripped and stripped[-1] in _END_PUNCT and rewrite and rewrite[-1] not in _END_PUNCT:
        rewrite += stripped[-1]
    if stripped and stripped[-1] not in _END_PUNCT and rewrite.endswith(".") and not rewrite.endswith(".."):
        rewrite = rewrite[:-1]
    return rewrite


def suggestion_for(candidate: Candidate) -> str | None:
    """The whole sentence as rewritten, or ``None`` when the rule only gives a hint."""
    rewrite = candidate.rule.rewrite
    if rewrite is None or rewrite.template is None:
        return None
    sentence = candidate.sentence
    filled = render(rewrite.template, candidate)
    if rewrite.replaces == "match":
        before = sentence.text[: candidate.match.start - sentence.start]
        after = sentence.text[candidate.match.end - sentence.start :]
        if not before.strip():
            filled = _capitalize(filled) if candidate.match.text[:1].isupper() else filled
        return (before + filled + after).strip()
    return _match_case(filled, sentence.text)


def hint_for(candidate: Candidate) -> str | None:
    rewrite = candidate.rule.rewrite
    return render(rewrite.hint, candidate) if rewrite and rewrite.hint else None


def alternative_for(candidate: Candidate) -> str | None:
    rewrite = candidate.rule.rewrite
    return render(rewrite.alternative, candidate) if rewrite and rewrite.alternative else None
