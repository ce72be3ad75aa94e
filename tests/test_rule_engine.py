"""Engine features rule authors rely on, shown with a small custom pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from yeslint.engine import Linter
from yeslint.load import load_text
from yeslint.match import CompiledRules
from yeslint.rulepack import load_ruleset

RULE = """\
id: ZZ001
name: charge-with-lapse
summary: Flags a charge only when a lapse is named in the same sentence.
family: penalty
level: warning
message: "“{match}” reads as a punishment."
why: Customers mind charges framed as consequences.
patterns:
  - dependency:
      - {RIGHT_ID: verb, RIGHT_ATTRS: {LEMMA: charge}}
      - {LEFT_ID: verb, REL_OP: ">", RIGHT_ID: subject, RIGHT_ATTRS: {DEP: nsubjpass}}
requires:
  - lexicon: lapses
rewrite:
  template: "{subtree_subject|capitalize} {subject|be} on us if you let us know {after_verb}."
examples:
  - bad: "Late returns are charged $5 a day."
    good: "Gift wrap is $5."
"""


@pytest.fixture(scope="module")
def custom(linter: Linter, tmp_path_factory: pytest.TempPathFactory) -> Linter:
    pack = tmp_path_factory.mktemp("pack")
    (pack / "ZZ001.yml").write_text(RULE, encoding="utf-8")
    (pack / "lexicons").mkdir()
    (pack / "lexicons" / "lapses.yml").write_text(
        "name: lapses\ndescription: Lapses a charge may follow.\nterms: [late, lost, damaged]\n",
        encoding="utf-8",
    )
    ruleset = load_ruleset([Path(pack)])
    checker = Linter(ruleset, enabled=frozenset({"ZZ001"}))
    checker._compiled = CompiledRules(ruleset, linter.compiled().nlp)
    return checker


def _findings(checker: Linter, text: str):
    return checker.lint_source(load_text(text)).findings


def test_requires_needs_its_lexicon_in_the_sentence(custom: Linter) -> None:
    assert [f.rule_id for f in _findings(custom, "Late returns are charged $5 a day.")] == ["ZZ001"]
    assert _findings(custom, "Parcels are charged $5 a day.") == ()


def test_subtree_placeholder_takes_the_whole_subject(custom: Linter) -> None:
    (finding,) = _findings(custom, "Damaged rental bikes are charged at cost.")
    assert finding.suggestion is not None
    assert finding.suggestion.startswith("Damaged rental bikes are on us")


def test_rewrite_that_would_drop_a_number_falls_back_to_no_suggestion(custom: Linter) -> None:
    (finding,) = _findings(custom, "Late returns are charged $5 a day.")
    assert finding.suggestion is None or "5" in finding.suggestion


def test_calm_filter_lowers_shouting_and_stacked_marks() -> None:
    from yeslint.suggest import FILTERS, Value

    assert FILTERS["calm"](Value("NO REFUNDS ON SALE ITEMS!!!")).text == "No refunds on sale items!"
    assert FILTERS["sentencecase"](Value("WE LOVE YOU AND I DO TOO")).text == "We love you and I do too"


@pytest.mark.parametrize(
    ("shouting", "calm"),
    [
        ("SORRY, WE ARE CLOSED ON SUNDAYS AND IN MARCH", "Sorry, we are closed on Sundays and in March"),
        ("Kitchen SHUT on Tuesdays, no exceptions", "Kitchen shut on Tuesdays, no exceptions"),
        ("We do NOT give change, pay at the ATM", "We do not give change, pay at the ATM"),
        ("We take AMEX but DO NOT take cheques", "We take AMEX but do not take cheques"),
        ("NO TV IN THE QUIET LOUNGE", "No TV in the quiet lounge"),
        ("YOU MAY NOT BRING GLASS", "You may not bring glass"),
        ("Bags are checked, ABSOLUTELY no knives", "Bags are checked, absolutely no knives"),
        ("Refunds are NOT given, EVER!!!", "Refunds are not given, ever!"),
        ("ALL tickets are FINAL", "All tickets are final"),
    ],
)
def test_calm_keeps_names_days_and_acronyms(shouting: str, calm: str) -> None:
    """Only the raised voice is lowered: weekdays and months keep their capital, and a short
    lone word in capitals amid ordinary case ("ATM") is an acronym, not shouting."""
    from yeslint.suggest import FILTERS, Value

    assert FILTERS["calm"](Value(shouting)).text == calm


def test_a_rewrite_of_a_sentence_in_capitals_lowers_its_short_words_too() -> None:
    """The template's ordinary case must not make the capitals it quotes look like acronyms."""
    from yeslint.suggest import _match_case

    assert _match_case("We keep CASH for you", "ALL CASH IS FINAL.") == "We keep cash for you."


