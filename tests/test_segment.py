"""Segmenting keeps prose, drops markup, and maps every character back to the file.

No spaCy here: each test segments a small document and checks that the offsets of a
phrase in a segment point at exactly the expected characters of the original text.
"""

from __future__ import annotations

import pytest

from yeslint.load import load_text
from yeslint.segment import Segment, segment_source


def segments(text: str, name: str) -> list[Segment]:
    return list(segment_source(load_text(text, name)))


def texts(text: str, name: str) -> list[str]:
    return [segment.text for segment in segments(text, name)]


def span_of(text: str, name: str, phrase: str) -> tuple[int, int]:
    """Source offsets of the one segment occurrence of ``phrase``."""
    hits = [
        segment.source_span(i, i + len(phrase))
        for segment in segments(text, name)
        if (i := segment.text.find(phrase)) >= 0
    ]
    assert len(hits) == 1, f"{phrase!r} is in {len(hits)} segments of {texts(text, name)}"
    return hits[0]


def joint_of(text: str, name: str, before: str) -> str:
    """The source characters the one character after ``before`` (a joining space) stands for."""
    (segment,) = [s for s in segments(text, name) if before in s.text]
    i = segment.text.index(before) + len(before)
    start, end = segment.source_span(i, i + 1)
    return text[start:end]


def source_of(text: str, name: str, phrase: str) -> str:
    start, end = span_of(text, name, phrase)
    return text[start:end]


def assert_maps_to(text: str, name: str, phrase: str, original: str) -> None:
    """``phrase`` (segment text) maps to ``original``, which occurs once in ``text``."""
    assert text.count(original) == 1, "test text must hold the original once"
    start = text.index(original)
    assert span_of(text, name, phrase) == (start, start + len(original))


def all_prose(text: str, name: str) -> str:
    return "\n".join(texts(text, name))


# --- Markdown ------------------------------------------------------------------------------


def test_md_heading_maps_without_hashes() -> None:
    text = "# Returns\n\n## No refunds after 30 days\n"
    assert texts(text, "x.md") == ["Returns", "No refunds after 30 days"]
    assert_maps_to(text, "x.md", "No refunds", "No refunds")
    assert span_of(text, "x.md", "No refunds")[0] == text.index("No refunds")


def test_md_setext_heading() -> None:
    text = "Intro line.\n\nNo refunds\n==========\n"
    assert texts(text, "x.md") == ["Intro line.", "No refunds"]
    assert span_of(text, "x.md", "No refunds") == (13, 23)


def test_md_emphasis_inside_phrase_span_covers_the_markers() -> None:
    text = "Sorry, we say **no refunds** on sale items.\n"
    assert texts(text, "x.md") == ["Sorry, we say no refunds on sale items."]
    assert_maps_to(text, "x.md", "say no refunds on", "say **no refunds** on")
    # the phrase alone starts after the opening ** and ends before the closing **
    assert source_of(text, "x.md", "no refunds") == "no refunds"


def test_md_nested_emphasis_and_strikethrough() -> None:
    text = "We ***never*** give ~~cash~~ refunds.\n"
    assert texts(text, "x.md") == ["We never give cash refunds."]
    assert_maps_to(text, "x.md", "never give cash refunds", "never*** give ~~cash~~ refunds")


def test_md_link_text_kept_url_skipped() -> None:
    text = 'Read our [refund policy](https://shop.example/no-refunds "No refunds here") today.\n'
    prose = all_prose(text, "x.md")
    assert prose == "Read our refund policy today."
    assert "no-refunds" not in prose and "No refunds" not in prose
    assert_maps_to(text, "x.md", "refund policy", "refund policy")
    target = '](https://shop.example/no-refunds "No refunds here")'
    assert source_of(text, "x.md", "policy today") == f"policy{target} today"


def test_md_reference_link_and_definition_skipped() -> None:
    text = 'See [the no refunds note][terms] below.\n\n[terms]: https://shop.example/no-cash "No cash"\n'
    assert texts(text, "x.md") == ["See the no refunds note below."]
    assert_maps_to(text, "x.md", "the no refunds note", "the no refunds note")
    assert source_of(text, "x.md", "below") == "below"


