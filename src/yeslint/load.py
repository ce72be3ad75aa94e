"""Read files and stdin into `Source`s; the one place that decides what input is unusable."""

from __future__ import annotations

import sys
from pathlib import Path

from yeslint.errors import YeslintError
from yeslint.model import Kind, Source

SUFFIX_KINDS: dict[str, Kind] = {
    ".txt": Kind.TEXT,
    ".text": Kind.TEXT,
    ".md": Kind.MARKDOWN,
    ".markdown": Kind.MARKDOWN,
    ".mdown": Kind.MARKDOWN,
    ".mkd": Kind.MARKDOWN,
    ".html": Kind.HTML,
    ".htm": Kind.HTML,
    ".xhtml": Kind.HTML,
}

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
"""Customer-facing copy is small; a larger file is almost always a stray log or dump."""


def kind_for(name: str | Path) -> Kind:
    """Pick the format from the suffix; unknown suffixes are read as plain text."""
    return SUFFIX_KINDS.get(Path(name).suffix.lower(), Kind.TEXT)


def decode(data: bytes, where: str) -> str:
    """Decode strict UTF-8 (a BOM is dropped); refuse binary data instead of garbling it."""
    if not data.strip():
        if not data:
            raise YeslintError("file is empty", where)
        return data.decode("ascii")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YeslintError("is UTF-16 text; save it as UTF-8 and try again", where)
    if b"\x00" in data:  # anywhere: a NUL halfway down would otherwise reach the parsers
        raise YeslintError("looks like a binary file (contains NUL bytes), not text", where)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YeslintError(
            f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 and try again",
            where,
            line,
        ) from None
    if not text:  # a byte-order mark and nothing else
        raise YeslintError("file is empty", where)
    return text


def load_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read one file into a `Source`; every failure is a one-line `YeslintError`."""
    where = str(path)
    try:
        if path.is_dir():
            raise YeslintError("is a directory", where)
        size = path.stat().st_size
        if size > max_bytes:
            raise YeslintError(
                f"is {size / 1_048_576:.1f} MB, over the {max_bytes / 1_048_576:.0f} MB limit "
                "(--max-file-size)",
                where,
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise YeslintError("no such file or directory", where) from None
    except PermissionError:
        raise YeslintError("permission denied", where) from None
    except OSError as exc:
        raise YeslintError(exc.strerror or str(exc), where) from None
    return Source(path=path, text=decode(data, where), kind=kind_for(path), display_path=where)


def load_stdin(stdin_filename: str | None) -> Source:
    """Read all of stdin; ``--stdin-filename`` names it and picks its format."""
    name = stdin_filename or "-"
    data = sys.stdin.buffer.read()
    return load_text(decode(data, name), name)


def load_text(text: str, name: str = "<text>") -> Source:
    """Wrap a string (``--text``, tests, the accuracy benchmark) as a `Source`."""
    kind = kind_for(name) if name not in ("-", "<text>") else Kind.TEXT
    return Source(path=Path(name), text=text, kind=kind, display_path=name)
