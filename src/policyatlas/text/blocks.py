"""Blocks: the format-neutral shape of a document that the profile parsers read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["heading", "paragraph", "bullet", "numbered"]


@dataclass(frozen=True)
class Block:
    """One block of a document: a heading, a paragraph or one list item.

    ``text`` is the block's inline text on one line (white space, including line breaks
    inside the block, collapsed to single spaces, stripped), with links written as
    ``[label](url)`` and bold text as ``**text**``. ``line_start``/``line_end`` are 1-based
    lines of the source file the block came from. ``level`` is the heading level (1-6) for
    headings, the item number for numbered list items, and 0 otherwise.
    """

    kind: BlockKind
    text: str
    line_start: int
    line_end: int
    level: int = 0
