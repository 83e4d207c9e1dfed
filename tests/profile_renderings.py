"""Render a Markdown country profile the ways users hold it: HTML, text pasted from the web page, a PDF
export read back with pypdf, and a pdftotext-like page layout (wrapped, hyphenated, with page furniture).

Test helpers only: they work from markdown-it's tokens, never from the parser under test.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from pypdf import PdfReader

FONTS = (
    (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")),
    (Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
     Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf")),
)
_SECTION_NAMES = ("cybersecurity policy", "structure", "legal framework", "cooperation", "select activities",
                  "membership")


@dataclass(frozen=True)
class Piece:
    """One block of the profile: kind (section, list, title, para, bullet, number, source, date, header),
    its plain text (links as their labels), and the link labels for source lines."""

    kind: str
    text: str
    number: int = 0


def _inline_text(children: list[object]) -> tuple[str, list[str]]:
    out: list[str] = []
    labels: list[str] = []
    in_link = False
    for child in children:
        kind = getattr(child, "type", "")
        if kind == "link_open":
            in_link = True
            labels.append("")
        elif kind == "link_close":
            in_link = False
        elif kind in ("text", "code_inline"):
            content = str(getattr(child, "content", ""))
            out.append(content)
            if in_link:
                labels[-1] += content
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
    return re.sub(r"\s+", " ", "".join(out)).strip(), labels


def pieces(markdown: str) -> list[Piece]:
    """The profile's blocks, classified as a reader of the page sees them."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    found: list[Piece] = []
    heading = None
    list_kind: list[str] = []
    counters: list[int] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = token.tag
        elif token.type == "heading_close":
            heading = None
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_kind.append("bullet" if token.type == "bullet_list_open" else "number")
            counters.append(0)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_kind.pop()
            counters.pop()
        elif token.type == "inline":
            text, labels = _inline_text(list(token.children or []))
            if not text:
                continue
            bare = re.sub(r"^[^\w(]+", "", text).strip()
            if heading is not None:
                if bare.casefold() in _SECTION_NAMES:
                    found.append(Piece("section", bare))
                elif index + 3 < len(tokens) and tokens[index + 3].content.startswith("Last Updated"):
                    found.append(Piece("header-country", bare))
                elif text != bare:
                    found.append(Piece("list", text))
                elif bare in ("Key Positions", "Dedicated Agencies and Departments", "National CERT or CSIRT",
                              "Legislation", "UN Processes", "Bilateral and Multilateral Cooperation",
                              "Strategy Documents", "National Centre or Responsible Agency"):
                    found.append(Piece("list", bare))
                else:
                    found.append(Piece("title", bare))
            elif list_kind:
                counters[-1] += 1
                found.append(Piece(list_kind[-1], text, counters[-1]))
            elif labels and re.sub(r"\s+", " ", " ".join(labels)).strip() == text:
                found.append(Piece("source", text))
            elif text.startswith("Last Updated"):
                found.append(Piece("header-updated", text))
            elif tokens[index - 1].type == "paragraph_open" and str(token.content).startswith("**"):
                found.append(Piece("title", text))
            else:
                found.append(Piece("para", text))
    # A paragraph right after a source line is its date.
    dated: list[Piece] = []
    for piece in found:
        if piece.kind == "para" and dated and dated[-1].kind == "source":
            dated.append(Piece("date", piece.text))
        else:
            dated.append(piece)
    return dated


def _header(markdown: str) -> tuple[str, str]:
    items = pieces(markdown)
    country = next(p.text for p in items if p.kind == "header-country")
    updated = next(p.text for p in items if p.kind == "header-updated")
    return country, updated


def _sources(text: str) -> str:
    return " ".join(re.findall(r"Source(?: \d+)?", text))


def to_html(markdown: str) -> str:
    """The page as a browser saves it: navigation and footer around the rendered profile."""
    body = MarkdownIt("commonmark").render(markdown)
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Country profile</title></head>\n"
            "<body>\n<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/states\">States</a></li></ul></nav>\n"
            f"<main>\n{body}</main>\n<footer><p>Terms of use</p><p>Contact</p></footer>\n</body></html>\n")


def to_pasted(markdown: str, *, blank_lines: bool) -> str:
    """Text as a person copies it from the web page: one block per line, bullets as "•", no markup."""
    lines: list[str] = []
    for piece in pieces(markdown):
        if piece.kind == "bullet":
            lines.append(f"• {piece.text}")
        elif piece.kind == "number":
            lines.append(f"{piece.number}. {piece.text}")
        elif piece.kind == "source":
            lines.append(_sources(piece.text))
        else:
            lines.append(piece.text)
        if blank_lines:
            lines.append("")
    return "\n".join(lines) + "\n"


def _font_pair() -> tuple[Path, Path] | None:
    return next(((r, b) for r, b in FONTS if r.exists() and b.exists()), None)


def has_pdf_font() -> bool:
    """Whether a Unicode TrueType font (DejaVu or Liberation) is there to write the PDF form."""
    return _font_pair() is not None


