"""Compile rule patterns into spaCy matchers and find candidates; spaCy objects stop here.

Every rule's patterns and exception patterns are added to one `Matcher`, one
`DependencyMatcher` and one `PhraseMatcher`, so each sentence is scanned once whatever the
number of rules. Candidates leave this module as frozen plain data.
"""

from __future__ import annotations

import copy
import functools
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from yeslint.checks import CHECKS
from yeslint.errors import YeslintError
from yeslint.lexical import lexical_pattern
from yeslint.prefilter import NEGATION_WORDS, anchor_sets, lemma_forms, might_shout, optional, surface_words
from yeslint.rulepack import BUILTIN_PACK, Lexicon, Rule, RuleSet, lexicon_name
from yeslint.saferegex import TOKEN_ATTRIBUTES, replace_regexes

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token


@dataclass(frozen=True, slots=True)
class Tok:
    """What later stages may know about a token: enough to inflect, never a spaCy object."""

    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    morph: str
    whitespace: str
    start: int
    i: int
    head: int

    @property
    def lower_(self) -> str:
        return self.text.lower()

    @property
    def plural(self) -> bool:
        return "Number=Plur" in self.morph or self.tag in ("NNS", "NNPS")


@dataclass(frozen=True, slots=True)
class Chunk:
    """A run of tokens with character offsets into the segment text."""

    start: int
    end: int
    text: str
    tokens: tuple[Tok, ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    rule: Rule
    sentence: Chunk
    match: Chunk
    captures: dict[str, Chunk]


def _chunk(doc: Doc, start: int, end: int, sentence_start: int) -> Chunk:
    tokens = tuple(
        Tok(
            t.text,
            t.lemma_,
            t.pos_,
            t.tag_,
            t.dep_,
            str(t.morph),
            t.whitespace_,
            t.idx,
            t.i - sentence_start,
            t.head.i - sentence_start,
        )
        for t in doc[start:end]
    )
    span = doc[start:end]
    return Chunk(span.start_char, span.end_char, span.text, tokens)


_PATTERN_POSITION = re.compile(r"\[pattern -> (\d+) -> (\w+)")


def _error_line(rule: Rule, section: str, index: int, entry: dict[str, Any], message: str) -> int | None:
    """The line of the offending token or attribute when spaCy's message names it."""
    kind = next((k for k in ("token", "dependency", "phrase") if k in entry), None)
    found = _PATTERN_POSITION.search(message)
    if kind and found:
        position, attribute = int(found.group(1)), found.group(2)
        if kind == "dependency":
            return rule.line_of(section, index, kind, position, "RIGHT_ATTRS", attribute) or rule.line_of(
                section, index, kind, position
            )
        return rule.line_of(section, index, kind, position, attribute) or rule.line_of(
            section, index, kind, position
        )
    return rule.line_of(section, index)


LABEL_KEYS: tuple[str, ...] = ("DEP", "POS", "TAG")
"""Token attributes from the parse with few values: a pattern needing an absent one cannot match."""


def label_needs(entry: dict[str, Any]) -> tuple[tuple[int, frozenset[str]], ...]:
    """The parse labels a token or dependency pattern cannot match without (see `_Unit.fits`)."""
    if "token" in entry:
        elements = [e for e in entry["token"] if not optional(e.get("OP"))]
    elif "dependency" in entry:
        elements = [node["RIGHT_ATTRS"] for node in entry["dependency"]]
    else:
        return ()
    needs: set[tuple[int, frozenset[str]]] = set()
    for attrs in elements:
        for position, key in enumerate(LABEL_KEYS):
            value = attrs.get(key)
            if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
                value = value["IN"]
            if isinstance(value, str):
                needs.add((position, frozenset({value})))
            elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                needs.add((position, frozenset(value)))
    return tuple(sorted(needs, key=lambda need: len(need[1])))


def doc_labels(doc: Doc) -> tuple[set[str], ...]:
    """The values each of `LABEL_KEYS` takes somewhere in ``doc``.

    Read as one array: going token by token builds a Python object per token.
    """
    strings = doc.vocab.strings
    columns = doc.to_array(list(LABEL_KEYS)).reshape(len(doc), len(LABEL_KEYS)).T.tolist()
    return tuple({strings[value] for value in set(column)} for column in columns)


Exclusion = tuple[int, str, frozenset[str]]
"""(node position, Token attribute, values the token must not have)."""

EXCLUDABLE: dict[str, str] = {
    "LOWER": "lower_",
    "LEMMA": "lemma_",
    "ORTH": "text",
    "TEXT": "text",
    "NORM": "norm_",
    "DEP": "dep_",
    "POS": "pos_",
    "TAG": "tag_",
}
"""Matcher attributes whose NOT_IN is a plain string test on one Token attribute."""


def defer_exclusions(pattern: list[dict[str, Any]]) -> tuple[Exclusion, ...]:
    """Take NOT_IN lists out of dependency nodes that keep another test; return them.

    spaCy tests a Python predicate such as ``{"LEMMA": {"NOT_IN": [...]}}`` on every token of
    every sentence, before it looks at the node's cheap tests (``POS: VERB``), and does it
    again in each pattern's matcher: that was a third of the time spent matching. A node is
    one token, so testing the list on the tokens of each match instead keeps exactly the
    same matches. A node left with no other test keeps its list (it would match anything).
    """
    deferred: list[Exclusion] = []
    for position, node in enumerate(pattern):
        attrs = node["RIGHT_ATTRS"]
        if "OP" in attrs:
            continue  # an optional node need not be one token
        for key, spec in list(attrs.items()):
            if key not in EXCLUDABLE or not isinstance(spec, dict) or "NOT_IN" not in spec:
                continue
            values = spec["NOT_IN"]
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                continue
            rest = {k: v for k, v in spec.items() if k != "NOT_IN"}
            if not rest and len(attrs) == 1:
                continue
            if rest:
                attrs[key] = rest
            else:
                del attrs[key]
            deferred.append((position, EXCLUDABLE[key], frozenset(values)))
    return tuple(deferred)


@dataclass(slots=True)
class _Unit:
    """One pattern, exception or requirement, with the words it cannot match without.

    Its spaCy matcher is built on first use: a page meets a handful of the catalogue's
    patterns, and building all of them costs a cold run several tenths of a second.
    """

    key: str
    rule_id: str
    role: str
    kind: str
    anchors: tuple[frozenset[str], ...]
    build: Callable[[], tuple[Any, list[Any], tuple[Exclusion, ...]]]
    labels: tuple[tuple[int, frozenset[str]], ...] = ()
    """(position in `LABEL_KEYS`, values one of which some token must carry) per element."""
    build_lexical: Callable[[], Any] | None = None
    """For a token pattern: its `yeslint.lexical` projection, a matcher for unparsed docs."""
    matcher: Any = None
    names: list[Any] = field(default_factory=list)
    exclusions: tuple[Exclusion, ...] = ()
    """NOT_IN tests taken out of a dependency pattern's nodes, checked on its matches instead."""
    lexical: Any = None
    """The projection's matcher, built on first use like `matcher`."""

    def ready(self, words: frozenset[str] | None) -> bool:
        return words is None or all(not options.isdisjoint(words) for options in self.anchors)

    def fits(self, labels: tuple[set[str], ...] | None) -> bool:
        """Whether the parse has every label the pattern needs: a cheap test before a matcher."""
        return labels is None or all(not values.isdisjoint(labels[i]) for i, values in self.labels)

    def could_match(self, doc: Doc) -> bool:
        """Whether the pattern could match ``doc``, tokenised but not yet parsed.

        Phrases compare lower-case text, so their own matcher answers exactly. A dependency
        pattern is all relations between tokens, which only the parse has: the most the
        tokenizer can tell is that its words are there, which `ready` already checked.
        """
        if self.kind == "phrase":
            return bool(self.compiled()(doc))
        if self.build_lexical is None:
            return True
        if self.lexical is None:
            self.lexical = self.build_lexical()
        return bool(self.lexical(doc))

    def compiled(self) -> Any:
        if self.matcher is None:
            self.matcher, self.names, self.exclusions = self.build()
        return self.matcher

    def excluded(self, doc: Doc, token_ids: list[int]) -> bool:
        """Whether a dependency match fails one of the NOT_IN tests deferred to this point."""
        return any(
            getattr(doc[token_ids[node]], attribute) in values for node, attribute, values in self.exclusions
        )


def _trimmed_end(sent: Span) -> int:
    """Leave trailing white-space tokens ("No refunds.  Thanks") out of the sentence."""
    end = sent.end
    while end > sent.start + 1 and sent.doc[end - 1].is_space:
        end -= 1
    return end


KEEP_TOKENS = frozenset(
    """tok2vec tagger morphologizer parser senter sentencizer attribute_ruler lemmatizer
    trainable_lemmatizer ner entity_ruler span_ruler spancat textcat textcat_multilabel""".split()
)
"""spaCy's stock components that annotate tokens without merging or splitting them. A model
with any other component (``merge_entities``, a team's own) may re-tokenise, and then the
tokenizer's doc is not the one the patterns will see: the gate before the parser stays off."""


class CompiledRules:
    """The rule set turned into matchers for one pipeline's vocabulary.

    Each pattern gets its own matcher and runs only on sentences holding its anchor words
    (the words the prefilter derives), and exceptions run only for rules that matched: a
    sentence pays for the few patterns that could apply, not for the whole catalogue.
    """

    def __init__(self, ruleset: RuleSet, nlp: Language) -> None:
        from spacy.matcher import PhraseMatcher

        self.ruleset = ruleset
        self.nlp = nlp
        self.gate = True
        """Run a pattern only where its anchor words are; off, every pattern runs (for tests)."""
        self.same_tokens = set(nlp.pipe_names) <= KEEP_TOKENS
        """Whether the parse keeps the tokenizer's tokens, as the gate before the parser needs."""
        self.defer = True
        """Check dependency nodes' NOT_IN lists on matches only (see `defer_exclusions`); set
        before the first match, as matchers are built once (off for tests)."""
        self.by_id = {rule.id: rule for rule in ruleset.rules}
        self.entries: dict[str, dict[str, Any]] = {}
        self.patterns: list[_Unit] = []
        self.side_units: dict[str, list[_Unit]] = defaultdict(list)
        self.checks: list[tuple[Rule, str, dict[str, Any]]] = []
        self.lexicon_words: dict[str, frozenset[str]] = {}
        self.lexicon_phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._lexicon_terms = {name: frozenset(lex.terms) for name, lex in ruleset.lexicons.items()}
        self.item_reach = frozenset(name for name, lex in ruleset.lexicons.items() if lex.reach == "item")
        self.lexicon_goods = {name: lex.goods for name, lex in ruleset.lexicons.items() if lex.goods}
        self._add_lexicons(nlp, ruleset.lexicons)
        supply = self.lexicon_words.get(SUPPLY_VERBS, frozenset())
        self.supply_forms = frozenset(supply).union(*(lemma_forms(word) for word in supply))
        """Every form of the supply verbs: a participle tagged as an adjective is its own lemma
        ("are not refunded")."""
        for rule in ruleset.rules:
            for role, entries in (("p", rule.patterns), ("x", rule.exceptions), ("r", rule.requires)):
                for index, entry in enumerate(entries):
                    self._add(nlp, rule, role, index, entry)
        self._always = [i for i, unit in enumerate(self.patterns) if not unit.anchors]
        self._by_word: dict[str, list[int]] = defaultdict(list)
        """Word -> patterns whose first (rarest) anchor set holds it: a sentence visits only those."""
        for i, unit in enumerate(self.patterns):
            for word in unit.anchors[0] if unit.anchors else ():
                self._by_word[word].append(i)

    def _add_lexicons(self, nlp: Language, lexicons: dict[str, Lexicon]) -> None:
        """One-token terms are compared as words; the rest ("walk-ins", "no problem") as phrases.

        A plain ASCII word is one token unless the tokenizer lists it as an exception ("id"
        is "i" + "d"), so only the other terms are tokenised: most of a cold start's cost here.
        """
        exceptions = nlp.tokenizer.rules or {}
        for lexicon in lexicons.values():
            plain = {t for t in lexicon.terms if t.isascii() and t.isalpha() and t not in exceptions}
            docs = {term: nlp.make_doc(term) for term in lexicon.terms if term not in plain}
            self.lexicon_words[lexicon.name] = frozenset(plain | {t for t, d in docs.items() if len(d) == 1})
            phrases = [d for d in docs.values() if len(d) > 1]
            if phrases:
                self.lexicon_phrases.add(lexicon.name, phrases)

    def _expand(self, value: Any) -> Any:
        """Replace ``$lexicon`` references with the lexicon's words, and REGEX with RE2 checks."""
        if (name := lexicon_name(value)) is not None:
            return sorted(self.lexicon_words[name])
        if isinstance(value, dict):
            value = replace_regexes(value) if any(k in TOKEN_ATTRIBUTES for k in value) else value
            return {k: self._expand(v) for k, v in value.items()}
        if isinstance(value, list):  # a list may name word lists beside words: [$customer-party, who]
            expanded = (self._expand(v) if lexicon_name(v) else [self._expand(v)] for v in value)
            return [item for items in expanded for item in items]
        return value

    def _add(self, nlp: Language, rule: Rule, role: str, index: int, entry: dict[str, Any]) -> None:
        key = f"{rule.id}|{role}|{index}"
        self.entries[key] = entry
        kind = next((k for k in ("token", "dependency", "phrase") if k in entry), None)
        if kind is None:
            if "check" in entry:
                if entry["check"] not in CHECKS:
                    known = ", ".join(sorted(CHECKS))
                    raise self._compile_error(
                        rule, role, index, entry, f"unknown check {entry['check']!r} (known: {known})"
                    )
                self.checks.append((rule, key, entry))
            return  # else a lexicon exception or requirement: checked on the tokens directly
        anchors = tuple(anchor_sets(entry, self._lexicon_terms))

        def build() -> tuple[Any, list[Any], tuple[Exclusion, ...]]:
            try:
                return self._matcher(nlp, key, kind, entry)
            except (ValueError, KeyError, TypeError) as exc:
                raise self._compile_error(rule, role, index, entry, str(exc)) from None

        lexical = functools.partial(self._lexical_matcher, nlp, key, entry) if kind == "token" else None
        unit = _Unit(key, rule.id, role, kind, anchors, build, label_needs(entry), lexical)
        if rule.pack != BUILTIN_PACK:
            unit.compiled()  # a team's pack is checked up front: its errors come before any output
        if role == "p":
            self.patterns.append(unit)
        else:
            self.side_units[rule.id].append(unit)

    def _matcher(
        self, nlp: Language, key: str, kind: str, entry: dict[str, Any]
    ) -> tuple[Any, list[Any], tuple[Exclusion, ...]]:
        from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher

        if kind == "token":
            pattern, names = self._token_pattern(entry)
            matcher: Any = Matcher(nlp.vocab, validate=True)
            matcher.add(key, [pattern])
            return matcher, names, ()
        if kind == "dependency":
            pattern = self._expand(copy.deepcopy(entry["dependency"]))
            exclusions = defer_exclusions(pattern) if self.defer else ()
            matcher = DependencyMatcher(nlp.vocab, validate=True)
            matcher.add(key, [pattern])
            return matcher, [n["RIGHT_ID"] for n in pattern], exclusions
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        matcher.add(key, [nlp.make_doc(p) for p in entry["phrase"]])
        return matcher, [], ()

    def _token_pattern(self, entry: dict[str, Any]) -> tuple[list[dict[str, Any]], list[Any]]:
        """The entry's token pattern as spaCy takes it, and each element's capture name."""
        pattern = self._expand(copy.deepcopy(entry["token"]))
        return pattern, [spec.pop("capture", None) for spec in pattern]

    def _lexical_matcher(self, nlp: Language, key: str, entry: dict[str, Any]) -> Any:
        from spacy.matcher import Matcher

        pattern, _ = self._token_pattern(entry)
        matcher = Matcher(nlp.vocab)
        matcher.add(key, [lexical_pattern(pattern)])
        return matcher

    @staticmethod
    def _compile_error(rule: Rule, role: str, index: int, entry: dict[str, Any], error: str) -> YeslintError:
        section = {"p": "patterns", "x": "exceptions", "r": "requires"}[role]
        message = " ".join(error.split())
        return YeslintError(
            f"{section}[{index}] does not compile: {message[:300]}",
            rule.path,
            _error_line(rule, section, index, entry, message),
        )

    def _run(self, unit: _Unit, doc: Doc) -> Iterator[tuple[str, int, int, dict[str, tuple[int, int]]]]:
        """Yield (key, start, end, captures) for each hit of one unit."""
        matcher = unit.compiled()
        if unit.kind == "token":
            for _, start, end, alignment in matcher(doc, with_alignments=True):
                captures: dict[str, tuple[int, int]] = {}
                for token_i, pattern_i in zip(range(start, end), alignment, strict=True):
                    if (name := unit.names[pattern_i]) is not None:
                        s, e = captures.get(name, (token_i, token_i + 1))
                        captures[name] = (min(s, token_i), max(e, token_i + 1))
                yield unit.key, start, end, captures
        elif unit.kind == "dependency":
            for _, token_ids in matcher(doc):
                if unit.exclusions and unit.excluded(doc, token_ids):
                    continue
                captures = {name: (i, i + 1) for name, i in zip(unit.names, token_ids, strict=True)}
                yield unit.key, min(token_ids), max(token_ids) + 1, captures
        else:
            for _, start, end in matcher(doc):
                yield unit.key, start, end, {}

    def _raw_matches(
        self, doc: Doc, text: str, sentences: list[Span]
    ) -> Iterator[tuple[str, int, int, dict[str, tuple[int, int]]]]:
        """Pattern and check hits first; then exceptions and requirements of the rules that hit."""
        words = surface_words(text) if self.gate else None
        labels = doc_labels(doc) if self.gate else None
        hit_rules: set[str] = set()
        for unit in self._units_for(words):
            if unit.ready(words) and unit.fits(labels):
                for hit in self._run(unit, doc):
                    hit_rules.add(unit.rule_id)
                    yield hit
        for sent in sentences:
            for hit in self._check_hits(sent, text[sent.start_char : sent.end_char]):
                hit_rules.add(hit[0].split("|", 1)[0])
                yield hit
        for rule_id in hit_rules:  # few rules hit a sentence: their exceptions always run
            for unit in self.side_units.get(rule_id, ()):
                if unit.fits(labels):
                    yield from self._run(unit, doc)

    def worth_parsing(self, doc: Doc, text: str) -> bool:
        """Whether ``doc``, tokenised only, could give a candidate once parsed.

        The prefilter let it through on its words; here token patterns also need them in
        their order (see `yeslint.lexical`). A sentence the checks could read is parsed.
        """
        if not (self.gate and self.same_tokens):
            return True
        words = surface_words(text)
        if self.checks and might_shout(text, words):
            return True
        return any(unit.ready(words) and unit.could_match(doc) for unit in self._units_for(words))

    def candidates_for(self, texts: list[str], n_process: int = 1) -> Iterator[Iterator[Candidate]]:
        """Each text's candidates, in order; only texts `worth_parsing` reach the parser.

        One ``nlp.pipe`` streams the docs that pass: each text is tokenised and gated as the
        parser asks for more, so a huge file never holds all its docs at once, and worker
        processes (``n_process``) start once.
        """
        from yeslint.nlp import PIPE_BATCH

        decided: deque[tuple[str, bool]] = deque()

        def passing() -> Iterator[Doc]:
            for text in texts:
                doc = self.nlp.make_doc(text)
                keep = self.worth_parsing(doc, text)
                decided.append((text, keep))  # before the doc: its parse comes back after
                if keep:
                    yield doc

        for doc in self.nlp.pipe(passing(), batch_size=PIPE_BATCH, n_process=n_process):
            text, keep = decided.popleft()
            while not keep:
                yield iter(())
                text, keep = decided.popleft()
            yield self.candidates(doc, text)
        for _ in decided:  # what follows the last parsed text was all gated out
            yield iter(())

    def _units_for(self, words: frozenset[str] | None) -> list[_Unit]:
        """The patterns whose rarest anchor occurs in ``words``, in catalogue order."""
        if words is None:
            return self.patterns
        chosen = set(self._always)
        for word in words:
            chosen.update(self._by_word.get(word, ()))
        return [self.patterns[i] for i in sorted(chosen)]

    def _check_hits(
        self, sentence: Span, text: str
    ) -> Iterator[tuple[str, int, int, dict[str, tuple[int, int]]]]:
        if self.gate and not might_shout(text, surface_words(text)):
            return  # every check needs a word that barks in capitals or before "!!" (see might_shout)
        for _rule, key, entry in self.checks:
            for start, end in CHECKS[entry["check"]](sentence):
                yield key, start, end, {}

    def _lexicon_hit(
        self,
        name: str,
        tokens: Span,
        phrase_hits: dict[str, list[tuple[int, int]]],
        products: frozenset[str] = frozenset(),
        own: tuple[int, int] | None = None,
        items: bool = False,
        ignoring: str | None = None,
    ) -> bool:
        """``products``: head nouns whose one-word modifiers do not count (see `SOLD_THINGS`).
        ``items``: the match names a banned thing, so a reason in another "no" item of the
        sentence does not count for it (lexicons with ``reach: item``, see `_another_item`).
        ``own``: the (start, end) of the rule's match, whose own progressive verb does not count
        (see `_progressive`). ``ignoring``: a lexicon whose words and phrases do not count."""
        words = self.lexicon_words.get(name, frozenset())
        homonyms = self.lexicon_words.get(HOMONYMS, frozenset())
        item = items and name in self.item_reach
        absences = self.lexicon_words.get(ABSENCES, frozenset())
        traded = self.lexicon_words.get(TRADE_VERBS, frozenset())
        skipped = self._covered(ignoring, tokens, phrase_hits)
        goods = self.lexicon_goods.get(name, frozenset())
        supply = self.supply_forms

        def gives_reason(t: Token, term: str) -> bool:
            """The word (or a phrase's root) stands as a reason, not as goods, an excuse, a
            carve-out or another item of the sign."""
            return not (
                (term in goods and own is not None and _refused_goods(t, own, supply))
                or _describes(t, products)
                or _absence_cause(t, absences)
                or _traded(t, traded)
                or _carved_out(t)
                or _overridden_by_law(t)
                or (item and _another_item(t, own))
                or _excused(t)
            )

        phrases = [(s, e) for s, e in phrase_hits.get(name, ()) if s >= tokens.start and e <= tokens.end]
        for s, e in phrases:  # the words of refused goods ("flu" of "flu jabs") are goods too
            if (
                goods
                and tokens.doc[s:e].text.lower() in goods
                and not gives_reason(tokens.doc[s:e].root, tokens.doc[s:e].text.lower())
            ):
                skipped.update(range(s, e))
        for t in tokens:
            if t.i in skipped:
                continue
            if t.lower_ in words:
                term = t.lower_
            elif t.lemma_.lower() in words and t.lower_ not in homonyms:
                term = t.lemma_.lower()
            else:
                continue
            if gives_reason(t, term):
                if own is not None and own[0] <= t.i < own[1] and _progressive(t):
                    continue
                return True
        return any(
            not set(range(s, e)) <= skipped
            and not _describes(tokens.doc[e - 1], products)  # "for your security deposit"
            and gives_reason(tokens.doc[s:e].root, tokens.doc[s:e].text.lower())
            for s, e in phrases
        )

    def _covered(
        self, name: str | None, tokens: Span, phrase_hits: dict[str, list[tuple[int, int]]]
    ) -> set[int]:
        """Indices of ``tokens`` that are a word of lexicon ``name`` or inside one of its phrases."""
        if name is None:
            return set()
        words = self.lexicon_words.get(name, frozenset())
        covered = {t.i for t in tokens if t.lower_ in words}
        for s, e in phrase_hits.get(name, ()):
            covered.update(range(s, e))
        return covered

    def candidates(self, doc: Doc, text: str | None = None) -> Iterator[Candidate]:
        """Yield every rule hit that no exception of that rule vetoes, sentence by sentence.

        ``text`` is the text ``doc`` was made from, if the caller has it: spaCy rebuilds
        ``doc.text`` from every token each time it is asked.
        """
        text = doc.text if text is None else text
        sentence_of = {}
        sentences = list(doc.sents)
        for s_index, sent in enumerate(sentences):
            for i in range(sent.start, sent.end):
                sentence_of[i] = s_index
        hits: dict[int, list[tuple[str, int, int, dict[str, tuple[int, int]]]]] = defaultdict(list)
        for hit in self._raw_matches(doc, text, sentences):
            _, start, end, _ = hit
            if sentence_of[start] == sentence_of[end - 1]:
                hits[sentence_of[start]].append(hit)
        if not hits:
            return  # most parsed sentences hold a trigger word but match nothing
        lexicon_phrases: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for match_id, start, end in self.lexicon_phrases(doc):
            lexicon_phrases[doc.vocab.strings[match_id]].append((start, end))
        for s_index, sent_hits in sorted(hits.items()):
            yield from self._sentence_candidates(doc, sentences[s_index], sent_hits, lexicon_phrases)

    def _sentence_candidates(
        self,
        doc: Doc,
        sent: Span,
        sent_hits: list[tuple[str, int, int, dict[str, tuple[int, int]]]],
        lexicon_phrases: dict[str, list[tuple[int, int]]],
    ) -> Iterator[Candidate]:
        asks = _asks(sent)
        vetoes: dict[str, list[tuple[int, int, dict[str, Any]]]] = defaultdict(list)
        required: set[str] = set()
        found: dict[str, list[tuple[int, int, dict[str, tuple[int, int]]]]] = defaultdict(list)
        for key, start, end, captures in sent_hits:
            rule_id, role, _ = key.split("|")
            if role == "x":
                vetoes[rule_id].append((start, end, self.entries[key]))
            elif role == "r":
                required.add(rule_id)
            else:
                found[rule_id].append((start, end, captures))
        for rule_id, matches in found.items():
            rule = self.by_id[rule_id]
            if asks and rule.family != "shouting":
                continue
            # the longest match that no exception vetoes speaks for the rule in this sentence;
            # ties go to the earliest ("No glass, no re-entry": the glass is safety, not the rest)
            ranked = sorted(matches, key=lambda m: (m[0] - m[1], m[0]))
            spoken = next(
                (m for m in ranked if not self._vetoed(rule, sent, *m, vetoes[rule_id], lexicon_phrases)),
                None,
            )
            if spoken is None:
                continue
            start, end, captures = spoken
            if rule.requires and not (
                rule_id in required or self._lexicon_required(rule, sent, lexicon_phrases)
            ):
                continue
            yield Candidate(
                rule=rule,
                sentence=_chunk(doc, sent.start, _trimmed_end(sent), sent.start),
                match=_chunk(doc, start, end, sent.start),
                captures={n: _chunk(doc, s, e, sent.start) for n, (s, e) in captures.items()},
            )

    def _lexicon_required(
        self, rule: Rule, sent: Span, lexicon_phrases: dict[str, list[tuple[int, int]]]
    ) -> bool:
        """``requires: [{lexicon: NAME}]``: some word of the list must be in the sentence."""
        return any(
            self._lexicon_hit(entry["lexicon"], sent, lexicon_phrases)
            for entry in rule.requires
            if "lexicon" in entry
        )

    def _vetoed(
        self,
        rule: Rule,
        sent: Span,
        start: int,
        end: int,
        captures: dict[str, tuple[int, int]],
        vetoes: list[tuple[int, int, dict[str, Any]]],
        lexicon_phrases: dict[str, list[tuple[int, int]]],
    ) -> bool:
        for v_start, v_end, entry in vetoes:
            if entry.get("scope") != "match" or (v_start < end and start < v_end):
                return True
        sold = self.lexicon_words.get(SOLD_THINGS, frozenset())
        items = rule.family in ITEM_FAMILIES
        for entry in rule.exceptions:
            if "lexicon" not in entry:
                continue
            region = sent
            if "capture" in entry:
                if entry["capture"] not in captures:
                    continue
                c_start, c_end = captures[entry["capture"]]
                region = sent.doc[c_start:c_end]
            elif entry.get("scope") == "match":
                region = sent.doc[start:end]
            products = frozenset() if "capture" in entry else sold
            own, ignoring = (start, end), entry.get("ignoring")
            if self._lexicon_hit(entry["lexicon"], region, lexicon_phrases, products, own, items, ignoring):
                return True
        return False


_TAG_LENGTH = 2
"""Words after the last comma that make a question a tag on a statement ("..., OK?", "...,
got it?", "..., understood?")."""


def _asks(sent: Span) -> bool:
    """A question is never the boundary: it is the customer's voice in an FAQ ("Can I bring my
    dog?") or a hook before an offer ("Not staying with us? Day guests are welcome"). The
    answer, a sentence of its own, carries the rule. Shouting is shouting either way.

    Only a sentence that ends in its question mark asks; one quoted or in brackets inside a
    statement does not ("Deposits are non-refundable (why? see our FAQ)."), and nor does a
    tag that demands assent ("No refunds, no exceptions, got it?").
    """
    if sent.text.count("(") > sent.text.count(")"):
        return False  # the sentence ends inside brackets: "non-refundable (why?"
    words = [t for t in sent if not (t.is_space or t.is_quote or t.is_bracket)]
    while words and words[-1].text == "!":
        words.pop()  # "Not staying overnight?!"
    if not words or not ("?" in words[-1].text or "？" in words[-1].text):  # "?", "??", "?!"
        return False
    commas = [k for k, t in enumerate(words) if t.text == ","]
    return not commas or len(words) - 2 - commas[-1] > _TAG_LENGTH


HOMONYMS = "homonyms"
"""Lexicon of word forms whose lemma is a reason word but which name something else:
"glasses" (spectacles) is lemmatised to "glass", a safety word; such a form counts for a
lexicon only when the lexicon lists the form itself."""

TRADE_VERBS = "trade_verbs"
"""Lexicon of verbs of trading a purchase back or over: the goods they are done to are no
reason for a "no" ("Harnesses cannot be returned once worn"; see `_traded`)."""

SUPPLY_VERBS = "supply_verbs"
"""Lexicon of verbs of handing goods over or taking them in: a lexicon's `goods` they refuse
are no reason (see `_refused_goods`)."""

ABSENCES = "absences"
"""Lexicon of words for the customer missing or calling off a booking: a reason word in a
phrase hung on one of them ("lessons missed through illness") tells why the customer was
away, not why the business says no."""

SOLD_THINGS = "sold-things"
"""Lexicon of things sold by the unit: "swim sessions" and "sick days" name a product, so the
safety or health word in them gives no reason for a "no" and must not veto the sentence."""


def _describes(token: Token, products: frozenset[str]) -> bool:
    """True when ``token`` is only a modifier of a product noun ("swim" in "swim sessions")."""
    head = token.head
    if token.dep_ in ("amod", "compound") and head.i != token.i and head.lower_ in products:
        return True
    return _gerund_of_product(token, products)


def _gerund_of_product(token: Token, products: frozenset[str]) -> bool:
    """True when the parser read a modifier as a gerund taking the product as its object:
    "to sparring sessions", "join swimming lessons" (the "-ing" word names the product)."""
    if token.tag_ != "VBG" or token.i + 1 >= len(token.doc):
        return False
    product = token.doc[token.i + 1]
    return product.head.i == token.i and product.dep_ == "dobj" and product.lower_ in products


_PHRASE_LINKS = frozenset({"pobj", "pcomp", "conj", "prep", "amod", "compound"})
"""Dependencies that keep a word inside one prepositional phrase on the way to its head."""


def _absence_cause(token: Token, absences: frozenset[str]) -> bool:
    """True when ``token`` sits in a phrase hung on an absence ("missed due to illness").

    A word of a separate clause ("cancelled because you are ill") or of the main verb's own
    arguments is left to count as a reason.
    """
    return _hung_on(token, lambda _prep, head: head.lemma_.lower() in absences)


def _traded(token: Token, trade_verbs: frozenset[str]) -> bool:
    """True when ``token`` names the goods a trade verb is done to ("Sparring sessions cannot
    be rescheduled", "we don't refund mouthguards"): stock, not a reason."""
    node = _noun_phrase_head(token)
    return node.dep_ in ("nsubjpass", "csubjpass", "dobj") and node.head.lemma_.lower() in trade_verbs


GOODS_PREPOSITIONS = frozenset({"for", "of"})
"""Prepositions that hang the goods on a refusal ("not accepted for flu jabs", "returns of
opened lenses"); "with", "without", "because of" and the like hang a condition or a reason."""

REFUSAL_WORDS = NEGATION_WORDS | {"unable", "cannot", "unavailable"}
"""Words that make a match a refusal (see `_refused_goods`)."""

_GOODS_LINKS = frozenset({"nsubj", "nsubjpass", "csubjpass", "dobj", "attr", "xcomp", "pobj", "prep"})
"""Links from the thing refused up to the refusal: its arguments, the verb a "not able to"
governs, and the prepositions of goods."""


_CLIMB = 4
"""Links from a word up to the verb it belongs to: a noun phrase with a preposition or two sits
a few links below it ("lenses" -> "of" -> "returns" -> "accepted")."""


def _refused_goods(token: Token, own: tuple[int, int], supply: frozenset[str]) -> bool:
    """True when ``token``'s noun phrase is what the rule's match refuses to hand over or take
    in: the subject or object of a supply verb ("Walk-in vaccinations are not available", "we
    are not able to hold prescriptions", "not accepted for flu jabs"). A business's wares are
    not its reason for refusing them.

    Only a refusal counts (a match with a negation in it): what a rule *requires*
    ("Vaccination records are required") is the measure itself, and what the customer may not
    do with a thing ("Contact lenses must not be worn") is not supply. Goods with a clause of
    their own ("prescriptions that have been altered") are refused for what the clause says,
    and goods kept from someone named ("not given to anyone taking steroids") for who that is.
    """
    doc = token.doc
    if not any(t.dep_ == "neg" or t.lower_ in REFUSAL_WORDS for t in doc[own[0] : own[1]]):
        return False
    node = _noun_phrase_head(token)
    if any(child.dep_ in ("acl", "relcl") for child in node.children):
        return False
    predicate = _governing_predicate(node)
    if predicate is None or not _supplies(predicate, supply):
        return False
    return _reaches(predicate, own)


def _governing_predicate(node: Token) -> Token | None:
    """The verb or adjective whose argument ``node`` is, through argument links and goods
    prepositions only; None when a preposition of reason or condition comes between."""
    for _ in range(_CLIMB):
        linked = node.dep_ in _GOODS_LINKS and node.head.i != node.i
        if not linked or (node.dep_ in ("pobj", "prep") and _preposition(node) not in GOODS_PREPOSITIONS):
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX", "ADJ"):
            return node
    return None


def _supplies(predicate: Token, supply: frozenset[str]) -> bool:
    """Whether ``predicate`` hands goods over or takes them in ("are not available" through its
    adjective), to no one in particular: a recipient other than the customer ("to children
    under 2") makes it a rule about who may have the goods."""
    heads = [predicate]
    if predicate.lemma_ == "be":
        heads += [child for child in predicate.children if child.dep_ in ("acomp", "attr")]
    if not any(head.lemma_.lower() in supply or head.lower_ in supply for head in heads):
        return False
    return not any(
        child.dep_ == "dative" or (child.dep_ == "prep" and child.lower_ == "to" and _names_someone(child))
        for head in heads
        for child in head.children
    )


def _names_someone(to: Token) -> bool:
    """Whether a "to" phrase names someone other than the customer addressed ("to anyone with a
    cold", not "to you")."""
    return any(
        obj.dep_ == "pobj" and obj.lower_ != "you" and obj.pos_ in ("PRON", "NOUN", "PROPN")
        for obj in to.children
    )


def _reaches(predicate: Token, own: tuple[int, int]) -> bool:
    """Whether the supply verb is the rule's match or what the match governs ("not able" ->
    "to hold")."""
    node = predicate
    for _ in range(_CLIMB):
        if own[0] <= node.i < own[1]:
            return True
        if node.dep_ not in ("xcomp", "ccomp", "conj") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _preposition(node: Token) -> str:
    """The preposition of a prepositional link: the node itself, or the head of its object."""
    return (node if node.dep_ == "prep" else node.head).lower_


def _noun_phrase_head(token: Token) -> Token:
    """The noun a modifier belongs to ("sparring" -> "sessions", "glass" -> "bottles")."""
    node = token
    for _ in range(3):
        if node.dep_ not in _ITEM_LINKS or node.head.i == node.i:
            break
        node = node.head
    return node


def _hung_on(token: Token, test: Callable[[Token, Token], bool]) -> bool:
    """Whether a preposition on ``token``'s way up its own phrase passes ``test(prep, head)``.

    Climbs a few heads, and only along links that stay inside one prepositional phrase.
    """
    node = token
    for _ in range(4):
        head = node.head
        if head.i == node.i or node.dep_ not in _PHRASE_LINKS:
            return False
        if node.dep_ == "prep" and test(node, head):
            return True
        node = head
    return False


CARVE_OUTS = frozenset({"except", "excepting", "excluding", "besides", "apart", "exception"})
"""Words that hang an exception on a rule: what they govern is let through, not a reason."""


def _carved_out(token: Token) -> bool:
    """True when ``token`` sits in the exception a rule makes ("except for assistance dogs",
    "with the exception of guide dogs", "apart from service animals").

    The word names who is let through despite the "no", so it gives no reason for the "no"
    itself: "Pets are not allowed, except assistance dogs" bans pets for convenience.
    """
    head = _noun_phrase_head(token)
    if head.dep_ == "pobj" and head.lemma_.lower() in _REASON_NOUNS:
        return False  # "except with an adult, for safety reasons": the reason, wherever it hangs
    return _hung_on(token, _opens_carve_out)


_FRONTED_ADDITIONS = frozenset({"besides", "apart"})
"""Carve-out words that mean "in addition to" at the front ("Besides the fire risk, ...")."""


def _opens_carve_out(prep: Token, head: Token) -> bool:
    """The preposition, or the noun it hangs on ("with the exception of"), opens a carve-out."""
    for carve in (prep, head):
        if carve.lower_ in CARVE_OUTS:
            return carve.lower_ not in _FRONTED_ADDITIONS or carve.i > carve.head.i
    return False


ITEM_FAMILIES = frozenset({"prohibition"})
"""Families whose match names the thing banned, so that each "no" item of a list is a sign of
its own. A policy shield speaks for the whole list instead ("No smoking, no exceptions")."""
_ITEM_LINKS = frozenset({"compound", "amod", "nmod"})
"""Dependencies that keep a word inside the noun phrase of one item of a sign."""


def _another_item(token: Token, own: tuple[int, int] | None) -> bool:
    """True when ``token`` belongs to another "no" item of a list than the match ``own``.

    "No professional cameras, no glass, no re-entry" is three signs in one sentence: the
    safety of "no glass" is no reason for "no professional cameras".
    """
    if own is None:
        return False
    node = _noun_phrase_head(token)
    has_no = any(c.dep_ == "det" and c.lower_ == "no" for c in node.children)
    return has_no and not own[0] <= node.i < own[1]


OVERRIDES = frozenset({"unless", "except", "excepting", "save"})
"""Words that open the legal carve-out of a rule: "except where required by law"."""

OVERRIDE_VERBS = frozenset({"require", "permit", "oblige", "mandate"})


def _overridden_by_law(token: Token) -> bool:
    """True when ``token`` sits in a carve-out that lets the law override the rule ("No
    refunds, except where required by law", "Unless otherwise required by law, gift cards are
    non-refundable", "save where required by law").

    The law is named as what may lift the "no", so it gives no reason for the "no" itself.
    """
    node = token
    for _ in range(5):
        if (
            node.lemma_.lower() in OVERRIDE_VERBS
            and node.dep_ != "ROOT"  # the rule's own verb ("not permitted ..., except X") is no override
            and (
                node.head.lower_ in OVERRIDES
                or any(c.dep_ in ("mark", "advmod") and c.lower_ in OVERRIDES for c in node.children)
            )
        ):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _progressive(token: Token) -> bool:
    """True for a verb in the progressive ("are running three weeks behind").

    The safety word "running" is a reason for a "no" as an activity ("No running"); as the
    matched verb's own progressive it tells how the business is doing, and gives no reason.
    """
    return token.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in token.children)


