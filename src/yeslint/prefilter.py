"""Decide, without spaCy, which segments could match some rule: the rest is never parsed.

Each rule pattern needs certain words: a token pattern's required element with a lexical
attribute, or any node of a dependency pattern that has one, or a phrase. The union of
those words (lemmas expanded to every inflected form) is compiled once; a segment that
contains none of them cannot produce a finding, so it skips the parser. Findings are
therefore identical with and without the prefilter, by construction, as long as every
pattern has such an anchor; a pattern without one switches the prefilter off.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from yeslint.checks import REFUSALS, RESTRICTIONS
from yeslint.rulepack import RuleSet, lexicon_name
from yeslint.special_cases import SPECIAL_CASES

LEXICAL_KEYS: tuple[str, ...] = ("LOWER", "ORTH", "TEXT", "NORM", "LEMMA")
OPTIONAL_OPS = frozenset({"?", "*", "!"})
_MAY_BE_ZERO = re.compile(r"\{(?:0?,\d*|0)\}")
"""Quantifiers that allow no token at all: {0}, {0,3}, {,3}, {0,}."""


def optional(op: object) -> bool:
    """Whether an element with this OP may match no token, so the pattern cannot need its words."""
    return op in OPTIONAL_OPS or (isinstance(op, str) and _MAY_BE_ZERO.fullmatch(op) is not None)


_STACKED = re.compile(r"!(?:\S*|\s*)!")
"""Exclamation marks as the check counts them: two in one token ("!!!", "a!b!"), or "! !"."""
CHECK_TRIGGER = re.compile(rf"[A-Z]['’]?[A-Z]|{_STACKED.pattern}")
"""Every named check needs capitals or stacked exclamation marks (see `yeslint.checks`)..."""
CHECK_WORDS = REFUSALS | RESTRICTIONS
"""...and one of the words that bark a refusal or a limit, in any case."""

NEGATION_WORDS = frozenset(
    {
        "not",
        "n't",
        "nt",
        "never",
        "no",
        "nor",
        "neither",
        "nothing",
        "none",
        "nobody",
        "nowhere",
        "non",
        "without",
    }
)
DEP_ANCHORS: dict[str, frozenset[str]] = {"neg": NEGATION_WORDS}
"""Dependency labels that only a few words ever carry: the parser marks negation on these."""

_WORD = re.compile(r"[$€£¥%#&@+]|\w+(?:'\w+)*")
"""Words as spaCy splits them: currency and percent signs stand alone ("$20" is "$", "20").
Read from text whose curly apostrophes are already straight (see `surface_words`)."""
_DOTTED = re.compile(r"(?<![a-z])(?:[a-z]\.){2,}")
"""Abbreviations spaCy keeps whole that `_WORD` splits at the dots ("a.m.", "e.g.", the "a.m."
of "10a.m.")."""
_DROPPED_G = re.compile(r"\b\w+in'(?!\w)")
"""A dropped "g" the tokenizer keeps on its word ("doin'", "nothin'")."""
_HANGING = re.compile(r"\b\w+-(?![\w-])")
"""A prefix left hanging, kept whole with its hyphen ("non- refundable")."""
_JOINED_BY_SIGN = re.compile(r"[\w']+(?:[&$][\w']*)+")
"""Words joined by "&" or ending in "$" that spaCy keeps whole ("t&cs", "b&b", "us$")."""
_PUNCT_RUN = re.compile(r"[^\w\s]+")
_MARKUP = re.compile(r"<[^>]*>|\]\([^)\n]*\)|\]\[[^\]\n]*\]|[*_`~\\\[\]]")
"""Tags, link targets and the characters of Markdown emphasis, code, escapes and links: what
segmenting removes, so that removing it here glues the same words together ("re<b>fund</b>")."""
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
"""Where Markdown and plain text always end a paragraph (and so every sentence)."""
_LETTER_RUN = re.compile(r"[A-Za-z'’]+")
"""Runs of letters as a token's own letters stand in the text: hyphens and digits split them,
and the tokenizer may split off an apostrophe's suffix ("NO's" is "NO" + "'s")..."""
_LETTERS_ONLY = re.compile(r"[A-Za-z]+")
"""...so the runs without apostrophes are read too."""
_HYPHEN_OR_SPACE = re.compile(r"[-\s]+")
_PLAIN_WORD = re.compile(r"[^\W_]+")
"""A part that is a word of the text as it stands: letters and digits, nothing to split on."""
_NUMBER_THEN_LETTERS = re.compile(r"(\d[\d.,:]*)([a-z]+)")
"""A number glued to a unit or a clock's "am": the tokenizer splits many ("10am", "5km")."""
_CONTRACTIONS = {"ca": "can", "wo": "will", "sha": "shall"}
_NT_HEADS = frozenset(
    "do does did ca wo sha ai is are was were have has had should would could must need might".split()
)
"""spaCy splits "dont", "cant", "isnt" (no apostrophe) into the auxiliary and a negation "nt"."""