def test_md_autolink_is_not_prose() -> None:
    text = "Write to <https://shop.example/no-refunds> or call us.\n"
    prose = all_prose(text, "x.md")
    assert "no-refunds" not in prose
    assert_maps_to(text, "x.md", "or call us.", "or call us.")


def test_md_inline_code_skipped() -> None:
    text = "Run `no refunds --force` and then no exchanges apply.\n"
    prose = all_prose(text, "x.md")
    assert "refunds" not in prose
    assert_maps_to(text, "x.md", "no exchanges", "no exchanges")


@pytest.mark.parametrize(
    "code",
    ["`no\nrefunds`", "`` `no refunds` ``", "` no refunds `", "**`x`**"],
    ids=["multiline", "double-ticks", "padded", "in-emphasis"],
)
def test_md_inline_code_forms_never_shift_later_text(code: str) -> None:
    text = f"Type {code} then no exchanges apply.\n"
    assert "refunds" not in all_prose(text, "x.md")
    assert_maps_to(text, "x.md", "no exchanges", "no exchanges")
    # the code span as a whole reads as one space that stands for every character of it
    start, end = span_of(text, "x.md", "Type   then")
    assert text[start:end] == f"Type {code} then"


def test_md_fenced_and_indented_code_skipped() -> None:
    text = (
        "Before the code.\n\n"
        "```text\nNo refunds in a fence.\n```\n\n"
        "~~~\nNo cash in a tilde fence.\n~~~\n\n"
        "    No exchanges in an indented block.\n\n"
        "After the code.\n"
    )
    assert texts(text, "x.md") == ["Before the code.", "After the code."]
    assert_maps_to(text, "x.md", "After the code.", "After the code.")


def test_md_front_matter_skipped() -> None:
    text = "---\ntitle: No refunds\nsummary: no cash\n---\n\nWelcome to the shop.\n"
    assert texts(text, "x.md") == ["Welcome to the shop."]
    assert_maps_to(text, "x.md", "Welcome", "Welcome")


def test_md_html_comments_skipped() -> None:
    text = "<!-- No refunds, ever -->\n\nWe take <!-- no cash --> cards.\n"
    prose = all_prose(text, "x.md")
    assert "refunds" not in prose and "cash" not in prose
    assert source_of(text, "x.md", "cards.") == "cards."
    assert source_of(text, "x.md", "We take") == "We take"


def test_md_entities_decoded_and_mapped() -> None:
    text = "Tom &amp; Jerry don&rsquo;t refund &#39;sale&#x27; items.\n"
    assert texts(text, "x.md") == ["Tom & Jerry don\u2019t refund 'sale' items."]
    assert_maps_to(text, "x.md", "&", "&amp;")
    assert_maps_to(text, "x.md", "don\u2019t refund", "don&rsquo;t refund")
    assert_maps_to(text, "x.md", "'sale'", "&#39;sale&#x27;")


def test_md_backslash_escapes_decoded_and_mapped() -> None:
    text = "No \\*refunds\\* and no \\[cash\\].\n"
    assert texts(text, "x.md") == ["No *refunds* and no [cash]."]
    assert_maps_to(text, "x.md", "*refunds*", "\\*refunds\\*")
    assert_maps_to(text, "x.md", "no [cash]", "no \\[cash\\]")


def test_md_table_cells_are_segments() -> None:
    text = "| Item | Rule |\n|------|------|\n| Shoes | No refunds. |\n| Hats | No exchanges. |\n"
    assert texts(text, "x.md") == ["Item", "Rule", "Shoes", "No refunds.", "Hats", "No exchanges."]
    assert_maps_to(text, "x.md", "No refunds.", "No refunds.")
    assert_maps_to(text, "x.md", "No exchanges.", "No exchanges.")


def test_md_table_escaped_pipe_maps_exactly() -> None:
    text = "| Rule | Note |\n|---|---|\n| No cash \\| cards only | ok |\n"
    assert "No cash | cards only" in texts(text, "x.md")
    assert_maps_to(text, "x.md", "No cash", "No cash")
    assert_maps_to(text, "x.md", "cash | cards only", "cash \\| cards only")
    assert_maps_to(text, "x.md", "ok", "ok")


