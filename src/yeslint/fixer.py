"""Apply fixes to text and write files back without ever losing a word.

Edits are applied in file order, each to the original text; an edit that overlaps one
already taken is skipped (the next run picks it up). Files are written through a temporary
file in the same folder and renamed over the original, so a crash or a full disk leaves
the original byte for byte as it was (sqlfluff's ``_safe_create_replace_file``).
"""

from __future__ import annotations

import contextlib
import difflib
import html
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from yeslint.errors import YeslintError
from yeslint.load import bom_encoding
from yeslint.model import Applicability, Edit, Finding, Kind, Source

UTF8_BOM = b"\xef\xbb\xbf"


def allowed(applicability: Applicability, unsafe: bool) -> bool:
    """Safe fixes always apply, unsafe ones on request, display-only ones never."""
    return applicability is Applicability.SAFE or (unsafe and applicability is Applicability.UNSAFE)


def _order(edit: Edit) -> tuple[int, int]:
    """File order; at one offset an insertion (an empty span) comes before a replacement."""
    return edit.span.start, edit.span.end


def _clash(before: Edit, after: Edit) -> bool:
    """Whether two edits, in file order, touch the same text or insert at the same point.

    Two insertions at one offset have no order of their own, so they clash too; an insertion
    just before a replacement, or just after one, does not.
    """
    if after.span.start < before.span.end:
        return True
    return before.span.start == before.span.end == after.span.start == after.span.end


def written_for(source: Source, start: int, text: str) -> str:
    """``text`` as it must be written into ``source`` at ``start`` to read as ``text``.

    Prose taken from HTML was decoded, so a rewrite goes back encoded: "&" and "<" in a
    text node, and quotes too inside an attribute (alt text), where "we'll" would
    otherwise end a single-quoted value. Plain text and Markdown take the text as it is.
    """
    if source.kind is not Kind.HTML:
        return text
    in_tag = source.text.rfind("<", 0, start) > source.text.rfind(">", 0, start)
    return html.escape(text, quote=in_tag)


def applicable_edits(findings: Iterable[Finding], unsafe: bool) -> list[Edit]:
    """The edits to apply, in file order, with clashing ones dropped (the first wins)."""
    edits: list[Edit] = []
    candidates = [e for f in findings if f.fix and allowed(f.fix.applicability, unsafe) for e in f.fix.edits]
    for edit in sorted(candidates, key=_order):
        if not edits or not _clash(edits[-1], edit):
            edits.append(edit)
    return edits


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply disjoint edits in file order, whatever order they come in.

    An insertion and a replacement at the same offset both apply, the inserted text first;
    edits that clash are a caller's bug (``applicable_edits`` never returns them): refused.
    """
    parts: list[str] = []
    here, previous = 0, None
    for edit in sorted(edits, key=_order):
        if previous is not None and _clash(previous, edit):
            raise ValueError(f"overlapping edits: {previous} and {edit}")
        parts += (text[here : edit.span.start], edit.replacement)
        here, previous = edit.span.end, edit
    parts.append(text[here:])
    return "".join(parts)


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def encode_like(original: bytes, text: str) -> bytes:
    """Encode as the original was: UTF-8 (with its byte-order mark if it had one) or UTF-16/32."""
    if (marked := bom_encoding(original)) is not None:
        encoding, mark = marked
        return original[:mark] + text.encode(encoding)
    data = text.encode("utf-8")
    return UTF8_BOM + data if original.startswith(UTF8_BOM) else data


def _unchanged(path: Path, expected: bytes, shown: Path) -> int:
    """The file's permission bits, once it is known to still hold ``expected`` and be writable."""
    try:
        current = path.read_bytes()
        mode = path.stat().st_mode & 0o7777
    except OSError as exc:
        raise YeslintError(f"not fixed: cannot read it again ({exc.strerror})", shown) from None
    if current != expected:
        raise YeslintError("not fixed: the file changed while yeslint was checking it", shown)
    # The mode bits too: root may write anything, and a rename would replace even a
    # read-only file, but the owner marked it read-only, so it is not ours to change.
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise YeslintError("not fixed: the file is read-only", shown)
    return mode


def write_atomically(path: Path, expected: bytes, data: bytes) -> None:
    """Replace ``path`` with ``data`` only if it still holds ``expected``; never half-write it.

    The check runs again just before the rename, so an editor saving the file while the
    temporary copy was written is caught too, and the temporary file goes whatever fails.
    A symbolic link stays a link: the file it points to is the one rewritten.
    """
    target = path.resolve()
    mode = _unchanged(target, expected, path)
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".yeslint-tmp", dir=target.parent
        )
    except OSError as exc:
        raise YeslintError(f"not fixed: cannot write beside it ({exc.strerror})", path) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        temp.chmod(mode)
        _unchanged(target, expected, path)
        temp.replace(target)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise YeslintError(f"not fixed: writing failed ({reason}); file left as it was", path) from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)  # gone already after a successful rename
