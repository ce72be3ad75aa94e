"""Fill a rule's rewrite template from the parse and turn it into the suggested sentence.

Placeholders are ``{name|filter|...}``: ``match``, ``sentence``, a capture, ``after_X`` /
``before_X`` (the sentence after or before capture ``X``) or ``subtree_X`` (the phrase
capture ``X`` heads, e.g. the whole subject). Filters either
work on the words (``positive``, ``imperative``, ``base``, ``be``...) using the token data
the parse gave, or on the text (``lower``, ``nodet``...). Word filters come first in a chain.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from yeslint.checks import barks
from yeslint.inflect import (
    NEGATORS,
    Word,
    agree,
    first_verb,
    head_noun,
    imperative,
    inflect,
    positive,
    render,
    words,
)
from yeslint.match import Candidate, Chunk, Tok
from yeslint.rulepack import DERIVED_SLOTS, PLACEHOLDER, placeholders

if TYPE_CHECKING:
    from yeslint.match import CompiledRules

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
    """Lower-case a leading capital, but keep acronyms, names with inner capitals ("FreshDirect",
    "No-Shows") and the pronoun I. The article "A" is a word like any other."""
    first_word = text.split(" ", 1)[0]
    capitalised = first_word[:1].isupper() and not any(c.isupper() for c in first_word[1:])
    if capitalised and (len(first_word) > 1 or first_word == "A"):
        return text[0].lower() + text[1:]
    return text


def _names_something(value: Value) -> bool:
    """A proper noun inside the sentence keeps its capital: "on Visa or Mastercard" is not
    "visa". At the sentence's start a capital says nothing, so the word is lowered as usual."""
    return bool(value.tokens) and value.tokens[0].pos == "PROPN" and value.tokens[0].i > 0


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


_LEAD_IN = re.compile(
    r"^[\s*•\-–]*(?:(?:please|kindly)\s+(?:note|remember|be\s+aware|understand)|note|nb)\b[\s,:]*(?:that\b\s*)?",
    re.IGNORECASE,
)


def _clause(text: str) -> str:
    """The sentence as a clause to quote after a lead-in: no "Please note that", no stars, lower first."""
    return _lower_first(_LEAD_IN.sub("", text).strip(" *"))


_CAPS_WORD = re.compile(r"\b[A-Z][A-Z'’]+\b")
_CAPS_RUN = re.compile(r"\b[A-Z][A-Z'’]+(?:[\s,/&-]+[A-Z][A-Z'’]+)+\b")
_VOWEL = re.compile(r"[AEIOUY]")
PROPER_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday mon tue tues thu thur thurs fri
    january february march april june july august september october november december
    jan feb apr jun jul aug sep sept oct nov dec""".split()
)
"""Words that keep a capital in sentence case: weekdays and months ("may" is left out: in
capitals it is the modal far more often than the month)."""
ACRONYM_LETTERS = 4
"""A lone word in capitals this short, amid ordinary case and not barking a "no", is taken as
an acronym or a brand ("pay at the ATM", "we take VISA") and kept."""


def _calm_word(word: str, *, in_run: bool, mixed: bool) -> str:
    lowered = word.lower()
    if lowered.rstrip("s") in PROPER_WORDS or lowered in PROPER_WORDS:
        return word.capitalize()  # "CLOSED MONDAYS" -> "Closed Mondays"
    if not _VOWEL.search(word):
        return word  # "NHS", "TV", "BBQ": no vowel, no word to lower
    if (
        mixed
        and not in_run
        and len(word) <= ACRONYM_LETTERS
        and not barks(lowered, closures=True)
        and lowered not in _common_words()
    ):
        return word
    return lowered


@functools.cache
def _common_words() -> frozenset[str]:
    """English function words ("ALL", "EVER", "ANY"): shouted, never acronyms. spaCy's own
    list; a rewrite is only ever made after a parse, so spaCy is loaded by then."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _sentence_case(text: str, *, shouted: bool = False) -> str:
    """Calm capitals: lower-case the shouted words, then capitalise the first letter.

    In a sentence wholly in capitals every word shouts; amid ordinary case, a short word in
    capitals on its own is more likely an acronym or a brand than a raised voice, unless it
    is the "no" itself. Weekdays, months and "I" keep their capital; words with no vowel
    ("NHS", "TV") are acronyms in any sentence. ``shouted``: the text's capitals come from a
    sentence wholly in capitals (a rewrite of one), so they all shout.
    """
    mixed = not shouted and any(c.islower() for c in text)
    runs = [(m.start(), m.end()) for m in _CAPS_RUN.finditer(text)]

    def calm(match: re.Match[str]) -> str:
        in_run = any(start <= match.start() < end for start, end in runs)
        return _calm_word(match.group(), in_run=in_run, mixed=mixed)

    fixed = _CAPS_WORD.sub(calm, text)
    fixed = re.sub(r"\bi\b", "I", fixed)
    return _capitalize(fixed)


def _calm(text: str) -> str:
    """Sentence case and a single exclamation mark at most."""
    return re.sub(r"!{2,}|[!?]*![!?]+", "!", _sentence_case(text))


FILTERS: dict[str, Callable[[Value], Value]] = {
    "lower": lambda v: Value(v.text) if _names_something(v) else Value(_lower_first(v.text)),
    "upper": _text_filter(str.upper),
    "capitalize": _text_filter(_capitalize),
    "nodet": _text_filter(_strip_det),
    "strip": _text_filter(lambda s: s.strip(" ,.;:!?-–—")),
    "clause": _text_filter(_clause),
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


def _descendants(tokens: Iterable[Tok], roots: Iterable[int]) -> set[int]:
    """The indices of ``roots`` and of every token that hangs on them, among ``tokens``."""
    children: dict[int, list[int]] = {}
    for t in tokens:
        if t.head != t.i:
            children.setdefault(t.head, []).append(t.i)
    keep: set[int] = set()
    stack = list(roots)
    while stack:
        current = stack.pop()
        if current not in keep:
            keep.add(current)
            stack.extend(children.get(current, ()))
    return keep


def _subtree(sentence: Chunk, chunk: Chunk) -> Value:
    """The phrase a capture heads: its tokens and all their dependents, in sentence order."""
    inside = {t.i for t in chunk.tokens}
    heads = [t.i for t in chunk.tokens if t.head not in inside or t.head == t.i]
    keep = _descendants(sentence.tokens, heads)
    low, high = _inside(sentence)
    tokens = tuple(t for t in sentence.tokens if t.i in keep and low <= t.start < high)
    return Value(render(words(tokens)), tokens)


_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|twenty-four|forty-eight|seventy-two"
)
_NOTICE = re.compile(
    rf"\b(?:less than|within|under|without|inside(?: of)?)\s+(?:an?\s+|the\s+)?"
    rf"(\d+|{_NUMBER_WORDS})[\s-]*(minute|hour|day|week|month)s?\b",
    re.IGNORECASE,
)
_CHANGE_OF_PLANS = re.compile(r"\b(?:cancel|no[- ]?show|reschedul|show up|miss)", re.IGNORECASE)