def test_md_text_recurring_later_never_pulls_a_block_forward() -> None:
    text = "| Rule |\n|---|\n| No cash \\| cards |\n\nLater: No cash | cards and more.\n"
    assert texts(text, "x.md") == ["Rule", "No cash | cards", "Later: No cash | cards and more."]
    assert_maps_to(text, "x.md", "Later: No cash | cards and more.", "Later: No cash | cards and more.")
    cell = segments(text, "x.md")[1]
    assert cell.source_span(0, len(cell.text)) == (17, 33)
    assert text[17:33] == "No cash \\| cards"


def test_md_list_items_never_join() -> None:
    text = "- No refunds.\n- No exchanges.\n  1. No pets\n\n* Cash only\n"
    assert texts(text, "x.md") == ["No refunds.", "No exchanges.", "No pets", "Cash only"]
    assert_maps_to(text, "x.md", "No pets", "No pets")
    assert_maps_to(text, "x.md", "Cash only", "Cash only")


def test_md_blockquote_continuation() -> None:
    text = "> No refunds\n> after thirty days.\n"
    assert texts(text, "x.md") == ["No refunds after thirty days."]
    assert_maps_to(text, "x.md", "refunds after", "refunds\n> after")


def test_md_image_alt_text_kept_source_skipped() -> None:
    text = '![No dogs allowed](img/no-dogs.png "No dogs") inside the cafe.\n'
    prose = all_prose(text, "x.md")
    assert prose == "No dogs allowed inside the cafe."
    assert "png" not in prose
    assert_maps_to(text, "x.md", "No dogs allowed", "No dogs allowed")
    assert source_of(text, "x.md", "inside") == "inside"


def test_md_image_inside_link() -> None:
    text = "[![No cash](cash.png)](https://shop.example/no-cash) accepted here.\n"
    assert texts(text, "x.md") == ["No cash accepted here."]
    assert_maps_to(text, "x.md", "No cash", "No cash")
    assert_maps_to(text, "x.md", "accepted here.", "accepted here.")


def test_md_crlf_line_endings() -> None:
    text = "# Returns\r\n\r\nSorry, there are\r\nno refunds on sale items.\r\n\r\n- No exchanges.\r\n"
    assert texts(text, "x.md") == ["Returns", "Sorry, there are no refunds on sale items.", "No exchanges."]
    assert_maps_to(text, "x.md", "are no refunds", "are\r\nno refunds")
    assert_maps_to(text, "x.md", "No exchanges.", "No exchanges.")
    # the joining space stands for the whole CRLF, never half of it
    assert joint_of(text, "x.md", "there are") == "\r\n"


def test_md_lone_cr_line_endings() -> None:
    text = "First line\rgoes on.\r\rNo refunds.\r"
    assert texts(text, "x.md") == ["First line goes on.", "No refunds."]
    assert_maps_to(text, "x.md", "No refunds.", "No refunds.")


def test_md_hard_breaks_map_to_the_break() -> None:
    text = "No refunds\\\nafter thirty  \ndays.\n"
    assert texts(text, "x.md") == ["No refunds after thirty days."]
    assert_maps_to(text, "x.md", "refunds after", "refunds\\\nafter")
    assert_maps_to(text, "x.md", "thirty days", "thirty  \ndays")
    assert joint_of(text, "x.md", "No refunds") == "\\\n"


def test_md_each_character_of_verbatim_text_maps_to_itself() -> None:
    text = "Intro.\n\n**Bold** text with [a link](https://x.example) and `code` and *more*.\n"
    for segment in segments(text, "x.md"):
        for i, char in enumerate(segment.text):
            start, end = segment.source_span(i, i + 1)
            if end - start == 1:  # verbatim characters map one to one
                assert text[start] == char


# --- HTML ------------------------------------------------------------------------------------

PAGE = """<!doctype html>
<html>
<head><title>No refunds</title><style>.no-cash { color: red }</style></head>
<body>
<script>var msg = "No refunds";</script>
<noscript>No cash without scripts.</noscript>
<template><p>No exchanges template.</p></template>
<h1>Returns</h1>
<p>We take   cards,
   <b>not <i>cash</i></b>.</p>
<img src="no-dogs.png" alt="No dogs inside">
<ul><li>No refunds</li><li>No exchanges</li></ul>
</body>
</html>
"""