def to_pdf(markdown: str) -> bytes:
    """The profile as its PDF export: a header with the country and date on every page, bold titles with
    the issuer on the same line where the title ends with a translation, "•" bullets, page numbers."""
    from fpdf import FPDF

    fonts = _font_pair()
    assert fonts is not None
    country, updated = _header(markdown)

    class Export(FPDF):  # type: ignore[misc]
        def header(self) -> None:
            self.set_font("body", "B", 13)
            self.cell(0, 7, country, new_x="LMARGIN", new_y="NEXT")
            self.set_font("body", "", 9)
            self.cell(0, 5, updated, new_x="LMARGIN", new_y="NEXT")
            self.ln(3)

        def footer(self) -> None:
            self.set_y(-14)
            self.set_font("body", "", 8)
            self.cell(0, 8, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Export(format="A4")
    pdf.add_font("body", "", str(fonts[0]))
    pdf.add_font("body", "B", str(fonts[1]))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    items = pieces(markdown)
    skip: set[int] = set()
    for index, piece in enumerate(items):
        if index in skip or piece.kind.startswith("header"):
            continue
        if piece.kind == "section":
            pdf.set_font("body", "B", 14)
            pdf.multi_cell(0, 8, piece.text.upper(), new_x="LMARGIN", new_y="NEXT")
        elif piece.kind == "list":
            pdf.set_font("body", "B", 12)
            pdf.multi_cell(0, 7, piece.text, new_x="LMARGIN", new_y="NEXT")
        elif piece.kind == "title":
            following = items[index + 1] if index + 1 < len(items) else None
            pdf.set_font("body", "", 10)
            if following is not None and following.kind == "para" and piece.text.endswith(")") and _is_actor_line(
                    following.text):
                pdf.multi_cell(0, 6, f"**{piece.text}** {following.text}", markdown=True, new_x="LMARGIN",
                               new_y="NEXT")
                skip.add(index + 1)
            else:
                pdf.multi_cell(0, 6, f"**{piece.text}**", markdown=True, new_x="LMARGIN", new_y="NEXT")
        elif piece.kind in ("bullet", "number"):
            marker = "•" if piece.kind == "bullet" else f"{piece.number}."
            pdf.set_font("body", "", 10)
            pdf.multi_cell(0, 5, f"{marker} {piece.text}", new_x="LMARGIN", new_y="NEXT")
        elif piece.kind == "source":
            pdf.set_font("body", "", 10)
            pdf.set_text_color(0, 0, 200)
            pdf.multi_cell(0, 5, _sources(piece.text), new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0)
        else:
            pdf.set_font("body", "", 10)
            pdf.multi_cell(0, 5, piece.text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    return bytes(pdf.output())


def pdf_to_text(data: bytes) -> str:
    """What a user's tool gives for the PDF: pypdf's text of each page, one page after another."""
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages) + "\n"


def _is_actor_line(text: str) -> bool:
    return len(text) < 120 and not text.endswith(".") and all(w[:1].isupper() or w in ("of", "the", "and", "de", "y",
                                                                                        "la", "del")
                                                               for w in text.replace(",", " ").replace(";", " ").split())


def _hyphenate(word: str, room: int) -> tuple[str, str] | None:
    """Split a long lower-case word so that its head (with a hyphen) fits in ``room`` characters."""
    letters = re.match(r"[a-záéíóúñ]+", word)
    if letters is None or len(letters.group()) < 9 or room < 4:
        return None
    cut = min(room - 1, len(letters.group()) - 3)
    if cut < 3:
        return None
    return word[:cut] + "-", word[cut:]


def _wrap(text: str, width: int) -> list[str]:
    """Wrap at ``width`` columns, hyphenating long lower-case words as a typesetter does."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            split = _hyphenate(word, width - len(line) - 1)
            if split is not None:
                lines.append(f"{line} {split[0]}")
                line = split[1]
            else:
                lines.append(line)
                line = word
    if line:
        lines.append(line)
    return lines


def to_pdftotext(markdown: str, *, width: int = 78, page_lines: int = 34) -> str:
    """A pdftotext-like page layout: wrapped and hyphenated lines, title-case headings, the issuer on the
    title's line, the date on the sources' line, short lists run into one paragraph, and a header and a
    footer on every page (a form feed between pages)."""
    country, updated = _header(markdown)
    body: list[str] = []
    items = pieces(markdown)
    index = 0
    while index < len(items):
        piece = items[index]
        following = items[index + 1] if index + 1 < len(items) else None
        if piece.kind.startswith("header"):
            index += 1
            continue
        if piece.kind == "section":
            body += ["", piece.text.title(), ""]
        elif piece.kind == "list":
            body += [re.sub(r"^[^\w]+", "", piece.text), ""]
        elif piece.kind == "title":
            if following is not None and following.kind == "para" and _is_actor_line(following.text):
                body += _wrap(f"{piece.text} {following.text}", width)
                index += 1
            else:
                body += _wrap(piece.text, width)
        elif piece.kind in ("bullet", "number"):
            run = [piece]
            while index + 1 < len(items) and items[index + 1].kind == piece.kind:
                index += 1
                run.append(items[index])
            if len(run) <= 2 and body and not body[-1].endswith(":"):
                body += [f"  {line}" for line in _wrap(" ".join(f"• {p.text}" if p.kind == "bullet" else
                                                                 f"{p.number}. {p.text}" for p in run), width - 2)]
            else:
                for p in run:
                    marker = "•" if p.kind == "bullet" else f"{p.number}."
                    wrapped = _wrap(f"{marker} {p.text}", width - 2)
                    body += [f"  {wrapped[0]}"] + [f"    {line}" for line in wrapped[1:]]
        elif piece.kind == "source":
            line = _sources(piece.text)
            if following is not None and following.kind == "date":
                line += " " + following.text
                index += 1
            body += [line, ""]
        else:
            body += _wrap(piece.text, width)
        index += 1
    pages: list[str] = []
    usable = page_lines - 4
    for number, start in enumerate(range(0, len(body), usable), start=1):
        chunk = body[start:start + usable]
        pages.append("\n".join([f"{country}{' ' * 20}{updated}", "", *chunk, "", f"{' ' * 30}{number}"]))
    return "\f".join(pages) + "\n"
