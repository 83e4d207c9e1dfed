"""Text extraction from PDF (pypdf) and DOCX (python-docx) with page numbers, and plain-text pages."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from fpdf import FPDF

from policyatlas.errors import ParseError
from policyatlas.text.paged import (
    PagedText,
    docx_text,
    is_docx,
    is_pdf,
    pdf_text,
    plain_text_pages,
)

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PAGES = (
    "National Cyber Security Strategy\nFirst page line",
    "1. Introduction\nSecond page line\nanother line",
    "2. Vision\nThird page line",
)


def _pdf(pages: tuple[str, ...], font: Path | None = None) -> bytes:
    pdf = FPDF()
    if font is not None:
        pdf.add_font("body", "", str(font))
        pdf.set_font("body", size=11)
    else:
        pdf.set_font("Helvetica", size=11)
    for page in pages:
        pdf.add_page()
        for line in page.split("\n"):
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _scanned_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60)  # a drawing only: what a scan without OCR looks like to pypdf
    return bytes(pdf.output())


def _docx(paragraphs: list[str | None]) -> bytes:
    """A Word file of paragraphs; None stands for a page break."""
    document = Document()
    for paragraph in paragraphs:
        if paragraph is None:
            document.add_page_break()
        else:
            document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_pdf_text_keeps_lines_and_page_starts() -> None:
    paged = pdf_text(_pdf(PAGES), "strategy.pdf")
    lines = paged.text.splitlines()
    assert lines[0] == "National Cyber Security Strategy"
    assert paged.page_lines == (1, 3, 6)
    assert [paged.page_of(lines.index(t) + 1) for t in ("First page line", "another line", "Third page line")] == [1, 2, 3]
    assert paged.empty_pages == ()


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu font not installed")
def test_pdf_text_reads_greek_and_cyrillic_with_a_unicode_font() -> None:
    pages = ("Εθνική Στρατηγική Κυβερνοασφάλειας 2020 – 2025", "Концепция кибербезопасности")
    paged = pdf_text(_pdf(pages, DEJAVU), "strategy.pdf")
    assert "Εθνική Στρατηγική Κυβερνοασφάλειας" in paged.text
    assert "Концепция кибербезопасности" in paged.text
    assert paged.page_lines == (1, 2)


def test_pdf_text_notes_pages_without_text() -> None:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.cell(0, 8, "National Cyber Security Strategy of the text page")
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    paged = pdf_text(bytes(pdf.output()), "mixed.pdf")
    assert paged.empty_pages == (2,)


def test_pdf_text_without_text_layer_says_run_ocr() -> None:
    with pytest.raises(ParseError, match=r"PDF has no text layer \(scanned image\?\); run OCR first"):
        pdf_text(_scanned_pdf(), "scan.pdf")


@pytest.mark.parametrize(
    ("cut", "message"),
    [
        (lambda data: data[: len(data) // 2], "truncated"),
        (lambda data: data[:200] + b"\n%%EOF\n", "PDF cannot be read"),
        (lambda data: b"%PDF-1.4\n" + b"garbage " * 50 + b"\n%%EOF\n", "PDF"),
    ],
    ids=["cut-in-half", "body-missing", "garbage"],
)
def test_pdf_text_damaged_file_is_a_parse_error(cut: Callable[[bytes], bytes], message: str) -> None:
    data = cut(_pdf(PAGES))
    with pytest.raises(ParseError, match=message):
        pdf_text(data, "broken.pdf")


def test_docx_text_counts_pages_at_page_breaks() -> None:
    data = _docx(["Estrategia Nacional de Ciberseguridad", "primera página", None,
                  "1. Introducción", "segunda página", None, "2. Visión"])
    paged = docx_text(data, "estrategia.docx")
    lines = paged.text.splitlines()
    assert lines[:2] == ["Estrategia Nacional de Ciberseguridad", "primera página"]
    assert paged.page_of(lines.index("1. Introducción") + 1) == 2
    assert paged.page_of(lines.index("2. Visión") + 1) == 3
    assert paged.page_lines[0] == 1 and len(paged.page_lines) == 3


def test_docx_text_reads_tables_as_rows() -> None:
    document = Document()
    document.add_paragraph("Action plan")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Action", "Owner"
    table.cell(1, 0).text, table.cell(1, 1).text = "Create a CSIRT", "Ministry"
    buffer = io.BytesIO()
    document.save(buffer)
    assert docx_text(buffer.getvalue(), "plan.docx").text.splitlines() == [
        "Action plan", "Action | Owner", "Create a CSIRT | Ministry"]


def test_docx_text_damaged_file_is_a_parse_error() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>not closed")
    with pytest.raises(ParseError, match="DOCX cannot be read"):
        docx_text(buffer.getvalue(), "broken.docx")
    with pytest.raises(ParseError, match="DOCX cannot be read"):
        docx_text(_docx(["a paragraph"])[:500], "cut.docx")


@pytest.mark.parametrize(
    ("data", "pdf", "docx"),
    [
        (b"%PDF-1.7\n...", True, False),
        (b"\n\n%PDF-1.4 after a few bytes", True, False),
        (b"National Cyber Security Strategy\n", False, False),
        (b"PK\x03\x04 not really a zip", False, False),
    ],
)
def test_document_text_detects_formats_by_content(data: bytes, pdf: bool, docx: bool) -> None:
    assert is_pdf(data) is pdf
    assert is_docx(data) is docx


def test_document_text_detects_docx_and_not_other_zips() -> None:
    assert is_docx(_docx(["text"]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office/>")
    assert not is_docx(buffer.getvalue())


def test_plain_text_pages_follow_form_feeds() -> None:
    # str.splitlines() ends a line at a form feed: "title\n\f" leaves an empty line 3 on page 1.
    paged = plain_text_pages("cover\ntitle\n\fpage two\n\fpage three\nmore\n")
    assert paged.page_lines == (1, 4, 6)
    assert [paged.page_of(n) for n in range(1, 8)] == [1, 1, 1, 2, 2, 3, 3]
    assert plain_text_pages("no pages here\n") == PagedText("no pages here\n")
    assert PagedText("x").page_of(1) is None
