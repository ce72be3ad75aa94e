"""Property tests: odd text never crashes the checker, findings point at their exact text, fixes
touch nothing but their own spans.

Documents mix the sign sentences the rules exist for with friendly ones, random Unicode
(emoji, right-to-left text, combining marks, control characters other than NUL), Markdown and
HTML markup, entities and every kind of line ending, so that findings actually occur and their
spans cross markup. Examples are derandomised (the profile in conftest.py): every run checks
the same documents, and a failure reproduces.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from yeslint.engine import Linter
from yeslint.fixer import applicable_edits, apply_edits
from yeslint.load import load_text
from yeslint.model import Applicability, Edit, Finding, Fix, Kind, Level, LineIndex, Source, Span

BOUNDARY = (
    "No refunds.",
    "You cannot leave tips on a credit card.",
    "$10 minimum for credit cards.",
    "Late arrivals will be treated as walk-ins.",
    "ALL SALES ARE FINAL!!!",
    "No shirt, no shoes, no service.",
    "We are not responsible for lost items.",
    "Cash only.",
)
FRIENDLY = (
    "Thanks for shopping with us.",
    "We ship most orders the same day.",
    "Yes, we take credit cards.",
    "Ask us anything — we’re happy to help.",
    "Free returns within 30 days, no questions asked.",
    "Our team will gladly help you pick the right size.",
)
ODD = (
    "😀",
    "👍🏽",
    "👩‍👩‍👧",
    "🇫🇷",
    "שלום",
    "مرحبا بكم",
    "\u202eNo refunds.\u202c",  # right-to-left override around a sign
    "e\u0301",
    "N\u0303o",
    "\u0301",  # a combining mark with nothing to combine with
    "\u200b",
    "\u00a0",
    "\ufeff",
    "\x01\x07\x1b\x7f",
    "\x0b\x0c",
    "\x85",
    "\u2028",
    "\u2029",
    "ﬁ",
    "Ⅻ",
    "İ",
    "ß",
    "\t",
)
ENTITIES = (
    "&amp;",
    "&rsquo;",
    "&#8217;",
    "&#x2019;",
    "&nbsp;",
    "&lt;",
    "&bogus;",
    "&#0;",
    "&#xD800;",
    "&#1114112;",
    "&amp",
    "&",
)
INLINE = (
    "*{}*",
    "**{}**",
    "_{}_",
    "`{}`",
    "``{}``",
    "~~{}~~",
    "[{}](https://example.com/a_(b))",
    "[{}][ref]",
    "![{}](img.png)",
    "<https://example.com/{}>",
    "<b>{}</b>",
    "<em>{}",
    '<a href="/x?a=1&amp;b=2">{}</a>',
    "<span title='{}'>x</span>",
    "{}<br>",
    "{}\\",
)
BLOCK = (
    "# {}",
    "## {} ##",
    "{}\n===",
    "> {}",
    "> > {}",
    "- {}",
    "* {}",
    "1. {}",
    "- [ ] {}",
    "```\n{}\n```",
    "```md\n{}",  # an unclosed fence
    "~~~\n{}\n~~~",
    "    {}",
    "| a | {} |\n|---|---|\n| {} | b |",
    "<!-- {} -->",
    "<!-- {}",
    "<p>{}</p>",
    "<h1>{}</h1>",
    "<ul><li>{}<li>{}</ul>",
    '<div class="note">{}',
    "{}</p></div>",
    "<script>{}</script>",
    "<style>p{{}}</style>{}",
    "<table><tr><td>{}</td><td>{}</td></tr></table>",
    "<pre>{}</pre>",
    "<textarea>{}</textarea>",
    "[ref]: https://example.com '{}'",
    "---\n{}",
    "{}\n\n---",
)
BREAKS = ("\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\r\r", " ", "")

# Random Unicode, minus surrogates (not encodable) and NUL (refused as binary by the loader).
unicode_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=30,
)
sentence = st.sampled_from(BOUNDARY + FRIENDLY)
inline = st.one_of(
    sentence,
    sentence,
    unicode_text,
    st.sampled_from(ODD),
    st.sampled_from(ENTITIES),
    st.builds(str.format, st.sampled_from(INLINE), sentence),
    st.builds(str.format, st.sampled_from(INLINE), unicode_text),
)
line = st.lists(inline, min_size=1, max_size=4).map(" ".join)


@st.composite
def block(draw: st.DrawFn) -> str:
    text = draw(line)
    if draw(st.booleans()):
        template = draw(st.sampled_from(BLOCK))
        text = template.format(*([text] * template.count("{}")))
    return text


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str]:
    """(file name, text): a format and a short document of mixed prose, markup and noise."""
    name = draw(st.sampled_from(["x.txt", "x.md", "x.html"]))
    if draw(st.integers(0, 9)) == 0:
        return name, draw(
            st.text(
                alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
                max_size=400,
            )
        )
    blocks = draw(st.lists(block(), max_size=6))
    breaks = draw(st.lists(st.sampled_from(BREAKS), min_size=len(blocks), max_size=len(blocks)))
    text = "".join(b + br for b, br in zip(blocks, breaks, strict=True))
    eol = draw(st.sampled_from([None, "\r\n", "\r"]))
    if eol is not None:  # one ending throughout, as an editor would save it
        text = re.sub(r"\r\n|\r|\n", eol, text)
    return name, text[:400]


@pytest.fixture(scope="module")
def checker(linter: Linter) -> Linter:
    """The session pipeline without the on-disk cache: every example is really checked."""
    checker = Linter(linter.ruleset, use_cache=False)
    checker._compiled = linter.compiled()
    return checker


LINE_BREAK = re.compile(r"\r\n|\r|\n")


def expected_position(text: str, offset: int) -> tuple[int, int]:
    """(line, column), 1-based, counted independently of `LineIndex`."""
    breaks = list(LINE_BREAK.finditer(text, 0, offset))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, offset - start + 1


def assert_sound(source: Source, findings: tuple[Finding, ...]) -> None:
    """Every finding points inside the file, at exactly the text it reports, at the right line."""
    text, index = source.text, LineIndex(source.text)
    for f in findings:
        assert 0 <= f.span.start < f.span.end <= len(text), f
        assert text[f.span.start : f.span.end] == f.matched, f
        assert 0 <= f.sentence_span.start <= f.span.start, f
        assert f.span.end <= f.sentence_span.end <= len(text), f
        for offset in (f.span.start, f.span.end):
            assert text[offset - 1 : offset + 1] != "\r\n", f"offset {offset} splits a CRLF: {f}"
            assert index.position(offset) == expected_position(text, offset), (offset, f)
        line_no, column = index.position(f.span.start)
        first_line = LINE_BREAK.split(f.matched, maxsplit=1)[0]
        assert index.line_text(line_no)[column - 1 :].startswith(first_line), f
        if f.fix is not None:
            for edit in f.fix.edits:
                assert 0 <= edit.span.start <= edit.span.end <= len(text), edit


def assert_only_edits_changed(before: str, after: str, edits: list[Edit]) -> None:
    """Walk both texts: between edits they agree character for character, and each edit's
    replacement stands exactly where its span was."""
    here = there = 0  # positions in before / after
    for edit in edits:
        gap = edit.span.start - here
        assert gap >= 0, "edits overlap or are out of order"
        assert after[there : there + gap] == before[here : edit.span.start]
        there += gap
        assert after[there : there + len(edit.replacement)] == edit.replacement
        there += len(edit.replacement)
        here = edit.span.end
    assert after[there:] == before[here:]


DOCUMENT_EXAMPLES = (
    ("x.txt", "No refunds.\r\nYou cannot leave tips on a credit card.\r$10 minimum for credit cards."),
    ("x.md", "# ALL SALES ARE FINAL!!!\r\n\r\n> *No refunds.* Late arrivals will be treated as walk-ins."),
    ("x.html", "<p>No refunds &amp; no exchanges.</p><p>You cannot leave tips on a credit card.</p>"),
    ("x.md", "| No refunds. | Cash only. |\n|---|---|\n| 😀 | שלום No refunds. |"),
    ("x.html", "<ul><li>No refunds.\u0301<li>Cash only&rsquo;s rule.</ul><!-- No refunds."),
)


def with_examples(test):  # type: ignore[no-untyped-def]
    for name, text in DOCUMENT_EXAMPLES:
        test = example(doc=(name, text))(test)
    return test


@with_examples
@settings(max_examples=300)
@given(doc=documents())
def test_check_never_crashes_and_findings_point_at_their_text(checker: Linter, doc: tuple[str, str]) -> None:
    source = load_text(doc[1], doc[0])
    report = checker.lint_source(source)
    assert report.error is None
    assert_sound(source, report.findings)


@with_examples
@settings(max_examples=200)
@given(doc=documents())
def test_fixes_never_overlap_and_change_nothing_else(checker: Linter, doc: tuple[str, str]) -> None:
    source = load_text(doc[1], doc[0])
    findings = checker.lint_source(source).findings
    edits = applicable_edits(findings, unsafe=True)
    for edit in edits:
        assert 0 <= edit.span.start <= edit.span.end <= len(source.text), edit
    for first, second in itertools.pairwise(edits):
        assert first.span.end <= second.span.start, (first, second)
    fixed = apply_edits(source.text, edits)
    assert_only_edits_changed(source.text, fixed, edits)
    assert apply_edits(source.text, []) == source.text


@with_examples
@settings(max_examples=200)
@given(doc=documents())
def test_fixed_text_checks_cleanly(checker: Linter, doc: tuple[str, str]) -> None:
    source = load_text(doc[1], doc[0])
    fixed = apply_edits(source.text, applicable_edits(checker.lint_source(source).findings, unsafe=True))
    if not fixed:
        return  # nothing left to check (the loader refuses an empty file before the linter)
    again = load_text(fixed, doc[0])
    report = checker.lint_source(again)
    assert report.error is None
    assert_sound(again, report.findings)


# --- the fixer alone, on synthetic edits: cheap, so many more examples --------------------------


def finding_with(edits: list[Edit], applicability: Applicability) -> Finding:
    span = edits[0].span if edits else Span(0, 0)
    fix = Fix("Rewrite", tuple(edits), applicability)
    return Finding(
        "x.txt", span, span, "XX001", "x", "prohibition", Level.WARNING, "m", "", "", None, fix=fix
    )


@st.composite
def text_and_edits(draw: st.DrawFn) -> tuple[str, list[Finding]]:
    text = draw(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=120))
    # Empty spans (pure insertions) too, though the engine's never are: the fixer must
    # order an insertion and a replacement at one offset all the same.
    spans = st.integers(0, len(text)).flatmap(lambda a: st.integers(a, len(text)).map(lambda b: Span(a, b)))
    edit = st.builds(Edit, spans, st.text(max_size=12))
    findings = draw(
        st.lists(
            st.builds(finding_with, st.lists(edit, max_size=3), st.sampled_from(list(Applicability))),
            max_size=8,
        )
    )
    return text, findings


@settings(max_examples=1000)
@given(case=text_and_edits(), unsafe=st.booleans())
def test_applicable_edits_are_disjoint_and_apply_in_place(
    case: tuple[str, list[Finding]], unsafe: bool
) -> None:
    text, findings = case
    edits = applicable_edits(findings, unsafe=unsafe)
    offered = [
        e
        for f in findings
        if f.fix
        and (
            f.fix.applicability is Applicability.SAFE
            or (unsafe and f.fix.applicability is Applicability.UNSAFE)
        )
        for e in f.fix.edits
    ]
    assert all(e in offered for e in edits)
    for first, second in itertools.pairwise(edits):
        assert first.span.end <= second.span.start
    assert_only_edits_changed(text, apply_edits(text, edits), edits)
    assert apply_edits(text, []) == text
    assert apply_edits(text, list(reversed(edits))) == apply_edits(
        text, edits
    )  # order of the list is irrelevant


@pytest.mark.parametrize("order", [1, -1])
def test_insertion_beside_a_replacement_at_the_same_offset(order: int) -> None:
    findings = [
        finding_with([Edit(Span(0, 0), "Hello. ")], Applicability.SAFE),
        finding_with([Edit(Span(0, 11), "Ask us about refunds.")], Applicability.SAFE),
        finding_with([Edit(Span(11, 11), " Thanks!")], Applicability.SAFE),
    ][::order]
    edits = applicable_edits(findings, unsafe=False)
    assert [e.span for e in edits] == [Span(0, 0), Span(0, 11), Span(11, 11)]
    assert apply_edits("No refunds.", edits[::order]) == "Hello. Ask us about refunds. Thanks!"


def test_two_insertions_at_one_offset_clash_and_the_first_wins() -> None:
    findings = [
        finding_with([Edit(Span(3, 3), "A")], Applicability.SAFE),
        finding_with([Edit(Span(3, 3), "B")], Applicability.SAFE),
    ]
    assert applicable_edits(findings, unsafe=False) == [Edit(Span(3, 3), "A")]


@pytest.mark.parametrize(
    "edits",
    [
        [Edit(Span(0, 5), "x"), Edit(Span(4, 8), "y")],
        [Edit(Span(0, 5), "x"), Edit(Span(2, 2), "y")],
        [Edit(Span(3, 3), "x"), Edit(Span(3, 3), "y")],
    ],
    ids=["overlap", "insertion-inside-a-replacement", "two-insertions"],
)
def test_apply_edits_refuses_clashing_edits(edits: list[Edit]) -> None:
    with pytest.raises(ValueError, match="overlapping edits"):
        apply_edits("Cash only at the bar.", edits)


# --- bugs the generated documents led to: rewrites of ordinary sign text -----------------------


def fixed_once(checker: Linter, text: str, name: str = "x.txt") -> str:
    findings = checker.lint_source(load_text(text, name)).findings
    return apply_edits(text, applicable_edits(findings, unsafe=True))


@pytest.mark.parametrize("name", ["x.txt", "x.md"])
def test_fix_keeps_the_two_spaces_after_a_sign(checker: Linter, name: str) -> None:
    text = "No refunds.  Thanks for visiting."
    [finding] = checker.lint_source(load_text(text, name)).findings
    assert text[finding.sentence_span.start : finding.sentence_span.end] == "No refunds."
    fixed = fixed_once(checker, text, name)
    assert fixed.endswith(".  Thanks for visiting.")
    assert ".," not in fixed


@pytest.mark.parametrize(
    "text",
    [
        '"No refunds."',
        '"No refunds".',
        "“Cash only.”",
        "(No shirt, no shoes, no service.)",
        'Our front desk sign says: "Cash only." Thanks!',
        '"You cannot bring outside food into the cinema."',
    ],
)
def test_fix_keeps_quotes_around_the_rewrite_and_a_second_fix_changes_nothing(
    checker: Linter, text: str
) -> None:
    once = fixed_once(checker, text)
    assert once != text
    opening, closing = text.rstrip(".!")[:1], text.rstrip(".!")[-1:]
    if opening in '"“(':
        assert once.startswith(opening), once
    assert once.rstrip(".!").endswith(closing), once
    assert '.",' not in once and ".”," not in once and ".)," not in once, once
    assert fixed_once(checker, once) == once


_RIGHT_ANCHORED_WORD = re.compile(r"([\w.]+)[.!?]*[\"'”’)\]]*\s*$")
"""How the sentence splitter used to find the word before a boundary (slow on long text)."""


@settings(max_examples=1000)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab.!?É_9 \n\"'”’)]([AZ$")), max_size=80),
    start=st.integers(min_value=0, max_value=80),
)
@example(text="See e.g. The list", start=0)
@example(text="Mr. Smith. J. Doe!. Next", start=3)
def test_word_before_a_boundary_reads_what_the_anchored_search_read(text: str, start: int) -> None:
    from yeslint.sentences import _BOUNDARY, _word_before

    start = min(start, len(text))
    for boundary in _BOUNDARY.finditer(text, start):
        reference = _RIGHT_ANCHORED_WORD.search(text, start, boundary.end())
        assert _word_before(text, start, boundary) == (reference.group(1) if reference else "")


def sentences_of(
    source: Source, wanted: Callable[[str], bool] | None = None
) -> list[tuple[str, tuple[int, int]]]:
    """Each sentence the engine would consider, with its span in the file."""
    from yeslint.segment import segment_source
    from yeslint.sentences import split_sentences

    return [
        (segment.text[a:b], segment.source_span(a, b))
        for segment in segment_source(source, wanted)
        for a, b in split_sentences(segment.text)
    ]


MARKUP_BITS = ("<b>", "</b>", "<br>", "<p>", "</p>", "<!-- c -->", "**", "_", "`", "\\", "[", "](x)", "][r]")
MARKUP_BITS += ("&amp;", "&#39;", "&rsquo;", "&nbsp;", "&not", "\u00ad", "\n", "\r\n", "\n\n", " ")


@st.composite
def marked_up(draw: st.DrawFn) -> tuple[str, str]:
    """A document whose boundary sentences have markup, entities and breaks dropped in
    anywhere, inside words too: what segmenting glues back or splits apart."""
    name, text = draw(documents())
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(MARKUP_BITS)) + text[at:]
    return name, text


@with_examples
@settings(max_examples=400)
@given(doc=marked_up())
@example(doc=("x.html", "All sales are fi<b>nal</b>."))
@example(doc=("x.md", "No re**funds**."))
@example(doc=("x.md", "No [re](https://example.com/)funds."))
@example(doc=("x.html", "No<br>\n\nrefunds."))
def test_a_document_the_prefilter_refuses_has_no_sentence_it_would_let_through(
    checker: Linter, doc: tuple[str, str]
) -> None:
    """The whole-document test may only skip a page none of whose sentences could match."""
    source = load_text(doc[1], doc[0])
    prefilter = checker.prefilter()
    if any(prefilter.might_match(piece) for piece, _ in sentences_of(source)):
        paragraphs = source.kind is not Kind.HTML
        assert prefilter.might_match_document(source.text, blank_lines_end_sentences=paragraphs)


@with_examples
@settings(max_examples=300)
@given(doc=marked_up())
@example(doc=("x.md", "| a | b |\n|---|---|\n| No | refunds |\n\nWe can**not** take re**funds**."))
def test_blocks_passed_over_unread_hold_no_sentence_the_prefilter_would_let_through(
    checker: Linter, doc: tuple[str, str]
) -> None:
    """Markdown blocks the prefilter rejects are not segmented: the sentences that reach the
    parser, and where they sit in the file, are the same as when every block is read."""
    source = load_text(doc[1], "x.md")
    prefilter = checker.prefilter()

    def candidates(wanted: Callable[[str], bool] | None) -> list[tuple[str, tuple[int, int]]]:
        return [piece for piece in sentences_of(source, wanted) if prefilter.might_match(piece[0])]

    assert candidates(prefilter.might_match_markup) == candidates(None)
