"""Options shared by several commands, so their help text and parsing stay the same."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from yeslint.config import Config, find_config, is_excluded, load_config, resolve_rules, settings_for
from yeslint.engine import Linter
from yeslint.errors import YeslintError
from yeslint.model import Level
from yeslint.rulepack import RuleSet, load_ruleset

RulePackOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rule-pack",
        help="Extra rule pack folder (YAML rules, lexicons/ beside them); repeatable.",
        show_default=False,
    ),
]
SelectOption = Annotated[
    list[str] | None,
    typer.Option(help="Only these rules (ids, names or families; comma-separated).", show_default=False),
]
IgnoreOption = Annotated[
    list[str] | None,
    typer.Option(help="Skip these rules (ids, names or families; comma-separated).", show_default=False),
]
StdinFilenameOption = Annotated[
    str | None,
    typer.Option(help="Name reported for stdin; its suffix picks the format (.md, .html, .txt)."),
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model", help="spaCy pipeline to use (default: en_core_web_sm if installed, else the bundled one)."
    ),
]


def use_color(no_color: bool, stream: object = sys.stdout) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    if no_color or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def ruleset_for(rule_packs: list[Path] | None) -> RuleSet:
    """Built-in rules, the project config's rule packs, then packs named on the command line."""
    project = find_config(Path.cwd()) or Config()
    return load_ruleset([*project.rule_packs, *(rule_packs or ())])


ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config", help="Use this config file only (.yeslint.yaml, .yeslint.toml or pyproject.toml)."
    ),
]
IsolatedOption = Annotated[bool, typer.Option("--isolated", help="Ignore every config file.")]
ForceExcludeOption = Annotated[
    bool,
    typer.Option(
        "--force-exclude", help="Apply the config's exclude to files named on the command line too."
    ),
]


def build_linter(
    *,
    config_path: Path | None,
    isolated: bool,
    select: list[str] | None,
    ignore: list[str] | None,
    rule_packs: list[Path] | None,
    model: str | None,
    min_level: Level | None = None,
    force_exclude: bool = False,
    use_cache: bool = True,
    jobs: int | None = None,
) -> Linter:
    """Layer defaults, config files and CLI flags into a `Linter` (see `yeslint.config`)."""
    if not use_cache:
        os.environ["YESLINT_NO_CACHE"] = "1"  # the rule-set cache reads it too
    if isolated:
        forced: Config | None = Config()
    elif config_path is not None:
        if config_path.is_dir():
            raise YeslintError(
                "is a folder; --config takes a file (.yeslint.toml, .yeslint.yaml or pyproject.toml)",
                config_path,
            )
        if not config_path.is_file():
            raise YeslintError("config file not found", config_path)
        forced = load_config(config_path)
        if forced is None:
            raise YeslintError("has no [tool.yeslint] table", config_path)
    else:
        forced = None
    project = forced or find_config(Path.cwd()) or Config()
    ruleset = load_ruleset([*project.rule_packs, *(rule_packs or ())])
    cli = Config(
        select=tuple(select) if select else None,
        ignore=tuple(ignore or ()),
        min_level=min_level,
    )
    resolve_rules(ruleset, [*cli.ignore, *(cli.select or ())])  # fail early on a typo

    def config_for(path: Path) -> Config:
        return forced or find_config(path) or Config()

    return Linter(
        ruleset,
        model=model or project.model,
        settings=lambda path: settings_for(ruleset, config_for(path), path, cli),
        excluded=lambda path: is_excluded(config_for(path), path),
        force_exclude=force_exclude or project.force_exclude,
        use_cache=use_cache,
        jobs=jobs if jobs is not None else default_jobs(),
    )


def default_jobs() -> int:
    """All the CPUs this process may use; large runs fork that many parsers."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Neither read nor write the cache of rules and findings.")
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", min=1, help="Parser processes for large runs (default: the number of CPUs)."
    ),
]
