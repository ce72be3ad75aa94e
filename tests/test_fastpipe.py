"""The sped-up components must annotate exactly as spaCy's stock ones do.

`yeslint.fastpipe` replaces two slow steps with lookups; if it ever disagreed with spaCy on
a tag, a lemma or a morphological feature, rules would match differently. So every token
attribute is compared, on every sentence of the rule fixtures and the bundled examples.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from yeslint import fastpipe
from yeslint.engine import Linter
from yeslint.fastpipe import FastRuler, speed_up

ROOT = Path(__file__).resolve().parents[1]


def _fixture_sentences() -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "tests" / "fixtures" / "rules").glob("*.yml")):
        for case in (yaml.safe_load(path.read_text(encoding="utf-8")).get("cases") or {}).values():
            texts.extend(v for k, v in case.items() if k in ("fail", "pass") and isinstance(v, str))
    for path in sorted((ROOT / "examples").rglob("*")):
        if path.suffix in {".txt", ".md", ".html"}:
            texts.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return texts


SENTENCES = _fixture_sentences()


def _annotations(doc: object) -> list[tuple[object, ...]]:
    return [
        (t.text, t.whitespace_, t.norm_, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.is_space)
        for t in doc  # type: ignore[attr-defined]
    ]


@pytest.fixture(scope="module")
def stock(linter: Linter) -> object:
    import spacy

    from yeslint.nlp import UNUSED_PIPES

    return spacy.load(linter.model_name(), exclude=list(UNUSED_PIPES))


def test_enough_sentences_to_mean_something() -> None:
    assert len(SENTENCES) > 500


@pytest.mark.parametrize("memo_limit", [fastpipe.MEMO_LIMIT, 7], ids=["memo", "memo-cleared-often"])
def test_fast_components_annotate_like_stock_ones(
    linter: Linter, stock: object, memo_limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fastpipe, "MEMO_LIMIT", memo_limit)
    fast = linter.compiled().nlp
    assert isinstance(fast.get_pipe("attribute_ruler").match.__self__, FastRuler)
    want = [_annotations(doc) for doc in stock.pipe(SENTENCES)]  # type: ignore[attr-defined]
    got = [_annotations(doc) for doc in fast.pipe(SENTENCES)]
    mismatched = [text for text, a, b in zip(SENTENCES, want, got, strict=True) if a != b]
    assert mismatched == []


def test_lemma_index_becomes_sets(linter: Linter) -> None:
    table = linter.compiled().nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(value, frozenset) for value in table.values())


def test_speed_up_is_harmless_twice(stock: object) -> None:
    """Applying it to an already sped-up pipeline keeps working (the model is cached per process)."""
    import copy

    twice = speed_up(speed_up(copy.deepcopy(stock)))  # type: ignore[arg-type]
    doc = twice("We do not accept returns after 30 days.")
    assert [t.pos_ for t in doc][:4] == ["PRON", "AUX", "PART", "VERB"]


def test_tokenizer_is_built_once_from_the_pipeline_files(linter: Linter, stock: object) -> None:
    """The tokenizer is filled from the saved one instead of being built twice; it must end
    up the same: same special cases, same affix rules (every token is compared above)."""
    from yeslint.nlp import SERIALISED_TOKENIZER

    fast = linter.compiled().nlp
    assert fast.config["nlp"]["tokenizer"]["@tokenizers"] == SERIALISED_TOKENIZER
    theirs = stock.tokenizer  # type: ignore[attr-defined]
    assert fast.tokenizer.rules == theirs.rules
    assert fast.tokenizer.faster_heuristics == theirs.faster_heuristics
    for attribute in ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match"):
        assert _pattern(getattr(fast.tokenizer, attribute)) == _pattern(getattr(theirs, attribute))


def _pattern(search: object) -> str | None:
    """The regular expression behind a tokenizer's bound ``search``/``match`` method."""
    return None if search is None else search.__self__.pattern  # type: ignore[attr-defined]


def test_pipelines_without_a_saved_stock_tokenizer_load_as_spacy_would(tmp_path: Path) -> None:
    import spacy

    from yeslint.nlp import _tokenizer_override

    assert _tokenizer_override(spacy, str(tmp_path)) == {}
    assert _tokenizer_override(spacy, "no_such_pipeline_package") == {}
    assert _tokenizer_override(spacy, "this") == {}  # a module, not a pipeline: never imported
    assert "this" not in sys.modules
    (tmp_path / "config.cfg").write_text(
        '[nlp]\nlang = "en"\n\n[nlp.tokenizer]\n@tokenizers = "spacy.Tokenizer.v1"\n'
    )
    assert _tokenizer_override(spacy, str(tmp_path)) == {}  # no saved tokenizer beside it
    (tmp_path / "tokenizer").write_bytes(b"")
    assert _tokenizer_override(spacy, str(tmp_path)) != {}
    with (tmp_path / "config.cfg").open("a") as config:
        config.write('\n[components]\n\n[components.mine]\nfactory = "my_own_component"\n')
    assert _tokenizer_override(spacy, str(tmp_path)) == {}  # it might tokenize while built
    (tmp_path / "config.cfg").write_text(
        '[nlp]\nlang = "ja"\n\n[nlp.tokenizer]\n@tokenizers = "spacy.ja.JapaneseTokenizer"\n'
    )
    assert _tokenizer_override(spacy, str(tmp_path)) == {}


def test_remembered_entry_points_answer_as_the_installed_ones(linter: Linter) -> None:
    """catalogue's lookups are kept per group; each answer must be the one it would compute."""
    import importlib.metadata

    import catalogue

    from yeslint.nlp import RememberedEntryPoints

    linter.compiled()  # spaCy is imported through yeslint.nlp
    remembered = catalogue.AVAILABLE_ENTRY_POINTS
    assert isinstance(remembered, RememberedEntryPoints)
    installed = importlib.metadata.entry_points()
    for group in ("spacy_factories", "spacy_languages", "srsly_msgpack_decoders", "console_scripts"):
        assert list(remembered.select(group=group)) == list(installed.select(group=group))
        assert remembered.select(group=group) is remembered.select(group=group)
