"""`yeslint fix`: exact edits, the file's own bytes kept, markup untouched, idempotent."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from yeslint.cli import app

SIGN = "$10 minimum for credit cards."
REWRITE = "Yes, we take credit cards on purchases of $10 or more."


def fix(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["fix", "--no-cache", *args], input=stdin)
    return result.exit_code, result.stdout


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_unsafe_rewrite_needs_the_flag(folder: Path) -> None:
    page = folder / "sign.txt"
    page.write_text(f"Welcome!\n{SIGN}\n", encoding="utf-8")
    before = page.read_bytes()
    code, _ = fix(str(page))
    assert code == 1  # the finding is left for a person
    assert page.read_bytes() == before


def test_fix_keeps_bom_crlf_and_every_other_byte(folder: Path) -> None:
    page = folder / "sign.txt"
    original = b"\xef\xbb\xbfWelcome to Ana's salon!\r\n" + SIGN.encode() + b"\r\nSee you soon.\r\n"
    page.write_bytes(original)
    code, _ = fix(str(page), "--unsafe-fixes")
    assert code == 0
    expected = original.replace(SIGN.encode(), REWRITE.encode())
    assert page.read_bytes() == expected


def test_fix_is_idempotent(folder: Path) -> None:
    page = folder / "sign.txt"
    page.write_text(f"{SIGN}\nOpen daily.\n", encoding="utf-8")
    fix(str(page), "--unsafe-fixes")
    once = page.read_bytes()
    code, _ = fix(str(page), "--unsafe-fixes")
    assert page.read_bytes() == once
    assert code == 0


def test_fix_keeps_the_file_mode(folder: Path) -> None:
    page = folder / "sign.txt"
    page.write_text(f"{SIGN}\n", encoding="utf-8")
    page.chmod(0o640)
    fix(str(page), "--unsafe-fixes")
    assert stat.S_IMODE(page.stat().st_mode) == 0o640
    assert REWRITE in page.read_text(encoding="utf-8")


def test_markdown_markup_around_the_sentence_is_kept(folder: Path) -> None:
    page = folder / "faq.md"
    page.write_text(f"# Paying\n\n- {SIGN}\n- [Menu](https://example.com/menu)\n", encoding="utf-8")
    fix(str(page), "--unsafe-fixes")
    assert (
        page.read_text(encoding="utf-8") == f"# Paying\n\n- {REWRITE}\n- [Menu](https://example.com/menu)\n"
    )


def test_html_tags_around_the_sentence_are_kept(folder: Path) -> None:
    page = folder / "pay.html"
    page.write_text(f'<ul>\n  <li class="rule">{SIGN}</li>\n</ul>\n', encoding="utf-8")
    fix(str(page), "--unsafe-fixes")
    assert page.read_text(encoding="utf-8") == f'<ul>\n  <li class="rule">{REWRITE}</li>\n</ul>\n'


def test_a_sentence_that_crosses_markup_is_not_rewritten(folder: Path) -> None:
    page = folder / "pay.html"
    original = "<p><b>$10 minimum</b> for credit cards.</p>\n"
    page.write_text(original, encoding="utf-8")
    code, _ = fix(str(page), "--unsafe-fixes")
    assert page.read_text(encoding="utf-8") == original  # no edit could keep the <b> intact
    assert code == 1


def test_diff_prints_and_writes_nothing(folder: Path) -> None:
    page = folder / "sign.txt"
    page.write_text(f"{SIGN}\n", encoding="utf-8")
    before = page.read_bytes()
    code, out = fix(str(page), "--diff", "--unsafe-fixes")
    assert page.read_bytes() == before
    assert f"-{SIGN}" in out and f"+{REWRITE}" in out
    assert code == 1  # as with ruff: a diff to apply fails a CI gate


def test_stdin_is_fixed_to_stdout(folder: Path) -> None:
    code, out = fix("-", "--unsafe-fixes", stdin=f"{SIGN}\n")
    assert out == f"{REWRITE}\n"
    assert code == 0


def test_stdin_diff_is_a_diff_and_a_finding_left_exits_1(folder: Path) -> None:
    code, out = fix("-", "--unsafe-fixes", "--diff", stdin=f"{SIGN}\n")
    assert out.startswith("--- a/")
    assert f"-{SIGN}" in out.splitlines() and f"+{REWRITE}" in out.splitlines()
    assert code == 1  # the one finding would be fixed, but nothing was written
    code, out = fix("-", stdin=f"{SIGN}\n")  # the rewrite rewords a policy: not applied
    assert out == f"{SIGN}\n"
    assert code == 1


def test_html_rewrites_are_encoded_for_where_they_go(folder: Path) -> None:
    """A rewrite read back from the page says what was suggested: "we'll" must not end a
    single-quoted alt text, while a text node keeps its apostrophes as they are."""
    from html.parser import HTMLParser

    page = folder / "returns.html"
    page.write_text(
        "<p>No refunds on sale items.</p>\n<img src='sale.png' alt='No exchanges on gift cards.'>\n",
        encoding="utf-8",
    )
    code, _ = fix("--unsafe-fixes", str(page))
    assert code == 0

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.alt: str | None = None
            self.text = ""

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.alt = dict(attrs).get("alt", self.alt)

        def handle_data(self, data: str) -> None:
            self.text += data

    written = page.read_text(encoding="utf-8")
    reader = Reader()
    reader.feed(written)
    assert reader.alt is not None and reader.alt.startswith("No exchanges on gift cards, but")
    assert "we'll" in reader.alt
    assert reader.text.startswith("No refunds on sale items, but") and "we'll" in written.split("<img")[0]
