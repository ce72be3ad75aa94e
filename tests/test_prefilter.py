"""The prefilter only skips text no rule could match: it must never hide a finding."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from yeslint.engine import Linter
from yeslint.load import load_text
from yeslint.prefilter import (
    NEGATION_WORDS,
    _forms,
    allowed_words,
    anchor_sets,
    build_prefilter,
    surface_words,
)
from yeslint.rulepack import load_ruleset

RULESET = load_ruleset()


def _rule_lemmas() -> set[str]:
    lexicons = {name: frozenset(lex.terms) for name, lex in RULESET.lexicons.items()}
    found: set[str] = set()

    def visit(attrs: dict[str, Any]) -> None:
        if "LEMMA" in attrs and (values := allowed_words(attrs["LEMMA"], lexicons)):
            found.update(values)

    for rule in RULESET.rules:
        for entry in rule.patterns:
            for element in entry.get("token", []):
                visit(element)
            for node in entry.get("dependency", []):
                visit(node["RIGHT_ATTRS"])
    return found


@pytest.mark.parametrize("lemma", sorted(_rule_lemmas()))
def test_cheap_forms_cover_every_inflection(lemma: str) -> None:
    from lemminflect import getAllInflections

    real = {form.lower() for forms in getAllInflections(lemma).values() for form in forms}
    real.discard(f"{lemma}'d")  # lemminflect's "fee'd" is not English
    assert real <= _forms(lemma), f"add {sorted(real - _forms(lemma))} to IRREGULAR_FORMS"


def test_cheap_forms_cover_the_pipelines_own_exceptions(linter) -> None:
    """The lemmatizer's exception tables and the attribute ruler give some words a lemma no
    suffix reaches ("wrought" is "work", "us" is "we", "goin'" is "go"): for every lemma the
    rules name, those words must be among its forms, or the gates would skip them."""
    nlp = linter.compiled().nlp
    tables = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    pairs = {(form, lemma) for table in tables.values() for form, lemmas in table.items() for lemma in lemmas}
    for entry in nlp.get_pipe("attribute_ruler").patterns:
        lemma = entry["attrs"].get("LEMMA")
        for pattern in entry["patterns"] if isinstance(lemma, str) else ():
            form = pattern[0].get("LOWER", pattern[0].get("ORTH")) if len(pattern) == 1 else None
            if isinstance(form, str):
                pairs.add((form.lower(), lemma.lower()))
    named = _rule_lemmas()
    missing = sorted((form, lemma) for form, lemma in pairs if lemma in named and form not in _forms(lemma))
    assert missing == [], "add these (form, lemma) pairs to IRREGULAR_FORMS"


def _tagged_lemmas() -> set[tuple[str, str]]:
    from yeslint.prefilter import _TAG_SUFFIXES

    lexicons = {name: frozenset(lex.terms) for name, lex in RULESET.lexicons.items()}
    found: set[tuple[str, str]] = set()
    for rule in RULESET.rules:
        for entry in rule.patterns:
            elements = entry.get("token", []) + [n["RIGHT_ATTRS"] for n in entry.get("dependency", [])]
            for attrs in elements:
                tag = attrs.get("TAG")
                if "LEMMA" in attrs and isinstance(tag, str) and tag in _TAG_SUFFIXES:
                    found.update((lemma, tag) for lemma in allowed_words(attrs["LEMMA"], lexicons) or ())
    return found


@pytest.mark.parametrize(("lemma", "tag"), sorted(_tagged_lemmas()))
def test_tagged_forms_cover_the_inflection_for_that_tag(lemma: str, tag: str) -> None:
    from lemminflect import getInflection

    from yeslint.prefilter import _tagged_forms

    real = {form.lower() for form in getInflection(lemma, tag=tag)}
    assert real <= _tagged_forms(lemma, tag)


@pytest.mark.parametrize(
    ("op", "may_be_empty"),
    [
        ("?", True),
        ("*", True),
        ("!", True),
        ("{0,3}", True),
        ("{,2}", True),
        ("{0}", True),
        ("+", False),
        ("{1,3}", False),
        ("{2}", False),
        (None, False),
    ],
)
def test_quantifiers_that_allow_no_token_never_anchor_a_pattern(op: str | None, may_be_empty: bool) -> None:
    from yeslint.prefilter import optional

    assert optional(op) is may_be_empty
    entry = {"token": [{"LOWER": "totally", **({"OP": op} if op else {})}, {"LOWER": "awesome"}]}
    assert (frozenset({"totally"}) in anchor_sets(entry, {})) is not may_be_empty


def test_every_pattern_has_an_anchor() -> None:
    assert not build_prefilter(RULESET).disabled


def test_text_without_triggers_is_skipped() -> None:
    prefilter = build_prefilter(RULESET)
    assert not prefilter.might_match("Our team plants trees along the river every spring.")
    assert not prefilter.might_match("These services are provided free of charge.")
    assert prefilter.might_match("We don't take checks.")
    assert prefilter.might_match("NO REFUNDS!!!")


def _sample_texts() -> list[str]:
    """Every rule example and fixture sentence: hundreds of real-looking lines, good and bad."""
    from pathlib import Path

    import yaml

    texts = [text for rule in RULESET.rules for e in rule.examples for text in (e.bad, e.good) if text]
    for path in sorted((Path(__file__).parent / "fixtures" / "rules").glob("*.yml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"].values():
            texts += [case[k] for k in ("fail", "pass") if k in case]
    return texts


def test_gating_never_changes_findings(linter) -> None:
    """The prefilter, per-pattern gating and NOT_IN lists checked on matches only skip work:
    findings stay identical."""
    from yeslint.match import CompiledRules

    ungated = CompiledRules(linter.ruleset, linter.compiled().nlp)
    ungated.gate = False
    ungated.defer = False
    plain = Linter(linter.ruleset, use_prefilter=False)
    plain._compiled = ungated
    texts = _sample_texts()
    assert len(texts) > 300
    fast = [linter.lint_source(load_text(t)).findings for t in texts]
    slow = [plain.lint_source(load_text(t)).findings for t in texts]
    differing = [t for t, a, b in zip(texts, fast, slow, strict=True) if a != b]
    assert differing == []


BOUNDARY_TEXTS = [
    "No refunds. We don't take checks! Late arrivals will be treated as walk-ins.",
    "Please allow 7-10 business days. It is your responsibility to check the size.",
    "You can't return sale items. Orders under $25 aren't eligible for delivery.",
    "ABSOLUTELY NO RETURNS!!! All sales are final. Prices are subject to change without notice.",
    "Cancellations within 24 hrs forfeit the deposit. Tips cannot be added to cards.",
]


@pytest.mark.parametrize("text", BOUNDARY_TEXTS)
def test_findings_identical_with_and_without_prefilter(linter, text: str) -> None:
    plain = Linter(linter.ruleset, use_prefilter=False)
    plain._compiled = linter.compiled()
    with_filter = linter.lint_source(load_text(text)).findings
    assert with_filter == plain.lint_source(load_text(text)).findings
    assert with_filter, "these texts are meant to be flagged"


def test_clean_text_never_imports_spacy(tmp_path) -> None:
    page = tmp_path / "about.md"
    page.write_text("# About us\n\nOur bakery opened in 1998. We bake bread every morning.\n")
    code = (
        "import sys\n"
        "from yeslint.cli import main\n"
        "try:\n"
        f"    main(['check', {str(page)!r}])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "assert 'spacy' not in sys.modules, 'spaCy was imported'\n"
        "assert 'lemminflect' not in sys.modules, 'lemminflect was imported'\n"
        "assert 'markdown_it' not in sys.modules, 'a page with no trigger was segmented'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("text", ["We dont take cards", "You cant park here", "Returns isnt possible"])
def test_negations_without_apostrophe_reach_the_parser(text: str, linter: Linter) -> None:
    """spaCy reads "dont" as "do" + a negation "nt": the prefilter must see the negation too."""
    words = surface_words(text)
    assert "nt" in words and words & {"do", "can", "is"}
    doc = linter.compiled().nlp(text)
    assert any(t.dep_ == "neg" and t.lower_ in NEGATION_WORDS for t in doc)


@pytest.mark.parametrize(
    "text",
    [
        "Check-out is strictly 10am.",
        "Late returns after 6pm are charged.",
        "Check-out is strictly 11 a.m.",
        "T&Cs apply.",
    ],
)
def test_words_spacy_splits_or_keeps_whole_reach_the_parser(text: str, linter: Linter) -> None:
    """spaCy splits "10am" into "10" + "am" and keeps "a.m." and "T&Cs" whole: a pattern
    anchored on any of them must see it, so the gate finds what the parse alone finds."""
    words = {t.lower_ for t in linter.compiled().nlp.make_doc(text)}
    assert words <= surface_words(text)
    compiled = linter.compiled()

    def matches() -> list[list[str]]:
        return [[c.match.text for c in found] for found in compiled.candidates_for([text])]

    gated = matches()
    compiled.gate = False
    try:
        assert gated == matches()
    finally:
        compiled.gate = True
    assert linter.lint_source(load_text(text)).findings


def test_surface_words_cover_the_tokenizers_special_cases(linter: Linter) -> None:
    """Every word a pattern anchors on that the tokenizer makes of one of its special cases
    ("youll" is "you" + "ll", "10a.m." is "10" + "a.m.") is a surface word of it. On failure
    the message lists the entries to add to `yeslint.special_cases`, in its own format."""
    anchors = linter.prefilter().words
    nlp = linter.compiled().nlp
    missing = {}
    for key in nlp.tokenizer.rules:
        if key[0] in "'’":
            continue  # a suffix ("'s", "'re") the word before it brings along (`_contraction_parts`)
        tokens = [t.lower_ for t in nlp.make_doc(key.replace("’", "'"))]
        if set(tokens) & anchors - surface_words(key):
            missing[key.lower().replace("’", "'")] = " ".join(tokens)
    entries = "|".join(f"{word}={pieces}" for word, pieces in sorted(missing.items()))
    assert not missing, f"add to yeslint.special_cases: {entries}"


def test_every_anchor_spacy_keeps_whole_is_a_surface_word(linter: Linter) -> None:
    """An anchor the tokenizer reads as one token ("t&cs", "a.m.") is found in its own text:
    otherwise a sentence holding it would be skipped before the parser could match it."""
    nlp = linter.compiled().nlp
    missing = [
        word
        for word in linter.prefilter().words
        if len(doc := nlp.make_doc(word)) == 1
        and doc[0].lower_ == word
        and word[0] not in "'’"  # a suffix ("'s") comes with its word (`_contraction_parts`)
        and word.replace("’", "'") not in surface_words(word)
    ]
    assert missing == []


def test_label_needs_come_from_required_elements_only() -> None:
    """A matcher is skipped when the parse lacks a label its pattern needs, never otherwise."""
    from yeslint.match import LABEL_KEYS, label_needs

    dependency = {
        "dependency": [
            {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": "VERB", "LEMMA": "accept"}},
            {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "neg", "RIGHT_ATTRS": {"DEP": "neg"}},
            {
                "LEFT_ID": "verb",
                "REL_OP": ">",
                "RIGHT_ID": "s",
                "RIGHT_ATTRS": {"DEP": {"IN": ["nsubj", "nsubjpass"]}},
            },
        ]
    }
    needs = {(LABEL_KEYS[i], values) for i, values in label_needs(dependency)}
    assert needs == {
        ("POS", frozenset({"VERB"})),
        ("DEP", frozenset({"neg"})),
        ("DEP", frozenset({"nsubj", "nsubjpass"})),
    }
    token = {
        "token": [
            {"POS": "DET", "OP": "?"},
            {"LOWER": "no"},
            {"TAG": {"NOT_IN": ["VBG"]}},
            {"POS": "NOUN", "OP": "+"},
        ]
    }
    assert [(LABEL_KEYS[i], values) for i, values in label_needs(token)] == [("POS", frozenset({"NOUN"}))]


def test_values_with_a_space_or_a_hyphen_are_anchored_by_their_rarest_part() -> None:
    """The text shows "e-mail" as "e" and "mail" and holds both, so "mail" is enough to look
    for. A pipeline of one's own may make one token of "by phone" (a special case, merged
    entities): "phone" anchors it, not "by", which would let nearly every sentence through.
    A part the text could glue to its neighbours ("t&c") keeps all the parts."""
    [anchor] = anchor_sets({"token": [{"LOWER": {"IN": ["by phone", "e-mail", "fax", "t&c-s"]}}]}, {})
    assert anchor == {"by phone", "phone", "e-mail", "mail", "fax", "t&c-s", "t&c", "s"}


def test_a_word_list_with_exclusions_still_anchors_its_element() -> None:
    """NOT_IN only narrows what IN allows: the IN words are still all the element can be."""
    token = [{"LOWER": "only"}, {"LOWER": {"IN": ["members", "guests"], "NOT_IN": ["you"]}}]
    assert anchor_sets({"token": token}, {}) == [frozenset({"only"}), frozenset({"members", "guests"})]


def test_exclusions_leave_a_node_only_when_it_keeps_another_test() -> None:
    from yeslint.match import defer_exclusions

    pattern = [
        {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": "VERB", "LEMMA": {"NOT_IN": ["be", "seem"]}}},
        {
            "LEFT_ID": "verb",
            "REL_OP": ">",
            "RIGHT_ID": "who",
            "RIGHT_ATTRS": {"LOWER": {"IN": ["we"], "NOT_IN": ["i"]}},
        },
        {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "any", "RIGHT_ATTRS": {"LOWER": {"NOT_IN": ["it"]}}},
    ]
    deferred = defer_exclusions(pattern)
    assert deferred == ((0, "lemma_", frozenset({"be", "seem"})), (1, "lower_", frozenset({"i"})))
    assert pattern[0]["RIGHT_ATTRS"] == {"POS": "VERB"}
    assert pattern[1]["RIGHT_ATTRS"] == {"LOWER": {"IN": ["we"]}}
    assert pattern[2]["RIGHT_ATTRS"] == {"LOWER": {"NOT_IN": ["it"]}}  # nothing else to match on
