"""Prose as the news and document parsers read it: text or a saved web page made into clean blocks and metadata.

A saved web page goes through trafilatura, which finds the article among the page's navigation, adverts and
asides and reads its title, date, author and site; the page's own blocks that hold the article are kept, so
every record still points at the lines of the stored HTML. In text, the lines a newsletter or a feed puts
before the body (``date 2023-05``, ``By …``, ``Published: …``, a front matter) give the same metadata.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from policyatlas.model.dates import FuzzyDate
from policyatlas.sources.news.dates import parse_loose_date
from policyatlas.sources.news.text import clean_block_text
from policyatlas.text.blocks import Block
from policyatlas.text.html_blocks import html_to_blocks
from policyatlas.text.text_blocks import text_to_blocks
from policyatlas.text.titles import fold

log = logging.getLogger(__name__)

HTML_HINT = re.compile(rb"<\s*(?:!doctype|html|head|body|h[1-6]|p|div|ul|li|article|main|section|span)\b", re.I)
_DATE_LINE = re.compile(r"^(?:date|dated|fecha|data|published|publicado|publicada|posted|updated|actualizado|"
                        r"atualizado)(?:\s+(?:on|el|em|en))?\s*:?\s+(?P<date>.{4,60})$", re.IGNORECASE)
_BY_LINE = re.compile(r"^(?:by|por|author|autor|autora|escrito por|written by)\s*:?\s+(?P<name>[^\W\d_][^|·•]{1,80}?)"
                      r"(?:\s*[|·•,–—-]\s*(?P<rest>.{4,60}))?$", re.IGNORECASE)
_FIELD_LINE = re.compile(r"^(?P<key>title|titulo|título|source|fuente|fonte|url|link)\s*:\s*(?P<value>.+)$",
                         re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---\s*\n(?P<body>(?:[A-Za-z_]+\s*:.*\n){1,30})---\s*\n")
_WORDS = re.compile(r"[^\W\d_]{2,}")
_HEAD_BLOCKS = 8


@dataclass
class Prose:
    """A prose document's content blocks (line numbers in ``text``) and what it says of itself."""

    text: str
    is_html: bool
    blocks: list[Block]
    title: str | None = None
    published: FuzzyDate | None = None
    published_from: str | None = None
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    article_markup: bool = False


def _norm(text: str) -> str:
    return " ".join(fold(text).split())


def _trafilatura(html: str) -> Any:
    try:
        import trafilatura

        return trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True,
                                           deduplicate=False, favor_recall=True,
                                           date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as exc:  # the library's own failures on odd markup: fall back to the page's blocks
        log.debug("trafilatura could not read the page: %s", exc)
        return None


def _main_blocks(blocks: list[Block], extracted: str | None) -> list[Block]:
    """The page's blocks that hold the article trafilatura found (all of them when it found none)."""
    if not extracted:
        return blocks
    body = _norm(extracted)
    kept = [b for b in blocks if (n := _norm(clean_block_text(b.text))) and n in body]
    return kept if sum(len(b.text) for b in kept) >= 0.5 * len(extracted) else blocks


def _not_future(found: FuzzyDate | None) -> FuzzyDate | None:
    if found is None or found.value is None or found.value[:4] > str(date.today().year + 1):
        return None
    return found


def _read_html(text: str) -> Prose:
    blocks = html_to_blocks(text)
    extracted = _trafilatura(text)
    prose = Prose(text, True, blocks, article_markup=bool(re.search(
        r"<article\b|og:type\"?\s*content=\"article|\"@type\"\s*:\s*\"(?:News)?Article|article:published_time",
        text[:200_000], re.IGNORECASE)))
    if extracted is None:
        return prose
    prose.blocks = _main_blocks(blocks, getattr(extracted, "text", None))
    prose.title = getattr(extracted, "title", None) or None
    prose.author = getattr(extracted, "author", None) or None
    prose.publisher = getattr(extracted, "sitename", None) or None
    prose.url = getattr(extracted, "url", None) or None
    raw_date = getattr(extracted, "date", None)
    prose.published = _not_future(parse_loose_date(raw_date)) if raw_date else None
    prose.published_from = "metadata" if prose.published else None
    head = [b for b in prose.blocks[:_HEAD_BLOCKS] if b.kind == "paragraph"
            and _metadata_line(prose, clean_block_text(b.text))]  # "Publicado em 03/04/2025 14h20", a byline
    prose.blocks = [b for b in prose.blocks if b not in head]
    if prose.title and not any(b.kind == "heading" and _norm(clean_block_text(b.text)) == _norm(prose.title)
                               for b in prose.blocks):
        heading = next((b for b in blocks if b.kind == "heading"
                        and _norm(clean_block_text(b.text)) == _norm(prose.title)), None)
        if heading is not None:
            prose.blocks.insert(0, heading)
    return prose


