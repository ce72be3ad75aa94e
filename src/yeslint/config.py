"""Configuration: defaults < nearest config file (walking up from each checked file) < CLI.

Files, in the order one folder's files win: ``.yeslint.yaml`` / ``.yeslint.yml``,
``.yeslint.toml``, ``yeslint.toml``, ``pyproject.toml`` (its ``[tool.yeslint]`` table only). Keys are the
CLI flags' names; unknown keys and bad values are errors naming the file and line.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from yeslint.errors import YeslintError
from yeslint.model import Level
from yeslint.rulepack import RuleSet, read_yaml, validate

if TYPE_CHECKING:
    import pathspec

CONFIG_FILES: Final[tuple[str, ...]] = (
    ".yeslint.yaml",
    ".yeslint.yml",
    ".yeslint.toml",
    "yeslint.toml",
    "pyproject.toml",
)
"""Looked for in this order in each folder; ``yeslint.toml`` without the dot, as ruff reads
both ``.ruff.toml`` and ``ruff.toml``."""

_RULE_LIST = {"type": "array", "items": {"type": "string"}}
_LEVELS = {"type": "object", "additionalProperties": {"enum": [level.value for level in Level]}}
_OVERRIDE = {"select": _RULE_LIST, "ignore": _RULE_LIST, "extend-select": _RULE_LIST, "levels": _LEVELS}
CONFIG_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **_OVERRIDE,
        "include": {"type": "array", "items": {"type": "string"}},
        "exclude": {"type": "array", "items": {"type": "string"}},
        "rule-packs": {"type": "array", "items": {"type": "string"}},
        "model": {"type": "string"},
        "force-exclude": {"type": "boolean"},
        "min-level": {"enum": [level.value for level in Level]},
        "per-file": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": _OVERRIDE,
            },
        },
    },
}


@dataclass(frozen=True, slots=True)
class Config:
    """One configuration file's settings (or the defaults), with paths made absolute."""

    path: Path | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    levels: dict[str, str] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    rule_packs: tuple[Path, ...] = ()
    model: str | None = None
    force_exclude: bool = False
    min_level: Level | None = None
    per_file: tuple[tuple[str, dict[str, Any]], ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


@dataclass(frozen=True, slots=True)
class FileSettings:
    """What applies to one file once config, per-file overrides and the CLI are merged."""

    enabled: frozenset[str]
    levels: dict[str, Level]
    min_level: Level


def _toml_line(text: str, key: str, table: str | None) -> int | None:
    """The line of ``key =`` inside ``[table]`` (or its sub-tables); tomllib keeps no positions."""
    start, end = 0, len(text)
    if table is not None:
        header = re.search(rf"^\s*\[{re.escape(table)}(?:\.[^\]]*)?\]", text, re.M)
        if header is None:
            return None
        start = header.start()
        following = re.search(r"^\s*\[(?!" + re.escape(table) + r"[.\]])", text[header.end() :], re.M)
        end = header.end() + following.start() if following else len(text)
    match = re.search(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", text[start:end], re.M)
    return text[: start + match.start()].count("\n") + 1 if match else None


def _read(path: Path) -> tuple[dict[str, Any] | None, dict[str, int]]:
    """The raw settings in one file, or None for a pyproject.toml without [tool.yeslint]."""
    if path.suffix in (".yaml", ".yml"):
        data, yaml_lines = read_yaml(path)
        return (data if data is not None else {}), yaml_lines
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, _, where = str(exc).partition(" (at")
        line = re.search(r"line (\d+)", where)
        if line is not None:
            raise YeslintError(f"invalid TOML: {message}", path, int(line.group(1))) from None
        # "Unclosed array (at end of document)": the reader ran off the last line
        last = text.count("\n") + (not text.endswith("\n"))
        raise YeslintError(f"invalid TOML: {message} at the end of the file", path, max(last, 1)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise YeslintError(f"cannot read: {exc}", path) from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("yeslint")
        if data is None:
            return None, {}
    table = "tool.yeslint" if path.name == "pyproject.toml" else None
    lines: dict[str, int] = {}
    for key in _keys(data):
        if (number := _toml_line(text, key.rsplit("/", 1)[-1], table)) is not None:
            lines[key] = number
    return data, lines


def _keys(data: Any, prefix: str = "") -> list[str]:
    if not isinstance(data, dict):
        return []
    keys = []
    for key, value in data.items():
        path = f"{prefix}/{key}" if prefix else str(key)
        keys += [path, *_keys(value, path)]
    return keys


def load_config(path: Path) -> Config | None:
    """Read and validate one config file; None when a pyproject.toml has no yeslint table."""
    data, lines = _read(path)
    if data is None:
        return None
    validate(data, CONFIG_SCHEMA, path, lines)
    base = path.parent
    return Config(
        path=path,
        select=tuple(data["select"]) if "select" in data else None,
        extend_select=tuple(data.get("extend-select", ())),
        ignore=tuple(data.get("ignore", ())),
        levels=dict(data.get("levels", {})),
        include=tuple(data.get("include", ())),
        exclude=tuple(data.get("exclude", ())),
        rule_packs=tuple((base / p).resolve() for p in data.get("rule-packs", ())),
        model=data.get("model"),
        force_exclude=bool(data.get("force-exclude", False)),
        min_level=Level(data["min-level"]) if "min-level" in data else None,
        per_file=tuple(data.get("per-file", {}).items()),
        lines=lines,
    )


@functools.cache
def _config_in(directory: Path) -> Config | None:
    for name in CONFIG_FILES:
        candidate = directory / name
        if candidate.is_file() and (config := load_config(candidate)) is not None:
            return config
    return None


def find_config(start: Path) -> Config | None:
    """The closest config file at or above ``start`` (a file or folder)."""
    directory = start.resolve()
    if not directory.is_dir():
        directory = directory.parent
    for folder in (directory, *directory.parents):
        if (config := _config_in(folder)) is not None:
            return config
    return None


@functools.cache
def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def _matches(config: Config, path: Path, patterns: tuple[str, ...]) -> bool:
    """Globs read as .gitignore lines: "drafts" or "drafts/" mean the folder and all below it."""
    if not patterns:
        return False
    try:
        relative = path.resolve().relative_to(config.root.resolve()).as_posix()
    except ValueError:
        relative = path.as_posix()
    return _spec(patterns).match_file(relative)


def is_excluded(config: Config, path: Path) -> bool:
    """Exclude wins over include; with no include globs, every discovered file is included."""
    if _matches(config, path, config.exclude):
        return True
    return bool(config.include) and not _matches(config, path, config.include)


def resolve_rules(
    ruleset: RuleSet,
    keys: tuple[str, ...] | list[str],
    where: Config | None = None,
    key_name: str = "select",
) -> set[str]:
    """Rule ids for ids, names, aliases or family names; an unknown one is an error."""
    wanted: set[str] = set()
    for raw in keys:
        for key in filter(None, (k.strip() for k in raw.split(","))):
            if key.upper() == "ALL":
                wanted.update(r.id for r in ruleset.rules)
                continue
            family = {r.id for r in ruleset.rules if r.family == key.lower()}
            rule = ruleset.find(key)
            if not family and rule is None:
                path = where.path if where else None
                line = where.lines.get(key_name) if where else None
                raise YeslintError(f"unknown rule or family {key!r}; 'yeslint rules' lists them", path, line)
            wanted |= family or {rule.id}  # type: ignore[union-attr]
    return wanted


def settings_for(ruleset: RuleSet, config: Config, path: Path | None, cli: Config) -> FileSettings:
    """Merge config, its per-file overrides for ``path``, then the CLI's own choices."""
    layers = [config]
    if path is not None:
        for pattern, override in config.per_file:
            if _matches(config, path, (pattern,)):
                layers.append(
                    replace(
                        config,
                        select=tuple(override["select"]) if "select" in override else None,
                        extend_select=tuple(override.get("extend-select", ())),
                        ignore=tuple(override.get("ignore", ())),
                        levels=dict(override.get("levels", {})),
                    )
                )
    layers.append(cli)
    enabled = {r.id for r in ruleset.rules}
    levels: dict[str, Level] = {}
    min_level = config.min_level or Level.SUGGESTION
    for layer in layers:
        if layer.select is not None:
            enabled = resolve_rules(ruleset, layer.select, layer)
        enabled |= resolve_rules(ruleset, layer.extend_select, layer, "extend-select")
        enabled -= resolve_rules(ruleset, layer.ignore, layer, "ignore")
        for key, level in layer.levels.items():
            for rule_id in resolve_rules(ruleset, [key], layer, f"levels/{key}"):
                levels[rule_id] = Level(level)
    if cli.min_level is not None:
        min_level = cli.min_level
    return FileSettings(frozenset(enabled), levels, min_level)