def _notice(sentence: Chunk) -> Value:
    """The notice that spares a cancellation charge ("24 hours" from "less than 24-hours' notice"):
    the condition the customer can act on, so a rewrite can lead with it."""
    found = _NOTICE.search(sentence.text)
    if found is None or not _CHANGE_OF_PLANS.search(sentence.text):
        return Value("")
    number, unit = found.groups()
    return Value(f"{number} {unit.lower()}{'' if number.lower() in ('1', 'one') else 's'}")


_AFTER_LIMIT = re.compile(
    r"\bafter\s+(?:(?P<span>(?:\d+|one|two|three|seven|fourteen|thirty)[\s-]+(?:business\s+|working\s+)?"
    r"(?:minute|hour|day|week|month)s?)|(?P<clock>\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)|noon|midnight))",
    re.IGNORECASE,
)


_BEGINNINGS = frozenset(
    {"place", "submit", "make", "confirm", "book", "buy", "purchase", "pay", "sign", "open"}
)
"""Events before which the thing does not exist yet: "until an order is placed, it can be
changed" is true but says nothing, so a ban from such an event is not turned around."""
_DISCOURSE = re.compile(r"^(?:but|however|unfortunately|sorry|please note(?: that)?)\b[,\s]*", re.IGNORECASE)


def _limit_word(sentence: Chunk) -> tuple[int, str] | None:
    """Which "after"/"once" (by its rank among them) starts the ban, and the word that ends
    the open period instead: "within" a span, "until" a clock time or a later event."""
    found = _AFTER_LIMIT.search(sentence.text)
    marks = [t for t in sentence.tokens if t.lower_ in ("after", "once")]
    if found is not None:
        offset = sentence.start + found.start()
        rank = next((k for k, t in enumerate(marks) if t.start == offset), None)
        return None if rank is None else (rank, "within" if found.group("span") else "until")
    by_index = {t.i: t for t in sentence.tokens}
    for rank, mark in enumerate(marks):
        event = by_index.get(mark.head)
        clause = mark.dep == "mark" or (mark.lower_ == "once" and mark.dep == "advmod")
        if clause and event is not None and event.lemma not in _BEGINNINGS:
            return rank, "until"
    return None


_SECOND_LIMITS = frozenset({"unless", "except", "without", "otherwise"})


def _second_limit(tokens: Iterable[Tok]) -> bool:
    """Another condition beside the turned one ("once your trial ends unless a plan is chosen")
    would end up attached to the promise and turn it inside out."""
    return any(t.lower_ in _SECOND_LIMITS for t in tokens)


def _two_acts(tokens: Iterable[Tok], neg: Tok) -> bool:
    """A ban on two acts said apart ("cannot be moved to another day or refunded once used"):
    the limit may be the second act's alone, so turning the sentence round could lift the
    first ban. Two acts side by side ("changed or cancelled once shipped") share the limit."""
    by_index = {t.i: t for t in tokens}
    verbal = ("VERB", "ADJ", "AUX")
    for t in by_index.values():
        if t.i < neg.i or t.dep != "conj" or not (t.pos in verbal or t.tag in ("VBN", "VBD")):
            continue
        head, joint = by_index.get(t.head), by_index.get(t.i - 1)
        if head is None or head.pos not in verbal or t.head != t.i - 2 or joint is None or joint.dep != "cc":
            return True
    return False


def _open_until(sentence: Chunk) -> Value:
    """A ban that starts at a limit, said as what is open up to it: "can't return after 30 days"
    -> "can return within 30 days", "not served after 10 pm" -> "served until 10 pm", "once it
    ships, it cannot be changed" -> "until it ships, it can be changed"."""
    neg = next((t for t in sentence.tokens if t.dep == "neg"), None)
    limit = _limit_word(sentence) if neg is not None else None
    if limit is None or neg is None or _two_acts(sentence.tokens, neg) or _second_limit(sentence.tokens):
        return Value("")
    rank, word = limit
    said = positive(sentence.tokens)
    marks = list(re.finditer(r"\b(?:after|once)\b", said, re.IGNORECASE))
    if len(marks) <= rank:
        return Value("")
    mark = marks[rank]
    word = word.capitalize() if mark.group()[0].isupper() else word
    flipped = _DISCOURSE.sub("", said[: mark.start()] + word + said[mark.end() :])
    return Value(_capitalize(flipped.rstrip(".!?;:")))


_CANNOT = r"(?:can\s?not|can['’]t)"
_GUARANTEE_ACTIVE = re.compile(rf"\b(we|I)\s+{_CANNOT}\s+guarantee\s+(that\s+)?", re.IGNORECASE)
_GUARANTEE_PASSIVE = re.compile(
    rf"^(?P<thing>.+?)\s+{_CANNOT}\s+be\s+guaranteed\b(?P<rest>.*)$", re.IGNORECASE
)


def _best_effort(sentence: Chunk) -> Value:
    """A promise that can't be given, said as the effort that is: "we can't guarantee X" -> "we
    will do our best to secure X", "X cannot be guaranteed" -> "We'll do our best with X"."""
    text = _DISCOURSE.sub("", sentence.text.strip()).rstrip(".!?;: ")
    active = _GUARANTEE_ACTIVE.search(text)
    if active is not None:
        who = active.group(1)
        promise = f"{who} will do {'my' if who.lower() == 'i' else 'our'} best to "
        promise += "make sure that " if active.group(2) else "secure "
        return Value(_capitalize(text[: active.start()] + promise + text[active.end() :]))
    passive = _GUARANTEE_PASSIVE.match(text)
    if passive is not None:
        return Value(f"We'll do our best with {_lower_first(passive.group('thing'))}{passive.group('rest')}")
    return Value("")


_PATIENT = re.compile(r"\bbe\s+(?:patient|understanding)\s+(?:while|as|until)\s+(.+?)[.!?]*$", re.IGNORECASE)


def _patient_while(sentence: Chunk) -> Value:
    """What the customer is asked to be patient through: "we process your claim"."""
    found = _PATIENT.search(sentence.text)
    return Value(found.group(1)) if found else Value("")


_GLAD = {"we": "'re happy to", "i": "'m happy to"}
_NEGATIVE = re.compile(
    r"^(?:non(?:\b|-|[a-z]*able$)|nor$|neither$|nothing$|none$|unable$|impossible$|without$)", re.IGNORECASE
)


def _glad(items: list[Word], subject: Tok, verb: Tok) -> bool:
    """ "We only ship" -> "We're happy to ship": where the business is the subject of a plain
    present verb, the rewrite leads with its will to help. After "we"/"I" the present is the
    base form, so the word is kept as written even when the tagger took it for a noun."""
    plain = verb.text.isalpha() and verb.text.islower() and verb.tag != "VBZ"
    if not plain or verb.lemma in ("be", "have"):
        return False
    for word in items:
        if word.tok is subject:
            word.text += _GLAD[subject.lower_]
    return True


