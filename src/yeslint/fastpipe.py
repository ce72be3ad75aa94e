"""Exact, faster stand-ins for the slow steps of two stock spaCy components.

Profiling the small English pipeline on candidate sentences showed two costs that have
nothing to do with the models: the rule lemmatizer tests membership in word lists of up to
57,000 entries (a linear scan per candidate form), and the attribute ruler runs a
179-pattern `Matcher` over every token although nearly all of its patterns look at a single
token's tag, lower-case form, dependency label or whitespace flag. Both are replaced here
by lookups that give the same annotations: the lemmatizer's lists become sets, and the
ruler's single-token patterns are evaluated once per distinct (tag, lower, dep, space)
combination and remembered. spaCy's own ``set_annotations`` still applies the results, in
spaCy's own order. `tests/test_fastpipe.py` compares every token attribute against the
stock components.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from operator import itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc, Token

TOKEN_KEYS: tuple[str, ...] = ("TAG", "LOWER", "DEP", "IS_SPACE")
"""The token attributes single-token patterns may test and still be looked up by value."""

MEMO_LIMIT = 16_384
"""Distinct tokens remembered per memo: the common ones recur within any few pages, and a run
over a whole site must not grow without end (each worker keeps its own)."""

Predicate = Callable[[tuple[object, ...]], bool]
Match = tuple[int, int, int, int]


def speed_up(nlp: Language) -> Language:
    """Swap in the lookups where the components are the stock ones; leave anything else alone."""
    if "lemmatizer" in nlp.pipe_names:
        _index_as_sets(nlp.get_pipe("lemmatizer"))
        _remember_every_lemma(nlp.get_pipe("lemmatizer"))
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        fast = FastRuler(ruler)
        ruler.match = fast.match  # type: ignore[method-assign]
        ruler.set_annotations = fast.set_annotations  # type: ignore[method-assign]
    return nlp


def _index_as_sets(lemmatizer: Any) -> None:
    """The lemmatizer only ever asks ``form in index``: a set answers that in constant time."""
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key in list(table.keys()):
        if isinstance(table[key], list):
            table[key] = frozenset(table[key])


def _remember_every_lemma(lemmatizer: Any) -> None:
    """spaCy caches a rule lemma only once rules were applied; the base-form test before that
    (a morphology dict per token) runs again for every singular noun and infinitive. The
    answer depends on the same (form, POS, morphology) key either way, so it is kept too."""
    if getattr(lemmatizer, "mode", None) != "rule":
        return
    stock = lemmatizer.rule_lemmatize
    memo: dict[tuple[int, int, int], list[str]] = {}

    def rule_lemmatize(token: Token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        found = memo.get(key)
        if found is None:
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            found = memo[key] = stock(token)
        return found

    lemmatizer.rule_lemmatize = rule_lemmatize
    lemmatizer.lemmatize = rule_lemmatize  # bound once in __init__ from the mode's name


def _predicate(value: object) -> Callable[[object], bool] | None:
    """One token-attribute test as spaCy's Matcher reads it, or None for anything fancier."""
    if isinstance(value, str | bool):
        return lambda seen: seen == value
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op == "IN" and isinstance(arg, list):
            members = frozenset(arg)
            return lambda seen: seen in members
        if op == "NOT_IN" and isinstance(arg, list):
            excluded = frozenset(arg)
            return lambda seen: seen not in excluded
        if op == "REGEX" and isinstance(arg, str):
            compiled = re.compile(arg)
            return lambda seen: isinstance(seen, str) and compiled.search(seen) is not None
    return None


def _token_test(spec: dict[str, object], keys: tuple[str, ...]) -> Predicate | None:
    tests: list[tuple[int, Callable[[object], bool]]] = []
    for name, value in spec.items():
        test = _predicate(value)
        if name not in keys or test is None:
            return None
        tests.append((keys.index(name), test))
    if len(tests) == 1:  # the common shapes, without a generator per call
        ((i, first),) = tests
        return lambda values: first(values[i])
    if len(tests) == 2:
        (i, first), (j, second) = tests
        return lambda values: first(values[i]) and second(values[j])
    return lambda values: all(test(values[i]) for i, test in tests)


