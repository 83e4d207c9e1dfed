"""Line numbers of character offsets, counted as ``str.splitlines()`` counts them (so they agree with provenance)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

# The line breaks str.splitlines() knows, so that line numbers agree with ParsedSource.text.
LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def line_locator(text: str) -> Callable[[int], int]:
    """A function giving the 1-based line (as ``text.splitlines()`` counts) of a character offset."""
    ends = [match.end() for match in LINE_BREAK.finditer(text)]
    return lambda offset: bisect.bisect_right(ends, offset) + 1
