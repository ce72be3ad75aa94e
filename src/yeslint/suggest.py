"""Fill a rule's rewrite template from the parse and turn it into the suggested sentence.

Placeholders are ``{name|filter|...}``: ``match``, ``sentence``, a capture, ``after_X`` /
``before_X`` (the sentence after or before capture ``X``) or ``subtree_X`` (the phrase
capture ``X`` heads, e.g. the whole subject). Filters either
work on the words (``positive``, ``imperative``, ``base``, ``be``...) using the token data
the parse gave, or on the text (``lower``, ``nodet``...). Word filters come first in a chain.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from yeslint.inflect import agree, first_verb, head_noun, imperative, inflect, positive, render, words
from yeslint.match import Candidate, Chunk, Tok
from yeslint.rulepack import placeholders

_PLACEHOLDER = re.compile(r"\{(\w+)((?:\|\w+)*)\}")
_DETERMINERS = frozenset(
    {"the", "a", "an", "any", "no", "all", "our", "your", "some", "these", "those", "this"}
)
_END_PUNCT = ".!?"
_CLOSERS = {'"': '"', "“": "”", "‘": "’", "'": "'", "(": ")", "[": "]", "«": "»"}
# A sentence's frame: opening quotes or brackets before it, its end punctuation and the
# quotes or brackets closed after that (`."`, `.)`). A rewrite replaces what is inside.
_HEAD = re.compile(r"^[\"“‘'(\[«]*")
_TAIL = re.compile(r"(?:[.!?…]+[\"”’')\]»]*)?$")
_ENDS = re.compile(r"([^.!?…]*)([.!?…]*)(.*)", re.S)


@dataclass(frozen=True, slots=True)
class Value:
    """Text being built, with the tokens it came from while word filters still apply."""

    text: str
    tokens: tuple[Tok, ...] = ()


def _text_filter(function: Callable[[str], str]) -> Callable[[Value], Value]:
    return lambda value: Value(function(value.text))


def _strip_det(text: str) -> str:
    words_ = text.split(" ", 1)
    return words_[1] if len(words_) == 2 and words_[0].lower() in _DETERMINERS else text


def _lower_first(text: str) -> str:
    """Lower-case a leading capital, but keep acronyms and the pronoun I."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _inflected(pick: Callable[[tuple[Tok, ...]], Tok | None], tag: str) -> Callable[[Value], Value]:
    """Inflect one word of the value, the one ``pick`` chooses, to a Penn tag (VBN, NNS...)."""

    def apply(value: Value) -> Value:
        chosen = pick(value.tokens)
        if chosen is None or chosen.pos == "PRON":
            return value
        items = words(value.tokens)
        for word in items:
            if word.tok is chosen:
                word.text = inflect(chosen.lemma, tag)
        return Value(render(items), value.tokens)

    return apply


def _verb_form(tag: str) -> Callable[[Value], Value]:
    return _inflected(first_verb, tag)


def _noun_form(tag: str) -> Callable[[Value], Value]:
    return _inflected(head_noun, tag)


def _agreeing(singular: str, plural: str) -> Callable[[Value], Value]:
    return lambda value: Value(agree(value.tokens, singular, plural))


def _sentence_case(text: str) -> str:
    """Calm capitals: lower-case every all-caps word but "I", then capitalise the first letter."""
    fixed = re.sub(r"\b[A-Z][A-Z'’]+\b", lambda m: m.group().lower(), text)
    fixed = re.sub(r"\bi\b", "I", fixed)
    return _capitalize(fixed)


def _calm(text: str) -> str:
    """Sentence case and a single exclamation mark at most."""
    return re.sub(r"!{2,}|[!?]*![!?]+", "!", _sentence_case(text))