def _read_text(text: str) -> Prose:
    prose = Prose(text, False, [])
    lines = text.splitlines()
    skip = 0
    front = _FRONT_MATTER.match(text)
    if front is not None:
        fields = dict(line.split(":", 1) for line in front.group("body").splitlines() if ":" in line)
        fields = {key.strip().casefold(): value.strip().strip("\"'") for key, value in fields.items()}
        prose.title = fields.get("title") or None
        prose.author = fields.get("author") or None
        prose.url = fields.get("url") or fields.get("link") or None
        if fields.get("date"):
            prose.published = _not_future(parse_loose_date(fields["date"]))
            prose.published_from = "metadata" if prose.published else None
        skip = text[: front.end()].count("\n")
    # The lines a feed or newsletter puts around the headline ("date 2023-05", "By …") are metadata:
    # blanked (line numbers stay) so that they join no paragraph.
    seen = 0
    for index in range(skip, len(lines)):
        line = clean_block_text(lines[index].strip().lstrip("#>*_ ").strip())
        if not line:
            continue
        seen += 1
        if seen > _HEAD_BLOCKS:
            break
        if _metadata_line(prose, line):
            lines[index] = ""
    body = "\n".join([""] * skip + lines[skip:])
    prose.blocks = text_to_blocks(body)
    return prose


def _metadata_line(prose: Prose, line: str) -> bool:
    """Read a line of metadata before the body ("date 2023-05", "By …", "Source: …"); True when it was one."""
    if len(line) > 120:
        return False
    dated = _DATE_LINE.match(line)
    if dated is not None and prose.published is None:
        found = _not_future(parse_loose_date(dated.group("date")))
        if found is not None:
            prose.published, prose.published_from = found, "metadata"
            return True
    by = _BY_LINE.match(line)
    if by is not None and prose.author is None and len(by.group("name").split()) <= 8:
        prose.author = by.group("name").strip(" ,.")
        rest = by.group("rest")
        found = _not_future(parse_loose_date(rest)) if rest else None
        if found is not None and prose.published is None:
            prose.published, prose.published_from = found, "metadata"
        return True
    field = _FIELD_LINE.match(line)
    if field is not None:
        key, value = fold(field.group("key")), field.group("value").strip()
        if key in ("title", "titulo") and prose.title is None:
            prose.title = value
        elif key in ("url", "link") and prose.url is None:
            prose.url = value
        elif prose.publisher is None:
            prose.publisher = value
        return True
    return False


def read_prose(text: str, data: bytes) -> Prose:
    """The content blocks and metadata of a decoded prose document (HTML when the bytes look like a page)."""
    return _read_html(text) if HTML_HINT.search(data[:4096]) else _read_text(text)


def prose_words(text: str) -> int:
    """How many words (two letters or more) a text has."""
    return len(_WORDS.findall(text))


def looks_like_prose(text: str) -> bool:
    """Whether a text reads as prose: sentences of words, not data (JSON, CSV, YAML, code, lists of values).

    At least 25 words, and sentences: three lines of six words or more that are mostly letters (or a
    quarter of the lines), so that a README with tables and lists is prose and a table is not.
    """
    sample = text[:50_000]
    stripped = sample.lstrip()
    if stripped[:1] in "{[" or stripped.startswith("<?xml") or prose_words(sample) < 25:
        return False
    lines = [line.strip() for line in sample.splitlines() if line.strip()][:2000]
    sentences = 0
    for line in lines:
        words = _WORDS.findall(line)
        letters = sum(ch.isalpha() or ch == " " for ch in line)
        if len(words) >= 6 and letters >= 0.75 * len(line) and line.count("|") < 3 and line.count(",") < len(words) / 2:
            sentences += 1
    return sentences >= 3 or (sentences >= 1 and sentences >= 0.25 * len(lines))