def _subject_of(tokens: Iterable[Tok], verb: Tok) -> Tok | None:
    return next((t for t in tokens if t.head == verb.i and t.dep == "nsubj"), None)


def _negatives(tokens: Iterable[Tok]) -> list[Tok]:
    return [t for t in tokens if t.lower_ in NEGATORS or _NEGATIVE.match(t.text)]


def _settled(items: list[Word], verbal: bool = False) -> Value:
    """The rewritten body, or nothing when it no longer reads as a sentence: no verb left
    ("Cash" from "Cash only") or a dangling last word ("offered if" from "offered only if:")."""
    kept = [w.tok for w in items if w.tok is not None]
    if len(kept) < 3 or not (verbal or any(t.pos in ("VERB", "AUX") for t in kept)):
        return Value("")
    if kept[-1].pos in ("ADP", "SCONJ", "CCONJ", "DET", "AUX", "PART"):
        return Value("")
    return Value(_capitalize(_DISCOURSE.sub("", render(items))))


_LET = frozenset({"allowed", "permitted"})


_TIMES_OVER = frozenset({"twice", "thrice"})


def _counts_what_only_limits(t: Tok, only: Tok, by_index: dict[int, Tok]) -> bool:
    """ "only 2 guests", "only book 3 classes", "only possible twice": a count of what "only"
    holds down, not a number inside a condition ("only to drivers over 25")."""
    if t.lower_ in _TIMES_OVER:
        return True
    if t.tag != "CD":
        return False
    if t.i == only.i + 1:
        return True
    thing = by_index.get(t.head)
    return t.dep == "nummod" and thing is not None and thing.dep in ("dobj", "nsubj", "nsubjpass", "attr")


def _without_only(sentence: Chunk) -> Value:
    """A limit said as what is offered: "We only ship to Canada" -> "We're happy to ship to
    Canada", "Your table is only held once the deposit is paid" -> "... held as soon as the
    deposit is paid". Every group, condition and number stays; the word that shuts out the
    rest goes, as the seeds' "Yes, we take credit cards" does."""
    tokens = _slice(sentence, sentence.start, sentence.end).tokens
    onlys = [t for t in tokens if t.lower_ == "only"]
    if len(onlys) != 1 or _negatives(tokens):
        return Value("")
    only = onlys[0]
    by_index = {t.i: t for t in tokens}
    counts = [t for t in tokens if only.i < t.i <= only.i + 4 and _counts_what_only_limits(t, only, by_index)]
    items = words(tokens)
    position = next(k for k, w in enumerate(items) if w.tok is only)
    if counts and counts[0].i != only.i + 1:
        return Value("")  # "only book 3 classes": the most is not where "up to" could say it
    if any(t.i == only.i + 1 and t.lower_ == "once" and t.dep != "mark" for t in tokens):
        return Value("")  # "pause only once a year" is a most too, and "up to once" is no English
    if counts:  # "only 2 guests" is a most: "up to 2 guests"
        items[position].text = "up to" if only.text.islower() else "Up to"
        position += 1
    else:
        dropped = items.pop(position)
        if position and not items[position - 1].whitespace:
            items[position - 1].whitespace = dropped.whitespace
    following = items[position].tok if position < len(items) else None
    if following is not None and following.lower_ == "able" and position + 1 < len(items):
        items[position].text = "happy"  # "we're only able to replace" -> "we're happy to replace"
    for word in items:
        if word.tok is not None and word.tok.lower_ in _LET and word.tok.tag in ("VBN", "VBD"):
            word.text = "welcome"  # "Pets allowed on the lawn" -> "Pets welcome on the lawn"
    for word in items[position:]:
        if word.tok is not None and word.tok.lower_ == "once" and word.tok.dep in ("mark", "advmod"):
            word.text = "as soon as" if word.text.islower() else "As soon as"
            break
    before = items[position - 1].tok if position else None
    glad = False
    if before is not None and before.lower_ in _GLAD and following is not None and following.lower_ != "able":
        glad = _glad(items, before, following)
    return _settled(items, glad)


_NON = re.compile(r"\bnon\s*-?\s*(?=[a-z])", re.IGNORECASE)
_TIMES = frozenset(
    {"noon", "midnight", "end", "start", "morning", "evening", "weekend"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"january", "february", "march", "april", "may", "june", "july", "august"}
    | {"september", "october", "november", "december"}
)


def _is_time(phrase: Iterable[Tok]) -> bool:
    return any(any(c.isdigit() for c in t.text) or t.lower_ in _TIMES for t in phrase)


def _than_a_number(after: tuple[Tok, ...]) -> bool:
    """ "than 8", "than two", "than $50": the limit is a count or an amount."""
    if len(after) < 2 or after[0].lower_ != "than":
        return False
    return after[1].tag == "CD" or after[1].pos == "NUM" or after[1].text.startswith("$")


def _under(t: Tok, neg: Tok, by_index: dict[int, Tok]) -> bool:
    """Whether ``t`` hangs, within three steps, on what the negation governs: "cannot hold
    ... without" (on "hold") or "unable to hold ... without" (on "hold", then "unable")."""
    return _hangs_on(t, {neg.head, neg.i}, by_index, 3)


def _hangs_on(t: Tok, heads: set[int], by_index: dict[int, Tok], steps: int) -> bool:
    """Whether ``t`` reaches one of ``heads`` climbing at most ``steps`` links up the parse."""
    current = t
    for _ in range(steps):
        if current.head in heads:
            return True
        parent = by_index.get(current.head)
        if parent is None or parent is current:
            return False
        current = parent
    return False


def _opening_hours(outside: Tok, tokens: tuple[Tok, ...], by_index: dict[int, Tok]) -> bool:
    """ "outside (of) our opening hours": what lies inside is the hours themselves, so the
    limit can be said as "during" them. Other places ("outside the EU") have no such inside."""
    return any(t.lemma == "hour" and _hangs_on(t, {outside.i}, by_index, 3) for t in tokens)