FILTERS: dict[str, Callable[[Value], Value]] = {
    "lower": _text_filter(_lower_first),
    "upper": _text_filter(str.upper),
    "capitalize": _text_filter(_capitalize),
    "nodet": _text_filter(_strip_det),
    "strip": _text_filter(lambda s: s.strip(" ,.;:!?-–—")),
    "sentencecase": _text_filter(_sentence_case),
    "calm": _text_filter(_calm),
    "positive": lambda v: Value(positive(v.tokens), v.tokens) if v.tokens else v,
    "imperative": lambda v: Value(imperative(v.tokens), v.tokens) if v.tokens else v,
    "base": _verb_form("VB"),
    "gerund": _verb_form("VBG"),
    "participle": _verb_form("VBN"),
    "past": _verb_form("VBD"),
    "present": _verb_form("VBZ"),
    "plural": _noun_form("NNS"),
    "singular": _noun_form("NN"),
    "be": _agreeing("is", "are"),
    "have": _agreeing("has", "have"),
    "do": _agreeing("does", "do"),
}


def frame(sentence: str) -> tuple[str, str, str]:
    """(head, body, tail): the quotes and end punctuation around a sentence, and its words.

    A quote or bracket the sentence opens and closes, with or without end punctuation inside
    it (`"No refunds."`, `"No refunds".`, `(Cash only.)`), stays around the rewrite, so a
    fixed sign stays quoted and a second fix finds nothing new to change.
    """
    head = _HEAD.match(sentence).group()  # type: ignore[union-attr]
    tail = _TAIL.search(sentence, len(head)).group()  # type: ignore[union-attr]
    body = sentence[len(head) : len(sentence) - len(tail)]
    closer = _CLOSERS.get(head[-1:], "")
    if closer and body.endswith(closer) and not tail.startswith(closer):
        body, tail = body[: -len(closer)], closer + tail
    return head, body, tail


def _inside(sentence: Chunk) -> tuple[int, int]:
    """The character offsets of the sentence's body, inside its frame."""
    head, body, _ = frame(sentence.text)
    start = sentence.start + len(head)
    return start, start + len(body)


def _slice(sentence: Chunk, start: int, end: int) -> Value:
    """The sentence's words between two character offsets, without closing punctuation."""
    low, high = _inside(sentence)
    start, end = max(start, low), min(end, high)
    tokens = tuple(t for t in sentence.tokens if start <= t.start and t.start + len(t.text) <= end)
    while tokens and tokens[-1].pos == "PUNCT" and tokens[-1].text in ".!?;:":
        tokens = tokens[:-1]
    while tokens and tokens[0].pos == "PUNCT" and tokens[0].text in ",;:-–—":
        tokens = tokens[1:]
    return Value(render(words(tokens)), tokens)


def _subtree(sentence: Chunk, chunk: Chunk) -> Value:
    """The phrase a capture heads: its tokens and all their dependents, in sentence order."""
    inside = {t.i for t in chunk.tokens}
    heads = [t for t in chunk.tokens if t.head not in inside or t.head == t.i]
    children: dict[int, list[int]] = {}
    for t in sentence.tokens:
        if t.head != t.i:
            children.setdefault(t.head, []).append(t.i)
    keep, stack = set(), [t.i for t in heads]
    while stack:
        current = stack.pop()
        if current not in keep:
            keep.add(current)
            stack.extend(children.get(current, ()))
    low, high = _inside(sentence)
    tokens = tuple(t for t in sentence.tokens if t.i in keep and low <= t.start < high)
    return Value(render(words(tokens)), tokens)


def _value(name: str, candidate: Candidate) -> Value:
    sentence = candidate.sentence
    if name.startswith("subtree_"):
        chunk = candidate.captures.get(name.partition("_")[2])
        return _subtree(sentence, chunk) if chunk is not None else Value("")
    if name.startswith(("after_", "before_")):
        side, _, inner = name.partition("_")
        chunk = candidate.match if inner == "match" else candidate.captures.get(inner)
        if chunk is None:
            return Value("")
        if side == "after":
            return _slice(sentence, chunk.end, sentence.end)
        return _slice(sentence, sentence.start, chunk.start)
    if name == "match":
        chunk = candidate.match
    elif name == "sentence":
        return _slice(sentence, sentence.start, sentence.end)
    else:
        found = candidate.captures.get(name)
        if found is None:
            return Value("")
        chunk = found
    return Value(chunk.text, chunk.tokens)