EXCEPTION_WORDS = frozenset({"exception", "exceptions"})
"""Nouns for a case let through a rule; what an exception is refused "for" is an excuse."""

_REASON_NOUNS = frozenset({"reason", "ground", "purpose"})
"""Nouns that make a "for" phrase the business's reason ("for safety reasons")."""

_EXCUSE_MARKS = frozenset({"for", "including"})
"""Prepositions that hang the customer's excuse on a refused exception."""

_EXCUSE_LINKS = _PHRASE_LINKS | {"nmod", "pcomp", "acomp", "attr", "nsubj", "dobj"}
"""An excuse may be a modifier in a listing ("for illness or travel delays") or a clause of
its own ("including when a child is unwell")."""


def _excused(token: Token) -> bool:
    """True when ``token`` names the excuse a refused exception would be made for ("no
    exceptions are made for illness", "we can't make exceptions for flu", "applies without
    exception, including in cases of illness").

    The word is the customer's reason for asking, not the business's reason for the rule:
    "No exceptions for illness" shields a policy. A reason put before the rule ("For the
    safety of our patients, no exceptions are made") still counts.
    """
    node = token
    for _ in range(5):
        head = node.head
        if head.i == node.i or node.dep_ not in _EXCUSE_LINKS:
            return False
        if node.dep_ == "prep" and node.i > head.i:
            if any(c.dep_ == "pobj" and c.lemma_.lower() in _REASON_NOUNS for c in node.children):
                return False  # "no exceptions ... for safety reasons": the business's own reason
            if head.lower_ in EXCEPTION_WORDS and node.lower_ == "for":
                return True
            if node.lower_ in _EXCUSE_MARKS and _refuses_exception(head):
                return True
        node = head
    return False


def _refuses_exception(verb: Token) -> bool:
    """True when ``verb`` has an exception as its object ("make exceptions", "exceptions are
    made") or is told "without exception"."""
    for child in verb.children:
        if child.dep_ in ("nsubjpass", "dobj") and child.lower_ in EXCEPTION_WORDS:
            return True
        if (
            child.dep_ == "prep"
            and child.lower_ == "without"
            and any(g.dep_ == "pobj" and g.lower_ in EXCEPTION_WORDS for g in child.children)
        ):
            return True
    return False
