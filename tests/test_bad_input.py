"""Unusable input is the user's to fix: exit 2, one stderr line naming the file, file untouched.

Also: a bad file does not hide the good files of the same run, and folder discovery
honours .gitignore (including the repository's top-level one) and skips node_modules.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from _workflow import cached_load_pack
from yeslint import rulepack
from yeslint.cli import app
from yeslint.discover import discover
from yeslint.errors import YeslintError
from yeslint.load import decode, load_source

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder, reading the built-in pack once (pure-Python YAML takes ~2 s)."""
    monkeypatch.setattr(rulepack, "load_pack", cached_load_pack)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str) -> Result:
    return CliRunner().invoke(app, ["check", "--no-color", *args])


def error_line(result: Result) -> str:
    """The single stderr line of a failed run."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert lines[0].startswith("yeslint: error: ")
    return lines[0]


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --- one bad file ----------------------------------------------------------------------------


def test_missing_file(_in_tmp: Path) -> None:
    line = error_line(check("missing.md"))
    assert "missing.md" in line
    assert "no such file" in line
    assert not (_in_tmp / "missing.md").exists()


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("logo.png", PNG, "binary"),
        ("logo.txt", PNG, "binary"),
        ("late-nul.md", b"No refunds.\n" * 1000 + b"\x00", "binary"),
        ("latin1.txt", "Caf\u00e9 open today.\nNo refunds.\n".encode("latin-1"), "UTF-8"),
        ("empty.md", b"", "empty"),
        ("bom-only.txt", b"\xef\xbb\xbf", "empty"),
    ],
    ids=["png", "png-as-txt", "late-nul", "latin1", "empty", "bom-only"],
)
def test_unreadable_file(_in_tmp: Path, name: str, data: bytes, says: str) -> None:
    path = write(_in_tmp / name, data)
    line = error_line(check(name))
    assert name in line
    assert says in line
    assert path.read_bytes() == data


def test_non_utf8_names_the_line(_in_tmp: Path) -> None:
    data = "Welcome!\nOpen daily.\nCaf\u00e9 closed Mondays.\n".encode("latin-1")
    path = write(_in_tmp / "notes.md", data)
    line = error_line(check("notes.md"))
    assert "notes.md:3:" in line
    assert "0xe9" in line
    assert path.read_bytes() == data


def test_directory_without_text_files(_in_tmp: Path) -> None:
    write(_in_tmp / "assets" / "logo.png", PNG)
    write(_in_tmp / "assets" / "style.css", b"body { color: red }\n")
    line = error_line(check("assets"))
    assert "assets" in line
    assert "no text files" in line
    assert (_in_tmp / "assets" / "logo.png").read_bytes() == PNG


def test_good_and_binary_file_in_one_folder(_in_tmp: Path) -> None:
    good = write(_in_tmp / "site" / "sign.txt", b"No refunds.\n")
    bad = write(_in_tmp / "site" / "photo.txt", PNG)
    result = CliRunner().invoke(app, ["check", "--format", "json", "--select", "PR001", "site"])
    line = error_line(result)
    assert "photo.txt" in line
    document = json.loads(result.stdout)
    assert [(f["path"], f["rule"], f["text"]) for f in document["findings"]] == [
        (str(Path("site") / "sign.txt"), "PR001", "No refunds")
    ]
    assert document["summary"]["errors"] == 1
    assert good.read_bytes() == b"No refunds.\n"
    assert bad.read_bytes() == PNG


def test_good_file_and_missing_file_text_report(_in_tmp: Path) -> None:
    write(_in_tmp / "sign.txt", b"No refunds.\n")
    result = check("--select", "PR001", "sign.txt", "gone.txt")
    assert "gone.txt" in error_line(result)
    assert "sign.txt:1:1" in result.stdout


# --- load.py directly (no CLI) ---------------------------------------------------------------


def test_decode_keeps_whitespace_only_text() -> None:
    assert decode(b"  \n", "blank.txt") == "  \n"


def test_decode_drops_the_bom() -> None:
    assert decode("\ufeffNo refunds.".encode(), "x.txt") == "No refunds."


def test_load_source_on_a_directory(_in_tmp: Path) -> None:
    (_in_tmp / "folder.md").mkdir()
    with pytest.raises(YeslintError) as error:
        load_source(_in_tmp / "folder.md")
    assert str(error.value).startswith(str(_in_tmp / "folder.md"))


def test_load_source_size_limit(_in_tmp: Path) -> None:
    write(_in_tmp / "big.txt", b"No refunds.\n" * 100)
    with pytest.raises(YeslintError, match="limit"):
        load_source(_in_tmp / "big.txt", max_bytes=100)


# --- broken rule packs -----------------------------------------------------------------------

GOOD_RULE = """\
id: ZZ001
name: no-parking-sign
summary: Flags "no parking" signs.
family: prohibition
level: warning
message: "{match} closes a door."
why: >
  A rule written for the tests.
