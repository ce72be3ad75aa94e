"""Hostile input: every odd file gets correct results or one clear error line, never a traceback.

Each case also checks that the other files of the same run are still checked and that no
input file is touched. Errors that cover one file are printed as ``yeslint: error: <file>:
<problem>``; the JSON report lists them under ``errors`` next to the findings of the rest.
"""

from __future__ import annotations

import gzip
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from _workflow import fast_rules, run, write

__all__ = ["fast_rules"]
from yeslint.engine import Linter
from yeslint.errors import YeslintError
from yeslint.load import DEFAULT_MAX_BYTES, load_source
from yeslint.model import LineIndex
from yeslint.segment import MAX_SEGMENT

SIGN = "No refunds.\n"
PROSE = (
    "Thanks for shopping with us. Our team is happy to help you pick the right size, "
    "and we ship most orders the same day.\n"
)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_rules: None) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def put(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def report(*args: str | Path) -> tuple[Result, dict[str, Any]]:
    result = run("check", "--format", "json", "--select", "PR001,CN001,MN001", *args)
    assert "Traceback" not in result.output
    return result, json.loads(result.stdout)


def spots(data: dict[str, Any]) -> list[tuple[str, int, int, str, str]]:
    return [(f["path"], f["line"], f["column"], f["rule"], f["text"]) for f in data["findings"]]


def error_lines(result: Result) -> list[str]:
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith("yeslint: error: ") for line in lines), lines
    return lines


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


# --- empty, blank, huge ----------------------------------------------------------------------


def test_empty_and_whitespace_only_files_beside_a_good_one(_in_tmp: Path) -> None:
    put(_in_tmp / "site" / "empty.md", b"")
    put(_in_tmp / "site" / "blank.txt", b"  \n\t\r\n\n")
    put(_in_tmp / "site" / "sign.txt", SIGN.encode())
    before = snapshot(_in_tmp)
    result, data = report("site")
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert str(Path("site") / "empty.md") in line and "empty" in line
    assert spots(data) == [(str(Path("site") / "sign.txt"), 1, 1, "PR001", "No refunds")]
    assert data["summary"]["clean"] == 1  # the whitespace-only file is checked, and clean
    assert snapshot(_in_tmp) == before