def test_html_hidden_elements_skipped() -> None:
    prose = all_prose(PAGE, "x.html")
    for hidden in ("color", "msg", "scripts", "template", "No refunds</title>"):
        assert hidden not in prose
    assert texts(PAGE, "x.html") == [
        "Returns",
        "We take cards, not cash.",
        "No dogs inside",
        "No refunds",
        "No exchanges",
    ]


def test_html_list_items_never_join() -> None:
    for item in ("No refunds", "No exchanges"):
        start = PAGE.index(f"<li>{item}") + len("<li>")
        assert span_of(PAGE, "x.html", item) == (start, start + len(item))


def test_html_indentation_is_trimmed_from_segments() -> None:
    text = "<ul>\n  <li>\n    No refunds.\n  </li>\n</ul>\n<img alt='  No dogs  '>"
    assert texts(text, "x.html") == ["No refunds.", "No dogs"]
    assert_maps_to(text, "x.html", "No refunds.", "No refunds.")
    assert_maps_to(text, "x.html", "No dogs", "No dogs")
    for segment in segments(text, "x.html"):
        start, end = segment.source_span(0, len(segment.text))
        assert text[start:end] == segment.text


def test_html_unclosed_li_and_p_still_split() -> None:
    text = "<ul><li>No refunds<li>No exchanges</ul><p>One<p>Two"
    assert texts(text, "x.html") == ["No refunds", "No exchanges", "One", "Two"]


def test_html_whitespace_runs_collapsed_but_mapped() -> None:
    assert_maps_to(PAGE, "x.html", "take cards,", "take   cards,")
    assert_maps_to(PAGE, "x.html", "cards, not", "cards,\n   <b>not")


def test_html_nested_inline_tags() -> None:
    assert_maps_to(PAGE, "x.html", "not cash.", "not <i>cash</i></b>.")
    start = PAGE.index("<i>cash") + len("<i>")
    assert span_of(PAGE, "x.html", "cash") == (start, start + len("cash"))


def test_html_alt_text_kept() -> None:
    assert_maps_to(PAGE, "x.html", "No dogs inside", "No dogs inside")
    text = "<p>Shop</p><IMG ALT='No entry &amp; exit' src=x.png><img alt=NoPets>"
    assert texts(text, "x.html") == ["Shop", "No entry & exit", "NoPets"]
    assert_maps_to(text, "x.html", "No entry & exit", "No entry &amp; exit")
    assert_maps_to(text, "x.html", "NoPets", "NoPets")


@pytest.mark.parametrize(
    ("source", "decoded"),
    [
        ("&amp;", "&"),
        ("&rsquo;", "\u2019"),
        ("&#39;", "'"),
        ("&#x27;", "'"),
        ("&#X27;", "'"),
        ("&copy", "\u00a9"),
        ("&amp", "&"),
        ("&#39", "'"),
    ],
    ids=["named", "curly", "decimal", "hex", "hex-upper", "no-semi", "amp-no-semi", "dec-no-semi"],
)
def test_html_entities_decoded_and_mapped(source: str, decoded: str) -> None:
    text = f"<p>Tom {source} Jerry</p>"
    assert texts(text, "x.html") == [f"Tom {decoded} Jerry"]
    assert_maps_to(text, "x.html", decoded, source)
    assert_maps_to(text, "x.html", f"Tom {decoded} Jerry", f"Tom {source} Jerry")


def test_html_entity_prefix_decoded_as_browsers_do() -> None:
    # "&ampx" is "&" + "x" in a browser; the segment must not invent a semicolon
    text = "<p>A &ampx B</p>"
    assert texts(text, "x.html") == ["A &x B"]
    assert_maps_to(text, "x.html", "&x", "&ampx")


def test_html_entity_next_to_word_maps_whole_word() -> None:
    text = "<p>We don&rsquo;t take cash.</p>"
    assert_maps_to(text, "x.html", "don\u2019t take", "don&rsquo;t take")


def test_html_block_tags_split_segments() -> None:
    text = "<div>No refunds<div>No exchanges</div></div><p>a<span>b</span>c</p><h2>Cash</h2>only<br>here"
    assert texts(text, "x.html") == ["No refunds", "No exchanges", "abc", "Cash", "only", "here"]
    assert_maps_to(text, "x.html", "abc", "a<span>b</span>c")


