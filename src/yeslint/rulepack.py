"""Load and validate rule packs: one YAML file a rule, lexicons beside them.

Every problem is reported as ``file:line: what is wrong`` before any text is checked, so a
typo in a rule never turns into a silent miss or a traceback halfway through a run.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yeslint.errors import YeslintError
from yeslint.model import FAMILIES, Applicability, Level
from yeslint.schema import LEXICON_SCHEMA, RULE_SCHEMA

if TYPE_CHECKING:  # jsonschema loads only when a pack is validated, not on a cached start
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

BUILTIN_PACK = "core"
LEXICON_DIR = "lexicons"
PLACEHOLDER = re.compile(r"\{(\w+)((?:\|\w+)*)\}")
"""``{name|filter|...}`` in a message or template: read here to check them, in `suggest` to fill them."""
DERIVED_SLOTS = frozenset(
    {
        "notice",
        "open_until",
        "keep_free",
        "in_time",
        "we_take",
        "just_for_you",
        "patient_while",
        "best_effort",
        "without_only",
        "flip_condition",
        "by_deadline",
        "bounds",
        "one_at_a_time",
    }
)
"""Slots `suggest.py` reads off the whole sentence rather than a capture; a template that uses
one is skipped when the sentence does not have it."""


@dataclass(frozen=True, slots=True)
class Example:
    bad: str | None
    good: str | None


@dataclass(frozen=True, slots=True)
class Rewrite:
    templates: tuple[str, ...]
    """Tried in order; the first whose placeholders the match captured, and that keeps every
    number of the sentence, is the suggestion. One rule can so serve several sentence shapes."""
    replaces: str
    applicability: Applicability
    alternative: str | None
    hint: str | None


@dataclass(frozen=True, slots=True)
class Rule:
    """A validated rule; patterns stay plain data until `match.py` compiles them."""

    id: str
    name: str
    summary: str
    family: str
    level: Level
    message: str
    why: str
    when_no_is_right: str
    patterns: tuple[dict[str, Any], ...]
    exceptions: tuple[dict[str, Any], ...]
    requires: tuple[dict[str, Any], ...]
    rewrite: Rewrite | None
    examples: tuple[Example, ...]
    aliases: tuple[str, ...]
    pack: str
    path: Path
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def precedence(self) -> int:
        return FAMILIES.index(self.family)

    def line_of(self, *keys: str | int) -> int | None:
        return self.lines.get("/".join(str(k) for k in keys))


@dataclass(frozen=True, slots=True)
class Lexicon:
    name: str
    description: str
    terms: tuple[str, ...]
    path: Path
    reach: str = "sentence"
    """"item": a term in another "no" item of a list ("No cameras, no glass") does not count
    for the match; reasons reach only their own item, while a friendly word sets the tone of
    the whole sentence ("No contracts, no guilt")."""
    goods: frozenset[str] = frozenset()
    """Terms that also name what a business sells or hands over ("prescription", "vaccination"):
    where they name the thing a rule refuses, they are the goods, not a reason (see
    `yeslint.match._refused_goods`). Every one of them is also a term."""


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    lexicons: dict[str, Lexicon]
    fingerprint: str = ""
    """A hash of every file the set was read from: the cache key for anything derived from it."""

    def names(self) -> frozenset[str]:
        """Every id, name and alias a directive or an option may use for a rule."""
        return frozenset(name for rule in self.rules for name in (rule.id, rule.name, *rule.aliases))

    def find(self, key: str) -> Rule | None:
        """Look a rule up by id, name or alias, ignoring case."""
        wanted = key.strip().lower()
        for rule in self.rules:
            if wanted in (rule.id.lower(), rule.name, *(a.lower() for a in rule.aliases)):
                return rule
        return None


def read_yaml(path: Path, with_lines: bool = True) -> tuple[Any, dict[str, int]]:
    """Parse a YAML file into data plus a map from key paths to 1-based line numbers.

    PyYAML loads only here: a run whose rule set comes from the cache never needs it.
    """
    from yeslint.yamlread import read_yaml as read

    return read(path, with_lines)


def _line_for(lines: dict[str, int], parts: Iterable[Any]) -> int | None:
    keys = [str(p) for p in parts]
    while keys:
        if (line := lines.get("/".join(keys))) is not None:
            return line
        keys.pop()
    return lines.get("")


def _unknown_key(error: ValidationError) -> str | None:
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return None
    extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
    return extra[0] if extra else None


def _describe(error: ValidationError) -> str:
    where = "/".join(str(p) for p in error.absolute_path)
    if (key := _unknown_key(error)) is not None:
        allowed = ", ".join(error.schema.get("properties", {}))
        return f"unknown key {key!r}{' in ' + where if where else ''} (allowed: {allowed})"
    where = where or "top level"
    if error.validator == "enum":
        return f"{where}: {error.instance!r} is not one of {', '.join(map(str, error.validator_value))}"
    if error.validator == "required":
        return f"{where}: {error.message}"
    return f"{where}: {error.message}"


@functools.cache
def _validator(schema_id: int) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_SCHEMAS[schema_id])


_SCHEMAS: dict[int, dict[str, Any]] = {}


def validate(data: Any, schema: dict[str, Any], path: Path, lines: dict[str, int]) -> None:
    _SCHEMAS.setdefault(id(schema), schema)
    errors = list(_validator(id(schema)).iter_errors(data))
    if errors:
        # a misspelt key ("mesage") also makes the real one look missing: name the typo
        from jsonschema.exceptions import best_match

        unknown = [e for e in errors if _unknown_key(e) is not None]
        error = best_match(unknown or errors)
        parts = list(error.absolute_path)
        if (key := _unknown_key(error)) is not None:
            parts.append(key)
        raise YeslintError(_describe(error), path, _line_for(lines, parts))


def _as_tuple(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def readable_template(template: str) -> str:
    """A template as a person reads it: "Yes, we take <method>!" for "Yes, we take {method|lower}!"."""
    return PLACEHOLDER.sub(lambda found: "<" + found.group(1).replace("_", " ") + ">", template)


def placeholders(text: str) -> set[str]:
    """The capture names a template needs (``after_X`` and friends need ``X``)."""
    names = set()
    for name, _ in PLACEHOLDER.findall(text):
        names.add(name.partition("_")[2] if name.startswith(("after_", "before_", "subtree_")) else name)
    return names - {"match", "sentence"} - DERIVED_SLOTS


def _check_placeholders(rule: Rule) -> None:
    """Fail at load time when a pattern could never fill any template, alternative or hint.

    With one template, every pattern must capture all its placeholders; with a list, every
    pattern must be able to fill at least one of them (the others are skipped at run time).
    """
    if rule.rewrite is None:
        return
    for pattern_index, pattern in enumerate(rule.patterns):
        defined = captures_of(pattern)
        checks = (
            [("template", t) for t in rule.rewrite.templates[:1]] if len(rule.rewrite.templates) == 1 else []
        )
        if len(rule.rewrite.templates) > 1 and not any(
            placeholders(t) <= defined for t in rule.rewrite.templates
        ):
            raise YeslintError(
                f"no rewrite.template can be filled from pattern {pattern_index}'s captures",
                rule.path,
                rule.line_of("rewrite", "template"),
            )
        checks += [(key, getattr(rule.rewrite, key) or "") for key in ("alternative", "hint")]
        for key, text in checks:
            missing = placeholders(text) - defined
            if missing:
                raise YeslintError(
                    f"rewrite.{key} uses {{{sorted(missing)[0]}}}, "
                    f"which pattern {pattern_index} does not capture",
                    rule.path,
                    rule.line_of("rewrite", key),
                )


def captures_of(pattern: dict[str, Any]) -> set[str]:
    if "token" in pattern:
        return {str(t["capture"]) for t in pattern["token"] if "capture" in t}
    if "dependency" in pattern:
        return {str(node["RIGHT_ID"]) for node in pattern["dependency"]}
    return set()


def _build_rule(
    data: dict[str, Any], path: Path, lines: dict[str, int], pack: str, check: bool = True
) -> Rule:
    if path.stem != data["id"]:
        raise YeslintError(f"rule id {data['id']!r} must match the file name", path, lines.get("id"))
    raw = data.get("rewrite")
    rewrite = None
    if raw is not None:
        rewrite = Rewrite(
            templates=_as_tuple(raw.get("template")),
            replaces=raw.get("replaces", "sentence"),
            applicability=Applicability(
                raw.get("applicability", "unsafe" if raw.get("template") else "display-only")
            ),
            alternative=raw.get("alternative"),
            hint=raw.get("hint"),
        )
    examples = tuple(Example(e.get("bad"), e.get("good")) for e in data["examples"])
    if not any(e.bad for e in examples) or not any(e.good for e in examples):
        raise YeslintError("examples need at least one 'bad' and one 'good'", path, lines.get("examples"))
    rule = Rule(
        id=data["id"],
        name=data["name"],
        summary=data["summary"].strip(),
        family=data["family"],
        level=Level(data["level"]),
        message=data["message"].strip(),
        why=" ".join(data["why"].split()),
        when_no_is_right=" ".join(data.get("when_no_is_right", "").split()),
        patterns=tuple(data["patterns"]),
        exceptions=tuple(data.get("exceptions", ())),
        requires=tuple(data.get("requires", ())),
        rewrite=rewrite,
        examples=examples,
        aliases=tuple(data.get("aliases", ())),
        pack=pack,
        path=path,
        lines=lines,
    )
    _check_placeholders(rule)
    if check:  # compiling every RE2 pattern again costs a cold run; tests check the built-in ones
        _check_regexes(rule)
    return rule


def _check_regexes(rule: Rule) -> None:
    """Every REGEX must compile with RE2; the error points at the token or node that holds it."""
    from yeslint.saferegex import compile_regex, regexes_in

    sections = (("patterns", rule.patterns), ("exceptions", rule.exceptions), ("requires", rule.requires))
    for section, entries in sections:
        for index, entry in enumerate(entries):
            kind = "token" if "token" in entry else "dependency" if "dependency" in entry else None
            elements = entry.get(kind, []) if kind else [entry]
            for position, element in enumerate(elements):
                for pattern in regexes_in(element):
                    try:
                        compile_regex(pattern)
                    except ValueError as exc:
                        keys = (section, index, kind, position) if kind else (section, index)
                        line = rule.line_of(*keys) or rule.line_of(section, index)
                        raise YeslintError(str(exc), rule.path, line) from None


def _load_lexicons(
    directory: Path, check: bool, read: Callable[[Path], tuple[Any, dict[str, int]]]
) -> Iterator[Lexicon]:
    if not directory.is_dir():
        return
    for path in sorted(directory.glob("*.yml")):
        data, lines = read(path)
        if check:
            validate(data, LEXICON_SCHEMA, path, lines)
        if data["name"] != path.stem:
            raise YeslintError("lexicon name must match the file name", path, lines.get("name"))
        goods = tuple(" ".join(t.lower().split()) for t in data.get("goods", ()))
        terms = tuple(dict.fromkeys([*(" ".join(t.lower().split()) for t in data["terms"]), *goods]))
        reach = data.get("reach", "sentence")
        yield Lexicon(data["name"], data["description"].strip(), terms, path, reach, frozenset(goods))


def load_pack(directory: Path, pack: str, check: bool = True) -> tuple[list[Rule], list[Lexicon]]:
    """Read one pack folder: ``*.yml`` rules at the top, word lists in ``lexicons/``.

    ``check=False`` skips the schema, for the built-in pack only: the test suite validates
    it, and validating it again on a user's first run would cost half a second.
    """
    if not directory.is_dir():
        raise YeslintError("rule pack folder not found", directory)
    read = _reader(directory, check)
    rules: list[Rule] = []
    for path in sorted(directory.glob("*.yml")):
        data, lines = read(path)
        if check:
            validate(data, RULE_SCHEMA, path, lines)
        rules.append(_build_rule(data, path, lines, pack, check))
    return rules, list(_load_lexicons(directory / LEXICON_DIR, check, read))


def _reader(directory: Path, check: bool) -> Callable[[Path], tuple[Any, dict[str, int]]]:
    """Packs that are checked need line numbers from the YAML; the built-in one is read from
    its JSON snapshot where that is current (see `yeslint.snapshot`)."""
    if check:
        return functools.partial(read_yaml, with_lines=True)
    from yeslint.snapshot import Snapshot

    return Snapshot(directory).read


def builtin_pack_dir() -> Path:
    """The built-in pack, from the installed package data (works from any directory)."""
    root = importlib.resources.files("yeslint.rules") / BUILTIN_PACK
    return Path(str(root))


def _pack_files(directories: Iterable[Path]) -> Iterator[Path]:
    from yeslint.snapshot import pack_files

    for directory in directories:
        yield from pack_files(directory)


def load_ruleset(extra_packs: Iterable[Path] = ()) -> RuleSet:
    """Built-in rules first, then each extra pack; ids must be unique across all of them.

    Validating a team's YAML files takes time; the validated set is cached under
    a hash of the files' bytes, so an unchanged pack loads in milliseconds.
    """
    from yeslint import cache

    # a pack named both in config and on the command line is one pack, loaded once
    unique = {directory.resolve(): directory for directory in extra_packs}
    for directory in unique.values():
        if not directory.is_dir():
            raise YeslintError("rule pack folder not found", directory)
    folders = [builtin_pack_dir(), *unique.values()]
    try:
        parts = [str(p).encode() + b"\0" + p.read_bytes() for p in _pack_files(folders)]
    except OSError:
        parts = []
    key = "ruleset:" + cache.fingerprint(*parts) if parts else ""
    if key and isinstance(cached := cache.get(key), RuleSet):
        return cached
    ruleset = _load_ruleset(unique.values())
    ruleset = RuleSet(ruleset.rules, ruleset.lexicons, key)
    if key:
        cache.put_many([(key, ruleset)])
    return ruleset


def _load_ruleset(extra_packs: Iterable[Path]) -> RuleSet:
    rules, lexicons = load_pack(builtin_pack_dir(), BUILTIN_PACK, check=False)
    for directory in extra_packs:
        more_rules, more_lexicons = load_pack(directory, directory.name)
        rules += more_rules
        lexicons += more_lexicons
    seen: dict[str, Rule] = {}
    for rule in rules:
        for key in (rule.id, rule.name):
            if key in seen and seen[key] is not rule:
                raise YeslintError(f"{key!r} is already defined in {seen[key].path}", rule.path, 1)
            seen[key] = rule
    lexicon_map: dict[str, Lexicon] = {}
    for lexicon in lexicons:
        if lexicon.name in lexicon_map:  # a team's list extends the built-in one of that name
            old = lexicon_map[lexicon.name]
            terms = old.terms + lexicon.terms
            goods = old.goods | lexicon.goods
            lexicon = Lexicon(lexicon.name, old.description, terms, lexicon.path, old.reach, goods)
        lexicon_map[lexicon.name] = lexicon
    # the built-in rules' references are checked by the tests, not on every first run
    _check_lexicon_references([rule for rule in rules if rule.pack != BUILTIN_PACK], lexicon_map)
    return RuleSet(tuple(sorted(rules, key=lambda r: r.id)), lexicon_map)


_LEXICON_REF = re.compile(r"^\$([a-z][a-z0-9_-]*)$")


def lexicon_name(value: Any) -> str | None:
    """``"$payment"`` inside a token attribute names a lexicon; a bare ``"$"`` is a dollar sign."""
    match = _LEXICON_REF.match(value) if isinstance(value, str) else None
    return match.group(1) if match else None


def lexicon_references(value: Any) -> Iterator[str]:
    """Names referenced as ``$name`` inside token attributes, or by ``lexicon:`` exceptions
    (and their ``ignoring:`` lists)."""
    if (name := lexicon_name(value)) is not None:
        yield name
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in ("lexicon", "ignoring") and isinstance(item, str):
                yield item
            else:
                yield from lexicon_references(item)
    elif isinstance(value, list):
        for item in value:
            yield from lexicon_references(item)


def _check_lexicon_references(rules: list[Rule], lexicons: dict[str, Lexicon]) -> None:
    for rule in rules:
        sections = (("patterns", rule.patterns), ("exceptions", rule.exceptions), ("requires", rule.requires))
        for key, entries in sections:
            for index, entry in enumerate(entries):
                for name in lexicon_references(entry):
                    if name not in lexicons:
                        raise YeslintError(
                            f"unknown lexicon {name!r} (known: {', '.join(sorted(lexicons))})",
                            rule.path,
                            rule.line_of(key, index),
                        )