def _openings(tokens: tuple[Tok, ...], neg: Tok) -> list[dict[int, str]]:
    """Where the ban's limit can be said as what is open, each as new words by token index:
    "unless" -> "if", "except where" -> "where", "until" a clause -> "as soon as", "once" it
    happens -> "until" it does (not from the order's own making: see `_BEGINNINGS`), "before"
    a time -> "from", "without" -> "with", "outside (of) opening hours" -> "during" them, "more than N" -> "up
    to N", "larger than N" -> "of up to N"."""
    by_index = {t.i: t for t in tokens}
    found: list[dict[int, str]] = []
    for k, t in enumerate(tokens):
        after = tokens[k + 1 : k + 3]
        if t.lower_ == "unless":
            found.append({t.i: "if"})
        elif (
            t.lower_ == "except"
            and neg.lower_ != "no"
            and after
            and after[0].lower_ in ("where", "if", "when")
        ):
            found.append({t.i: ""})  # "non-refundable except where X" -> "refundable where X"
        elif t.lower_ in ("until", "once") and t.dep in ("mark", "advmod"):
            clause = by_index.get(t.head)
            before_it = t.lower_ == "until" or neg.dep != "det"  # "no re-entry once you leave": none before
            if (
                clause is not None
                and _under(clause, neg, by_index)
                and clause.lemma not in _BEGINNINGS
                and before_it
            ):
                found.append({t.i: "as soon as" if t.lower_ == "until" else "until"})
        elif t.lower_ == "before" and t.dep == "prep" and _under(t, neg, by_index):
            if _is_time(u for u in tokens if u.head == t.i or by_index.get(u.head, u).head == t.i):
                found.append({t.i: "from"})
        elif t.lower_ == "without" and t.dep == "prep" and _under(t, neg, by_index):
            found.append({t.i: "with"})
        elif (
            t.lower_ == "outside"
            and neg.dep == "neg"
            and _under(t, neg, by_index)
            and _opening_hours(t, tokens, by_index)
        ):
            of = after[0] if after and after[0].lower_ == "of" else None
            found.append({t.i: "during", **({of.i: ""} if of is not None else {})})
        elif t.lower_ in ("more", "larger", "bigger") and _than_a_number(after):
            found.append({t.i: "up" if t.lower_ == "more" else "of up", after[0].i: "to"})
    return found


_ANTONYMS = {"unable": "able", "impossible": "possible"}
_CAN = re.compile(r"\b(we|I) can\b", re.IGNORECASE)
_ABLE = re.compile(r"\b(we|I)(\s+are|\s+am|['’]re|['’]m)\s+able\s+to\b", re.IGNORECASE)


_DUTY_MODALS = frozenset({"must", "shall", "should"})


def _flip_condition(sentence: Chunk) -> Value:
    """A ban with a limit, said as what is open inside it: "We don't refund unless it's
    faulty" -> "We're happy to refund if it's faulty", "Orders aren't shipped until payment
    clears" -> "Orders are shipped as soon as payment clears", "Members cannot bring more
    than two guests" -> "Members can bring up to two guests", "We are unable to hold rooms
    without a card" -> "We are happy to hold rooms with a card". Only a sentence with a
    single negation and a single limit is turned, so no other "no" is flipped with it."""
    tokens = _slice(sentence, sentence.start, sentence.end).tokens
    negations = [t for t in _negatives(tokens) if t.lower_ != "without"]
    if len(negations) != 1 or any(t.lower_ == "any" for t in tokens):
        return Value("")  # "not any X" turned round would promise any X at all
    neg = negations[0]
    if _two_acts(tokens, neg):
        return Value("")
    opens = _openings(tokens, neg)
    if len(opens) != 1 or any(t.i not in opens[0] for t in tokens if t.lower_ == "without"):
        return Value("")
    changes = {**opens[0], **({neg.i: _ANTONYMS[neg.lower_]} if neg.lower_ in _ANTONYMS else {})}
    for t in tokens:  # "must not be used without X" turned round is leave, not a duty: "can be used with X"
        if t.head == neg.head and t.dep == "aux" and t.lower_ in _DUTY_MODALS:
            changes[t.i] = "can"
    swapped = tuple(
        replace(t, text=new if t.text.islower() else _capitalize(new))
        if (new := changes.get(t.i)) is not None
        else t
        for t in tokens
    )
    by_index = {t.i: t for t in tokens}
    flipped = positive(swapped) if neg.lower_ in NEGATORS else _NON.sub("", render(words(swapped)), count=1)
    if neg.lower_ not in _ANTONYMS and flipped == render(words(swapped)):
        return Value("")
    verb = by_index.get(neg.head)
    subject = _subject_of(tokens, verb) if verb is not None else None
    helpers = [t for t in tokens if verb is not None and t.head == verb.i and t.dep == "aux"]
    if subject is not None and verb is not None and [t.lemma for t in helpers] == ["do"]:
        said = inflect(verb.lemma, "VBP")
        glad = f"{subject.text}{_GLAD.get(subject.lower_, '')} {verb.lemma}"
        if subject.lower_ in _GLAD:
            flipped = re.sub(rf"\b{re.escape(subject.text)} {re.escape(said)}\b", glad, flipped, count=1)
    flipped = _ABLE.sub(r"\1\2 happy to", flipped, count=1)  # "we are able to" -> "we are happy to"
    flipped = _CAN.sub(lambda m: m.group(1) + _GLAD[m.group(1).lower()], flipped, count=1)
    flipped = _DISCOURSE.sub("", flipped)
    if verb is not None and subject is None and verb.tag == "VB" and tokens[0].lemma == "do":
        flipped = "Please " + _lower_first(flipped)  # "Do not come without X" -> "Please come with X"
    return Value(_capitalize(re.sub(r"\s{2,}", " ", flipped)))  # a dropped "of" leaves two spaces


_NO_LATER = re.compile(r"\bno\s+later\s+than\b", re.IGNORECASE)
_NO_LATER_SPAN = re.compile(
    r"\bno\s+later\s+than\b(?=\s+\S+\s+(?:working\s+|business\s+)?(?:hours?|days?|weeks?|months?)\s+(?:after|of|from)\b)",
    re.IGNORECASE,
)


def _by_deadline(sentence: Chunk) -> Value:
    """A deadline said as the time to aim for: "placed no later than noon" -> "placed by noon"."""
    text = _slice(sentence, sentence.start, sentence.end).text
    if len(_negatives(_slice(sentence, sentence.start, sentence.end).tokens)) != 1 or not _NO_LATER.search(
        text
    ):
        return Value("")
    text = _NO_LATER_SPAN.sub("within", text)  # "no later than 21 days after" -> "within 21 days after"
    return Value(_capitalize(_DISCOURSE.sub("", _NO_LATER.sub("by", text))))


_COUNT = rf"(?:\$\s?)?\d[\d,.]*\+*|(?:(?:a|half\s+a|{_NUMBER_WORDS})\s+)?dozen|{_NUMBER_WORDS}"
_LINKS = r"per|for|on|in|at|to|and|or|with|plus|each|a|an|the"
_UNIT = rf"(?!(?:{_LINKS})\b)[a-z]+(?:/[a-z]+)?"
_FITS = r"(?=\s*(?:$|[,.;:!?)/–—]|(?:per|for|on|in|and|with|at|plus|to|each)\b)|\s+-)"
"""After a bound's count: the end of the phrase, not more of a noun ("a twelve-month term")."""