def test_html_comments_and_cdata_skipped() -> None:
    text = "<p>We take <!-- no cash --> cards.</p><![CDATA[no refunds]]>"
    prose = all_prose(text, "x.html")
    assert "cash" not in prose and "refunds" not in prose
    assert source_of(text, "x.html", "cards.") == "cards."


def test_html_unclosed_head_ends_at_body() -> None:
    text = "<html><head><title>Shop</title><body><p>No refunds.</p></body></html>"
    assert texts(text, "x.html") == ["No refunds."]
    assert_maps_to(text, "x.html", "No refunds.", "No refunds.")


def test_html_crlf() -> None:
    text = "<p>We take\r\ncards.</p>\r\n<p>No\r\n  refunds &amp; exchanges.</p>\r\n"
    assert texts(text, "x.html") == ["We take cards.", "No refunds & exchanges."]
    assert_maps_to(text, "x.html", "take cards", "take\r\ncards")
    assert_maps_to(text, "x.html", "No refunds & exchanges.", "No\r\n  refunds &amp; exchanges.")


# --- plain text ------------------------------------------------------------------------------


def test_plain_sign_lines_split() -> None:
    text = "NO REFUNDS\nNo exchanges\nCash only\n"
    assert texts(text, "x.txt") == ["NO REFUNDS", "No exchanges", "Cash only"]
    assert_maps_to(text, "x.txt", "Cash only", "Cash only")


def test_plain_wrapped_email_paragraph_joined() -> None:
    text = (
        "Hi Sam,\n\nThanks for your order. Sadly we cannot ship it\nuntil Monday, and we are "
        "sorry for\nthe delay.\n\nBest wishes\nAlex\n"
    )
    got = texts(text, "x.txt")
    joined = "Thanks for your order. Sadly we cannot ship it until Monday, and we are sorry for the delay."
    assert joined in got
    assert_maps_to(text, "x.txt", "ship it until Monday", "ship it\nuntil Monday")
    assert_maps_to(text, "x.txt", "for the delay.", "for\nthe delay.")
    assert "Best wishes" in got and "Alex" in got


def test_plain_bullets_stripped() -> None:
    text = "- No refunds\n* No exchanges\n1. No pets\n  \u2022 No food\n2) No cash\n"
    assert texts(text, "x.txt") == ["No refunds", "No exchanges", "No pets", "No food", "No cash"]
    for phrase in ("No refunds", "No exchanges", "No pets", "No food", "No cash"):
        assert_maps_to(text, "x.txt", phrase, phrase)


def test_plain_crlf() -> None:
    text = "No refunds\r\nNo exchanges\r\n\r\nWe are sorry but we\r\ncannot help.\r\n"
    assert texts(text, "x.txt") == ["No refunds", "No exchanges", "We are sorry but we cannot help."]
    assert_maps_to(text, "x.txt", "No exchanges", "No exchanges")
    assert_maps_to(text, "x.txt", "we cannot", "we\r\ncannot")
    assert joint_of(text, "x.txt", "but we") == "\r\n"
    # a line's own CR never leaks into a sign line's segment
    assert all("\r" not in t for t in texts(text, "x.txt"))


def test_plain_trailing_blanks_and_indent_inside_join() -> None:
    text = "Sorry, we cannot take   \t\n    cash at the till.\n"
    assert texts(text, "x.txt") == ["Sorry, we cannot take cash at the till."]
    assert_maps_to(text, "x.txt", "take cash", "take   \t\n    cash")
    assert joint_of(text, "x.txt", "cannot take") == "   \t\n    "


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("x.md", '{{< alert type="info" >}}No refunds.{{< /alert >}}\n', "No refunds."),
        ("x.md", "Cards {{% badge %}}new{{% /badge %}} welcome.{: .lead}\n", "Cards  new  welcome."),
        ("x.html", "<p>{% if a %}Free{% else %}Entry {{ fee }}{% endif %}</p>", "Free Entry {{ fee }}"),
        ("x.txt", "Hi {{ name }},{# greeting #} it ships today.\n", "Hi {{ name }},  it ships today."),
        ("x.mdx", "# Prices {/* short */}\n", "Prices"),
    ],
)
def test_site_generator_tags_read_as_spaces(name: str, text: str, expected: str) -> None:
    """Shortcodes, template tags and attribute lists are markup; output tags stand for words."""
    assert texts(text, name) == [expected]