class FastRuler:
    """`AttributeRuler.match` and ``set_annotations`` for patterns of plain token tests.

    A pattern without operators is a fixed run of token tests. Which tests a token passes
    depends only on its (tag, lower, dep, space) values, so it is worked out once per
    distinct combination. Patterns using anything else stay with a `Matcher` of their own.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        from spacy.matcher import Matcher

        self.ruler = ruler
        from spacy.attrs import IDS

        self.array_attrs = [IDS[name] for name in TOKEN_KEYS]
        self.tests: list[Predicate] = []
        self.exact: dict[tuple[int, ...], dict[object, set[int]]] = {}
        """Equality-only tests, indexed by the values they want: found by lookup, not by trial."""
        self.lookups: list[tuple[Callable[[tuple[object, ...]], object], dict[object, set[int]]]] = []
        self.scanned: list[int] = []
        """Tests with IN / NOT_IN / REGEX: tried one by one, once per distinct token."""
        self.singles: list[tuple[int, frozenset[int]]] = []
        """(attribute id, tests any of which makes a one-token pattern match)."""
        self.runs: list[tuple[int, tuple[int, ...]]] = []
        """(attribute id, one test per token) for longer patterns."""
        self.run_starts: frozenset[int] = frozenset()
        self.memo: dict[tuple[int, ...], tuple[frozenset[int], tuple[int, ...], bool]] = {}
        self.match_ids = [ruler.vocab.strings.add(str(i)) for i in range(len(ruler.attrs))]
        self.fallback = Matcher(ruler.vocab)
        known: dict[str, int] = {}
        for attr_id, entry in enumerate(ruler.patterns):
            runs = [self._run(pattern, known) for pattern in entry["patterns"]]
            if any(run is None for run in runs):
                self.fallback.add(str(attr_id), entry["patterns"])
            elif all(len(run) == 1 for run in runs if run is not None):
                self.singles.append((attr_id, frozenset(run[0] for run in runs if run is not None)))
            else:
                self.runs.extend((attr_id, run) for run in runs if run is not None)
        self.run_starts = frozenset(run[0] for _, run in self.runs)
        self.singles_by_test: dict[int, list[int]] = {}
        """Test -> one-token patterns it completes: a new token looks up its few passed tests."""
        for attr_id, tests in self.singles:
            for test in tests:
                self.singles_by_test.setdefault(test, []).append(attr_id)

    def _run(self, pattern: list[dict[str, object]], known: dict[str, int]) -> tuple[int, ...] | None:
        ids: list[int] = []
        for spec in pattern:
            key = repr(sorted(spec.items(), key=lambda item: item[0]))
            if key not in known:
                test = _token_test(spec, TOKEN_KEYS)
                if test is None:
                    return None
                known[key] = len(self.tests)
                self.tests.append(test)
                self._index(spec, known[key])
            ids.append(known[key])
        return tuple(ids)

    def _index(self, spec: dict[str, object], test_id: int) -> None:
        if not all(isinstance(value, str | bool) for value in spec.values()):
            self.scanned.append(test_id)
            return
        names = TOKEN_KEYS
        positions = tuple(sorted(names.index(name) for name in spec))
        wanted = tuple(spec[names[i]] for i in positions)
        key = wanted[0] if len(wanted) == 1 else wanted  # as itemgetter returns it
        self.exact.setdefault(positions, {}).setdefault(key, set()).add(test_id)
        self.lookups = [(itemgetter(*where), index) for where, index in self.exact.items()]

    def _passes(self, values: tuple[object, ...]) -> tuple[frozenset[int], tuple[int, ...], bool]:
        tests = self.tests
        passed: set[int] = {i for i in self.scanned if tests[i](values)}
        for key_of, index in self.lookups:
            passed.update(index.get(key_of(values), ()))
        frozen = frozenset(passed)
        by_test = self.singles_by_test
        singles = tuple(sorted({attr_id for test in frozen for attr_id in by_test.get(test, ())}))
        return frozen, singles, not frozen.isdisjoint(self.run_starts)

    def match(self, doc: Doc) -> list[Match]:
        """The ruler's matches, sorted as spaCy sorts them (annotations apply in this order).

        Tokens are read as one array of attribute ids, not as `Token` objects: that and the
        memo make a token that was seen before cost a dictionary lookup.
        """
        memo, ids = self.memo, self.match_ids
        rows = doc.to_array(self.array_attrs).tolist() if len(doc) else []
        found: list[Match] = []
        passed: list[frozenset[int]] = []
        starts: list[int] = []
        for i, row in enumerate(rows):
            key = tuple(row)
            entry = memo.get(key)
            if entry is None:
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                entry = memo[key] = self._passes(self._values(doc, row))
            passed.append(entry[0])
            for attr_id in entry[1]:
                found.append((attr_id, ids[attr_id], i, i + 1))
            if entry[2]:
                starts.append(i)
        longer: set[Match] = set()  # runs and fallback patterns may find the same span twice
        for start in starts:
            for attr_id, run in self.runs:
                end = start + len(run)
                if end <= len(passed) and all(test in passed[start + k] for k, test in enumerate(run)):
                    longer.add((attr_id, ids[attr_id], start, end))
        if len(self.fallback):
            strings = self.ruler.vocab.strings
            for match_id, start, end in self.fallback(doc, allow_missing=True, as_spans=False):
                longer.add((int(strings[match_id]), match_id, start, end))
        return sorted([*found, *longer])

    @staticmethod
    def _values(doc: Doc, row: list[int]) -> tuple[object, ...]:
        """The (tag, lower, dep, is_space) values the tests compare, from their ids."""
        strings = doc.vocab.strings
        tag, lower, dep, space = row
        return strings[tag], strings[lower], strings[dep], bool(space)

    def set_annotations(self, doc: Doc, matches: list[Match]) -> None:
        """spaCy's loop, without building a `Span` per match just to index one token."""
        from spacy.tokens._retokenize import set_token_attrs

        attrs, indices = self.ruler.attrs, self.ruler.indices
        for attr_id, _, start, end in matches:
            index = indices[attr_id]
            position = start + index if index >= 0 else end + index
            if not start <= position < end:
                type(self.ruler).set_annotations(self.ruler, doc, [(attr_id, _, start, end)])
                continue
            set_token_attrs(doc[position], attrs[attr_id])
