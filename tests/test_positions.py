"""Findings point at the exact characters of the original file, whatever markup surrounds them.

End to end through the session pipeline: each document hides its flagged sentence among
markup, links, code and entities; the finding's span, its ``matched`` text and the JSON
report's 1-based line/column must all name the characters a person sees in the file.
Line and column numbers in these tests were counted by hand from the documents.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from yeslint.emit.json import finding_dict
from yeslint.model import Finding, LineIndex

LintFn = Callable[..., list[Finding]]


def only_finding(lint: LintFn, text: str, name: str, rule: str) -> Finding:
    findings = lint(text, name, only=rule)
    assert len(findings) == 1, [(f.rule_id, f.matched) for f in findings]
    return findings[0]


def json_of(finding: Finding, text: str) -> dict[str, Any]:
    return finding_dict(finding, LineIndex(text))


def where(data: dict[str, Any]) -> tuple[int, int, int, int]:
    return data["line"], data["column"], data["end_line"], data["end_column"]


def assert_fix_rewrites_only_its_sentence(finding: Finding, text: str) -> None:
    """A fix may only replace the sentence as it stands in the file, never markup around it."""
    if finding.fix is None:
        return
    for edit in finding.fix.edits:
        assert text[edit.span.start : edit.span.end] == finding.sentence


MARKDOWN = "\n".join(
    [
        "---",  # 1
        "title: No refunds",  # 2
        "---",  # 3
        "",  # 4
        "# Returns",  # 5
        "",  # 6
        "Read the [policy](https://shop.example/no-refunds) first.",  # 7
        "",  # 8
        "```text",  # 9
        "No refunds.",  # 10
        "```",  # 11
        "",  # 12
        "    No refunds.",  # 13
        "",  # 14
        "<!-- No refunds. -->",  # 15
        "",  # 16
        "Sorry, **no refunds** on sale items.",  # 17
        "",
    ]
)


def test_md_finding_skips_front_matter_code_links_and_comments(lint: LintFn) -> None:
    finding = only_finding(lint, MARKDOWN, "returns.md", "PR001")
    start = MARKDOWN.index("no refunds")
    assert (finding.span.start, finding.span.end) == (start, start + len("no refunds"))
    assert finding.matched == "no refunds"
    assert finding.sentence == "Sorry, no refunds on sale items."
    data = json_of(finding, MARKDOWN)
    assert where(data) == (17, 10, 17, 20)
    assert data["text"] == "no refunds"
    assert data["path"] == "returns.md"
    assert_fix_rewrites_only_its_sentence(finding, MARKDOWN)


def test_md_span_runs_through_emphasis_after_a_link(lint: LintFn) -> None:
    text = (
        "# Payment\n\nSee the [card policy](https://shop.example/no-cards): "
        "$10 minimum for **credit cards**.\n"
    )
    finding = only_finding(lint, text, "pay.md", "MN001")
    assert finding.matched == "$10 minimum for **credit cards"
    assert text[finding.span.start : finding.span.end] == finding.matched
    assert finding.span.start == text.index("$10")
    assert "shop.example" not in finding.sentence
    # "See the [card policy](https://shop.example/no-cards): " is 54 characters
    assert where(json_of(finding, text)) == (3, 55, 3, 85)
    assert_fix_rewrites_only_its_sentence(finding, text)


def test_md_entities_inside_the_span(lint: LintFn) -> None:
    text = "Tips\n====\n\nYou &ldquo;cannot&rdquo; leave tips on a credit card.\n"
    finding = only_finding(lint, text, "tips.md", "CN001")
    assert finding.matched == "You &ldquo;cannot&rdquo; leave"
    assert finding.sentence == "You \u201ccannot\u201d leave tips on a credit card."
    assert where(json_of(finding, text)) == (4, 1, 4, 31)


def test_md_table_cell_and_list_item(lint: LintFn) -> None:
    text = "| Item | Rule |\n|---|---|\n| Shoes | No refunds. |\n\n- Hats\n- No exchanges.\n"
    findings = lint(text, "rules.md", only="PR001")
    assert [f.matched for f in findings] == ["No refunds", "No exchanges"]
    index = LineIndex(text)
    assert [where(finding_dict(f, index)) for f in findings] == [(3, 11, 3, 21), (6, 3, 6, 15)]


def test_md_crlf_positions(lint: LintFn) -> None:
    text = "# Tips\r\n\r\nSorry, but you cannot leave\r\ntips on a credit card.\r\n"
    finding = only_finding(lint, text, "tips.md", "CN001")
    assert finding.matched == "you cannot leave"
    assert finding.span.start == text.index("you cannot")
    assert where(json_of(finding, text)) == (3, 12, 3, 28)
    assert_fix_rewrites_only_its_sentence(finding, text)


@pytest.mark.parametrize(
    "text",
    [
        "Read the [returns page](https://shop.example/no-refunds).\n",
        "Read <https://shop.example/no-refunds> today.\n",
        "![Our shop](https://shop.example/no-refunds.png)\n",
        'See [the page][r].\n\n[r]: https://shop.example/x "No refunds."\n',
        "Type `No refunds.` in the box.\n",
        "```\nNo refunds.\n```\n",
        "    No refunds.\n",
        "<!-- No refunds. -->\n",
    ],
    ids=["link", "autolink", "image-src", "ref-title", "code", "fence", "indented", "comment"],
)
def test_md_urls_code_and_comments_never_flagged(lint: LintFn, text: str) -> None:
    assert lint(text, "x.md", only="PR001") == []


HTML = """<!doctype html>
<html>
<head>
  <title>No refunds.</title>
  <script>const banner = "No refunds.";</script>
  <style>/* No refunds. */</style>