def test_md_html_blocks_read_as_html() -> None:
    text = '<div class="note">\nWe do <b>not</b> take cheques.\n</div>\n\n<!-- c -->\n\n<script>x()</script>'
    assert texts(text, "x.md") == ["We do not take cheques."]
    assert_maps_to(text, "x.md", "not take", "not</b> take")


def test_mdx_module_lines_skipped_and_components_read() -> None:
    text = (
        "import Tabs from '@theme/Tabs';\nimport { Note } from \"../note\";\nexport const meta = { a: 1 }\n\n"
        '<Note kind="info">\nNo refunds after 30 days.\n</Note>\n\nimport duties are paid by us.\n'
    )
    assert texts(text, "page.mdx") == ["No refunds after 30 days.", "import duties are paid by us."]
    assert_maps_to(text, "page.mdx", "No refunds", "No refunds")


def test_site_generator_tags_keep_positions_exact() -> None:
    text = "{{< note >}}Sorry, **no refunds** on {% if sale %}sale{% endif %} items.\n"
    assert_maps_to(text, "x.md", "no refunds", "no refunds")
    assert_maps_to(text, "x.md", "items.", "items.")
    assert joint_of(text, "x.md", "on ") == "{% if sale %}"


def test_blank_documents_have_no_segments() -> None:
    for name in ("x.txt", "x.md", "x.html"):
        assert texts("  \n\n \t\n", name) == []
    assert texts("<p>  </p><script>x</script>", "x.html") == []
    assert texts("```\ncode\n```\n", "x.md") == []


def test_unknown_suffix_is_plain_text() -> None:
    text = "# No refunds\n"
    assert texts(text, "notes.rst") == ["# No refunds"]


# --- invariants over tricky documents --------------------------------------------------------

TRICKY = [
    ("x.md", "| a \\| b | `c\\|d` |\n|---|---|\n| **No** \\| refunds | [x](u) |\n\nNo refunds \\| ok.\n"),
    ("x.md", "> Quote *one*\r\n> two &amp; three\r\n\r\n1. `` a`b `` c\r\n2. ![alt *x*](i.png) d\r\n"),
    ("x.md", "Text <span>in</span> line\\\nnext <https://a.example> end ~~gone~~ &#x41;\n\n***\n\nTail.\n"),
    ("x.md", "[a [b] c](u 'title') and [d][] and [e].\n\n[d]: /d\n[e]: /e\n"),
    ("x.html", "<div>\n  <p>One &amp; two&nbsp;three</p>\n  <p>Four <em>five</em>\n six</p>\n</div>"),
    ("x.html", "<table><tr><td>A &lt; B</td><td>C&#62;D</td></tr></table><img alt='x &amp y'>"),
    ("x.txt", "  - One\r\n  two and\r\n\tthree\r\n\r\nSIGN\r\n"),
    ("x.md", '{{< note >}}No *pets*{{< /note >}} &amp; [x]({{< ref "a" >}}){.b}\n\n{% if a %}b{% endif %}\n'),
    ("x.html", "<p>{# hidden #}No &amp; {% raw %}<b>pets</b>{% endraw %} {{ name }}</p>"),
    ("x.md", "Intro *one*.\n\n<div>\n  No &amp; <i>pets</i>\n</div>\n\n> <p>quoted</p>\n\nEnd.\n"),
]


@pytest.mark.parametrize(("name", "text"), TRICKY, ids=[f"{n}-{i}" for i, (n, _) in enumerate(TRICKY)])
def test_pieces_are_in_order_and_verbatim_ones_match(name: str, text: str) -> None:
    previous_end = 0
    for segment in segments(text, name):
        ends = [p.start for p in segment.pieces[1:]] + [len(segment.text)]
        for piece, end in zip(segment.pieces, ends, strict=True):
            assert piece.src_start >= previous_end, (segment.text, piece)
            assert piece.src_start <= piece.src_end <= len(text)
            if piece.verbatim:
                assert text[piece.src_start : piece.src_end] == segment.text[piece.start : end]
            previous_end = piece.src_end
        start, stop = segment.source_span(0, len(segment.text))
        assert segment.text[0] == text[start] or not segment.pieces[0].verbatim
        assert start < stop