def _bound_shapes(word: str) -> tuple[re.Pattern[str], ...]:
    """The ways a sign writes a bound (``word`` is "minimum" or "maximum"): "a minimum of 4
    (tickets)", "minimum 2 dz order", "a 6-person minimum", "Max 4 per customer", "a 2-night
    minimum stay", "a minimum 12-month term"."""
    lead = r"(?:^|(?<=[(:–—-])|(?<=[(:–—-]\s)|\ban?\s+)"
    return tuple(
        re.compile(shape, re.IGNORECASE)
        for shape in (
            rf"{lead}(?P<bound>{word})\s+(?:(?P<what>{_UNIT})\s+)?of\s+(?P<count>{_COUNT})(?:\s*(?P<unit>{_UNIT}))?\b{_FITS}",
            rf"\b(?P<bound>{word})\s+(?P<count>{_COUNT})(?P<gap>\s*)(?P<unit>{_UNIT})?\s+(?P<what>order)\b",
            rf"(?:\ban?\s+)?(?P<count>{_COUNT})(?:[\s-]+(?P<single>{_UNIT}))?[\s-]+(?P<bound>{word})\b{_FITS}",
            rf"{lead}(?P<bound>{word})\.?\s+(?P<count>{_COUNT})(?:\s+(?P<unit>{_UNIT}))?{_FITS}",
            rf"{lead}(?P<count>{_COUNT})-(?P<single>{_UNIT})[\s-]+(?P<bound>{word})\s+(?P<what>{_UNIT}){_FITS}",
            rf"{lead}(?P<bound>{word})\s+(?P<count>{_COUNT})-(?P<single>{_UNIT})\s+(?P<what>{_UNIT}){_FITS}",
        )
    )


_AT_LEAST = r"at\s+least|no\s+(?:fewer|less)\s+than"
_WHEN = r"(?:early|earlier|late|ahead|before|beforehand|prior|in)\b"
"""Words after a count that make it a lead time ("10 minutes early"), not a quantity."""
_BOUNDS = (
    ("{} or more", "minimum", _bound_shapes("minimum")),
    ("up to {}", "maximum|max", _bound_shapes("maximum|max")),
    (
        "{} or more",
        _AT_LEAST,
        (
            re.compile(
                rf"\b(?:{_AT_LEAST})\s+(?P<count>{_COUNT})(?P<gap>)(?P<unit>(?:\s+(?!{_WHEN}){_UNIT}){{0,2}}){_FITS}",
                re.IGNORECASE,
            ),
        ),
    ),
)
_BOUND_VERBS = {"order": "we gladly take orders of", "stay": "stay", "booking": "book"}
"""A bound on a thing the customer does, said as the welcome or the invitation."""


def _several(word: str, count: str) -> str:
    """ "ticket" -> "tickets" after any count but one."""
    if count.lower() in ("1", "one", "a") or not word.isalpha():
        return word
    if word.lower() == "person":
        return "people"
    return inflect(word.lower(), "NNS") if word.islower() else word


def _bound(found: re.Match[str], said_as: str) -> str:
    """One bound said as "N things or more" / "up to N things"; a count written before the
    bound names its thing in the singular ("6-person"), so that one is made plural."""
    parts = found.groupdict()
    count, what = _lower_first(parts["count"]), parts.get("what")
    unit = parts.get("unit") or ""
    if parts.get("single"):
        unit = _several(parts["single"], count)
    elif "single" in parts and count.startswith("$"):
        return found.group()  # "with $400 minimum": "with $400 or more" would not say of what
    amount = said_as.format(f"{count}{parts.get('gap', ' ')}{unit}" if unit else count)
    lead = found.string[: found.start()].rstrip()
    if re.search(r"\bthere(?:\s+is|['’]s|\s+will\s+be)$", lead, re.IGNORECASE):
        return found.group()  # "there is a 3-night minimum stay": "there is stays of ..." is no English
    if what and what.lower() in _BOUND_VERBS and (not lead or lead[-1] in "(:–—-"):
        return (
            f"{_BOUND_VERBS[what.lower()]} {amount}"  # "Minimum stay of 2 nights" -> "Stay 2 nights or more"
        )
    return f"{_several(what, '2')} of {amount}" if what else amount


_RANGE = re.compile(r"\b(?P<low>\d+) (?P<what>[a-z]+) or more and up to (?P<high>\d+) (?P=what)\b")
"""Both bounds on one thing read as a range: "4 to 12 people"."""


def _bounds(sentence: Chunk) -> Value:
    """Floors and caps said as what is welcome: "Minimum order of 4" -> "we gladly take orders
    of 4 or more", "Tours have a 6-person minimum" -> "Tours have 6 people or more", "Book a
    maximum of 60 days ahead" -> "Book up to 60 days ahead". The numbers and what they count
    stay; only the words "minimum" and "maximum" go, and only when every one of them can."""
    text = original = _slice(sentence, sentence.start, sentence.end).text
    for said_as, word, shapes in _BOUNDS:
        for shape in shapes:
            text, turned = shape.subn(lambda found, said_as=said_as: _bound(found, said_as), text, count=1)
            if turned and not re.search(rf"\b(?:{word})\b", text, re.IGNORECASE):
                break
    if text == original or re.search(r"\b(?:minimum|maximum|max)\b", text, re.IGNORECASE):
        return Value("")
    text = _RANGE.sub(r"\g<low> to \g<high> \g<what>", text)
    return Value(_capitalize(_DISCOURSE.sub("", text)))


_NOT_TOGETHER = re.compile(
    r"^(?P<one>[^,;:]+?)\s+(?:(?:may|can|could)\s*(?:not|n['’]t)\s+be|(?:is|are)\s*(?:not|n['’]t))\s+"
    r"(?:combined|combinable|used\s+together|used\s+in\s+conjunction)\s+with\s+(?P<other>[^,;:]+)$",
    re.IGNORECASE,
)
_STRINGS = re.compile(r"\b(?:unless|if|when|except|but|only)\b", re.IGNORECASE)


def _one_at_a_time(sentence: Chunk) -> Value:
    """Offers that don't stack, said as a choice: "Vouchers may not be combined with other
    offers" -> "You're welcome to use vouchers or other offers, one at a time". A sentence
    with a condition or an exception in it is left alone: the choice would drop it."""
    text = _DISCOURSE.sub("", _slice(sentence, sentence.start, sentence.end).text)
    found = _NOT_TOGETHER.match(text)
    if found is None or _STRINGS.search(text):
        return Value("")
    return Value(f"You're welcome to use {_lower_first(found['one'])} or {found['other']}, one at a time")


_KEPT_OUT = frozenset({"allowed", "permitted", "prohibited", "forbidden", "banned", "taken", "brought"})
_BANS = frozenset({"prohibited", "forbidden", "banned"})
_CARRY = frozenset({"bring", "take"})
_ASIDES = frozenset({"intj", "punct", "advmod"})
_PLACE_PREPS = frozenset({"in", "inside", "into", "within", "on", "at"})
_PEOPLE = frozenset(
    """child children kid kids baby babies infant infants toddler toddlers minor minors teen teens
    person people adult adults anyone someone spectator spectators trainer trainers non""".split()
)
_ACTS = frozenset(
    """photo photograph photography video filming recording smoking vaping refund return exchange
    discount offer voucher coupon code credit booking reservation change cancellation payment cheque
    check card cash alteration substitution service access entry admission re-entry walk-in""".split()
)
"""What a place cannot be "free of": people, acts told as nouns ("Photos are not permitted
inside" bans taking them, not the prints) and deals ("No refunds on sale items")."""