_IRREGULAR = """
arise:arose awake:awoke,awoken be:am,is,are,was,were,been,being,'s,'re,'m bear:bore,born,borne
become:became begin:began,begun bend:bent bid:bade,bidden bind:bound bite:bit,bitten bleed:bled
blow:blew break:broke,broken breed:bred bring:brought build:built burn:burnt buy:bought can:ca,could
catch:caught choose:chose,chosen cling:clung come:came creep:crept deal:dealt dig:dug dive:dove
do:does,did,done draw:drew dream:dreamt drink:drank,drunk drive:drove eat:ate fall:fell feed:fed
feel:felt fight:fought find:found fit:fittest flee:fled fling:flung fly:flew,flown
forbid:forbad,forbade,forbidden forget:forgot,forgotten forgive:forgave
forgo:foregoes,foregoing,foregone,forewent,forgone,forwent freeze:froze,frozen get:got,gotten
give:gave go:gone,went grind:ground grow:grew hang:hung have:has,had,having,'ve,'d hide:hid,hidden
hold:held keep:kept kneel:knelt know:knew lay:laid lead:led lean:leant leap:leapt learn:learnt
leave:left lend:lent lie:lay,lying light:lit lose:lost make:made may:might mean:meant meet:met
mislay:mislaid mislead:misled mistake:mistook not:n't,nt overcome:over-came,over-comes,over-coming,overcame
overdo:overdid,overdone overpay:over-paid,over-paying,over-pays,overpaid overrun:overran
oversee:oversaw overtake:over-taken,over-takes,over-taking,over-took,overtook overthrow:overthrew
pay:paid prepay:prepaid,pre-paid,pre-pays,pre-paying quit:quitted,quitting
rebuild:re-building,re-builds,re-built,rebuilt redo:re-did,re-does,re-doing,re-done,redid,redone
repay:repaid rethink:re-thinking,re-thinks,re-thought,rethought
rewrite:re-writes,re-writing,re-written,re-wrote,rewritten,rewrote ride:ridden,rode ring:rang,rung
rise:rose run:ran say:said see:saw seek:sought sell:sold resell:resold send:sent shake:shook shall:sha,should
shine:shone shoot:shot shrink:shrank,shrunk,shrunken sing:sang,sung sink:sank,sunk sit:sat
sleep:slept slide:slid sling:slung smell:smelt speak:spoke,spoken speed:sped spell:spelt spend:spent
spill:spilt spin:spun spit:spat spoil:spoilt spring:sprang,sprung staff:staves stand:stood
steal:stole,stolen stick:stuck sting:stung stink:stank,stunk strike:stricken,struck string:strung
strive:strove swear:swore,sworn sweep:swept swell:swollen swim:swam,swum swing:swung take:took
teach:taught tear:tore,torn tell:told think:thought throw:threw tread:trod,trodden
undergo:under-goes,under-going,under-gone,under-went,undergone,underwent understand:understood
undertake:under-taken,under-takes,under-taking,under-took,undertook undo:undid,undone
wake:woke,woken wear:wore,worn weave:wove,woven weep:wept wet:wettest will:wo,'ll win:won wind:wound
withdraw:withdrew withhold:withheld withstand:withstood wring:wrung write:written,wrote
"""
_IRREGULAR += """
bet:bet bid:bid broadcast:broadcast burst:burst cast:cast cost:cost cut:cut forecast:forecast
hit:hit hurt:hurt let:let put:put quit:quit read:read rid:rid set:set shed:shed shut:shut
split:split spread:spread thrust:thrust upset:upset
"""
"""Verbs whose past forms are the base form itself: a tagged element needs them listed."""

