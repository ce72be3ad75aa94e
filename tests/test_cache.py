"""The cache and parallel parsing only save time: findings never change, a broken cache never fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from yeslint import cache
from yeslint.engine import Linter
from yeslint.load import load_text

TEXTS = [
    "No refunds. Late arrivals will be treated as walk-ins.",
    "Please allow 7-10 business days for your refund. We bake bread every morning.",
    "You cannot leave tips on a credit card. All sales are final.",
    "Our garden is open every day. No problem, we can fit you in!",
]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_DIR, str(folder))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    return folder


def _linter(linter: Linter, **options: object) -> Linter:
    checker = Linter(linter.ruleset, **options)  # type: ignore[arg-type]
    checker._compiled = linter.compiled()
    return checker


def _lint_all(checker: Linter) -> list[tuple]:
    return [r.findings for r in checker.lint_sources(load_text(t) for t in TEXTS)]


def test_warm_cache_returns_the_same_findings_without_parsing(linter: Linter, cache_dir: Path) -> None:
    cold = _lint_all(_linter(linter))
    assert (cache_dir / "cache.sqlite3").is_file()
    warm_checker = _linter(linter)
    warm_checker._find = None  # type: ignore[assignment,method-assign]  # a parse would now fail
    assert _lint_all(warm_checker) == cold


def test_cached_findings_take_the_new_path(linter: Linter, cache_dir: Path) -> None:
    checker = _linter(linter)
    first = checker.lint_source(load_text("No refunds.", "a.txt"))
    second = checker.lint_source(load_text("No refunds.", "b.txt"))
    assert [f.path for f in first.findings] == ["a.txt"]
    assert [f.path for f in second.findings] == ["b.txt"]


def test_corrupt_cache_is_rebuilt_not_an_error(linter: Linter, cache_dir: Path) -> None:
    cache_dir.mkdir(parents=True)
    (cache_dir / "cache.sqlite3").write_bytes(b"this is not a database" * 100)
    assert _lint_all(_linter(linter)) == _lint_all(_linter(linter, use_cache=False))
    assert cache.get_many(["anything"]) == {}


def test_no_cache_writes_nothing(linter: Linter, cache_dir: Path) -> None:
    _lint_all(_linter(linter, use_cache=False))
    assert not (cache_dir / "cache.sqlite3").exists()


def test_cache_clean_removes_the_database(linter: Linter, cache_dir: Path) -> None:
    from typer.testing import CliRunner

    from yeslint.cli import app

    _lint_all(_linter(linter))
    result = CliRunner().invoke(app, ["cache", "clean"])
    assert result.exit_code == 0
    assert not (cache_dir / "cache.sqlite3").exists()


def test_two_parser_processes_find_the_same(linter: Linter, monkeypatch: pytest.MonkeyPatch) -> None:
    import yeslint.engine

    monkeypatch.setattr(yeslint.engine, "PARALLEL_MIN_PIECES", 1)
    one = _lint_all(_linter(linter, use_cache=False, jobs=1))
    two = _lint_all(_linter(linter, use_cache=False, jobs=2))
    assert one == two
    assert any(one)


def test_identical_sentences_are_parsed_once(linter: Linter, monkeypatch: pytest.MonkeyPatch) -> None:
    checker = _linter(linter, use_cache=False)
    seen: list[str] = []
    real_pipe = checker.compiled().nlp.pipe

    def counting_pipe(texts, **kwargs):  # type: ignore[no-untyped-def]
        texts = list(texts)
        seen.extend(t if isinstance(t, str) else t.text for t in texts)  # the parser gets docs
        return real_pipe(texts, **{k: v for k, v in kwargs.items() if k != "n_process"})

    monkeypatch.setattr(checker.compiled().nlp, "pipe", counting_pipe)
    reports = list(checker.lint_sources(load_text("No refunds.", f"page{i}.txt") for i in range(5)))
    assert all(len(r.findings) == 1 for r in reports)
    assert seen.count("No refunds.") == 1  # and once its rewrite, re-linted


def test_worker_processes_report_the_same_in_the_same_order(
    linter: Linter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large run goes to worker processes a batch at a time; nothing about the result may change."""
    import yeslint.engine

    for i in range(24):
        (tmp_path / f"page{i:02}.txt").write_text(TEXTS[i % len(TEXTS)] + f" Page {i}.", encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"\xff\xfe\x00bad")
    monkeypatch.setattr(yeslint.engine, "BATCH_FILES", 4)
    monkeypatch.setattr(yeslint.engine, "PARALLEL_MIN_BYTES", 0)
    used: list[bool] = []
    real = Linter._lint_parallel

    def spy(self: Linter, *args: object) -> object:
        used.append(True)
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Linter, "_lint_parallel", spy)
    one = [
        (r.name, r.findings, str(r.error))
        for r in _linter(linter, use_cache=False, jobs=1).lint_paths([tmp_path])
    ]
    assert not used
    two = [
        (r.name, r.findings, str(r.error))
        for r in _linter(linter, use_cache=False, jobs=2).lint_paths([tmp_path])
    ]
    assert used
    assert one == two
    assert sum(len(findings) for _, findings, _ in one) >= 18


def test_cache_keys_change_with_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Editing yeslint (same version, editable install) must not serve findings of the old code."""
    assert "engine.py:" in cache.code_stamp()
    before = cache.fingerprint("some text")
    monkeypatch.setattr(cache, "code_stamp", lambda: "engine.py:1:2")
    assert cache.fingerprint("some text") != before


def test_the_prefilter_is_built_once_per_rule_set(
    linter: Linter, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yeslint.prefilter

    assert linter.ruleset.fingerprint, "the session's rule set is loaded from files"
    built = yeslint.prefilter.prefilter_for(linter.ruleset)
    with monkeypatch.context() as patch:
        patch.setattr(yeslint.prefilter, "build_prefilter", None)  # a second build would now fail
        assert yeslint.prefilter.prefilter_for(linter.ruleset) == built
    cache.put_many([("prefilter:" + linter.ruleset.fingerprint, "not a prefilter")])
    assert yeslint.prefilter.prefilter_for(linter.ruleset) == built  # a stray entry is rebuilt