def _tree(tokens: tuple[Tok, ...], root: Tok) -> list[Tok]:
    """The phrase ``root`` heads, as a contiguous run of tokens, or nothing when it is split."""
    inside = _descendants(tokens, [root.i])
    run = [t for t in tokens if t.i in inside]
    return run if run[-1].i - run[0].i + 1 == len(run) else []


def _kept_out(tokens: tuple[Tok, ...]) -> tuple[Tok, Tok] | None:
    """The banned thing and the verb that bans it from a place: "Bags are not allowed in ..."
    and "Prams are not to be taken into ..." (the thing is the subject) or "Guests may not
    bring food into ..." (the thing is the object)."""
    negations = _negatives(tokens)
    by_index = {t.i: t for t in tokens}
    for verb in tokens:
        children = [t for t in tokens if t.head == verb.i and t.i != verb.i]
        wanted = 0 if verb.lower_ in _BANS else 1
        if verb.lower_ in _KEPT_OUT and verb.tag in ("VBN", "JJ"):
            holder = by_index.get(verb.head) if verb.dep == "xcomp" else verb
            subjects = [t for t in tokens if holder is not None and t.head == holder.i]
            thing = next((t for t in subjects if t.dep in ("nsubjpass", "nsubj")), None)
        elif verb.lemma in _CARRY and verb.tag == "VB" and any(t.dep == "aux" for t in children):
            thing = next((t for t in children if t.dep == "dobj"), None)
        elif verb.dep == "ROOT" and verb.pos == "NOUN":  # a sign: "No prams in the gift shop"
            thing, wanted = verb, 1
        else:
            continue
        negs = [t for t in tokens if (t.dep == "neg" and t.head == verb.i) or _no_before(t, thing)]
        if thing is not None and len(negs) == wanted and len(negations) == wanted:
            return thing, verb
    return None


def _no_before(t: Tok, thing: Tok | None) -> bool:
    """The "no" of "No outside food is allowed", which bans the thing it stands before."""
    return thing is not None and t.head == thing.i and t.dep == "det" and t.lower_ == "no"


def _keep_free(sentence: Chunk) -> Value:
    """A thing banned from a place, said as the place kept for everyone: "Outside food is not
    allowed in the lounge" -> "Please help us keep the lounge free of outside food". The place,
    the thing with all its words and any time ("during performances") stay; a sentence with
    anything more (a second clause, a condition) is left alone."""
    tokens = _slice(sentence, sentence.start, sentence.end).tokens
    found = _kept_out(tokens) if tokens else None
    if found is None:
        return Value("")
    thing, verb = found
    unkeepable = _PEOPLE | _ACTS | ADDRESSED_AS_YOU
    if thing.pos not in ("NOUN", "PROPN") or {thing.lower_, thing.lemma} & unkeepable:
        return Value("")
    by_index = {t.i: t for t in tokens}
    place = next(
        (
            t
            for t in tokens
            if t.i > max(thing.i, verb.i)
            and t.dep == "prep"
            and t.lower_ in _PLACE_PREPS
            and _hangs_on(t, {verb.i}, by_index, len(tokens))
        ),
        None,
    )
    named = next((t for t in tokens if place is not None and t.head == place.i and t.dep == "pobj"), None)
    if named is None or not any(t.head == named.i and t.dep in ("det", "poss") for t in tokens):
        return Value("")  # "on board", "in town": no place of ours to keep
    tokens = tuple(t for t in tokens if not _no_before(t, thing))
    thing_run = [t for t in _tree(tokens, thing) if t.i <= thing.i or thing is not verb]
    place_run = _tree(tokens, named)
    if place is None or not thing_run or not place_run or place_run[0].i != place.i + 1:
        return Value("")
    if thing.i >= verb.i:  # "Guests may not bring food bought elsewhere into the bar": all up to "into"
        between = [t for t in tokens if thing_run[-1].i < t.i < place.i]
        if any(t.dep in ("mark", "neg", "aux", "nsubj", "cc") or t.pos == "PUNCT" for t in between):
            return Value("")
        thing_run += between
    elif place.i != verb.i + 1 or any(t.i < thing_run[0].i and t.dep not in _ASIDES for t in tokens):
        return Value("")  # "Sorry, ..." may go; anything else before the thing is part of the rule
    after = [t for t in tokens if t.i > place_run[-1].i and t.pos != "PUNCT"]
    times = [p for p in tokens if p.head == verb.i and p.dep == "prep" and p.i > place.i]
    others = [_tree(tokens, p) for p in times]
    if not all(others) or {t.i for t in after} != {t.i for run in others for t in run}:
        return Value("")  # a second clause or a condition would be lost
    said = render(words(tuple(thing_run)))
    what = said if thing.pos == "PROPN" and thing_run[0].i != tokens[0].i else _lower_first(said)
    rest = " ".join(render(words(tuple(run))) for run in others)
    place_said = _lower_first(render(words(tuple(place_run))))
    return Value(f"Please help us keep {place_said} free of {what} {rest}".rstrip())


_SPAN = r"(?P<time>[^,;:]+?\b(?:minutes?|hours?|days?|nights?|weeks?|months?|cycles?))"
_WAIT_SHAPES = (
    re.compile(
        rf"^(?:please\s+)?allow\s+(?:up\s+to\s+)?{_SPAN}\s+for\s+(?P<what>.+?)\s+to\s+(?P<done>.+)$", re.I
    ),
    re.compile(
        rf"^it\s+(?:may|can|could|might)\s+take\s+up\s+to\s+{_SPAN}\s+for\s+(?P<what>.+?)\s+to\s+(?P<done>.+)$",
        re.I,
    ),
    re.compile(
        rf"^(?P<what>.+?)\s+(?:may|can|could|might)\s+take\s+up\s+to\s+{_SPAN}\s+to\s+(?P<done>.+)$", re.I
    ),
)
_HAPPEN = r"arrive|appear|show|reach|reflect|clear|come|work|land|update|take\s+effect"
"""What a thing does by itself; "Orders may take 48 hours to prepare" means being prepared."""
_FROM = re.compile(r"\s+(?=(?:after|from|of|following)\b)", re.IGNORECASE)


def _in_time(sentence: Chunk) -> Value:
    """A wait told as the time it is done in: "Allow 5 days for your card to arrive" -> "Your
    card will arrive within 5 days", "Changes can take up to 10 days to show" -> "Changes will
    show within 10 days". A floor ("at least 48 hours") is no promise and is left alone."""
    text = _DISCOURSE.sub("", _slice(sentence, sentence.start, sentence.end).text)
    found = next((m for shape in _WAIT_SHAPES if (m := shape.match(text))), None)
    if (
        found is None
        or not re.match(rf"(?:be|{_HAPPEN})\b", found["done"], re.I)
        or re.search(r"\b(?:least|minimum|more|over)\b|[,;]", found["time"] + found["what"], re.I)
    ):
        return Value("")
    done, time, what = found["done"], found["time"], found["what"]
    cut = start.start() if (start := _FROM.search(done)) else len(done)
    done = f"{done[:cut]} within {time}{done[cut:]}"
    passive = re.match(r"be\s+(\w+)\s*", done)
    done_by = next((t for t in sentence.tokens if passive and t.text == passive[1] and t.tag == "VBN"), None)
    if passive is None or done_by is None or re.fullmatch(_HAPPEN, done_by.lemma):
        return Value(f"{_capitalize(what)} will {done}")  # "will be reflected" stays as it is
    return Value(f"We'll {done_by.lemma} {_lower_first(what)} {done[passive.end() :]}")  # we return it


