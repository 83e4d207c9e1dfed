"""Read Markdown-ish plain text (as portal profiles are exported) into blocks with line numbers."""

from __future__ import annotations

import re

from policyatlas.text.blocks import Block

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+•·▪●◦]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")
_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def text_to_blocks(text: str) -> list[Block]:
    """Split Markdown-ish text into headings, paragraphs and list items.

    Blank lines end a paragraph; consecutive non-blank lines join into one paragraph (a hard
    line break inside bold text, as in ``**International Telecommunications  ⏎Union**``,
    becomes a space); each list line is its own block, and an indented line under a list
    item continues it.

    Args:
        text: the decoded document.

    Returns:
        The blocks in document order, each with its 1-based line span.
    """
    blocks: list[Block] = []
    para: list[str] = []
    para_start = 0
    item: Block | None = None

    def flush() -> None:
        nonlocal para, item
        if item is not None:
            blocks.append(item)
            item = None
        if para:
            joined = _clean(" ".join(para))
            if joined:
                blocks.append(Block("paragraph", joined, para_start, para_start + len(para) - 1))
            para = []

    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            flush()
            continue
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        numbered = _NUMBERED.match(line)
        if heading:
            flush()
            blocks.append(Block("heading", _clean(heading.group(2)), number, number, len(heading.group(1))))
        elif bullet and not line.lstrip().startswith("**"):
            flush()
            item = Block("bullet", _clean(bullet.group(1)), number, number)
        elif numbered:
            flush()
            item = Block("numbered", _clean(numbered.group(2)), number, number, int(numbered.group(1)))
        elif item is not None and (line.startswith((" ", "\t")) or not para):
            # A wrapped list item: the line continues the item above it.
            item = Block(item.kind, _clean(f"{item.text} {line}"), item.line_start, number, item.level)
        else:
            if not para:
                para_start = number
            para.append(line)
    flush()
    return blocks
