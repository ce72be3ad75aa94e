"""Run rule authors' regular expressions in linear time, with RE2.

spaCy evaluates ``REGEX`` in token patterns with Python's backtracking ``re``, where a
pattern such as ``(a+)+$`` takes time that doubles with each character: one custom rule
could hang a CI run. yeslint compiles every ``REGEX`` with RE2 instead (google-re2), which
guarantees linear time, and checks it when the rule pack loads; what RE2 cannot express
(backreferences, look-around) is a load error naming the file and line.
"""

from __future__ import annotations

import functools
import hashlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Token

TOKEN_ATTRIBUTES: dict[str, str] = {
    "TEXT": "text",
    "ORTH": "text",
    "LOWER": "lower_",
    "NORM": "norm_",
    "LEMMA": "lemma_",
    "SHAPE": "shape_",
    "TAG": "tag_",
    "POS": "pos_",
    "DEP": "dep_",
    "MORPH": "morph",
}


@functools.cache
def compile_regex(pattern: str) -> Any:
    """Compile with RE2, silently; raise ValueError with RE2's reason when it cannot."""
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would print to stderr; yeslint reports one line itself
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise ValueError(
            f"REGEX {pattern!r} is not supported by the safe regex engine (RE2): {reason}"
        ) from None


def regexes_in(value: Any) -> list[str]:
    """Every ``{REGEX: ...}`` pattern inside a rule entry, for validation at load time."""
    if isinstance(value, dict):
        found = [value["REGEX"]] if isinstance(value.get("REGEX"), str) else []
        return found + [r for k, v in value.items() if k != "REGEX" for r in regexes_in(v)]
    if isinstance(value, list):
        return [r for item in value for r in regexes_in(item)]
    return []


def replace_regexes(spec: dict[str, Any]) -> dict[str, Any]:
    """Swap ``{ATTR: {REGEX: p}}`` for a token extension that RE2 evaluates."""
    from spacy.tokens import Token

    out = dict(spec)
    for attribute, value in spec.items():
        if not (isinstance(value, dict) and set(value) == {"REGEX"} and attribute in TOKEN_ATTRIBUTES):
            continue
        pattern = value["REGEX"]
        compiled = compile_regex(pattern)
        source = TOKEN_ATTRIBUTES[attribute]
        digest = hashlib.sha1(f"{attribute}\0{pattern}".encode()).hexdigest()[:16]
        name = f"yeslint_re_{digest}"
        if not Token.has_extension(name):

            def matches(token: Token, compiled: Any = compiled, source: str = source) -> bool:
                return compiled.search(str(getattr(token, source))) is not None

            Token.set_extension(name, getter=matches)
        del out[attribute]
        out.setdefault("_", {})[name] = True
    return out
