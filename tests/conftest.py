"""Shared fixtures: the rule set and the spaCy pipeline load once per test session."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from yeslint.engine import Linter
from yeslint.load import load_text
from yeslint.model import Finding
from yeslint.rulepack import RuleSet, load_ruleset

ROOT = Path(__file__).resolve().parents[1]

# Tests never read or write the user's own cache; subprocesses inherit this too.
os.environ.setdefault("YESLINT_CACHE_DIR", tempfile.mkdtemp(prefix="yeslint-test-cache-"))

# Property tests are derandomised everywhere, CI (CI=true) and local runs alike: every run
# checks the same examples, so a failure always reproduces. No example database either.
_HYPOTHESIS = {
    "derandomize": True,
    "max_examples": 200,
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow],
}
settings.register_profile("ci", **_HYPOTHESIS)
settings.register_profile("default", **_HYPOTHESIS)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset()


@pytest.fixture(scope="session")
def linter(ruleset: RuleSet) -> Linter:
    linter = Linter(ruleset)
    linter.compiled()  # load the pipeline once, up front
    return linter


LintFn = Callable[..., list[Finding]]


@pytest.fixture(scope="session")
def lint(linter: Linter) -> LintFn:
    """``lint(text, name="<text>", only=None)``: findings for a string, optionally one rule only."""

    def run(text: str, name: str = "<text>", only: str | None = None) -> list[Finding]:
        enabled = frozenset({only}) if only else None
        checker = Linter(linter.ruleset, enabled=enabled)
        checker._compiled = linter.compiled()
        return list(checker.lint_source(load_text(text, name)).findings)

    return run
