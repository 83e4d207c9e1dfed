"""Read an HTML profile page into the same blocks a Markdown reader gives for its Markdown."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from policyatlas.text.blocks import Block, BlockKind

_WS = re.compile(r"\s+")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_LISTS = frozenset({"ul", "ol", "menu"})
_BOLD = frozenset({"strong", "b"})
# Elements whose content is dropped; the first four also end the surrounding text run.
_IGNORED = frozenset("head nav header footer script style template noscript title svg".split())
_IGNORED_BLOCKS = frozenset({"head", "nav", "header", "footer"})
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Phrasing elements: they never end a block or a loose text run.
_INLINE = frozenset(
    "a abbr acronym b bdi bdo big br cite code data del dfn em font i img ins kbd label mark q s"
    " samp small span strike strong sub sup time tt u var wbr".split()
)
# Start tags that implicitly close an open <p>, as browsers do.
_P_CLOSERS = frozenset(
    "address article aside blockquote center details dialog dir div dl dd dt fieldset figcaption"
    " figure footer form header hgroup hr li listing main menu nav ol p pre search section"
    " summary table ul xmp h1 h2 h3 h4 h5 h6".split()
)
# End tags do not reach past these open elements (a simplified HTML "scope").
_SCOPE = frozenset({"html", "table", "td", "th", "caption", "object", "marquee", "applet"})


def _collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _int_attr(attrs: list[tuple[str, str | None]], name: str, default: int) -> int:
    try:
        return int((dict(attrs).get(name) or "").strip())
    except ValueError:
        return default


@dataclass
class _Frame:
    """A block being collected: its text parts and the inline a/strong elements still open."""

    kind: BlockKind
    level: int
    line_start: int
    slot: int
    last_line: int
    parts: list[str] = field(default_factory=list)
    inline: list[tuple[str, int, str]] = field(default_factory=list)  # (tag, parts index, href)

    def close_inline(self, index: int) -> None:
        while len(self.inline) > index:
            tag, start, href = self.inline.pop()
            inner = "".join(self.parts[start:])
            del self.parts[start:]
            core = _collapse(inner)
            if not core:  # an empty link or bold run leaves only its white space
                self.parts.append(" " if inner else "")
                continue
            if tag == "a":
                core = f"[{core}]({href})"
            elif not any(open_tag in _BOLD for open_tag, _, _ in self.inline):
                core = f"**{core}**"
            lead = " " if inner[:1].isspace() else ""
            trail = " " if inner[-1:].isspace() else ""
            self.parts.append(lead + core + trail)


@dataclass
class _Elem:
    tag: str
    frame: _Frame | None = None
    ordered: bool = False
    counter: int = 1


class _BlockParser(HTMLParser):
    """Collects blocks into ordered slots while tracking open elements as browsers do."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Elem] = []  # open non-inline elements
        self.open: Counter[str] = Counter()  # how many of each tag are open (a missing tag is not searched for)
        self.framed: list[int] = []  # positions in the stack of the open elements that collect a block
        self.ignoring: list[str] = []  # open ignored elements
        self.loose: _Frame | None = None  # text run outside any p/h/li
        self.slots: list[Block | None] = []  # blocks in document order, None if dropped

    def _open(self, kind: BlockKind, level: int, line: int) -> _Frame:
        self.slots.append(None)
        return _Frame(kind, level, line, len(self.slots) - 1, line)

    def _finish(self, frame: _Frame, line_end: int) -> None:
        frame.close_inline(0)
        text = _collapse("".join(frame.parts))
        if text:
            end = max(line_end, frame.line_start)
            self.slots[frame.slot] = Block(frame.kind, text, frame.line_start, end, frame.level)

    def _collector(self) -> _Frame | None:
        if self.framed:
            return self.stack[self.framed[-1]].frame
        return self.loose

    def _collector_or_loose(self, line: int) -> _Frame:
        if (frame := self._collector()) is None:
            frame = self.loose = self._open("paragraph", 0, line)
        return frame

    def _find(self, targets: frozenset[str], stop: Callable[[str], bool]) -> int:
        if not any(self.open[tag] for tag in targets):
            return -1  # keeps deeply nested pages linear
        for index in range(len(self.stack) - 1, -1, -1):
            tag = self.stack[index].tag
            if tag in targets:
                return index
            if stop(tag):
                return -1
        return -1

    def _pop_to(self, index: int, explicit: bool) -> None:
        """Close the elements from the top of the stack down to ``index``."""
        while len(self.stack) > index:
            elem = self.stack.pop()
            self.open[elem.tag] -= 1
            if self.framed and self.framed[-1] == len(self.stack):
                self.framed.pop()
            if elem.frame is not None:
                matched = explicit and len(self.stack) == index
                self._finish(elem.frame, self.getpos()[0] if matched else elem.frame.last_line)

    def _boundary(self, start_tag: str = "") -> None:
        """A block tag: close what it implicitly closes, end the loose run, separate words."""
        self._implicit_close(start_tag)
        if self.loose is not None:
            self._finish(self.loose, self.loose.last_line)
            self.loose = None
        if (frame := self._collector()) is not None:
            frame.parts.append(" ")

    def _implicit_close(self, tag: str) -> None:
        if tag in _P_CLOSERS:
            index = self._find(frozenset({"p"}), (_SCOPE | {"button"}).__contains__)
            if index >= 0:
                self._pop_to(index, explicit=False)
        if tag in _HEADINGS and self.stack and self.stack[-1].tag in _HEADINGS:
            self._pop_to(len(self.stack) - 1, explicit=False)
        if tag in ("li", "dd", "dt"):
            items = frozenset({"li"}) if tag == "li" else frozenset({"dd", "dt"})
            index = self._find(items, lambda t: t not in ("div", "p", "address"))
            if index >= 0:
                self._pop_to(index, explicit=False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if self.ignoring:
            if tag in _IGNORED:
                self.ignoring.append(tag)
            elif tag == "body" and "head" in self.ignoring:  # a missing </head>
                self.ignoring.clear()
            return
        if tag in _IGNORED:
            if tag in _IGNORED_BLOCKS:
                self._boundary(tag)
            self.ignoring.append(tag)
        elif tag == "br":
            if (frame := self._collector()) is not None:
                frame.parts.append(" ")
        elif tag in _INLINE:
            if tag == "a" or tag in _BOLD:
                frame = self._collector_or_loose(line)
                href = next((v or "" for k, v in attrs if k == "href"), "") if tag == "a" else ""
                frame.inline.append((tag, len(frame.parts), href.strip()))
        elif tag in _VOID:
            if tag == "hr":
                self._boundary(tag)
        else:
            self._boundary(tag)
            elem = _Elem(tag)
            if tag in _HEADINGS:
                elem.frame = self._open("heading", _HEADINGS[tag], line)
            elif tag == "p" and self._collector() is None:  # a <p> inside a list item joins it
                elem.frame = self._open("paragraph", 0, line)
            elif tag == "li":
                index = self._find(_LISTS, lambda t: False)
                parent = self.stack[index] if index >= 0 else None
                if parent is not None and parent.ordered:
                    number = _int_attr(attrs, "value", parent.counter)
                    parent.counter = number + 1
                    elem.frame = self._open("numbered", number, line)
                else:
                    elem.frame = self._open("bullet", 0, line)
            elif tag in _LISTS:
                elem.ordered = tag == "ol"
                elem.counter = _int_attr(attrs, "start", 1)
            if elem.frame is not None:
                self.framed.append(len(self.stack))
            self.stack.append(elem)
            self.open[tag] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Browsers ignore the slash on non-void HTML elements; a self-closed ignored one is empty.
        if not self.ignoring and tag not in _IGNORED:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.ignoring:
            if tag in self.ignoring:
                del self.ignoring[len(self.ignoring) - 1 - self.ignoring[::-1].index(tag) :]
            return
        if tag in _IGNORED or (tag in _VOID and tag != "br"):
            return
        if tag == "br":  # browsers read </br> as <br>
            self.handle_starttag(tag, [])
        elif tag in _INLINE:
            if (frame := self._collector()) is not None:
                for index in range(len(frame.inline) - 1, -1, -1):
                    if frame.inline[index][0] == tag:
                        frame.close_inline(index)
                        break
        else:
            stop = {"li": _SCOPE | _LISTS, "p": _SCOPE | {"button"}}.get(tag, _SCOPE)
            targets = frozenset(_HEADINGS) if tag in _HEADINGS else frozenset({tag})
            index = self._find(targets, stop.__contains__)
            if index >= 0:
                self._pop_to(index, explicit=True)
            self._boundary()

    def handle_data(self, data: str) -> None:
        if self.ignoring:
            return
        if not data.strip():
            if (frame := self._collector()) is not None:
                frame.parts.append(data)
            return
        line = self.getpos()[0]
        first = line + data[: len(data) - len(data.lstrip())].count("\n")
        last = line + data[: len(data.rstrip())].count("\n")
        frame = self._collector_or_loose(first)
        frame.parts.append(data)
        frame.last_line = max(frame.last_line, last)

    def finish(self) -> list[Block]:
        self.close()
        self._boundary()
        self._pop_to(0, explicit=False)
        return [block for block in self.slots if block is not None]


def html_to_blocks(text: str) -> list[Block]:
    """Turn an HTML document into its headings, paragraphs and list items, in order.

    Each list item is its own block (numbered ones carry their number as ``level``); text
    directly in another container becomes a paragraph. Links read ``[label](url)``, bold
    ``**text**``; navigation, headers, footers and scripts are skipped. ``line_start`` and
    ``line_end`` are the 1-based lines where the block starts and ends in ``text``.
    """
    parser = _BlockParser()
    parser.feed(text)
    return parser.finish()
