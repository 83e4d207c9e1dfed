"""Markdown-ish text into blocks."""

from __future__ import annotations

from policyatlas.text.text_blocks import text_to_blocks


def test_text_to_blocks_kinds_and_lines() -> None:
    text = "## A\n\nPara one\ncontinues\n\n- point one\n- point two\n\n1. first\n2. second\n\n#### Item\n"
    blocks = text_to_blocks(text)
    assert [(b.kind, b.text, b.line_start, b.line_end, b.level) for b in blocks] == [
        ("heading", "A", 1, 1, 2),
        ("paragraph", "Para one continues", 3, 4, 0),
        ("bullet", "point one", 6, 6, 0),
        ("bullet", "point two", 7, 7, 0),
        ("numbered", "first", 9, 9, 1),
        ("numbered", "second", 10, 10, 2),
        ("heading", "Item", 12, 12, 4),
    ]


def test_text_to_blocks_hard_break_inside_bold_joins_lines() -> None:
    blocks = text_to_blocks("**International Telecommunications  \nUnion (ITU)**\n")
    assert [(b.text, b.line_start, b.line_end) for b in blocks] == [
        ("**International Telecommunications Union (ITU)**", 1, 2)
    ]


def test_text_to_blocks_wrapped_list_item_continues() -> None:
    blocks = text_to_blocks("- a long item\n  that wraps\n- next\n")
    assert [(b.text, b.line_start, b.line_end) for b in blocks] == [
        ("a long item that wraps", 1, 2), ("next", 3, 3)
    ]


def test_text_to_blocks_bold_line_is_not_a_bullet() -> None:
    assert text_to_blocks("**Bold name**\n")[0].kind == "paragraph"


def test_text_to_blocks_no_break_space_and_bullet_symbols() -> None:
    blocks = text_to_blocks("  • Senator\u00a0X, role.\n")
    assert (blocks[0].kind, blocks[0].text) == ("bullet", "Senator X, role.")
