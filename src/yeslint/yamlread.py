"""YAML with line numbers and YAML 1.2 booleans, for rule packs and config files.

A module of its own so that PyYAML is imported only when a file is actually read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from yeslint.errors import YeslintError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses ~10x faster


class RuleLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """YAML 1.2 booleans: only true/false. Rule authors write ``LOWER: no`` and mean the word."""


RuleLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
RuleLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


_SCALARS = RuleLoader("")


def _scalar(node: yaml.Node) -> Any:
    return _SCALARS.construct_object(node, deep=True)


def _to_python(node: yaml.Node, path: str, lines: dict[str, int]) -> Any:
    """Build plain data from a composed YAML node, remembering each key's line."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{path}/{key}" if path else key
            result[key] = _to_python(value_node, child, lines)
            lines[child] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(item, f"{path}/{i}" if path else str(i), lines) for i, item in enumerate(node.value)
        ]
    return _scalar(node)


def read_yaml(path: Path, with_lines: bool = True) -> tuple[Any, dict[str, int]]:
    """Parse a YAML file into data plus a map from key paths to 1-based line numbers.

    Without ``with_lines`` libyaml builds the data directly, several times faster: for
    files known to be valid (the built-in pack), where no line will ever be reported.
    """
    try:
        text = path.read_text(encoding="utf-8")
        if not with_lines:
            return yaml.load(text, Loader=RuleLoader), {}
        node = yaml.compose(text, Loader=RuleLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YeslintError(f"invalid YAML: {exc.problem or exc}", path, line) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise YeslintError(f"cannot read: {exc}", path) from None
    lines: dict[str, int] = {}
    if node is None:
        return None, lines
    return _to_python(node, "", lines), lines
