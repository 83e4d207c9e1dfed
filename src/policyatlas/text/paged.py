"""Text of paged documents (PDF with pypdf, DOCX with python-docx) with the page each line is on."""

from __future__ import annotations

import bisect
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from policyatlas.errors import ParseError

PDF_MEDIA_TYPE = "application/pdf"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Characters str.splitlines() breaks lines at besides "\n": made plain newlines so that the
# line numbers of the text and of its pages agree.
_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_MIN_TEXT_PER_PAGE = 8  # letters and digits: fewer on every page means no text layer


@dataclass(frozen=True)
class PagedText:
    """A document's text and where its pages start.

    ``page_lines[i]`` is the 1-based line of ``text`` (as ``str.splitlines`` counts them) on
    which page ``i + 1`` starts; an empty tuple means the document has no pages.
    ``empty_pages`` lists the pages without any text (scanned pages among text pages).
    """

    text: str
    page_lines: tuple[int, ...] = ()
    empty_pages: tuple[int, ...] = ()

    def page_of(self, line: int) -> int | None:
        """The page a 1-based line is on, or None for a document without pages."""
        if not self.page_lines:
            return None
        return max(1, bisect.bisect_right(self.page_lines, line))


def is_pdf(data: bytes) -> bool:
    """True when the bytes start like a PDF file (``%PDF-`` within the first kilobyte)."""
    return b"%PDF-" in data[:1024]


def is_docx(data: bytes) -> bool:
    """True when the bytes are a ZIP archive holding ``word/document.xml`` (a Word document)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _join_pages(pages: list[str]) -> PagedText:
    """Join page texts into one text, one page after another, noting each page's first line."""
    lines: list[str] = []
    starts: list[int] = []
    empty: list[int] = []
    for number, page in enumerate(pages, start=1):
        page_lines = _LINE_BREAKS.sub("\n", page).rstrip("\n").split("\n")
        if sum(ch.isalnum() for ch in page) == 0:
            empty.append(number)
        starts.append(len(lines) + 1)
        lines.extend(page_lines)
    return PagedText("\n".join(lines) + "\n", tuple(starts), tuple(empty))


def pdf_text(data: bytes, origin: str) -> PagedText:
    """The text layer of a PDF, page by page (pypdf).

    Raises:
        ParseError: the PDF is truncated, damaged, encrypted with a password, or has no text
            layer at all (a scan: run OCR first).
    """
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    tail = data[-2048:]
    if b"%%EOF" not in tail:
        raise ParseError("PDF is truncated or damaged: no %%EOF marker at its end", path=origin)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ParseError("PDF is encrypted with a password; decrypt it first", path=origin)
        pages = [page.extract_text() or "" for page in reader.pages]
    except ParseError:
        raise
    except FileNotDecryptedError:
        raise ParseError("PDF is encrypted with a password; decrypt it first", path=origin) from None
    except Exception as exc:  # pypdf raises many types on damaged files
        raise ParseError(f"PDF cannot be read ({type(exc).__name__}: {_first_line(exc)})", path=origin) from None
    if not pages:
        raise ParseError("PDF has no pages", path=origin)
    if all(sum(ch.isalnum() for ch in page) < _MIN_TEXT_PER_PAGE for page in pages):
        raise ParseError("PDF has no text layer (scanned image?); run OCR first", path=origin)
    return _join_pages(pages)


def docx_text(data: bytes, origin: str) -> PagedText:
    """The text of a Word document: paragraphs and table rows in order, with page breaks.

    A DOCX file has no fixed pages: a page starts after an explicit page break, a paragraph set
    to start a page, a section break to a new page, or where Word last rendered a page break
    (``w:lastRenderedPageBreak``); several such marks with no text between count once. Table rows
    become one line with their cells separated by `` | ``.

    Raises:
        ParseError: the file is not a readable Word document.
    """
    from docx import Document

    try:
        body = Document(io.BytesIO(data)).element.body
    except Exception as exc:  # python-docx raises KeyError, BadZipFile, XML errors… on damaged files
        raise ParseError(f"DOCX cannot be read ({type(exc).__name__}: {_first_line(exc)})", path=origin) from None
    pages: list[list[str]] = [[]]
    pending = seen_text = False

    def add_line(line: str) -> None:
        nonlocal pending, seen_text
        if line.strip():
            if pending and seen_text:
                pages.append([])
            pending, seen_text = False, True
        pages[-1].append(line)

    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            texts, breaks_before, break_after = _paragraph(child)
            for index, text in enumerate(texts):
                pending = pending or index in breaks_before
                add_line(text)
            pending = pending or break_after
        elif child.tag == f"{_W}tbl":
            for row in child.iterchildren(f"{_W}tr"):
                cells = [" ".join(" ".join(_paragraph(p)[0]) for p in cell.iter(f"{_W}p")).strip()
                         for cell in row.iterchildren(f"{_W}tc")]
                add_line(" | ".join(cells))
    return _join_pages(["\n".join(page) for page in pages])


def _paragraph(paragraph: Any) -> tuple[list[str], set[int], bool]:
    """The lines of a ``w:p`` element, the indexes of lines a page break comes before, and
    whether a section break to a new page ends the paragraph."""
    lines = [""]
    breaks: set[int] = set()
    properties = paragraph.find(f"{_W}pPr")
    if properties is not None:
        before = properties.find(f"{_W}pageBreakBefore")
        if before is not None and before.get(f"{_W}val", "true") not in {"0", "false", "off"}:
            breaks.add(0)
    for node in paragraph.iter():
        tag = node.tag
        if tag == f"{_W}t":
            lines[-1] += node.text or ""
        elif tag == f"{_W}tab":
            lines[-1] += "\t"
        elif tag in {f"{_W}br", f"{_W}cr"}:
            if node.get(f"{_W}type") == "page":
                if lines[-1].strip():
                    lines.append("")
                breaks.add(len(lines) - 1)
            else:
                lines.append("")
        elif tag == f"{_W}lastRenderedPageBreak":
            if lines[-1].strip():
                lines.append("")
            breaks.add(len(lines) - 1)
    section = properties.find(f"{_W}sectPr") if properties is not None else None
    new_page = False
    if section is not None:
        kind = section.find(f"{_W}type")
        new_page = kind is None or kind.get(f"{_W}val") != "continuous"
    return lines, breaks, new_page


def plain_text_pages(text: str) -> PagedText:
    """A plain text's pages when it has form feeds (as ``pdftotext`` writes them), else none."""
    if "\f" not in text:
        return PagedText(text)
    starts = [1]
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if line.endswith("\f"):
            starts.append(number + 1)
    return PagedText(text, tuple(starts))


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or ["no detail"])[0][:160]
