"""Tests for reading HTML profile pages into blocks."""

from __future__ import annotations

from markdown_it import MarkdownIt

from policyatlas.text.blocks import Block
from policyatlas.text.html_blocks import html_to_blocks


def _shape(blocks: list[Block]) -> list[tuple[str, str, int]]:
    return [(b.kind, b.text, b.level) for b in blocks]


def test_html_to_blocks_matches_markdown_rendered_by_markdown_it() -> None:
    md = (
        "## STRUCTURE\n\n### Dedicated Agencies\n\n#### **Instituto X (Institute X)**\n\n"
        "Government of Mexico\n\n- First point;\n- Second point.\n\n[Source](#) [Source 2](#)\n\n"
        "1 June 2010\n\n1. Society and Rights;\n2. Economy.\n\n"
        "**International Telecommunications  \nUnion (ITU)**\n"
    )
    blocks = html_to_blocks(MarkdownIt("commonmark").render(md))
    assert _shape(blocks) == [
        ("heading", "STRUCTURE", 2),
        ("heading", "Dedicated Agencies", 3),
        ("heading", "**Instituto X (Institute X)**", 4),
        ("paragraph", "Government of Mexico", 0),
        ("bullet", "First point;", 0),
        ("bullet", "Second point.", 0),
        ("paragraph", "[Source](#) [Source 2](#)", 0),
        ("paragraph", "1 June 2010", 0),
        ("numbered", "Society and Rights;", 1),
        ("numbered", "Economy.", 2),
        ("paragraph", "**International Telecommunications Union (ITU)**", 0),
    ]


def test_html_to_blocks_headings_all_levels_with_lines() -> None:
    html = (
        "<h1>One</h1>\n<h2>Two</h2>\n<h3>Three</h3>\n"
        "<h4>Four</h4>\n<h5>Five</h5>\n<h6>\nSix\n</h6>\n"
    )
    assert html_to_blocks(html) == [
        Block("heading", "One", 1, 1, 1),
        Block("heading", "Two", 2, 2, 2),
        Block("heading", "Three", 3, 3, 3),
        Block("heading", "Four", 4, 4, 4),
        Block("heading", "Five", 5, 5, 5),
        Block("heading", "Six", 6, 8, 6),
    ]


def test_html_to_blocks_paragraph_spanning_lines_collapses_white_space() -> None:
    html = "<body>\n<p>\n  First   line\n  second\tline\n</p>\n</body>\n"
    assert html_to_blocks(html) == [Block("paragraph", "First line second line", 2, 5)]


def test_html_to_blocks_bullets_and_numbered_items() -> None:
    html = (
        "<ul>\n  <li>Alpha</li>\n  <li>Beta</li>\n</ul>\n"
        "<ol>\n  <li>Gamma</li>\n  <li>Delta</li>\n</ol>\n"
    )
    assert html_to_blocks(html) == [
        Block("bullet", "Alpha", 2, 2),
        Block("bullet", "Beta", 3, 3),
        Block("numbered", "Gamma", 6, 6, 1),
        Block("numbered", "Delta", 7, 7, 2),
    ]


def test_html_to_blocks_ordered_list_honours_start() -> None:
    html = '<ol start="4">\n<li>Four</li>\n<li>Five</li>\n</ol>\n<ol start="x"><li>One</li></ol>'
    assert _shape(html_to_blocks(html)) == [
        ("numbered", "Four", 4),
        ("numbered", "Five", 5),
        ("numbered", "One", 1),
    ]


def test_html_to_blocks_nested_list_items_are_separate() -> None:
    html = (
        "<ul>\n"
        "<li>Parent one\n"
        "  <ol>\n"
        "    <li>Child a</li>\n"
        "    <li>Child b</li>\n"
        "  </ol>\n"
        "</li>\n"
        "<li>Parent two</li>\n"
        "</ul>\n"
    )
    assert html_to_blocks(html) == [
        Block("bullet", "Parent one", 2, 7),
        Block("numbered", "Child a", 4, 4, 1),
        Block("numbered", "Child b", 5, 5, 2),
        Block("bullet", "Parent two", 8, 8),
    ]


def test_html_to_blocks_nested_list_text_after_sublist_stays_with_parent() -> None:
    html = "<ul><li>Head<ul><li>Inner</li></ul>tail</li></ul>"
    assert _shape(html_to_blocks(html)) == [("bullet", "Head tail", 0), ("bullet", "Inner", 0)]


def test_html_to_blocks_paragraphs_inside_list_item_join_the_item() -> None:
    html = "<ol>\n<li>\n<p>First part.</p>\n<p>Second part.</p>\n</li>\n</ol>\n"
    assert html_to_blocks(html) == [Block("numbered", "First part. Second part.", 2, 5, 1)]


def test_html_to_blocks_loose_text_in_containers_becomes_paragraphs() -> None:
    html = (
        "<div>\n"
        "  Government of Mexico\n"
        "  <p>Inside p</p>\n"
        "  After <em>the</em> p\n"
        "</div>\n"
        "<section>Section text</section>\n"
        "<table><tr><td>Cell one</td><td>Cell <b>two</b></td></tr></table>\n"
        "<dl><dt>Term</dt><dd>Definition</dd></dl>\n"
        "<blockquote>Quoted</blockquote>\n"
    )
    assert html_to_blocks(html) == [
        Block("paragraph", "Government of Mexico", 2, 2),
        Block("paragraph", "Inside p", 3, 3),
        Block("paragraph", "After the p", 4, 4),
        Block("paragraph", "Section text", 6, 6),
        Block("paragraph", "Cell one", 7, 7),
        Block("paragraph", "Cell **two**", 7, 7),
        Block("paragraph", "Term", 8, 8),
        Block("paragraph", "Definition", 8, 8),
        Block("paragraph", "Quoted", 9, 9),
    ]