_IRREGULAR += """
i:me we:us he:him she:her they:them child:children person:people man:men woman:women
foot:feet tooth:teeth mouse:mice goose:geese lie:lain work:wrought swap:swop,swops,swopped,swopping
be:ai go:goin' do:doin' come:c'm ban:bani media:mediae
"""
"""Pronouns, nouns and spellings the pipeline's own tables and attribute ruler lemmatise."""


def _irregular_table(text: str) -> dict[str, tuple[str, ...]]:
    """Lemma -> forms; a lemma listed twice ("quit" with its -ing forms and as its own past)
    keeps the forms of both entries."""
    table: dict[str, list[str]] = {}
    for entry in text.split():
        lemma, _, forms = entry.partition(":")
        table.setdefault(lemma, []).extend(forms.split(","))
    return {lemma: tuple(dict.fromkeys(forms)) for lemma, forms in table.items()}


IRREGULAR_FORMS: dict[str, tuple[str, ...]] = _irregular_table(_IRREGULAR)
"""Forms no suffix rule reaches. A test checks this table against lemminflect for every
lemma the built-in rules name, so a rule with a new irregular lemma cannot slip past."""
_CONSONANT_END = re.compile(r"[^aeiou][aeiou]([bcdfgklmnprstvz])$")


@functools.cache
def _forms(lemma: str) -> frozenset[str]:
    """Every form spaCy could lemmatise to ``lemma``: a generous superset, cheap to build.

    Regular suffixes cover nouns, verbs and adjectives, and `IRREGULAR_FORMS` the rest.
    Extra forms that are not words cost nothing; a missing form would hide a finding.
    lemminflect would be exact, but importing it imports spaCy, which this module exists
    to avoid.
    """
    forms = {lemma, *IRREGULAR_FORMS.get(lemma, ())}
    for suffix in ("s", "es", "d", "ed", "ing", "er", "est", "r", "st", "n", "en"):
        forms.add(lemma + suffix)
    if lemma.endswith("e"):
        forms.update({lemma[:-1] + "ing", lemma[:-1] + "ed"})
    if lemma.endswith("y"):
        forms.update(lemma[:-1] + suffix for suffix in ("ies", "ied", "ier", "iest"))
    if lemma.endswith("f"):
        forms.add(lemma[:-1] + "ves")
    if (match := _CONSONANT_END.search(lemma)) is not None:
        double = lemma + match.group(1)
        forms.update({double + "ed", double + "ing", double + "er"})
    return frozenset(forms)