_PAYMENTS = frozenset(
    {"cash", "card", "cards", "payment", "payments", "cheque", "cheques", "contactless", "transfer"}
)
"""Ways to pay: a sign that names one "only" says what the till takes."""


def _we_take(sentence: Chunk) -> Value:
    """A payment sign said as what we take, as the seeds' salon does: "Cash only" -> "Yes, we
    take cash", "Card payments only after 6pm" -> "Yes, we take card payments after 6pm"."""
    tokens = _slice(sentence, sentence.start, sentence.end).tokens
    only = next((k for k, t in enumerate(tokens) if t.lower_ == "only"), None)
    if only is None or only == 0 or _negatives(tokens):
        return Value("")
    means, rest = tokens[:only], tokens[only + 1 :]
    plain = ("NOUN", "PROPN", "ADJ", "CCONJ")  # the tagger may take "Cash" for a verb: the word decides
    if means[-1].lower_ not in _PAYMENTS or any(t.pos not in plain for t in means[:-1]):
        return Value("")
    if rest and (rest[0].pos != "ADP" or any(t.pos in ("VERB", "AUX", "PUNCT", "INTJ") for t in rest)):
        return Value("")  # "Cash only at the door, please" or a clause after it: not a plain sign
    said = _lower_first(render(words(means)))
    return Value(f"Yes, we take {said} {render(words(rest))}".rstrip())


_PERSONAL = re.compile(
    r"^(?:(?:the|all|your)\s+)?(?P<what>[a-z][\w\s-]*?)\s+(?P<be>is|are)\s+"
    r"(?:non\s*-?\s*transferable|not\s+transferable)$",
    re.IGNORECASE,
)


def _just_for_you(sentence: Chunk) -> Value:
    """A thing that may not pass to someone else, said as whose it is: "Fast passes are
    non-transferable" -> "Your fast passes are just for you". Only the bare statement: a second
    ban or a condition ("non-transferable and non-refundable", "between vehicles") stays."""
    text = _DISCOURSE.sub("", _slice(sentence, sentence.start, sentence.end).text)
    found = _PERSONAL.match(text)
    if found is None or re.search(r"\b(?:and|or|but|your|our|their|gift)\b", found["what"], re.IGNORECASE):
        return Value("")  # a list keeps its wording; a gift is made to be passed on
    return Value(f"Your {_lower_first(found['what'])} {found['be'].lower()} just for you")


DERIVED: dict[str, Callable[[Chunk], Value]] = {
    "notice": _notice,
    "open_until": _open_until,
    "patient_while": _patient_while,
    "best_effort": _best_effort,
    "without_only": _without_only,
    "flip_condition": _flip_condition,
    "by_deadline": _by_deadline,
    "bounds": _bounds,
    "one_at_a_time": _one_at_a_time,
    "keep_free": _keep_free,
    "in_time": _in_time,
    "we_take": _we_take,
    "just_for_you": _just_for_you,
}
assert DERIVED.keys() == DERIVED_SLOTS


def _value(name: str, candidate: Candidate) -> Value:
    sentence = candidate.sentence
    if name in DERIVED:
        return DERIVED[name](sentence)
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

    text = PLACEHOLDER.sub(substitute, template)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([,;:])\1+", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _match_case(rewrite: str, original: str) -> str:
    """Keep the original's sentence-initial capital, its quotes and its closing punctuation;
    an all-capitals original gets a rewrite in sentence case."""
    head, body, tail = frame(original.rstrip())
    if sum(c.isupper() for c in body) > 1 and not any(c.islower() for c in body):
        rewrite = _sentence_case(rewrite, shouted=True)  # "NO REFUNDS." answered in caps still shouts
    elif body[:1].isupper():
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


KEPT_POS = frozenset({"NOUN", "PROPN"})
ADDRESSED_AS_YOU = frozenset(
    """customer customers client clients guest guests patient patients member members visitor
    visitors buyer buyers shopper shoppers user users tenant tenants student students parent
    parents passenger passengers diner diners patron patrons attendee attendees rider riders
    traveller travellers traveler travelers owner owners""".split()
)
"""The people a policy talks about in the third person, whom a rewrite may call "you"."""
SPOKEN_AS_WE = frozenset(
    """business company firm shop store seller management manager staff team owner salon studio
    restaurant cafe bar hotel clinic venue property premises site office gym spa""".split()
)
"""The business itself, and its place: a rewrite says "we" and "here" instead."""
BOOKING_WORDS = frozenset(
    """appointment appointments reservation reservations booking bookings table tables slot slots
    spot spots session sessions seat seats place places""".split()
)
"""What a customer holds with a business: a rewrite may name it with another of these words
("your reservation will be released" -> "we hold your spot")."""
TIME_UNITS = frozenset(
    """second seconds minute minutes hour hours day days night nights week weeks month months
    person persons people""".split()
)
"""Units of a count, whose number `keeps_numbers` guards: "ten minutes late" may become "on
time", "a 4-person minimum" "4 people or more"."""
CLAUSE_HEADS = frozenset({"xcomp", "ccomp", "advcl"})
BOUNDARY_NOUNS = frozenset(
    """notice discretion time reason circumstances exception exceptions policy policies rule rules
    minimum maximum fee fees charge charges penalty penalties fine fines surcharge no show walk""".split()
)
"""The boundary itself, which the rewrite is there to replace: the hedge ("without notice",
"at any time, for any reason"), the rule, and the penalty ("a no-show", "a walk-in", a fee
whose amount `keeps_numbers` still guards)."""

DROPPABLE_NOUNS = ADDRESSED_AS_YOU | SPOKEN_AS_WE | BOUNDARY_NOUNS | TIME_UNITS
"""Built once: `keeps_things` asks about every noun of every draft."""


def keeps_things(candidate: Candidate, rewrite: str) -> bool:
    """Every noun outside the flagged words survives into the rewrite.

    A rewrite may drop the "no", the minimum or the fee it answers, but not what the
    policy is about or when it applies: "$5 minimum for debit and credit cards" must not
    come back as "Yes, we take debit ...", nor "Pets are not allowed, with the exception
    of guide dogs" as "Please leave pets at home". Names of the business itself (a proper
    noun as subject, "the seller", "the premises") and hedges may go.
    """
    kept = rewrite.lower()
    match = candidate.match
    for token in candidate.sentence.tokens:
        if token.pos not in KEPT_POS or match.start <= token.start < match.end or len(token.text) < 2:
            continue
        if token.dep in CLAUSE_HEADS:  # "take 14 days to process": a verb the tagger took for a noun
            continue
        word, lemma = token.lower_, token.lemma.lower()
        if _droppable(token):
            continue
        if token.pos == "PROPN" and token.dep in ("nsubj", "compound") and _heads_subject(candidate, token):
            continue
        if word in BOOKING_WORDS and any(booked in kept for booked in BOOKING_WORDS):
            continue
        if word not in kept and lemma not in kept:
            return False
    return True