def test_html_to_blocks_loose_text_starting_with_link_starts_at_the_tag() -> None:
    html = '<div>\n<a href="/x">Label</a>\nmore text\n</div>'
    assert html_to_blocks(html) == [Block("paragraph", "[Label](/x) more text", 2, 3)]


def test_html_to_blocks_empty_blocks_are_dropped() -> None:
    html = (
        "<p>  </p>\n<h2>&nbsp;</h2>\n<ul><li> </li><li>Kept</li></ul>\n"
        "<div>\n\n</div><p><b> </b></p>"
    )
    assert html_to_blocks(html) == [Block("bullet", "Kept", 3, 3)]


def test_html_to_blocks_links() -> None:
    html = '<p>See <a href="https://example.org/a?b=1&amp;c=2">the\n  law</a>, <a>no href</a>.</p>'
    assert _shape(html_to_blocks(html)) == [
        ("paragraph", "See [the law](https://example.org/a?b=1&c=2), [no href]().", 0)
    ]


def test_html_to_blocks_bold_has_no_space_inside_stars() -> None:
    html = "<p>A <strong> Foo </strong>bar <b>Baz</b>, <STRONG>x<b>y</b></STRONG></p>"
    assert _shape(html_to_blocks(html)) == [("paragraph", "A **Foo** bar **Baz**, **xy**", 0)]


def test_html_to_blocks_emphasis_is_plain_text() -> None:
    html = "<p><em>Emphasised</em> and <i>italic</i> words</p>"
    assert _shape(html_to_blocks(html)) == [("paragraph", "Emphasised and italic words", 0)]


def test_html_to_blocks_br_becomes_a_space() -> None:
    html = "<p>One<br>Two<br/>Three<BR />Four</p>"
    assert _shape(html_to_blocks(html)) == [("paragraph", "One Two Three Four", 0)]


def test_html_to_blocks_entities_are_decoded() -> None:
    html = "<p>R&amp;D&nbsp;policy &#233;t&eacute; &#x2014; &lt;ok&gt;</p>"
    assert _shape(html_to_blocks(html)) == [("paragraph", "R&D policy été — <ok>", 0)]


def test_html_to_blocks_ignores_non_content_elements_and_comments() -> None:
    html = (
        "<html>\n"
        "<head><title>Page title</title><style>p { color: red }</style></head>\n"
        "<body>\n"
        "<header><h1>Site</h1></header>\n"
        "<nav><ul><li>Home</li></ul></nav>\n"
        "<!-- <p>commented out</p> -->\n"
        "<script>var x = '<p>no</p>';</script>\n"
        "<noscript><p>Enable JS</p></noscript>\n"
        "<template><p>Template</p></template>\n"
        '<p>Kept <svg viewBox="0 0 1 1"><title>icon</title><path d="M0"/></svg>text</p>\n'
        "<footer><p>Copyright</p></footer>\n"
        "</body>\n"
        "</html>\n"
    )
    assert html_to_blocks(html) == [Block("paragraph", "Kept text", 10, 10)]


def test_html_to_blocks_missing_head_end_tag() -> None:
    html = "<html><head><title>T</title><meta charset=utf-8>\n<body><p>Body</p>"
    assert html_to_blocks(html) == [Block("paragraph", "Body", 2, 2)]


def test_html_to_blocks_unclosed_paragraphs_and_items() -> None:
    html = (
        "<p>First paragraph\n"
        "<p>Second paragraph\n"
        "<ul>\n"
        "<li>Item one\n"
        "<li>Item two\n"
        "</ul>\n"
        "<h2>Title</h2>\n"
    )
    assert html_to_blocks(html) == [
        Block("paragraph", "First paragraph", 1, 1),
        Block("paragraph", "Second paragraph", 2, 2),
        Block("bullet", "Item one", 4, 4),
        Block("bullet", "Item two", 5, 5),
        Block("heading", "Title", 7, 7, 2),
    ]


def test_html_to_blocks_block_tag_closes_open_paragraph() -> None:
    html = "<p>Before<div>Inside</div>After</p>"
    assert _shape(html_to_blocks(html)) == [
        ("paragraph", "Before", 0),
        ("paragraph", "Inside", 0),
        ("paragraph", "After", 0),
    ]


def test_html_to_blocks_uppercase_tags_and_attributes() -> None:
    html = (
        '<DIV CLASS="x"><H3 ID="s">Scope</H3><OL START=2><LI>Two</LI></OL>'
        '<A HREF="/u">L</A></DIV>'
    )
    assert _shape(html_to_blocks(html)) == [
        ("heading", "Scope", 3),
        ("numbered", "Two", 2),
        ("paragraph", "[L](/u)", 0),
    ]


def test_html_to_blocks_fragment_without_html_or_body() -> None:
    html = "Loose start\n<p>Para</p>\nloose end"
    assert html_to_blocks(html) == [
        Block("paragraph", "Loose start", 1, 1),
        Block("paragraph", "Para", 2, 2),
        Block("paragraph", "loose end", 3, 3),
    ]


def test_html_to_blocks_empty_document() -> None:
    assert html_to_blocks("") == []
    assert html_to_blocks("<html><body>\n</body></html>") == []
