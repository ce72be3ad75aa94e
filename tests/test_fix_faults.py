"""Faults during ``yeslint fix``: the original stays byte for byte, no temp file is left, exit 2."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import Result

import yeslint.cli  # registers the commands before yeslint.commands.fix is read
import yeslint.commands.fix
import yeslint.fixer
from _workflow import fast_rules, run

__all__ = ["fast_rules"]

SIGN = b"Welcome in.\r\nNo refunds.\r\n"
GOOD = b"No refunds.\n"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_rules: None) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-sign.txt").write_bytes(SIGN)
    (tmp_path / "b-good.txt").write_bytes(GOOD)
    return tmp_path


def fix() -> Result:
    result = run("fix", "--unsafe-fixes", "--select", "PR001", "a-sign.txt", "b-good.txt")
    assert "Traceback" not in result.output
    return result


def assert_refused(result: Result, folder: Path, says: str) -> None:
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("yeslint: error:")]
    assert errors == [f"yeslint: error: a-sign.txt: not fixed: {says}"] or (
        len(errors) == 1
        and errors[0].startswith("yeslint: error: a-sign.txt: not fixed:")
        and says in errors[0]
    ), errors
    assert "not fixed: a-sign.txt" in result.stderr.splitlines()[-1]
    assert sorted(p.name for p in folder.iterdir()) == ["a-sign.txt", "b-good.txt"]  # no temp file
    assert b"gladly" in (folder / "b-good.txt").read_bytes()  # the other file was still fixed


def test_file_changed_between_read_and_write(_in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edited = b"Welcome in.\r\nNo refunds, sorry.\r\n"
    real = yeslint.commands.fix.apply_edits

    def edit_then_apply(text: str, edits: list[yeslint.fixer.Edit]) -> str:
        if "Welcome" in text:
            (_in_tmp / "a-sign.txt").write_bytes(edited)  # the owner saves while yeslint works
        return real(text, edits)

    monkeypatch.setattr(yeslint.commands.fix, "apply_edits", edit_then_apply)
    result = fix()
    assert_refused(result, _in_tmp, "the file changed while yeslint was checking it")
    assert (_in_tmp / "a-sign.txt").read_bytes() == edited


def test_file_changed_while_the_temp_file_was_written(_in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edited = b"Welcome in.\r\nNo refunds at all.\r\n"
    real_fsync = os.fsync

    def fsync_then_edit(fd: int) -> None:
        real_fsync(fd)
        if (_in_tmp / "a-sign.txt").read_bytes() == SIGN:
            (_in_tmp / "a-sign.txt").write_bytes(edited)

    monkeypatch.setattr(yeslint.fixer.os, "fsync", fsync_then_edit)
    result = fix()
    assert result.exit_code == 2
    assert (_in_tmp / "a-sign.txt").read_bytes() == edited
    assert sorted(p.name for p in _in_tmp.iterdir()) == ["a-sign.txt", "b-good.txt"]


def test_read_only_file(_in_tmp: Path) -> None:
    (_in_tmp / "a-sign.txt").chmod(0o444)
    try:
        result = fix()
        assert_refused(result, _in_tmp, "the file is read-only")
        assert (_in_tmp / "a-sign.txt").read_bytes() == SIGN
        assert (_in_tmp / "a-sign.txt").stat().st_mode & 0o777 == 0o444
    finally:
        (_in_tmp / "a-sign.txt").chmod(0o644)


def test_disk_full_during_write(_in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fsync = os.fsync
    calls: list[int] = []

    def full(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 1:  # a-sign.txt comes first
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(yeslint.fixer.os, "fsync", full)
    result = fix()
    assert_refused(result, _in_tmp, "writing failed (No space left on device); file left as it was")
    assert (_in_tmp / "a-sign.txt").read_bytes() == SIGN


def test_rename_fails(_in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = Path.replace

    def failing(self: Path, target: str | Path) -> Path:
        if Path(target).name == "a-sign.txt":
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", failing)
    result = fix()
    assert_refused(result, _in_tmp, "writing failed (Input/output error)")
    assert (_in_tmp / "a-sign.txt").read_bytes() == SIGN


def test_interrupt_during_write_leaves_no_temp_file(_in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(yeslint.fixer.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        yeslint.fixer.write_atomically(_in_tmp / "a-sign.txt", SIGN, b"changed\n")
    assert (_in_tmp / "a-sign.txt").read_bytes() == SIGN
    assert sorted(p.name for p in _in_tmp.iterdir()) == ["a-sign.txt", "b-good.txt"]


def test_a_symbolic_link_stays_a_link(_in_tmp: Path) -> None:
    """The file the link points to is rewritten; the link itself is left as the owner made it."""
    (_in_tmp / "signs").mkdir()
    (_in_tmp / "a-sign.txt").rename(_in_tmp / "signs" / "real.txt")
    (_in_tmp / "a-sign.txt").symlink_to(Path("signs") / "real.txt")
    result = fix()
    assert result.exit_code == 0, result.output
    assert (_in_tmp / "a-sign.txt").is_symlink()
    assert b"gladly" in (_in_tmp / "signs" / "real.txt").read_bytes()
    assert sorted(p.name for p in (_in_tmp / "signs").iterdir()) == ["real.txt"]  # no temp file