def _droppable(token: Tok) -> bool:
    """A noun a rewrite may leave out. The business may become "we", but not the place a rule
    holds in: "into the hotel restaurant" must survive a "Please leave food at home"."""
    word, lemma = token.lower_, token.lemma.lower()
    if token.dep == "pobj" and (word in SPOKEN_AS_WE or lemma in SPOKEN_AS_WE):
        return False
    return not word.isalpha() or word in DROPPABLE_NOUNS or lemma in DROPPABLE_NOUNS


def _heads_subject(candidate: Candidate, token: Tok) -> bool:
    """A proper noun that names the subject ("Acme Rugs is not liable"): the business speaking."""
    tokens = candidate.sentence.tokens
    while token.dep == "compound" and 0 <= token.head < len(tokens) and tokens[token.head] is not token:
        token = tokens[token.head]
    return token.dep in ("nsubj", "nsubjpass")


CONTACT_VERBS = frozenset("ask call contact reply respond email message phone ring text write".split())
CONTACT_INVITES = ("just ask", "ask us", "ring us", "call us", "tell us", "get in touch", "reach out")


def invites_what_it_forbids(candidate: Candidate, rewrite: str) -> bool:
    """Whether the rewrite invites the very contact the sentence rules out.

    "Do not reply to this email, but we'll gladly help — just ask" leaves the customer with
    two opposite orders; such a draft is withdrawn like one that drops a number.
    """
    tokens = candidate.match.tokens
    forbidden = any(t.lemma.lower() in CONTACT_VERBS and t.pos == "VERB" for t in tokens) and any(
        t.dep == "neg" or t.lower_ in ("no", "never") for t in tokens
    )
    if not forbidden:
        return False
    before, after = candidate.sentence.text.lower(), rewrite.lower()
    return any(invite in after and invite not in before for invite in CONTACT_INVITES)


Relints = Callable[[str], bool]
"""Whether a text would itself be flagged: a rewrite the linter would flag again is no fix."""


def suggestion_for(candidate: Candidate, relints: Relints | None = None) -> str | None:
    """The whole sentence as rewritten, or ``None`` when the rule only gives a hint.

    Templates are tried in order (see `drafts`); the first draft that ``relints`` says would
    not be flagged again wins. When none is left, the rule's hint speaks instead.
    """
    return next((text for text in drafts(candidate) if relints is None or not relints(text)), None)


def drafts(candidate: Candidate) -> Iterator[str]:
    """The rule's rewrites of this sentence, in template order, before any re-lint.

    A template whose captures this match did not set is skipped, and so is a rewrite that
    would lose a number of the original ($10, 24 hours, 50%) or a thing it is about (see
    `keeps_things`): that changes the policy.
    """
    rewrite = candidate.rule.rewrite
    if rewrite is None:
        return
    several = len(rewrite.templates) > 1
    for template in rewrite.templates:
        if several and not placeholders(template) <= candidate.captures.keys():
            continue  # written for another pattern's shape
        if any(not DERIVED[name](candidate.sentence).text for name in _derived_in(template)):
            continue  # the sentence lacks what this template leads with
        result = _fill(template, rewrite.replaces, candidate)
        if (
            result
            and not _DANGLING.search(result)
            and keeps_numbers(candidate.sentence.text, result)
            and keeps_things(candidate, result)
            and not invites_what_it_forbids(candidate, result)
            and not repeats_the_original(template, candidate, result)
        ):
            yield result


def repeats_the_original(template: str, candidate: Candidate, result: str) -> bool:
    """Whether the rewrite says a phrase of the original more often than the original and the
    template's own words together do.

    A slot filled from the wrong side of the sentence echoes it: "Members who no-show will
    lose booking privileges for two weeks" gave "Booking privileges can be used up to booking
    privileges for two weeks". Phrases are pairs of words; a lone word may fairly come back.
    """
    original = Counter(_word_pairs(candidate.sentence.text))
    own = Counter(_word_pairs(PLACEHOLDER.sub(" ", template)))
    said = Counter(_word_pairs(result))
    return any(said[pair] > original[pair] + own[pair] for pair in said if pair in original)


def _word_pairs(text: str) -> Iterator[tuple[str, str]]:
    words = _PAIR_WORD.findall(text.lower())
    return pairwise(words)


_PAIR_WORD = re.compile(r"[a-z']+")


_DANGLING = re.compile(r"\b(?:are|is|was|were|the|an?|and|or)\s*(?:[,;:]|[.!?]*$)", re.IGNORECASE)
"""A clause left hanging on a copula, an article or a conjunction, where a template took out
the word it was waiting for ("Terms apply and are non-negotiable" -> "... and are, but")."""


def _derived_in(template: str) -> set[str]:
    return {name for name, _ in PLACEHOLDER.findall(template)} & DERIVED_SLOTS


REMEMBERED_REWRITES = 8192


class Relinter:
    """Re-lints rewrites with the same rules and pipeline, each text once.

    A rewrite is asked about by `decide` and again by the finding, so answers are kept.
    `prime` parses the likely questions together: spaCy parses a batch of sentences in
    about a third of the time per sentence that it takes one at a time.
    """

    def __init__(self, compiled: CompiledRules, might_match: Callable[[str], bool] | None = None) -> None:
        self.compiled = compiled
        self.might_match = might_match
        self.known: dict[str, bool] = {}

    def __call__(self, text: str) -> bool:
        if text not in self.known:
            self.prime([text])
        return self.known[text]

    def prime(self, texts: Iterable[str]) -> None:
        """Answer for all ``texts`` at once; the prefilter answers for most without a parse."""
        todo: list[str] = []
        for text in dict.fromkeys(texts):
            if text in self.known:
                continue
            if self.might_match is not None and not self.might_match(text):
                self.known[text] = False
            else:
                todo.append(text)
        if len(self.known) > REMEMBERED_REWRITES:
            self.known.clear()  # bounded: a linter lives as long as a whole run
        for text, found in zip(todo, self.compiled.candidates_for(todo), strict=True):
            self.known[text] = any(True for _ in found)

    def prime_for(self, candidates: Iterable[Candidate]) -> None:
        """Prime with each candidate's first draft: the one `suggestion_for` asks about first."""
        self.prime(text for candidate in candidates if (text := next(drafts(candidate), None)))


def relint_check(compiled: CompiledRules, might_match: Callable[[str], bool] | None = None) -> Relinter:
    """A re-lint of rewrites with the same rules and pipeline (see `Relinter`)."""
    return Relinter(compiled, might_match)


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
