"""JSON Schemas for rule files and lexicons: one definition that validates and documents."""

from __future__ import annotations

from typing import Any, Final

from yeslint.model import FAMILIES, Applicability, Level

_TOKEN_PATTERN: Final[dict[str, Any]] = {
    "type": "array",
    "minItems": 1,
    "items": {"type": "object", "minProperties": 1},
}
_DEPENDENCY_PATTERN: Final[dict[str, Any]] = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["RIGHT_ID", "RIGHT_ATTRS"],
        "properties": {
            "LEFT_ID": {"type": "string"},
            "REL_OP": {"type": "string"},
            "RIGHT_ID": {"type": "string", "pattern": "^[a-z_][a-z0-9_]*$"},
            "RIGHT_ATTRS": {"type": "object"},
        },
        "additionalProperties": False,
    },
}
_PHRASE_PATTERN: Final[dict[str, Any]] = {
    "type": "array",
    "minItems": 1,
    "items": {"type": "string", "minLength": 1},
}


def _one_of(extra: dict[str, Any]) -> dict[str, Any]:
    """A pattern is an object with exactly one kind key, plus optional modifiers."""
    kinds = {
        "token": _TOKEN_PATTERN,
        "dependency": _DEPENDENCY_PATTERN,
        "phrase": _PHRASE_PATTERN,
        "check": {"type": "string"},
        **extra,
    }
    modifiers = {
        "scope": {"enum": ["sentence", "match"]},
        "capture": {"type": "string"},
        "ignoring": {"type": "string"},
        "comment": {"type": "string"},
    }
    return {
        "type": "object",
        "properties": {**kinds, **modifiers},
        "additionalProperties": False,
        "minProperties": 1,
        "oneOf": [{"required": [key]} for key in kinds],
        "dependentRequired": {"ignoring": ["lexicon"]},  # only a word-list exception skips a list
    }


RULE_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["id", "name", "summary", "family", "level", "message", "why", "patterns", "examples"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[A-Z]{2,4}[0-9]{3}$"},
        "name": {"type": "string", "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"},
        "aliases": {"type": "array", "items": {"type": "string"}},
        "summary": {"type": "string", "minLength": 1},
        "family": {"enum": list(FAMILIES)},
        "level": {"enum": [level.value for level in Level]},
        "message": {"type": "string", "minLength": 1},
        "why": {"type": "string", "minLength": 1},
        "when_no_is_right": {"type": "string"},
        "patterns": {"type": "array", "minItems": 1, "items": _one_of({})},
        "exceptions": {
            "type": "array",
            "items": _one_of({"lexicon": {"type": "string"}}),
        },
        "requires": {
            "type": "array",
            "items": _one_of({"lexicon": {"type": "string"}}),
        },
        "rewrite": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "template": {
                    "oneOf": [
                        {"type": "string"},
                        {"type": "array", "minItems": 1, "items": {"type": "string"}},
                    ]
                },
                "replaces": {"enum": ["sentence", "match"]},
                "applicability": {"enum": [a.value for a in Applicability]},
                "alternative": {"type": "string"},
                "hint": {"type": "string"},
            },
            "anyOf": [{"required": ["template"]}, {"required": ["hint"]}],
        },
        "examples": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "minProperties": 1,
                "properties": {"bad": {"type": "string"}, "good": {"type": "string"}},
            },
        },
    },
}

LEXICON_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["name", "description", "terms"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "pattern": "^[a-z][a-z0-9_-]*$"},
        "description": {"type": "string"},
        "terms": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
        "reach": {
            "enum": ["sentence", "item"],
            "description": "sentence (default): a term anywhere in the exception's region counts; "
            "item: for a prohibition, a term inside another 'no' item of the sentence does not "
            "('no glass' in 'No cameras, no glass').",
        },
        "goods": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "terms that also name what a business sells or hands over: where one "
            "names the thing a rule refuses ('Walk-in vaccinations are not available'), it is the "
            "goods, not a reason; elsewhere ('not without a vaccination record') it counts as a term.",
        },
    },
}