</head>
<body>
  <nav><a href="https://shop.example/no-refunds" title="No refunds.">Returns</a></nav>
  <noscript>No refunds.</noscript>
  <ul>
    <li>Gift cards are welcome.</li>
    <li>No&nbsp;refunds.</li>
    <li>$10 minimum for <b>credit</b>
        cards.</li>
  </ul>
  <p>You can&rsquo;t leave tips on a credit card.</p>
</body>
</html>
"""


def test_html_prohibition_with_nbsp(lint: LintFn) -> None:
    finding = only_finding(lint, HTML, "page.html", "PR001")
    assert finding.matched == "No&nbsp;refunds"
    assert finding.span.start == HTML.index("No&nbsp;")
    assert where(json_of(finding, HTML)) == (13, 9, 13, 24)
    assert_fix_rewrites_only_its_sentence(finding, HTML)


def test_html_span_across_inline_tag_and_line_break(lint: LintFn) -> None:
    finding = only_finding(lint, HTML, "page.html", "MN001")
    assert finding.matched == "$10 minimum for <b>credit</b>\n        cards"
    assert finding.sentence == "$10 minimum for credit cards."
    assert where(json_of(finding, HTML)) == (14, 9, 15, 14)


def test_html_entity_inside_span(lint: LintFn) -> None:
    finding = only_finding(lint, HTML, "page.html", "CN001")
    assert finding.matched == "You can&rsquo;t leave"
    assert finding.sentence == "You can\u2019t leave tips on a credit card."
    assert where(json_of(finding, HTML)) == (17, 6, 17, 27)


def test_html_indented_sentence_maps_exactly(lint: LintFn) -> None:
    text = "<main>\n  <p>\n    You cannot leave tips on a credit card.\n  </p>\n</main>\n"
    finding = only_finding(lint, text, "tips.html", "CN001")
    assert finding.sentence == "You cannot leave tips on a credit card."
    start, end = finding.sentence_span.start, finding.sentence_span.end
    assert text[start:end] == finding.sentence
    assert where(json_of(finding, text)) == (3, 5, 3, 21)
    assert_fix_rewrites_only_its_sentence(finding, text)


def test_html_hidden_parts_and_attributes_never_flagged(lint: LintFn) -> None:
    findings = lint(HTML, "page.html")
    head_end = HTML.index("</noscript>")
    assert all(f.span.start > head_end for f in findings), [(f.rule_id, f.matched) for f in findings]
    for finding in findings:
        assert HTML[finding.span.start : finding.span.end] == finding.matched


def test_plain_crlf_sign_positions(lint: LintFn) -> None:
    text = "WELCOME\r\nNo refunds.\r\n  - No exchanges.\r\n"
    findings = lint(text, "sign.txt", only="PR001")
    assert [f.matched for f in findings] == ["No refunds", "No exchanges"]
    index = LineIndex(text)
    assert [where(finding_dict(f, index)) for f in findings] == [(2, 1, 2, 11), (3, 5, 3, 17)]
    for finding in findings:
        assert_fix_rewrites_only_its_sentence(finding, text)


def test_plain_wrapped_paragraph_spans_lines(lint: LintFn) -> None:
    text = "Hi Sam,\n\nThanks for the booking. Sadly, you\ncannot leave tips on a credit card.\n"
    finding = only_finding(lint, text, "mail.txt", "CN001")
    assert finding.matched == "you\ncannot leave"
    assert where(json_of(finding, text)) == (3, 32, 4, 13)


# --- LineIndex, no spaCy ---------------------------------------------------------------------


def test_line_index_positions() -> None:
    index = LineIndex("ab\ncd\r\nef\rgh")
    assert index.position(0) == (1, 1)
    assert index.position(2) == (1, 3)  # the newline itself
    assert index.position(3) == (2, 1)
    assert index.position(5) == (2, 3)  # the CR of a CRLF
    assert index.position(7) == (3, 1)
    assert index.position(10) == (4, 1)  # a lone CR ends a line too
    assert index.position(12) == (4, 3)  # end of text
    assert [index.line_text(n) for n in (1, 2, 3, 4)] == ["ab", "cd", "ef", "gh"]


def test_line_index_counts_characters_not_bytes() -> None:
    text = "Caf\u00e9 \U0001f600\nNo refunds"
    index = LineIndex(text)
    assert index.position(text.index("\U0001f600")) == (1, 6)
    assert index.position(text.index("No")) == (2, 1)


def test_line_index_trailing_newline() -> None:
    index = LineIndex("one\ntwo\n")
    assert index.position(8) == (3, 1)
    assert index.line_text(2) == "two"
    assert index.line_text(3) == ""


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Visitors cannot bring outside drinks.\n", "notice.txt"),
        ("<p>Visitors <em>cannot</em> bring outside drinks.</p>\n", "notice.html"),
    ],
)
def test_a_span_never_starts_inside_a_word(lint: LintFn, text: str, name: str) -> None:
    """spaCy splits "cannot" in two; a rule matching from its "not" points at the whole word."""
    (finding,) = lint(text, name)
    assert finding.matched.startswith("cannot"), finding.matched
    assert finding.span.start == text.index("cannot")
