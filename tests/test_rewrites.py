"""Rewrites an owner could put on the wall: yes-framed, substance kept, never flagged again.

Each family gets sentences in several persons, numbers and tenses; every rewrite must keep
the amounts, times and counts of the original, its closing punctuation, and lint clean.
"""

from __future__ import annotations

from conftest import LintFn
from yeslint.engine import Linter
from yeslint.suggest import keeps_numbers, relint_check, suggestion_for


def rewrite_of(lint: LintFn, text: str) -> str:
    findings = lint(text)
    assert findings, f"not flagged: {text}"
    suggestion = findings[0].suggestion
    assert suggestion, f"no rewrite for: {text} (hint: {findings[0].hint})"
    return suggestion


def assert_wall_ready(lint: LintFn, text: str, rewrite: str) -> None:
    assert keeps_numbers(text, rewrite), rewrite
    assert lint(rewrite) == [], f"the rewrite is flagged again: {rewrite}"
    if text.rstrip()[-1:] in ".!?":
        assert rewrite[-1] in ".!?", rewrite
    else:
        assert rewrite[-1] not in ".", rewrite
    assert rewrite[:1].isupper(), rewrite


def test_a_rewrite_that_relints_is_withdrawn(linter: Linter) -> None:
    compiled = linter.compiled()
    doc = compiled.nlp("Please allow 7-10 business days for your refund.")
    candidate = next(c for c in compiled.candidates(doc) if suggestion_for(c) is not None)
    assert suggestion_for(candidate, relints=lambda text: True) is None


def test_relint_check_flags_a_boundary_and_passes_a_yes(linter: Linter) -> None:
    relints = relint_check(linter.compiled())
    assert relints("No refunds.")
    assert not relints("Yes, we take credit cards!")