TWO_SHAPES = """\
id: ZZ002
name: two-shapes
summary: Flags charges in two sentence shapes, each with its own rewrite.
family: penalty
level: warning
message: "“{match}” reads as a punishment."
why: Customers mind charges framed as consequences.
patterns:
  - dependency:
      - {RIGHT_ID: verb, RIGHT_ATTRS: {LEMMA: charge, TAG: VBN}}
      - {LEFT_ID: verb, REL_OP: ">", RIGHT_ID: subject, RIGHT_ATTRS: {DEP: nsubjpass}}
  - token:
      - {LOWER: fee, capture: fee}
      - {LOWER: applies}
rewrite:
  template:
    - "{subtree_subject|capitalize} {subject|be} {after_verb}, and we're glad to help you avoid it."
    - "A small {fee} is added, and we're glad to help you avoid it."
examples:
  - bad: "Late returns are charged at cost."
    good: "Late returns are at cost, and we're glad to help you avoid it."
"""


def test_a_rule_with_several_templates_uses_the_one_its_match_can_fill(
    linter: Linter, tmp_path: Path
) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "ZZ002.yml").write_text(TWO_SHAPES, encoding="utf-8")
    ruleset = load_ruleset([pack])
    checker = Linter(ruleset, enabled=frozenset({"ZZ002"}), use_cache=False)
    checker._compiled = CompiledRules(ruleset, linter.compiled().nlp)
    (first,) = _findings(checker, "Late returns are charged at cost.")
    assert first.suggestion == "Late returns are at cost, and we're glad to help you avoid it."
    (second,) = _findings(checker, "A fee applies.")
    assert second.suggestion == "A small fee is added, and we're glad to help you avoid it."


def test_builtin_pack_passes_the_schema() -> None:
    """The loader trusts the built-in pack to skip validation at run time; this is why."""
    from yeslint.rulepack import BUILTIN_PACK, _check_lexicon_references, builtin_pack_dir, load_pack

    rules, lexicons = load_pack(builtin_pack_dir(), BUILTIN_PACK, check=True)  # RE2 patterns compile
    assert len(rules) >= 60 and lexicons
    _check_lexicon_references(rules, {lexicon.name: lexicon for lexicon in lexicons})
    fast_rules, fast_lexicons = load_pack(builtin_pack_dir(), BUILTIN_PACK, check=False)
    assert fast_rules == rules  # line maps aside (not compared), the fast read gives the same data
    assert [lex.terms for lex in fast_lexicons] == [lex.terms for lex in lexicons]


def test_builtin_snapshot_is_current() -> None:
    """A stale snapshot only costs start-up time, so nothing else would notice it."""
    from yeslint.rulepack import builtin_pack_dir
    from yeslint.snapshot import Snapshot

    stale = Snapshot(builtin_pack_dir()).stale()
    assert not stale, f"refresh the snapshot with `python -m yeslint.snapshot`: {stale}"


