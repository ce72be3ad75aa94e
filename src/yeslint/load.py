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
    ".mdx": Kind.MARKDOWN,
    ".html": Kind.HTML,
    ".htm": Kind.HTML,
    ".xhtml": Kind.HTML,
}

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
"""Customer-facing copy is small, but a whole site exported as one text file may reach tens of
megabytes; beyond this a file is almost always a stray log or dump."""

BOM_ENCODINGS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),  # before UTF-16 LE, whose mark it starts with
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
"""Byte-order marks that name their encoding exactly, so such files decode without guessing.

Other encodings (Latin-1, Windows-1252...) carry no such mark; guessing them could garble
a word, so they get a clear error instead. `fixer.encode_like` writes the same mark back.
"""


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The UTF-16/32 encoding a byte-order mark names, and the mark's length."""
    for mark, encoding in BOM_ENCODINGS:
        if data.startswith(mark):
            return encoding, len(mark)
    return None


def kind_for(name: str | Path) -> Kind:
    """Pick the format from the suffix; unknown suffixes are read as plain text."""
    return SUFFIX_KINDS.get(Path(name).suffix.lower(), Kind.TEXT)


def decode(data: bytes, where: str) -> str:
    """Decode strict UTF-8, or UTF-16/32 with a BOM (the mark is dropped); never garble text."""
    if (marked := bom_encoding(data)) is not None:
        return _decode_marked(data, where, *marked)
    if not data.strip():
        if not data:
            raise YeslintError("file is empty", where)
        return data.decode("ascii")
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


def _decode_marked(data: bytes, where: str, encoding: str, mark: int) -> str:
    name = encoding.split("-")[0].upper() + "-" + encoding.split("-")[1]
    try:
        text = data[mark:].decode(encoding)
    except UnicodeDecodeError as exc:
        raise YeslintError(
            f"starts with a {name} byte-order mark but is not valid {name} (at byte {exc.start + mark})",
            where,
        ) from None
    if not text:
        raise YeslintError("file is empty", where)
    if "\x00" in text:
        raise YeslintError("looks like a binary file (contains NUL characters), not text", where)
    # Any even run of bytes decodes as UTF-16, binary data after a stray mark included (as
    # CJK-looking nonsense). English copy is mostly ASCII; text that is not was misread.
    if sum(ch < "\x80" for ch in text) * 2 < len(text):
        raise YeslintError(f"starts with a {name} byte-order mark but does not read as {name} text", where)
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
