"""Grammar for rewrites, on plain token data: flip negation, make imperatives, inflect verbs.

Rewrites are built from the parse, not from strings: person, number and tense come from
spaCy's morphology (carried in `Tok`), verb and noun forms from lemminflect, which inflects
from a lemma and a Penn tag (spaCy's own tag set) and covers irregular forms from a lexicon
rather than suffix rules.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from yeslint.match import Tok

NEGATORS = frozenset({"not", "n't", "never", "no"})
CONTRACTED_MODALS = {"ca": "can", "wo": "will", "sha": "shall"}
OBLIGATION_VERBS = frozenset({"need", "have", "require", "ask", "expect", "oblige", "request", "remind"})
MODALS = frozenset({"must", "should", "shall", "will", "would", "can", "could", "may", "might"})


@dataclass(slots=True)
class Word:
    """A mutable token while a rewrite is being built."""

    text: str
    whitespace: str
    tok: Tok | None


def words(tokens: Sequence[Tok]) -> list[Word]:
    return [Word(t.text, t.whitespace, t) for t in tokens]


def render(items: Sequence[Word]) -> str:
    return "".join(w.text + w.whitespace for w in items).strip()


@functools.lru_cache(maxsize=4096)
def inflect(lemma: str, tag: str) -> str:
    from lemminflect import getInflection  # imports spaCy: load it only when a rewrite needs it

    from yeslint import inflect_table

    inflect_table.install()
    forms = getInflection(lemma, tag=tag)
    return forms[0] if forms else lemma


def _drop(items: list[Word], index: int) -> None:
    """Remove a word, moving its trailing space to a neighbour glued to it ("ca|n't ")."""
    word = items.pop(index)
    if index > 0 and not items[index - 1].whitespace:
        items[index - 1].whitespace = word.whitespace


def _find(items: list[Word], i: int) -> int | None:
    for position, word in enumerate(items):
        if word.tok is not None and word.tok.i == i:
            return position
    return None


def positive(tokens: Sequence[Tok]) -> str:
    """The same clause with its negation removed: "We do not accept checks" -> "We accept checks".

    Do-support goes with the negation and its tense and person move to the main verb
    ("does not allow" -> "allows", "didn't send" -> "sent"); "can't"/"won't" become
    "can"/"will"; a determiner "no" is dropped.
    """
    items = words(tokens)
    capitalised = bool(items) and items[0].text[:1].isupper()
    for neg in [t for t in tokens if t.lower_ in NEGATORS and t.dep in ("neg", "det", "advmod")]:
        if neg.lower_ == "never" and neg.dep != "neg":
            continue
        position = _find(items, neg.i)
        if position is None:
            continue
        _drop(items, position)
        before = items[position - 1] if position > 0 else None
        if before is None or before.tok is None:
            continue
        if before.tok.lower_ in CONTRACTED_MODALS:
            before.text = CONTRACTED_MODALS[before.tok.lower_]
        elif before.tok.lemma == "do" and before.tok.dep == "aux":
            head = _find(items, before.tok.head)
            if head is not None and items[head].tok is not None:
                tag = {"VBZ": "VBZ", "VBD": "VBD"}.get(before.tok.tag, "VBP")
                items[head].text = inflect(items[head].tok.lemma, tag)  # type: ignore[union-attr]
            _drop(items, position - 1)
    if capitalised and items:
        items[0].text = items[0].text[:1].upper() + items[0].text[1:]
    return render(items)


def imperative(tokens: Sequence[Tok]) -> str:
    """Turn "You must/need to/are required to X" into "X", with X's verb in the base form."""
    if not tokens:
        return ""
    in_chunk = {t.i for t in tokens}
    roots = [t for t in tokens if t.head not in in_chunk or t.head == t.i]
    root = next((t for t in roots if t.pos in ("VERB", "AUX")), roots[0])
    by_index = {t.i: t for t in tokens}
    target = root
    if root.lemma in OBLIGATION_VERBS or root.lemma == "be":
        # "You need to X", "It is your responsibility to X": the infinitive is the request
        infinitives = [
            t
            for t in tokens
            if t.pos in ("VERB", "AUX")
            and t.i in _subtree(root.i, tokens)
            and t.i != root.i
            and any(c.head == t.i and c.lower_ == "to" and c.dep == "aux" for c in tokens)
        ]
        if infinitives:
            target = infinitives[0]
    keep = _subtree(target.i, tokens)
    drop = {
        t.i
        for t in tokens
        if t.head == target.i and (t.dep in ("nsubj", "nsubjpass", "aux", "auxpass") or t.lower_ == "to")
    }
    drop |= {i for d in list(drop) if by_index[d].dep.startswith("nsubj") for i in _subtree(d, tokens)}
    items = [Word(t.text, t.whitespace, t) for t in tokens if t.i in keep and t.i not in drop]
    for word in items:
        if word.tok is not None and word.tok.i == target.i:
            word.text = word.tok.lemma if word.tok.pos in ("VERB", "AUX") else word.text
    text = render(items)
    return text.rstrip(".!?").strip()


def _subtree(i: int, tokens: Sequence[Tok]) -> set[int]:
    children: dict[int, list[int]] = {}
    for t in tokens:
        if t.head != t.i:
            children.setdefault(t.head, []).append(t.i)
    found, stack = set(), [i]
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, ()))
    return found


def head_noun(tokens: Sequence[Tok]) -> Tok | None:
    nouns = [t for t in tokens if t.pos in ("NOUN", "PROPN", "PRON")]
    in_chunk = {t.i for t in tokens}
    heads = [t for t in nouns if t.head not in in_chunk or t.head == t.i]
    chosen = heads or nouns
    return chosen[-1] if chosen else None


def agree(tokens: Sequence[Tok], singular: str, plural: str) -> str:
    """Pick the verb form that agrees with the chunk's head noun ("is"/"are", "has"/"have")."""
    noun = head_noun(tokens)
    return plural if noun is not None and (noun.plural or noun.lower_ in ("you", "we", "they")) else singular


def first_verb(tokens: Sequence[Tok]) -> Tok | None:
    return next((t for t in tokens if t.pos == "VERB"), next((t for t in tokens if t.pos == "AUX"), None))