@dataclass(frozen=True, slots=True)
class Prefilter:
    """Each pattern is a conjunction of word sets: all its required elements must be there."""

    patterns: tuple[tuple[frozenset[str], ...], ...]
    words: frozenset[str]
    needs_checks: bool
    disabled: bool
    index: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Word -> patterns whose rarest word set holds it, so a piece checks few patterns."""

    def might_match(self, text: str) -> bool:
        if self.disabled:
            return True
        surface = _surface_words(text)  # most sentences fail here: not worth remembering
        present = self.words & surface
        patterns, index = self.patterns, self.index
        for word in present:
            for number in index.get(word, ()):
                for options in patterns[number][1:]:  # a loop, not all(): called per paragraph
                    if options.isdisjoint(present):
                        break
                else:
                    return True
        return self.needs_checks and might_shout(text, surface)

    def might_match_document(self, text: str, *, blank_lines_end_sentences: bool) -> bool:
        """Whether any segment of a document might match, without segmenting it.

        Segmenting only drops markup and decodes entities, so every word a segment holds is
        a word of the raw text, of the decoded text, or of either with its markup removed
        (glued words): one test on the four answers for all the sentences of a paragraph.
        Markdown and plain text never run a sentence over a blank line, so each paragraph is
        tested alone; in HTML the whole page is one test. A page with no trigger is then
        never segmented, and its format's parser never imported.
        """
        paragraphs = _BLANK_LINE.split(text) if blank_lines_end_sentences else [text]
        return any(self.might_match_markup(paragraph) for paragraph in paragraphs)

    def might_match_markup(self, text: str) -> bool:
        """Whether the prose segmenting would make of ``text`` (source with its markup) might
        match, as one test on the raw and decoded text, with and without the markup."""
        if self.disabled:
            return True
        variants = {text, _MARKUP.sub("", text)}
        if "&" in text:
            decoded = html.unescape(text)
            variants.update((decoded, _MARKUP.sub("", decoded)))
        return self.might_match("\n".join(variants))  # the words found do not depend on order


def _barks(surface: frozenset[str]) -> bool:
    """Whether any word barks a refusal or a limit (the checks' own test, word by word).

    Surface words never hold a hyphen ("non-refundable" is "non" and "refundable"), so the
    checks' "non-" prefix is covered by "non" itself.
    """
    return not surface.isdisjoint(CHECK_WORDS)


def might_shout(text: str, surface: frozenset[str]) -> bool:
    """Whether a named check could hear a raised voice in ``text`` (``surface``: its words).

    Each check needs a word that barks: written in capitals ("We do NOT refund", "NO
    REFUNDS"), or in any case before stacked exclamation marks ("No refunds!!"). Acronyms
    alone ("the GSA", "a PDF") are not enough, and they are in most pages of a web team.
    """
    if not CHECK_TRIGGER.search(text) or not _barks(surface):
        return False
    if _STACKED.search(text):
        return True
    runs = _LETTER_RUN.findall(text) + _LETTERS_ONLY.findall(text)  # "DON'T", and "NO" of "NO's"
    capitals = " ".join(run for run in runs if run.isupper())
    return bool(capitals) and _barks(_surface_words(capitals))


REMEMBERED_TEXT = 2_000
"""Texts up to this long (sentences) have their words remembered; longer ones are not held."""


def surface_words(text: str) -> frozenset[str]:
    """The lower-case words spaCy could see in ``text``, including the parts of contractions.

    Remembered for the few hundred sentences last asked about: the gate before the parser,
    the matchers and the checks each ask about a sentence soon after one another. The
    prefilter, which sees every sentence once, does not fill this memory.
    """
    return _sentence_words(text) if len(text) <= REMEMBERED_TEXT else _surface_words(text)


@functools.lru_cache(maxsize=512)
def _sentence_words(text: str) -> frozenset[str]:
    return _surface_words(text)


def _surface_words(text: str) -> frozenset[str]:
    """`surface_words`, computed afresh."""
    lowered = text.lower()
    if "’" in lowered:
        lowered = lowered.replace("’", "'")
    found = set(_WORD.findall(lowered))
    found.update(_DOTTED.findall(lowered))
    if "in'" in lowered:  # each rarer shape is looked for only when its mark is there
        found.update(_DROPPED_G.findall(lowered))
    if "- " in lowered or lowered.endswith("-"):
        found.update(_HANGING.findall(lowered))
    if "&" in lowered or "$" in lowered:
        found.update(_JOINED_BY_SIGN.findall(lowered))
    if "_" in lowered:  # "\w" holds "_", which spaCy may split off ("out_" is "out" + "_")
        found.update(part for word in list(found) if "_" in word for part in word.split("_") if part)
    for run in _PUNCT_RUN.findall(lowered):  # "?!" and "?" alike: patterns may anchor on either
        found.add(run)
        found.update(run)
    for parts in map(_contraction_parts, list(found)):
        if parts:
            found.update(parts)
    return frozenset(found)


@functools.lru_cache(maxsize=1 << 16)
def _contraction_parts(word: str) -> tuple[str, ...]:
    """What spaCy splits one word into: "don't", "dont" and "cannot" are two tokens each.

    Remembered per word: testing every word of every sentence afresh was most of the
    prefilter's time.
    """
    parts: list[str] = []
    if word.endswith("nt") and word[:-2] in _NT_HEADS:
        parts += (word[:-2], "nt", _CONTRACTIONS.get(word[:-2], word[:-2]))
    if "'" in word:
        head, _, tail = word.partition("'")
        parts += (head, "'" + tail)
        if tail == "t" and head.endswith("n"):  # can't -> ca + n't
            parts += (head[:-1], "n't", _CONTRACTIONS.get(head[:-1], head[:-1]))
    elif word.endswith("not") and len(word) > 3:  # cannot -> can + not
        parts += (word[:-3], "not")
    if (glued := _NUMBER_THEN_LETTERS.fullmatch(word)) is not None:  # 10am -> 10 + am
        parts += glued.groups()
    parts += SPECIAL_CASES.get(word, ())  # youll -> you + ll, by the tokenizer's own table
    return tuple(parts)


def allowed_words(spec: Any, lexicons: dict[str, frozenset[str]]) -> frozenset[str] | None:
    """The words one attribute value allows, or None when it is not lexical (REGEX, ...).

    A lone word list comes back as the list's own set, not a copy: most patterns name one,
    and `_anchor_words` remembers its answer by that set.
    """
    if isinstance(spec, str):
        if (name := lexicon_name(spec)) is not None:
            return lexicons[name]
        return frozenset({spec.lower()})
    if isinstance(spec, dict) and "IN" in spec and set(spec) <= {"IN", "NOT_IN"}:
        # NOT_IN only narrows what IN allows: IN's words are still all it could match
        items = spec["IN"] if isinstance(spec["IN"], list) else [spec["IN"]]
        if len(items) == 1:
            return allowed_words(items[0], lexicons)
        found: set[str] = set()
        for item in items:
            if isinstance(item, str) and lexicon_name(item) is None:
                found.add(item.lower())
            elif (more := allowed_words(item, lexicons)) is not None:
                found |= more
            else:
                return None
        return frozenset(found)
    return None


_TAG_SUFFIXES: dict[str, tuple[str, ...]] = {
    "VBN": ("ed", "d", "en", "n", "t"),
    "VBD": ("ed", "d", "t"),
    "VBG": ("ing",),
    "VBZ": ("s", "es"),
}
"""A lemma element pinned to one verb tag can only show up in these forms (plus irregulars)."""


@functools.cache
def _tagged_forms(lemma: str, tag: str) -> frozenset[str]:
    """The forms of ``lemma`` a token tagged ``tag`` could have: a subset of `_forms`.

    "Charged" must be in the text for ``{LEMMA: charge, TAG: VBN}``; the noun in "free of
    charge" is not enough. Spelling changes (e-drop, doubled consonant, y to i) are kept by
    taking the full form set and keeping the forms that end as the tag needs.
    """
    endings = _TAG_SUFFIXES[tag]
    forms = {f for f in _forms(lemma) if f != lemma and f.endswith(endings)}
    forms.update(IRREGULAR_FORMS.get(lemma, ()))
    if tag == "VBZ":
        forms.add(lemma[:-1] + "ies" if lemma.endswith("y") else lemma + "s")
    return frozenset(forms)


def lemma_forms(lemma: str, tag: str | None = None) -> frozenset[str]:
    """The surface forms a token with this lemma (and this verb tag, if any) could have."""
    return _tagged_forms(lemma, tag) if tag in _TAG_SUFFIXES else _forms(lemma)


def _element_words(attrs: dict[str, Any], lexicons: dict[str, frozenset[str]]) -> frozenset[str] | None:
    if isinstance(attrs.get("DEP"), str) and attrs["DEP"] in DEP_ANCHORS:
        return _anchor_words(DEP_ANCHORS[attrs["DEP"]], lemma=False, tag=None)
    for key in LEXICAL_KEYS:
        if key in attrs and (values := allowed_words(attrs[key], lexicons)) is not None:
            tag = attrs.get("TAG") if key == "LEMMA" else None
            tag = tag if isinstance(tag, str) and tag in _TAG_SUFFIXES else None
            return _anchor_words(values, lemma=key == "LEMMA", tag=tag)
    return None


@functools.cache
def _anchor_words(values: frozenset[str], *, lemma: bool, tag: str | None) -> frozenset[str]:
    """The surface words one element accepts, hyphen and space parts included.

    Remembered: dozens of patterns name the same word list, and expanding a list of a few
    hundred lemmas to every form and part was most of the time of building the prefilter.
    A value with a space inside ("by phone") keeps its parts: the stock tokenizer never
    makes such a token, but a pipeline's own special cases or merged spans can, and the
    prefilter does not know the pipeline.
    """
    if lemma:
        words = {form for value in values for form in (_tagged_forms(value, tag) if tag else _forms(value))}
    else:
        words = set(values)
    return frozenset(words | _hyphen_parts(word for word in words if not word.isalpha()))


def _hyphen_parts(words: Iterable[str]) -> set[str]:
    """The text's words for "non-refundable" are "non" and "refundable", never the whole.

    Any one part is enough to look for, since a text holding the word holds every part,
    and the rarest part lets the fewest sentences through: "walk" for "walk-in" (not "in",
    which is in every other sentence), "phone" for "by phone", "refundable" for
    "non-refundable". A word with a part the text could glue to its neighbours ("t&c")
    keeps all its parts.
    """
    parts: set[str] = set()
    for word in words:
        parts.update(_word_parts(word))
    return parts


@functools.cache
def _word_parts(word: str) -> tuple[str, ...]:
    parts = tuple(part for part in _HYPHEN_OR_SPACE.split(word) if part)
    if len(parts) < 2 or not all(_PLAIN_WORD.fullmatch(part) for part in parts):
        return parts
    return (min(parts, key=lambda part: (part in COMMON_WORDS, -len(part), part)),)


def anchor_sets(entry: dict[str, Any], lexicons: dict[str, frozenset[str]]) -> list[frozenset[str]]:
    """Word sets that must all be met (one word of each) for ``entry`` to match; [] if unknown."""
    if "phrase" in entry:
        return [frozenset(_hyphen_parts({p.lower().split()[0] for p in entry["phrase"]}))]
    if "token" in entry:
        elements = [e for e in entry["token"] if not optional(e.get("OP"))]
    elif "dependency" in entry:
        elements = [node["RIGHT_ATTRS"] for node in entry["dependency"]]
    else:
        return []
    sets = {words for words in (_element_words(e, lexicons) for e in elements) if words}
    return sorted(sets, key=_cost)


COMMON_WORDS = frozenset(
    """a an the to of in on at for by with from as and or but if is are was were be been being
    will would can could may might shall should must do does did have has had it its this that
    there these those i you we they he she our your their my me us them any some all not no
    time day days hour hours""".split()
)
"""Words in nearly every paragraph: a poor anchor, since they let everything through."""


def _cost(words: frozenset[str]) -> int:
    """Prefer anchors of rare words: each common word costs as much as a thousand rare ones."""
    return len(words) + 1000 * len(words & COMMON_WORDS)


def build_prefilter(ruleset: RuleSet) -> Prefilter:
    lexicons = {name: frozenset(lex.terms) for name, lex in ruleset.lexicons.items()}
    patterns: list[tuple[frozenset[str], ...]] = []
    needs_checks = False
    for rule in ruleset.rules:
        for entry in rule.patterns:
            if "check" in entry:
                needs_checks = True
                continue
            sets = anchor_sets(entry, lexicons)
            if not sets:
                return Prefilter((), frozenset(), needs_checks=True, disabled=True)
            patterns.append(tuple(sets))
    unique = tuple(dict.fromkeys(patterns))
    words = frozenset(word for sets in unique for options in sets for word in options)
    index: dict[str, list[int]] = {}
    for number, pattern in enumerate(unique):
        for word in pattern[0]:
            index.setdefault(word, []).append(number)
    frozen = {word: tuple(numbers) for word, numbers in index.items()}
    return Prefilter(unique, words, needs_checks, disabled=False, index=frozen)


def prefilter_for(ruleset: RuleSet, *, cached: bool = True) -> Prefilter:
    """The rule set's prefilter, built once and then kept in the user cache beside it.

    Expanding every word list to its inflected forms takes 0.035 s, a tenth of a run on
    one clean page; the built prefilter loads from the cache in a few milliseconds. A rule
    set without a fingerprint (built in memory, not loaded from files) is never cached.
    """
    if not cached or not ruleset.fingerprint:
        return build_prefilter(ruleset)
    from yeslint import cache

    key = "prefilter:" + ruleset.fingerprint
    if isinstance(stored := cache.get(key), Prefilter):
        return stored
    built = build_prefilter(ruleset)
    cache.put_many([(key, built)])
    return built
