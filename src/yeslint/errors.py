"""The one exception type the CLI turns into a one-line message and exit code 2."""

from __future__ import annotations

from pathlib import Path


class YeslintError(Exception):
    """Bad input, configuration or rule files: the user's to fix, never a crash.

    ``str()`` is always a single line, ``path:line: message``, so the CLI can
    print it as is and CI logs stay greppable.
    """

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None) -> None:
        self.message = " ".join(message.split())
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message
