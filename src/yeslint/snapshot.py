"""A JSON copy of the built-in pack's YAML, shipped beside it, so a first run skips YAML.

Parsing the built-in pack's hundred YAML files takes about 0.2 s even with libyaml, a
tenth of a cold run on a single page; the same data as JSON loads in a few milliseconds.
Each entry keeps the SHA-256 of the YAML bytes it was made from, and a file whose bytes
differ (a rule edited since the snapshot was refreshed) is read from its YAML: a stale
snapshot costs time, never a wrong rule. `tests/test_rulepack.py` keeps it fresh; refresh
it after editing the built-in rules with::

    python -m yeslint.snapshot
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SNAPSHOT_NAME = "snapshot.json"
FORMAT = 1


def pack_files(directory: Path) -> Iterator[Path]:
    """A pack's YAML in load order: rules at the top, then word lists in ``lexicons/``."""
    from yeslint.rulepack import LEXICON_DIR

    yield from sorted(directory.glob("*.yml"))
    yield from sorted((directory / LEXICON_DIR).glob("*.yml"))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _key(directory: Path, path: Path) -> str:
    return path.relative_to(directory).as_posix()


class Snapshot:
    """The parsed files of one pack folder, trusted only where the YAML bytes still match."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        try:
            stored = json.loads((directory / SNAPSHOT_NAME).read_text(encoding="utf-8"))
            self.entries: dict[str, Any] = stored["files"] if stored.get("format") == FORMAT else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}  # missing or damaged: every file is read from YAML

    def read(self, path: Path) -> tuple[Any, dict[str, int]]:
        """The file's data, from the snapshot if it is current, else parsed from the YAML."""
        from yeslint.rulepack import read_yaml

        entry = self.entries.get(_key(self.directory, path))
        try:
            current = isinstance(entry, dict) and entry.get("sha256") == _digest(path.read_bytes())
        except OSError:
            current = False  # let the YAML reader report the problem with its usual message
        return (entry["data"], {}) if current else read_yaml(path, with_lines=False)

    def stale(self) -> list[str]:
        """Files the snapshot lacks or holds an older version of, and entries with no file."""
        files = {_key(self.directory, p): _digest(p.read_bytes()) for p in pack_files(self.directory)}
        changed = [
            name for name, digest in files.items() if self.entries.get(name, {}).get("sha256") != digest
        ]
        return changed + sorted(set(self.entries) - set(files))


def build(directory: Path) -> dict[str, Any]:
    """Parse every YAML file of the pack afresh: the snapshot never copies itself."""
    from yeslint.rulepack import read_yaml

    files: dict[str, Any] = {}
    for path in pack_files(directory):
        data, _ = read_yaml(path, with_lines=False)
        files[_key(directory, path)] = {"sha256": _digest(path.read_bytes()), "data": data}
    return {"format": FORMAT, "files": files}


def write(directory: Path) -> Path:
    """Write the snapshot atomically, one file per line, so diffs show which rules changed."""
    snapshot = build(directory)
    lines = [
        f"{json.dumps(name)}: {json.dumps(entry, sort_keys=True, ensure_ascii=False)}"
        for name, entry in snapshot["files"].items()
    ]
    text = f'{{"format": {FORMAT}, "files": {{\n' + ",\n".join(lines) + "\n}}\n"
    target = directory / SNAPSHOT_NAME
    handle, temp_name = tempfile.mkstemp(prefix=f".{SNAPSHOT_NAME}.", dir=directory)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        temp.chmod(0o644)  # package data, readable by all like the YAML beside it
        temp.replace(target)
    finally:
        temp.unlink(missing_ok=True)
    return target


def main() -> int:
    from yeslint.rulepack import builtin_pack_dir

    target = write(builtin_pack_dir())
    print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
