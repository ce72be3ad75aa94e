"""Parse-based grammar for rewrites: negation flipped, imperatives, agreement, verb forms."""

from __future__ import annotations

import pytest

from yeslint.inflect import agree, imperative, inflect, positive
from yeslint.match import Tok


@pytest.fixture(scope="module")
def toks(linter):
    nlp = linter.compiled().nlp

    def parse(text: str) -> list[Tok]:
        return [
            Tok(t.text, t.lemma_, t.pos_, t.tag_, t.dep_, str(t.morph), t.whitespace_, t.idx, t.i, t.head.i)
            for t in nlp(text)
        ]

    return parse


@pytest.mark.parametrize(
    ("negative", "flipped"),
    [
        ("We do not accept checks.", "We accept checks."),
        ("The front desk does not hold parcels.", "The front desk holds parcels."),
        ("We didn't open on Mondays.", "We opened on Mondays."),
        ("You cannot bring dogs inside.", "You can bring dogs inside."),
        ("We can't deliver on Sundays.", "We can deliver on Sundays."),
        ("Gift cards won't be exchanged for cash.", "Gift cards will be exchanged for cash."),
        ("Strollers are not allowed upstairs.", "Strollers are allowed upstairs."),
        ("Do not park in front of the garage.", "Park in front of the garage."),
    ],
)
def test_positive_removes_negation_and_moves_tense(toks, negative: str, flipped: str) -> None:
    assert positive(toks(negative)) == flipped


@pytest.mark.parametrize(
    ("obligation", "asked"),
    [
        ("You must sign the waiver before class.", "sign the waiver before class"),
        ("Members need to book 2 days ahead.", "book 2 days ahead"),
        ("Renters are required to return the keys by noon.", "return the keys by noon"),
        ("It is your responsibility to check the dates.", "check the dates"),
    ],
)
def test_imperative_keeps_the_request_and_its_details(toks, obligation: str, asked: str) -> None:
    assert imperative(toks(obligation)) == asked


def test_agreement_follows_the_head_noun(toks) -> None:
    assert agree(toks("the deposits"), "is", "are") == "are"
    assert agree(toks("the deposit"), "is", "are") == "is"


def test_a_rewrite_that_drops_a_number_is_withdrawn_for_the_hint() -> None:
    from yeslint.suggest import keeps_numbers

    assert keeps_numbers("Cancel 24 hours ahead or pay $25.", "Give us 24 hours' notice; $25 applies.")
    assert not keeps_numbers("Cancel 24 hours ahead or pay $25.", "Give us a day's notice.")


def test_lazy_inflection_table_decodes_as_lemminflect_does() -> None:
    """Same forms as lemminflect's own loader, for a spread of words across the whole table,
    words with a line per part of speech, and the hard-coded auxiliaries and modals."""
    from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec
    from lemminflect.config import inflection_lu_fn

    from yeslint.inflect_table import LazyInflectionTable

    stock = InflectionLUCodec.load(inflection_lu_fn)
    lazy = LazyInflectionTable(inflection_lu_fn)
    words = sorted(stock)
    sample = [*words[::97], "refund", "book", "charge", "be", "can", "will", "must", "leave"]
    assert set(lazy) == set(stock)
    for word in sample:
        assert lazy[word] == stock[word], word
    assert lazy.get("xyzzle") is None


def test_inflect_uses_the_lazy_table_and_keeps_irregular_forms() -> None:
    from lemminflect import Inflections

    from yeslint.inflect_table import LazyInflectionTable

    vars(Inflections()).pop("infl_dict", None)  # another test may have loaded the stock table
    inflect.cache_clear()
    forms = [inflect("take", "VBD"), inflect("child", "NNS"), inflect("be", "VBZ")]
    assert forms == ["took", "children", "is"]
    assert isinstance(vars(Inflections())["infl_dict"], LazyInflectionTable)
