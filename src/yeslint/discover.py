"""Expand the paths given on the command line into the text files to check."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from yeslint.errors import YeslintError
from yeslint.load import SUFFIX_KINDS

if TYPE_CHECKING:
    import pathspec

ALWAYS_SKIPPED_DIRS: frozenset[str] = frozenset(
    {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox"}
)
"""Folders that never hold customer-facing copy, skipped even without a .gitignore."""


def _gitignore_spec(directory: Path) -> pathspec.GitIgnoreSpec | None:
    ignore_file = directory / ".gitignore"
    try:
        lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    import pathspec  # only where a .gitignore exists

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _absolute(path: Path) -> Path:
    """Absolute and free of ``..``, but symlinks kept, so paths below stay relative to it."""
    return Path(os.path.abspath(path))  # noqa: PTH100 - resolve() would follow symlinks


def _ancestor_specs(root: Path) -> list[tuple[Path, pathspec.GitIgnoreSpec]]:
    """The .gitignore files above ``root`` up to its repository's top, outermost first.

    ``yeslint check docs`` from a repository must skip what the top-level .gitignore
    ignores in ``docs/``, as git would. Outside a repository only ``root``'s own counts.
    """
    start = _absolute(root)
    if (start / ".git").exists():
        return []
    ancestors: list[Path] = []
    for directory in start.parents:
        ancestors.append(directory)
        if (directory / ".git").exists():
            break
    else:
        return []
    specs: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
    for directory in reversed(ancestors):
        spec = _gitignore_spec(directory)
        if spec is not None:
            specs.append((directory, spec))
    if _is_ignored(start, True, specs):  # a folder named on the command line is still checked
        return []
    return specs


def _is_ignored(path: Path, is_dir: bool, specs: list[tuple[Path, pathspec.GitIgnoreSpec]]) -> bool:
    ignored = False
    absolute = _absolute(path)
    for base, spec in specs:  # later (deeper) .gitignore files override earlier ones
        rel = absolute.relative_to(base).as_posix() + ("/" if is_dir else "")
        result = spec.check_file(rel)
        if result.include is not None:
            ignored = bool(result.include)
    return ignored


ENVIRONMENT_MARKERS: tuple[str, ...] = ("pyvenv.cfg", "conda-meta")
"""What every Python virtual environment and conda environment holds at its top, whatever
the folder is called: their installed packages' READMEs and licences are not the site's copy."""


def _is_environment(directory: Path) -> bool:
    return any((directory / marker).exists() for marker in ENVIRONMENT_MARKERS)


def _walk(root: Path) -> Iterator[Path]:
    """Yield text files below ``root`` in a stable order, honouring nested .gitignore files."""
    stack: list[tuple[Path, list[tuple[Path, pathspec.GitIgnoreSpec]]]] = [(root, _ancestor_specs(root))]
    seen: set[tuple[int, int]] = set()
    while stack:
        directory, inherited = stack.pop()
        try:
            stat = directory.stat()
        except OSError:
            continue
        if (stat.st_dev, stat.st_ino) in seen:  # a symlink loop
            continue
        seen.add((stat.st_dev, stat.st_ino))
        spec = _gitignore_spec(directory)
        specs = [*inherited, (_absolute(directory), spec)] if spec else inherited
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        subdirs: list[Path] = []
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir:
                if (
                    entry.name not in ALWAYS_SKIPPED_DIRS
                    and not _is_environment(path)
                    and not _is_ignored(path, True, specs)
                ):
                    subdirs.append(path)
            elif (
                path.suffix.lower() in SUFFIX_KINDS
                and not _is_ignored(path, False, specs)
                and entry.is_file()  # skips dangling symlinks
            ):
                yield path
        stack.extend((d, specs) for d in reversed(subdirs))


def discover(paths: list[Path]) -> Iterator[Path | YeslintError]:
    """Files named on the command line are always checked; folders are searched for text files.

    A folder with nothing to check is yielded as an error rather than raised, so the other
    paths of the run are still checked and reported.
    """
    for path in paths:
        if path.is_dir():
            found = False
            for file in _walk(path):
                found = True
                yield file
            if not found:
                yield YeslintError(
                    "no text files found here (looked for " + " ".join(sorted(SUFFIX_KINDS)) + ")",
                    path,
                )
        else:
            yield path