def test_one_megabyte_line_without_a_newline(_in_tmp: Path) -> None:
    filler = PROSE.rstrip("\n") + " "
    head = filler * (1_048_576 // len(filler))
    text = head + "No refunds. " + filler * 20 + "You cannot leave tips on a credit card."
    put(_in_tmp / "one-line.txt", text.encode())
    started = time.monotonic()
    result, data = report("one-line.txt")
    assert time.monotonic() - started < 30
    assert result.exit_code == 1, result.stderr
    assert spots(data) == [
        ("one-line.txt", 1, len(head) + 1, "PR001", "No refunds"),
        ("one-line.txt", 1, text.index("You cannot") + 1, "CN001", "You cannot leave"),
    ]


def test_one_megabyte_run_without_white_space(_in_tmp: Path) -> None:
    """Base64 or punctuation art is no prose; it must neither crash the parser nor stall it."""
    text = "[" * 200_000 + "=" * 800_000 + " No refunds.\n"
    put(_in_tmp / "blob.txt", text.encode())
    put(_in_tmp / "brackets.md", ("[" * 20_000 + " No refunds.\n").encode())
    started = time.monotonic()
    result, data = report("blob.txt", "brackets.md")
    assert time.monotonic() - started < 30
    assert result.exit_code == 1, result.stderr
    assert spots(data) == [
        ("blob.txt", 1, 1_000_002, "PR001", "No refunds"),
        ("brackets.md", 1, 20_002, "PR001", "No refunds"),
    ]


def big_file(path: Path, megabytes: int) -> list[int]:
    """Write ordinary prose with a sign line every ~5 MB; return the sign lines' numbers."""
    paragraph = (PROSE * 6 + "\n").encode()
    block = paragraph * (5 * 1_048_576 // len(paragraph))
    lines_per_block = block.count(b"\n")
    signs: list[int] = []
    with path.open("wb") as out:
        for index in range(megabytes // 5):
            out.write(block)
            out.write(SIGN.encode() + b"\n")
            signs.append((index + 1) * lines_per_block + index * 2 + 1)
    return signs


BIG_SIZES = [
    5,
    pytest.param(
        50,
        marks=pytest.mark.skipif(
            not os.environ.get("YESLINT_BIG_FILES"),
            reason="~2 min; set YESLINT_BIG_FILES=1 (benchmarks/memory.py runs it too)",
        ),
    ),
]


@pytest.mark.parametrize("megabytes", BIG_SIZES)
def test_big_file_is_checked(_in_tmp: Path, megabytes: int) -> None:
    signs = big_file(_in_tmp / "export.txt", megabytes)
    assert (_in_tmp / "export.txt").stat().st_size > megabytes * 1_000_000
    assert DEFAULT_MAX_BYTES >= 100 * 1_048_576
    result, data = report("export.txt")
    assert result.exit_code == 1, result.stderr
    assert spots(data) == [("export.txt", line, 1, "PR001", "No refunds") for line in signs]


def test_big_file_is_parsed_in_pieces(_in_tmp: Path, linter: Linter, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parser sees sentence-sized pieces of a big file, never the file or a whole line."""
    signs = big_file(_in_tmp / "export.txt", 5)
    one_line = put(_in_tmp / "one-line.txt", ((PROSE.rstrip("\n") + " No refunds. ") * 20_000).encode())
    checker = Linter(linter.ruleset, use_cache=False)
    checker._compiled = compiled = linter.compiled()
    parsed: list[int] = []
    real_pipe = compiled.nlp.pipe

    def pipe(texts: Any, **kwargs: Any) -> Any:
        def counted() -> Any:  # the parser is handed docs as it asks for them
            for text in texts:
                parsed.append(len(getattr(text, "text", text)))
                yield text

        return real_pipe(counted(), **kwargs)

    monkeypatch.setattr(compiled.nlp, "pipe", pipe)
    reports = list(checker.lint_paths([_in_tmp / "export.txt", one_line]))
    assert [r.error for r in reports] == [None, None]
    assert [LineIndex(reports[0].source.text).position(f.span.start) for f in reports[0].findings] == [
        (line, 1) for line in signs
    ]
    assert len(reports[1].findings) == 20_000
    assert parsed and max(parsed) <= MAX_SEGMENT
    assert max(parsed) < 200  # each piece is one short sentence


def test_max_file_size_skips_with_a_notice(_in_tmp: Path) -> None:
    put(_in_tmp / "log.txt", b"x " * 1_100_000)
    put(_in_tmp / "sign.txt", SIGN.encode())
    result, data = report("--max-file-size", "1", "log.txt", "sign.txt")
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "log.txt" in line and "--max-file-size" in line
    assert spots(data) == [("sign.txt", 1, 1, "PR001", "No refunds")]


# --- bytes that are not UTF-8 ----------------------------------------------------------------


BINARIES = {
    "archive.md": gzip.compress(b"No refunds.\n" * 50, mtime=0),
    "pdf.txt": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 >>\nstream\x00\x01\x02",
    "marked-binary.html": b"\xff\xfe\x00binary\x00",  # a UTF-16 mark on bytes that are no UTF-16
    "elf.txt": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)),
}


def test_binary_files_each_get_one_line_and_the_rest_is_checked(_in_tmp: Path) -> None:
    for name, data in BINARIES.items():
        put(_in_tmp / "site" / name, data)
    put(_in_tmp / "site" / "sign.txt", SIGN.encode())
    before = snapshot(_in_tmp)
    result, data = report("site")
    assert result.exit_code == 2
    lines = error_lines(result)
    assert len(lines) == len(BINARIES)
    for name in BINARIES:
        [line] = [line for line in lines if name in line]
        assert "binary" in line or "does not read as UTF-16" in line or "UTF-8" in line, line
    assert spots(data) == [(str(Path("site") / "sign.txt"), 1, 1, "PR001", "No refunds")]
    assert snapshot(_in_tmp) == before


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_a_bom_are_decoded_exactly(_in_tmp: Path, encoding: str) -> None:
    bom = "" if encoding in ("utf-16", "utf-32") else "\ufeff"  # the plain codecs write their own
    text = "Café open daily.\r\nNo refunds.\r\n"
    path = put(_in_tmp / "sign.txt", (bom + text).encode(encoding))
    before = path.read_bytes()
    result, data = report("sign.txt")
    assert result.exit_code == 1, result.stderr
    assert spots(data) == [("sign.txt", 2, 1, "PR001", "No refunds")]
    assert path.read_bytes() == before


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-32-be"])
def test_fix_writes_utf16_and_utf32_back_in_their_own_encoding(_in_tmp: Path, encoding: str) -> None:
    path = put(_in_tmp / "sign.txt", ("\ufeffCafé hours.\r\nNo refunds.\r\n").encode(encoding))
    result = run("fix", "--unsafe-fixes", "--select", "PR001", "sign.txt")
    assert result.exit_code in (0, 1), result.output
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode(encoding))
    fixed = data.decode(encoding)
    assert fixed.startswith("\ufeffCafé hours.\r\n")
    assert "gladly help" in fixed and fixed.endswith("\r\n") and fixed.count("\r\n") == 2
    assert list(_in_tmp.iterdir()) == [path]


def test_latin1_is_refused_by_check_and_fix_and_left_alone(_in_tmp: Path) -> None:
    """Latin-1 has no mark; guessing could garble a word, so it is an error naming the byte."""
    latin = "Caf\u00e9 closed Mondays.\nNo refunds.\n".encode("latin-1")
    path = put(_in_tmp / "menu.txt", latin)
    put(_in_tmp / "sign.txt", SIGN.encode())
    result = run("fix", "--unsafe-fixes", "--select", "PR001", "menu.txt", "sign.txt")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("yeslint: error:")]
    assert len(lines) == 1 and "menu.txt:1:" in lines[0] and "0xe9" in lines[0]
    assert path.read_bytes() == latin
    assert "gladly help" in (_in_tmp / "sign.txt").read_text()  # the good file was fixed


def test_utf16_without_a_bom_is_refused_as_binary(_in_tmp: Path) -> None:
    put(_in_tmp / "sign.txt", SIGN.encode("utf-16-le"))
    result, _ = report("sign.txt")
    [line] = error_lines(result)
    assert "sign.txt" in line and "binary" in line


# --- line endings ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["mixed.txt", "mixed.md", "mixed.html"])
def test_crlf_cr_and_lf_mixed_positions(_in_tmp: Path, name: str) -> None:
    text = "Welcome!\r\n\r\nNo refunds.\r\rOpen daily.\n\nYou cannot leave tips on a credit card.\r\n"
    if name.endswith(".html"):
        text = text.replace("\r\n\r\n", "<p>\r\n").replace("\r\r", "<p>\r").replace("\n\n", "<p>\n")
    path = put(_in_tmp / name, text.encode())
    result, data = report(name)
    assert result.exit_code == 1, result.stderr
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    expected = [
        (n + 1, line.index(word) + 1, rule)
        for word, rule in (("No refunds", "PR001"), ("You cannot", "CN001"))
        for n, line in enumerate(lines)
        if word in line
    ]
    assert [(f["line"], f["column"], f["rule"]) for f in data["findings"]] == expected
    assert len(expected) == 2 and expected[1][0] > expected[0][0]
    for finding in data["findings"]:
        line = lines[finding["line"] - 1]
        assert line[finding["column"] - 1 : finding["end_column"] - 1] == finding["text"]
    assert path.read_bytes() == text.encode()


# --- folders ---------------------------------------------------------------------------------


def test_symlink_loop_and_dangling_symlink_in_a_folder(_in_tmp: Path) -> None:
    put(_in_tmp / "site" / "sign.txt", SIGN.encode())
    (_in_tmp / "site" / "loop").symlink_to(_in_tmp / "site", target_is_directory=True)
    (_in_tmp / "site" / "a").mkdir()
    (_in_tmp / "site" / "a" / "b").symlink_to(_in_tmp / "site" / "a", target_is_directory=True)
    (_in_tmp / "site" / "gone.md").symlink_to(_in_tmp / "nowhere.md")
    (_in_tmp / "site" / "self.md").symlink_to(_in_tmp / "site" / "self.md")
    started = time.monotonic()
    result, data = report("site")
    assert time.monotonic() - started < 20
    assert result.exit_code == 1, result.stderr
    assert spots(data) == [(str(Path("site") / "sign.txt"), 1, 1, "PR001", "No refunds")]


def test_dangling_symlink_named_on_the_command_line(_in_tmp: Path) -> None:
    (_in_tmp / "gone.md").symlink_to(_in_tmp / "nowhere.md")
    put(_in_tmp / "sign.txt", SIGN.encode())
    result, data = report("gone.md", "sign.txt")
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "gone.md" in line and "no such file" in line
    assert spots(data) == [("sign.txt", 1, 1, "PR001", "No refunds")]


def test_unreadable_file_in_a_folder(_in_tmp: Path) -> None:
    secret = put(_in_tmp / "site" / "secret.md", SIGN.encode())
    put(_in_tmp / "site" / "sign.txt", SIGN.encode())
    secret.chmod(0)
    try:
        if os.access(secret, os.R_OK):
            pytest.skip("running as a user who can read any file (root)")
        result, data = report("site")
        assert result.exit_code == 2
        [line] = error_lines(result)
        assert "secret.md" in line and "permission denied" in line
        assert spots(data) == [(str(Path("site") / "sign.txt"), 1, 1, "PR001", "No refunds")]
    finally:
        secret.chmod(0o644)


def test_unreadable_file_message_without_permissions(_in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same path as root: make the read itself fail as it would for a normal user."""
    path = put(_in_tmp / "secret.md", SIGN.encode())

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(YeslintError) as error:
        load_source(path)
    assert str(error.value) == f"{path}: permission denied"


def test_unreadable_file_in_a_folder_even_as_root(_in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads a chmod-000 file, so the refusal is simulated: the run must go on the same."""
    put(_in_tmp / "site" / "secret.md", SIGN.encode())
    put(_in_tmp / "site" / "sign.txt", SIGN.encode())
    real_read = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self.name == "secret.md":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    result, data = report("site")
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert line == f"yeslint: error: {Path('site') / 'secret.md'}: permission denied"
    assert spots(data) == [(str(Path("site") / "sign.txt"), 1, 1, "PR001", "No refunds")]


def test_folder_of_five_thousand_small_files(_in_tmp: Path) -> None:
    for index in range(5000):
        body = SIGN if index % 1000 == 7 else f"Order {index} ships today. Thanks for waiting!\n"
        put(_in_tmp / "pages" / f"d{index // 500}" / f"p{index:04}.txt", body.encode())
    started = time.monotonic()
    result, data = report("pages")
    elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.stderr
    assert [f["path"] for f in data["findings"]] == [
        str(Path("pages") / f"d{i // 500}" / f"p{i:04}.txt") for i in range(7, 5000, 1000)
    ]
    assert data["summary"]["clean"] == 4995
    assert elapsed < 60, elapsed


# --- markup ----------------------------------------------------------------------------------


def test_deeply_nested_html(_in_tmp: Path) -> None:
    text = "<div>" * 10_000 + "No refunds." + "</div>" * 10_000 + "\n"
    put(_in_tmp / "deep.html", text.encode())
    result, data = report("deep.html")
    assert result.exit_code == 1, result.stderr
    assert spots(data) == [("deep.html", 1, 50_001, "PR001", "No refunds")]


def test_malformed_html(_in_tmp: Path) -> None:
    text = (
        "<p>No refunds.<b><i></p></b><div <<>> &amp &#xZZ; &#99999999; <a href='x'\n"
        "<p>You cannot leave tips on a credit card.<!-- never closed <p>$10 minimum for credit cards.\n"
    )
    put(_in_tmp / "broken.html", text.encode())
    result, data = report("broken.html")
    assert result.exit_code == 1, result.stderr
    assert spots(data) == [  # the "$10 minimum" sign sits inside a comment that never closes
        ("broken.html", 1, 4, "PR001", "No refunds"),
        ("broken.html", 2, 4, "CN001", "You cannot leave"),
    ]


def test_markdown_with_an_unclosed_fence(_in_tmp: Path) -> None:
    """CommonMark: an unclosed fence runs to the end, so what follows is code, not prose."""
    text = "# Hours\n\nNo refunds.\n\n```text\nYou cannot leave tips on a credit card.\n\nMore.\n"
    put(_in_tmp / "faq.md", text.encode())
    put(_in_tmp / "tilde.md", b"~~~\nNo refunds.\n")
    result, data = report("faq.md", "tilde.md")
    assert result.exit_code == 1, result.stderr
    assert spots(data) == [("faq.md", 3, 1, "PR001", "No refunds")]
    assert data["summary"]["clean"] == 1


# --- configuration and rules -----------------------------------------------------------------


def test_broken_toml_config_is_one_line(_in_tmp: Path) -> None:
    put(_in_tmp / "pyproject.toml", b'[tool.yeslint]\nselect = ["PR001"\nignore = [\n')
    put(_in_tmp / "sign.txt", SIGN.encode())
    result = run("check", "sign.txt")
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "pyproject.toml" in line and "TOML" in line


CATASTROPHIC = """\
id: XR001
name: slow-regex
summary: A rule whose regular expression backtracks without end.
family: dead-end
level: warning
message: "Slow."
why: Nothing.
patterns:
  - token:
      - {TEXT: {REGEX: "(a+)+$"}}
examples:
  - bad: "aaaa"
    good: "bbbb"
"""


def regex_pack(folder: Path, regex: str) -> Path:
    write(folder / "XR001.yml", CATASTROPHIC.replace("(a+)+$", regex))
    return folder


def test_catastrophic_regex_in_a_custom_rule_runs_in_linear_time(_in_tmp: Path, linter: object) -> None:
    # `linter` loads the pipeline first, so the timing below covers matching alone
    pack = regex_pack(_in_tmp / "pack", "(a+)+$")
    started = time.monotonic()
    # backtracking needs ~2**40 steps here (hours); RE2 is linear, so the run ends in seconds
    result = run("check", "--rule-pack", pack, "--select", "XR001", "--text", "a" * 40 + "b")
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 30


@pytest.mark.parametrize(
    ("regex", "says"),
    [("(a)\\\\1", "RE2"), ("([a-z", "missing ]")],
    ids=["backreference-re2-cannot-run", "does-not-compile"],
)
def test_regex_that_cannot_run_is_one_clear_error(_in_tmp: Path, regex: str, says: str) -> None:
    pack = regex_pack(_in_tmp / "pack", regex)
    put(_in_tmp / "sign.txt", SIGN.encode())
    result = run("check", "--rule-pack", pack, "sign.txt")
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert str(pack / "XR001.yml") + ":10:" in line and says in line, line
    assert "Traceback" not in result.output


def test_run_on_sentence_repeating_a_trigger_is_cut_into_parts(lint: Any) -> None:
    """A 'sentence' of thousands of characters is parsed in parts (the dependency matcher is
    steeply slower on long sentences); every part still gets checked."""
    from yeslint.sentences import MAX_PIECE, split_sentences

    text = "you cannot park here and " * 400
    pieces = split_sentences(text)
    assert max(end - start for start, end in pieces) <= MAX_PIECE
    assert "".join(text[s:e] for s, e in pieces) == text
    assert all(text[s:e].startswith("and you cannot") for s, e in pieces[1:])  # at a clause break
    findings = lint(text)
    assert len(findings) >= len(pieces)