@pytest.mark.parametrize("damage", ["edited-rule", "broken-json", "no-snapshot"])
def test_snapshot_never_outranks_the_yaml(tmp_path: Path, damage: str) -> None:
    """An edited rule, a damaged or a missing snapshot: the pack still loads what the YAML says."""
    import shutil

    from yeslint.rulepack import BUILTIN_PACK, builtin_pack_dir, load_pack
    from yeslint.snapshot import SNAPSHOT_NAME, write

    pack = tmp_path / "core"
    shutil.copytree(builtin_pack_dir(), pack)
    write(pack)
    first = sorted(pack.glob("*.yml"))[0]
    if damage == "edited-rule":
        text = first.read_text(encoding="utf-8")
        for level in ("warning", "error"):
            text = text.replace(f"\nlevel: {level}", "\nlevel: suggestion", 1)
        first.write_text(text, encoding="utf-8")
    elif damage == "broken-json":
        (pack / SNAPSHOT_NAME).write_text('{"format": 1, "files": {"', encoding="utf-8")
    else:
        (pack / SNAPSHOT_NAME).unlink()
    rules, lexicons = load_pack(pack, BUILTIN_PACK, check=False)
    expected, expected_lexicons = load_pack(pack, BUILTIN_PACK, check=True)
    assert rules == expected and [lex.terms for lex in lexicons] == [lex.terms for lex in expected_lexicons]
    if damage == "edited-rule":
        assert rules[0].level.value == "suggestion"


def test_lexicon_words_are_the_terms_spacy_keeps_whole(linter: Linter) -> None:
    """Plain words skip the tokenizer when rules compile; this checks that shortcut."""
    compiled = linter.compiled()
    for name, lexicon in linter.ruleset.lexicons.items():
        whole = {term for term in lexicon.terms if len(compiled.nlp.make_doc(term)) == 1}
        assert compiled.lexicon_words[name] == whole, name


def test_every_builtin_pattern_compiles(linter: Linter) -> None:
    """Built-in matchers are built on first use; this builds them all, so none fails in a run."""
    compiled = linter.compiled()
    units = [*compiled.patterns, *(u for side in compiled.side_units.values() for u in side)]
    assert len(units) > 100
    assert all(unit.compiled() is not None for unit in units)


def test_a_reason_word_that_names_a_product_does_not_veto(linter: Linter) -> None:
    """'Diving lessons' is what is sold, so 'diving' gives no safety reason; alone it does (issue #4)."""
    product = linter.lint_source(load_text("Diving lessons are non-refundable.")).findings
    reason = linter.lint_source(load_text("Diving is not permitted in the shallow end.")).findings
    assert [f.rule_id for f in product] == ["PR002"]
    assert not reason


def test_a_reason_word_that_is_the_matched_verb_in_progressive_does_not_veto(linter: Linter) -> None:
    """'are running weeks behind' is a backlog; 'running' as an activity is a safety reason (issue #4)."""
    backlog = linter.lint_source(load_text("Our fitters are running four weeks behind.")).findings
    activity = linter.lint_source(load_text("No running on the wet tiles.")).findings
    outside = linter.lint_source(load_text("Guests who are smoking will be asked to leave.")).findings
    assert [f.rule_id for f in backlog] == ["SL006"]
    assert not activity
    assert not outside


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Not staying overnight? Spa guests are welcome all day.", "Day visitors are not admitted."),
        ("Why are deposits non-refundable?", "Deposits are non-refundable."),
        ("Can I bring my dog to the shop? ", "Dogs are not allowed in the shop."),
    ],
)
def test_a_question_is_never_the_boundary_but_its_answer_is(
    linter: Linter, question: str, answer: str
) -> None:
    """The FAQ's question (or a hook before an offer) is the customer's voice; the answer beside
    it, a sentence of its own, is judged as usual (issue #4)."""
    assert not linter.lint_source(load_text(question)).findings
    assert linter.lint_source(load_text(question + " " + answer)).findings


def test_shouting_is_shouting_even_in_a_question(linter: Linter) -> None:
    findings = linter.lint_source(load_text("WHY CAN'T ANYONE READ THE SIGN?")).findings
    assert [f.family for f in findings] == ["shouting"]


@pytest.mark.parametrize(
    "text",
    [
        "Deposits are non-refundable, OK?",
        "No refunds, no exceptions, got it?",
        "Deposits are non-refundable (why? see our FAQ).",
        'Please don\'t ask "can I get a discount?" because all prices are final.',
    ],
)
def test_a_statement_with_a_question_mark_in_it_still_counts(linter: Linter, text: str) -> None:
    """A tag that demands assent, or a question in brackets or quotes, leaves a statement."""
    assert linter.lint_source(load_text(text)).findings
