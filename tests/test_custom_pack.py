"""Custom rule packs: the house-style example, built-in lexicons from a pack, broken rules.

Broken rules are written into ``tmp_path`` one file at a time; each must stop the run with
exit 2 and one stderr line ``<file>:<line>: <what is wrong>`` before any text is checked.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from _workflow import HOUSE_STYLE, fast_rules, json_report, one_error_line, run, write
from yeslint.rulepack import load_pack

__all__ = ["fast_rules"]

HS_EXAMPLES = [(e.bad, e.good) for e in load_pack(HOUSE_STYLE, "house-style")[0][0].examples]

CASH_ONLY = """\
id: XP001
name: cash-only-sign
summary: Flags "cash only" signs.
family: dead-end
level: warning
message: "“{match}” turns card-carrying customers away."
why: Most customers carry a card, not cash.
patterns:
  - token:
      - {LOWER: {IN: $payment}, capture: method}
      - {LOWER: only}
exceptions:
  - lexicon: safety
rewrite:
  template: "We take {method|lower}; ask us about other ways to pay."
  replaces: sentence
examples:
  - bad: "Cash only."
    good: "We take cash; ask us about other ways to pay."
  - good: "We take cards and cash."
"""


def pack_with(tmp_path: Path, files: dict[str, str]) -> Path:
    pack = tmp_path / "team-pack"
    for name, text in files.items():
        write(pack / name, textwrap.dedent(text))
    return pack


# --- the house-style example ---------------------------------------------------------------


def test_rules_lists_the_pack_with_its_name() -> None:
    result = run("rules", "--rule-pack", HOUSE_STYLE, "--json")
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert rows["HS001"]["pack"] == "house-style"
    assert rows["HS001"]["name"] == "form-letter-greeting"
    assert rows["PR001"]["pack"] == "core"


def test_rules_table_shows_the_pack() -> None:
    result = run("rules", "--rule-pack", HOUSE_STYLE, "--no-color")
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("HS001")]
    assert "house-style" in line


def test_rules_without_the_pack_does_not_list_it() -> None:
    result = run("rules", "--json")
    assert "HS001" not in {row["id"] for row in json.loads(result.stdout)}


def test_explain_a_pack_rule() -> None:
    result = run("explain", "HS001", "--rule-pack", HOUSE_STYLE, "--no-color")
    assert result.exit_code == 0, result.output
    assert "HS001 form-letter-greeting" in result.stdout
    assert "policy-shield" in result.stdout
    assert "Dear valued customer, your order is on its way." in result.stdout
    assert "Hi there, your order is on its way." in result.stdout


def test_explain_by_name_needs_the_pack() -> None:
    assert run("explain", "form-letter-greeting", "--rule-pack", HOUSE_STYLE).exit_code == 0
    message = one_error_line(run("explain", "HS001"))
    assert "'HS001'" in message


def test_the_house_style_rule_fires_with_a_fix() -> None:
    data = json_report("--rule-pack", HOUSE_STYLE, "--text", "Dear Sir or Madam, thanks for writing in.")
    (finding,) = data["findings"]
    assert finding["rule"] == "HS001"
    assert finding["level"] == "suggestion"
    assert finding["text"] == "Dear Sir or Madam"
    assert (finding["column"], finding["end_column"]) == (1, 18)
    assert finding["suggestion"] == "Hi there, thanks for writing in."


@pytest.mark.parametrize(("bad", "good"), HS_EXAMPLES, ids=[f"example{i}" for i in range(len(HS_EXAMPLES))])
def test_house_style_examples(bad: str | None, good: str | None) -> None:
    if bad is not None:
        data = json_report("--rule-pack", HOUSE_STYLE, "--select", "HS001", "--text", bad)
        assert [f["rule"] for f in data["findings"]] == ["HS001"], bad
        if good is not None:
            assert data["findings"][0]["suggestion"] == good
    if good is not None:
        result = run("check", "--rule-pack", HOUSE_STYLE, "--text", good)
        assert result.exit_code == 0, result.output  # no rule at all, built-in or house, fires


def test_house_style_examples_exist() -> None:
    assert any(bad for bad, _ in HS_EXAMPLES)
    assert any(good and not bad for bad, good in HS_EXAMPLES)


def test_house_style_readme_is_clean() -> None:
    result = run("check", HOUSE_STYLE / "README.md", "--rule-pack", HOUSE_STYLE)
    assert result.exit_code == 0, result.output


def test_checking_examples_skips_the_pack_yaml() -> None:
    data = json_report(HOUSE_STYLE)
    assert data["errors"] == []
    assert data["findings"] == []
    assert data["summary"]["files"] == 1  # README.md only; HS001.yml and lexicons/ are not prose


def test_house_style_uses_its_own_lexicon() -> None:
    data = json_report(
        "--rule-pack", HOUSE_STYLE, "--select", "HS001", "--text", "Dear valued patron, hello."
    )
    assert [f["text"] for f in data["findings"]] == ["Dear valued patron"]


# --- a pack using the built-in lexicons ----------------------------------------------------


def test_a_pack_can_use_a_builtin_lexicon(tmp_path: Path) -> None:
    pack = pack_with(tmp_path, {"XP001.yml": CASH_ONLY})
    data = json_report(
        "--rule-pack", pack, "--select", "XP001", "--text", "Cash only.", "--text", "Cards only."
    )
    assert [(f["rule"], f["text"]) for f in data["findings"]] == [
        ("XP001", "Cash only"),
        ("XP001", "Cards only"),
    ]
    assert data["findings"][1]["suggestion"] == "We take cards; ask us about other ways to pay."


def test_a_pack_exception_can_use_a_builtin_lexicon(tmp_path: Path) -> None:
    pack = pack_with(tmp_path, {"XP001.yml": CASH_ONLY})
    sentence = "Cash only at the fuel pump, and no smoking."
    assert json_report("--rule-pack", pack, "--select", "XP001", "--text", sentence)["findings"] == []
    without_exception = CASH_ONLY.replace("exceptions:\n  - lexicon: safety\n", "")
    pack = pack_with(tmp_path / "other", {"XP001.yml": without_exception})
    found = json_report("--rule-pack", pack, "--select", "XP001", "--text", sentence)["findings"]
    assert [f["rule"] for f in found] == ["XP001"]


def test_an_exception_can_ignore_the_words_of_another_lexicon(tmp_path: Path) -> None:
    ignoring = CASH_ONLY.replace("  - lexicon: safety\n", "  - lexicon: safety\n    ignoring: pump-signs\n")
    pack = pack_with(
        tmp_path,
        {
            "XP001.yml": ignoring,
            "lexicons/pump-signs.yml": "name: pump-signs\ndescription: Ours.\nterms: [fuel pump]\n",
        },
    )
    texts = ["--text", "Cash only at the fuel pump.", "--text", "Cash only at the fuel pump, and no smoking."]
    found = json_report("--rule-pack", pack, "--select", "XP001", *texts)["findings"]
    assert [f["text"] for f in found] == ["Cash only"]


def test_a_pack_lexicon_extends_the_builtin_one_of_that_name(tmp_path: Path) -> None:
    pack = pack_with(
        tmp_path,
        {
            "XP001.yml": CASH_ONLY,
            "lexicons/payment.yml": "name: payment\ndescription: Our own.\nterms: [tokens]\n",
        },
    )
    data = json_report(
        "--rule-pack", pack, "--select", "XP001", "--text", "Tokens only.", "--text", "Cash only."
    )
    assert [f["text"] for f in data["findings"]] == ["Tokens only", "Cash only"]


def test_two_packs_at_once(tmp_path: Path) -> None:
    pack = pack_with(tmp_path, {"XP001.yml": CASH_ONLY})
    texts = ["--text", "Dear valued customer, hello.", "--text", "Cash only."]
    data = json_report("--rule-pack", pack, "--rule-pack", HOUSE_STYLE, "--select", "XP001,HS001", *texts)
    assert {f["rule"] for f in data["findings"]} == {"XP001", "HS001"}


# --- broken rules: exit 2, file:line ----------------------------------------------------------


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


BROKEN = {
    "unknown-key": (
        "XP001.yml",
        CASH_ONLY.replace("level: warning\n", "level: warning\nmesage: typo\n"),
        "mesage:",
        ["unknown key 'mesage'"],
    ),
    "unknown-rewrite-key": (
        "XP001.yml",
        CASH_ONLY.replace("  replaces: sentence\n", "  replace: sentence\n"),
        "replace: sentence",
        ["unknown key 'replace'"],
    ),
    "missing-examples": (
        "XP001.yml",
        CASH_ONLY.split("examples:")[0],
        "id: XP001",
        ["'examples' is a required property"],
    ),
    "examples-without-good": (
        "XP001.yml",
        CASH_ONLY.replace('  - good: "We take cards and cash."\n', "").replace(
            '    good: "We take cash; ask us about other ways to pay."\n', ""
        ),
        "examples:",
        ["'good'"],
    ),
    "placeholder-not-captured": (
        "XP001.yml",
        CASH_ONLY.replace("We take {method|lower};", "We take {amount};"),
        "template:",
        ["{amount}", "does not capture"],
    ),
    "duplicate-builtin-id": (
        "PR001.yml",
        CASH_ONLY.replace("id: XP001", "id: PR001"),
        "id: PR001",
        ["'PR001' is already defined"],
    ),
    "duplicate-builtin-name": (
        "XP001.yml",
        CASH_ONLY.replace("name: cash-only-sign", "name: no-sign"),
        "id: XP001",
        ["'no-sign' is already defined"],
    ),
    "id-not-file-name": (
        "XP002.yml",
        CASH_ONLY,
        "id: XP001",
        ["must match the file name"],
    ),
    "bad-level": (
        "XP001.yml",
        CASH_ONLY.replace("level: warning", "level: loud"),
        "level: loud",
        ["'loud'"],
    ),
    "unknown-lexicon": (
        "XP001.yml",
        CASH_ONLY.replace("$payment", "$wallets"),
        "- token:",
        ["unknown lexicon 'wallets'"],
    ),
    "invalid-yaml": (
        "XP001.yml",
        CASH_ONLY.replace("patterns:\n", "patterns:\n  - token: [\n"),
        None,
        ["invalid YAML"],
    ),
    "ignoring-without-a-lexicon": (
        "XP001.yml",
        CASH_ONLY.replace("      - {LOWER: only}\n", "      - {LOWER: only}\n    ignoring: safety\n"),
        "- token:",
        ["ignoring", "lexicon"],
    ),
    "bad-token-attribute": (
        "XP001.yml",
        CASH_ONLY.replace("{LOWER: only}", "{LOWR: only}"),
        "{LOWR: only}",  # the offending token's own line
        ["does not compile", "LOWR"],
    ),
}


@pytest.mark.parametrize(("name", "text", "needle", "words"), BROKEN.values(), ids=list(BROKEN))
@pytest.mark.parametrize("command", ["check", "rules"])
def test_broken_custom_rule(
    tmp_path: Path, command: str, name: str, text: str, needle: str | None, words: list[str]
) -> None:
    pack = pack_with(tmp_path, {name: text})
    args = ["--text", "Cash only."] if command == "check" else []
    if command == "rules" and "LOWR" in text:
        pytest.skip("token attributes are compiled by spaCy when text is checked, not when listed")
    message = one_error_line(run(command, "--rule-pack", pack, *args))
    where = f"{pack / name}:"
    assert where in message
    line = message.split(where, 1)[1].split(":", 1)[0]
    assert line.isdigit(), message
    if needle is not None:
        assert int(line) == _line_of(text, needle), message
    for word in words:
        assert word in message


def test_missing_pack_folder_is_an_error(tmp_path: Path) -> None:
    message = one_error_line(run("check", "--rule-pack", tmp_path / "nope", "--text", "Hello."))
    assert str(tmp_path / "nope") in message and "not found" in message


def test_broken_pack_lexicon(tmp_path: Path) -> None:
    pack = pack_with(
        tmp_path,
        {"XP001.yml": CASH_ONLY, "lexicons/wallets.yml": "name: wallets\ndescription: x\nterms: []\n"},
    )
    message = one_error_line(run("check", "--rule-pack", pack, "--text", "Cash only."))
    assert f"{pack / 'lexicons' / 'wallets.yml'}:3: " in message


def test_a_lexicon_reach_must_be_sentence_or_item(tmp_path: Path) -> None:
    lexicon = "name: wallets\ndescription: x\nreach: paragraph\nterms: [tokens]\n"
    pack = pack_with(tmp_path, {"XP001.yml": CASH_ONLY, "lexicons/wallets.yml": lexicon})
    message = one_error_line(run("check", "--rule-pack", pack, "--text", "Cash only."))
    assert f"{pack / 'lexicons' / 'wallets.yml'}:3: " in message


def test_lexicon_goods_are_no_reason_for_refusing_them(tmp_path: Path) -> None:
    """A team marks a health word as goods: refusing the inhalers is a sign again, while a
    refusal for want of a prescription (a condition, not the thing refused) stays legit."""
    refused = "Spare inhalers are not available at the front desk."
    conditional = "Spare inhalers are not handed out without a prescription."
    lexicon = "name: health\ndescription: x\nterms: [inhaler]\ngoods: [inhalers]\n"
    pack = pack_with(tmp_path, {"lexicons/health.yml": lexicon})
    assert run("check", "--text", refused).exit_code == 0
    flagged = run("check", "--rule-pack", pack, "--text", refused)
    assert flagged.exit_code == 1 and "inhalers are not available" in flagged.output
    assert run("check", "--rule-pack", pack, "--text", conditional).exit_code == 0


def test_lexicon_goods_must_be_a_list_of_words(tmp_path: Path) -> None:
    lexicon = "name: wallets\ndescription: x\nterms: [tokens]\ngoods: tokens\n"
    pack = pack_with(tmp_path, {"XP001.yml": CASH_ONLY, "lexicons/wallets.yml": lexicon})
    message = one_error_line(run("check", "--rule-pack", pack, "--text", "Cash only."))
    assert f"{pack / 'lexicons' / 'wallets.yml'}:4: " in message


def test_the_same_pack_in_config_and_on_the_command_line_loads_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".yeslint.yaml", f"rule-packs: [{HOUSE_STYLE}]\n")
    result = run("check", "--rule-pack", HOUSE_STYLE, "--text", "Dear valued customer, hello.")
    assert result.exit_code == 1, result.output