def render_template(template: str, candidate: Candidate) -> str:
    """Substitute ``{name|filter|...}`` placeholders and tidy the spacing."""

    def substitute(match: re.Match[str]) -> str:
        value = _value(match.group(1), candidate)
        for name in filter(None, match.group(2).split("|")):
            value = FILTERS[name](value)
        return value.text

    text = _PLACEHOLDER.sub(substitute, template)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([,;:])\1+", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _match_case(rewrite: str, original: str) -> str:
    """Keep the original's sentence-initial capital, its quotes and its closing punctuation."""
    head, body, tail = frame(original.rstrip())
    if body[:1].isupper():
        rewrite = _capitalize(rewrite)
    before, ends, after = _ENDS.fullmatch(tail).groups()  # type: ignore[union-attr]
    if not ends:
        if rewrite.endswith(".") and not rewrite.endswith(".."):
            rewrite = rewrite[:-1]  # the original has no full stop either
    elif rewrite and rewrite[-1] in _END_PUNCT:
        ends = ""  # the rewrite's own ending replaces the original's
    else:
        ends = ends[-1]  # one mark: "!!!" calms to "!"
    opened = head + rewrite
    after = "".join(c for c in after if _open(opened, c))  # a template may drop a quote's start
    return head + rewrite + before + ends + after


def _open(text: str, closer: str) -> bool:
    """Whether ``text`` leaves a quote or bracket open that ``closer`` closes (apostrophes aside)."""
    opener = next((o for o, c in _CLOSERS.items() if c == closer), closer)
    marks = re.sub(r"(?<=\w)['’](?=\w)", "", text)
    if opener == closer:
        return marks.count(closer) % 2 == 1
    return marks.count(opener) > marks.count(closer)


NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


def keeps_numbers(original: str, rewrite: str) -> bool:
    """Every amount, time and count of the original survives into the rewrite."""
    return all(number in rewrite for number in NUMBER.findall(original))


def suggestion_for(candidate: Candidate) -> str | None:
    """The whole sentence as rewritten, or ``None`` when the rule only gives a hint.

    Templates are tried in order; one whose captures this match did not set is skipped, and
    a rewrite that would lose a number of the original ($10, 24 hours, 50%) changes the
    policy, so it is skipped too. When none is left, the rule's hint speaks instead.
    """
    rewrite = candidate.rule.rewrite
    if rewrite is None:
        return None
    several = len(rewrite.templates) > 1
    for template in rewrite.templates:
        if several and not placeholders(template) <= candidate.captures.keys():
            continue  # written for another pattern's shape
        result = _fill(template, rewrite.replaces, candidate)
        if result and keeps_numbers(candidate.sentence.text, result):
            return result
    return None


def _fill(template: str, replaces: str, candidate: Candidate) -> str:
    sentence = candidate.sentence
    filled = render_template(template, candidate)
    if replaces == "match":
        before = sentence.text[: candidate.match.start - sentence.start]
        after = sentence.text[candidate.match.end - sentence.start :]
        if not before.strip():
            filled = _capitalize(filled) if candidate.match.text[:1].isupper() else filled
        return (before + filled + after).strip()
    return _match_case(filled, sentence.text)


def hint_for(candidate: Candidate) -> str | None:
    rewrite = candidate.rule.rewrite
    return render_template(rewrite.hint, candidate) if rewrite and rewrite.hint else None


def alternative_for(candidate: Candidate) -> str | None:
    rewrite = candidate.rule.rewrite
    if rewrite and rewrite.alternative:
        return _match_case(render_template(rewrite.alternative, candidate), candidate.sentence.text)
    return None