patterns:
  - token:
      - {LOWER: "no"}
      - {LOWER: parking}
examples:
  - bad: "No parking."
    good: "Park in the lot behind the shop."
"""


def make_pack(root: Path, text: str) -> tuple[Path, bytes]:
    path = root / "pack" / "ZZ001.yml"
    data = text.encode()
    write(path, data)
    return path, data


def test_good_pack_loads(_in_tmp: Path) -> None:
    make_pack(_in_tmp, GOOD_RULE)
    result = CliRunner().invoke(app, ["rules", "--rule-pack", "pack", "--json"])
    assert result.exit_code == 0, result.output
    assert "ZZ001" in [row["id"] for row in json.loads(result.stdout)]


def test_pack_with_invalid_yaml(_in_tmp: Path) -> None:
    path, data = make_pack(_in_tmp, GOOD_RULE.replace("level: warning", "level: [warning"))
    line = error_line(check("--rule-pack", "pack", "--text", "No parking."))
    # the flow sequence opened on line 5 is found broken at line 6
    assert any(f"ZZ001.yml:{n}:" in line for n in (5, 6)), line
    assert "invalid YAML" in line
    assert path.read_bytes() == data


def test_pack_with_unknown_key_names_the_file(_in_tmp: Path) -> None:
    path, data = make_pack(_in_tmp, GOOD_RULE.replace("message:", "mesage:"))
    line = error_line(check("--rule-pack", "pack", "--text", "No parking."))
    assert str(Path("pack") / "ZZ001.yml") in line
    assert path.read_bytes() == data


def test_pack_with_unknown_key_names_key_and_line(_in_tmp: Path) -> None:
    make_pack(_in_tmp, GOOD_RULE.replace("message:", "mesage:"))
    line = error_line(check("--rule-pack", "pack", "--text", "No parking."))
    assert "ZZ001.yml:6:" in line
    assert "'mesage'" in line


def test_pack_with_unknown_key_and_required_keys_present(_in_tmp: Path) -> None:
    path, data = make_pack(_in_tmp, GOOD_RULE.replace("why: >", "mesage: typo\nwhy: >"))
    line = error_line(check("--rule-pack", "pack", "--text", "No parking."))
    assert "ZZ001.yml:7:" in line
    assert "'mesage'" in line
    assert path.read_bytes() == data


def test_pack_with_unknown_token_attribute(_in_tmp: Path) -> None:
    path, data = make_pack(_in_tmp, GOOD_RULE.replace("LOWER: parking", "LOWR: parking"))
    line = error_line(check("--rule-pack", "pack", "--text", "No parking."))
    assert "LOWR" in line
    assert any(f"ZZ001.yml:{n}:" in line for n in (10, 11, 12)), line  # inside the pattern
    assert path.read_bytes() == data


def test_pack_unknown_token_attribute_points_at_its_line(_in_tmp: Path) -> None:
    make_pack(_in_tmp, GOOD_RULE.replace("LOWER: parking", "LOWR: parking"))
    line = error_line(check("--rule-pack", "pack", "--text", "No parking."))
    assert "ZZ001.yml:12:" in line


def test_missing_rule_pack_folder(_in_tmp: Path) -> None:
    line = error_line(check("--rule-pack", "no-such-pack", "--text", "No parking."))
    assert "no-such-pack" in line


# --- discovery -------------------------------------------------------------------------------


def found(*paths: Path) -> list[str]:
    return [item.as_posix() for item in discover(list(paths)) if isinstance(item, Path)]


def test_discovery_honours_gitignore_and_skips_node_modules(_in_tmp: Path) -> None:
    write(_in_tmp / ".gitignore", b"drafts/\nsecret.md\n*.html\n!keep.html\n")
    for name in (
        "index.md",
        "secret.md",
        "page.html",
        "keep.html",
        "drafts/wip.md",
        "docs/guide.txt",
        "docs/secret.md",
        "node_modules/pkg/README.md",
        ".git/description.txt",
        "logo.png",
    ):
        write(_in_tmp / name, b"No refunds.\n")
    assert found(Path()) == ["index.md", "keep.html", "docs/guide.txt"]


def test_discovery_skips_virtual_environments_whatever_their_name(_in_tmp: Path) -> None:
    write(_in_tmp / "tools" / "pyvenv.cfg", b"home = /usr/bin\n")
    write(_in_tmp / "tools" / "lib" / "pkg" / "LICENSE.txt", b"No warranty.\n")
    write(_in_tmp / "conda" / "conda-meta" / "history", b"")
    write(_in_tmp / "conda" / "share" / "README.md", b"No refunds.\n")
    write(_in_tmp / "tools-docs" / "guide.md", b"No refunds.\n")
    assert found(Path()) == ["tools-docs/guide.md"]


def test_nested_gitignore_overrides_outer(_in_tmp: Path) -> None:
    write(_in_tmp / ".gitignore", b"*.txt\n")
    write(_in_tmp / "docs" / ".gitignore", b"!faq.txt\n")
    for name in ("a.txt", "docs/faq.txt", "docs/other.txt"):
        write(_in_tmp / name, b"Hello.\n")
    assert found(Path()) == ["docs/faq.txt"]


def test_top_level_gitignore_applies_to_a_subfolder(_in_tmp: Path) -> None:
    (_in_tmp / ".git").mkdir()
    write(_in_tmp / ".gitignore", b"drafts/\nprivate.md\n")
    for name in ("docs/guide.md", "docs/private.md", "docs/drafts/wip.md"):
        write(_in_tmp / name, b"No refunds.\n")
    assert found(Path("docs")) == ["docs/guide.md"]


def test_outer_gitignore_ignored_outside_a_repository(_in_tmp: Path) -> None:
    write(_in_tmp / ".gitignore", b"private.md\n")  # no .git: not this tree's ignore file
    write(_in_tmp / "docs" / "private.md", b"No refunds.\n")
    assert found(Path("docs")) == ["docs/private.md"]


def test_named_file_is_checked_even_if_ignored(_in_tmp: Path) -> None:
    write(_in_tmp / ".gitignore", b"secret.md\n")
    write(_in_tmp / "secret.md", b"No refunds.\n")
    assert found(Path("secret.md")) == ["secret.md"]


def test_ignored_file_is_not_checked_by_the_cli(_in_tmp: Path) -> None:
    write(_in_tmp / ".gitignore", b"drafts/\n")
    write(_in_tmp / "drafts" / "wip.txt", b"No refunds.\n")
    write(_in_tmp / "node_modules" / "x" / "README.md", b"No refunds.\n")
    write(_in_tmp / "sign.txt", b"No exchanges.\n")
    result = CliRunner().invoke(app, ["check", "--format", "json", "--select", "PR001", "."])
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert [f["path"] for f in document["findings"]] == ["sign.txt"]
    assert document["summary"]["files"] == 1
