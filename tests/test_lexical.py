"""The gate before the parser: token patterns cut down to what the tokenizer can tell.

It may keep a sentence from the parser only when no pattern could match it once parsed;
`test_prefilter.test_gating_never_changes_findings` checks the findings on every rule
example and fixture with the gate on and off, and these tests check the parts.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yeslint.engine import Linter
from yeslint.lexical import lexical_pattern
from yeslint.prefilter import lemma_forms, might_shout, surface_words


def test_pipeline_attributes_are_dropped_and_lemmas_become_their_forms() -> None:
    projected = lexical_pattern(
        [
            {"LEMMA": "charge", "TAG": "VBN"},
            {"POS": "ADP", "OP": "?"},
            {"LOWER": "fee", "IS_SENT_START": False},
        ]
    )
    assert projected[0] == {"LOWER": {"IN": sorted(lemma_forms("charge", "VBN"))}}
    assert "charged" in projected[0]["LOWER"]["IN"] and "charge" not in projected[0]["LOWER"]["IN"]
    assert projected[1:] == [{"OP": "?"}, {"LOWER": "fee"}]


def test_a_negated_element_that_lost_or_widened_a_test_becomes_any_token() -> None:
    """A "!" element takes one token that fails it: a wider element would fail less often.
    A lemma's forms are wider than the lemma ("'s" is a form of "be" and its own lemma)."""
    projected = lexical_pattern(
        [
            {"LOWER": "no", "OP": "!"},
            {"LOWER": "pets", "POS": "NOUN", "OP": "!"},
            {"LEMMA": "be", "OP": "!"},
        ]
    )
    assert projected == [{"LOWER": "no", "OP": "!"}, {}, {}]


def test_a_lemma_beside_a_word_list_keeps_only_the_words_both_allow() -> None:
    projected = lexical_pattern([{"LOWER": {"IN": ["charged", "fees", "charging"]}, "LEMMA": "charge"}])
    assert projected == [{"LOWER": {"IN": ["charged", "charging"]}}]


def test_quantifiers_are_kept_as_written() -> None:
    assert lexical_pattern([{"LOWER": "very", "OP": "{0,2}"}, {"POS": "ADJ", "OP": "+"}]) == [
        {"LOWER": "very", "OP": "{0,2}"},
        {"OP": "+"},
    ]


def test_forms_with_an_apostrophe_also_come_curly() -> None:
    """The tokenizer keeps "we’re" curly; the projection compares the token's own text."""
    forms = lexical_pattern([{"LEMMA": "be"}])[0]["LOWER"]["IN"]
    assert {"'re", "’re", "is"} <= set(forms)


def test_tests_the_pipeline_sets_are_left_to_the_parse() -> None:
    projected = lexical_pattern([{"LEMMA": {"NOT_IN": ["be"]}, "DEP": "neg"}, {"_": {"yeslint_re_x": True}}])
    assert projected == [{}, {}]


@pytest.mark.parametrize(
    ("text", "shouts"),
    [
        ("We do NOT take cheques.", True),
        ("NO PETS ALLOWED", True),
        ("Sorry, we’re fully booked on Mondays!!", False),
        ("We do N'T refund deposits.", True),
        ("No refunds, see example.com/a!b!c", True),
        ("No refunds!!", True),
        ("No refunds! ! !", True),
        ("Our answer is NO's all round.", True),
        ("See the FAQ for sizes; no account is needed.", False),
        ("Tickets are NON-REFUNDABLE.", True),
        ("We DON’T ship abroad.", True),
    ],
)
def test_only_a_barking_word_in_capitals_or_before_stacked_marks_may_shout(text: str, shouts: bool) -> None:
    """Acronyms ("FAQ", "GSA") fill web copy; alone they never make a check speak."""
    assert might_shout(text, surface_words(text)) is shouts


@pytest.mark.parametrize(
    "text",
    ["Sales double every spring and the team needs extra hands.", "Our policy team is small but busy."],
)
def test_words_out_of_order_keep_a_sentence_from_the_parser(linter: Linter, text: str) -> None:
    compiled = linter.compiled()
    assert linter.prefilter().might_match(text), "the words are there: only their order rules it out"
    assert not compiled.worth_parsing(compiled.nlp.make_doc(text), text)
    assert list(compiled.candidates(compiled.nlp(text), text)) == []


def test_a_pipeline_that_may_retokenise_is_never_gated(linter: Linter) -> None:
    """After ``merge_noun_chunks`` the parsed tokens are not the tokenizer's: no gate then."""
    from yeslint.match import CompiledRules

    compiled = linter.compiled()
    assert compiled.same_tokens
    text = "Sales double every spring and the team needs extra hands."
    assert not compiled.worth_parsing(compiled.nlp.make_doc(text), text)
    import spacy

    nlp = spacy.load(linter.model_name(), exclude=["ner"])
    nlp.add_pipe("merge_noun_chunks")
    merging = CompiledRules(linter.ruleset, nlp)
    assert not merging.same_tokens
    assert merging.worth_parsing(nlp.make_doc(text), text)


def test_a_sentence_a_token_pattern_matches_is_parsed(linter: Linter) -> None:
    compiled = linter.compiled()
    text = "A deposit is required for all bookings."
    assert compiled.worth_parsing(compiled.nlp.make_doc(text), text)
    assert list(compiled.candidates(compiled.nlp(text), text))


_WORDS = (
    "no not never only must can't won't is are be required needed policy policies double extra "
    "take takes days weeks a the your we you to for at will charged fee fees cash minimum maximum "
    "per each strictly responsible liable limit limited patient allow allowed our please time hard "
    "difficult backlog cleared pets dogs refunds bookings ."
).split()


@given(st.lists(st.sampled_from(_WORDS), min_size=2, max_size=10))
def test_the_gate_never_keeps_a_sentence_with_candidates_from_the_parser(
    linter: Linter, words: list[str]
) -> None:
    """Sentences of the patterns' own words, in any order: wherever a parse finds a
    candidate, the gate must have let the sentence through."""
    compiled = linter.compiled()
    text = " ".join(words)
    if list(compiled.candidates(compiled.nlp(text), text)):
        assert compiled.worth_parsing(compiled.nlp.make_doc(text), text)


_SHOUTED = (
    "no NO No not NOT never NEVER only ONLY cannot CANNOT can't CAN'T DON’T don't FAQ GSA PDF "
    "refunds REFUNDS pets PETS Non-refundable NON-REFUNDABLE nonrefundable MAX max minimum "
    "MINIMUM we WE NO's NOT's ! !! !!! ? . ,"
).split()


@given(st.lists(st.sampled_from(_SHOUTED), min_size=2, max_size=8))
def test_the_shouting_checks_never_speak_where_might_shout_says_no(linter: Linter, words: list[str]) -> None:
    """The gate in front of the checks (and the prefilter) must be a superset of them."""
    from yeslint.checks import CHECKS

    text = " ".join(words)
    doc = linter.compiled().nlp(text)
    if any(list(check(sent)) for sent in doc.sents for check in CHECKS.values()):
        assert might_shout(text, surface_words(text))
