"""News articles and any other prose (Spanish, English, Portuguese…; text or a saved web page) into records.

Two formats share one reader: ``news-article`` for what reads as an article (a dateline, a publication
date, an address or a byline, a page marked as an article, or people quoted), and ``document`` for any
other prose, the last format tried: it keeps the document (language, country, dates, full text for
search) and whatever people, organisations, bills and statements it names.
"""

from __future__ import annotations

from functools import lru_cache

from policyatlas.errors import ParseError, PolicyAtlasError
from policyatlas.model.record import ParsedSource
from policyatlas.sources.base import NO_OPTIONS, ParseOptions, decode_text
from policyatlas.sources.news.context import stated_publication
from policyatlas.sources.news.people import People
from policyatlas.sources.news.prose import HTML_HINT, Prose, looks_like_prose, read_prose
from policyatlas.sources.news.reader import ProseReader
from policyatlas.sources.news.statements import find_statements
from policyatlas.sources.news.text import Article, build_article, clean_block_text
from policyatlas.text.blocks import Block
from policyatlas.text.titles import fold

_MAX_ARTICLE = 30_000
_MAX_DOCUMENT = 3_000_000
_EXTRACT_CHARS = 200_000
_PROFILE_SECTIONS = frozenset({"cybersecurity policy", "structure", "legal framework", "cooperation",
                               "select activities", "membership"})


def _structured(text: str) -> bool:
    """Formats of their own that no prose parser should claim (their parser may be missing or refuse them)."""
    head = text.lstrip()[:400]
    return head.startswith(("{", "[")) or "policyatlas-dataset" in text[:4000]


def _article(prose: Prose) -> Article:
    article = build_article(prose.text, prose.blocks)
    article.url = article.url or prose.url
    return article


@lru_cache(maxsize=1)
def _detected_prose(text: str, data: bytes) -> Prose:
    """The document read as prose for detection: the news and the document parsers ask for it one after
    the other, so a page is read once, not twice (detection only reads it; a parse reads afresh)."""
    return read_prose(text, data)


def _readable_prose(data: bytes, name: str, limit: int) -> Prose | None:
    """The document as prose when it is readable text that is prose, not some other format, within ``limit``
    characters of text; None otherwise (cheapest checks first)."""
    try:
        text = decode_text(data, name)
    except PolicyAtlasError:
        return None
    if _structured(text) or len(text) > (40 if HTML_HINT.search(data[:4096]) else 2) * limit:
        return None
    prose = _detected_prose(text, data)
    body = _prose_text(prose)
    if len(body) > limit or _is_profile(prose) or not looks_like_prose(body):
        return None
    return prose


def _prose_text(prose: Prose) -> str:
    return "\n".join(clean_block_text(b.text) for b in prose.blocks)


def _is_profile(prose: Prose) -> bool:
    headings = [fold(clean_block_text(b.text)) for b in prose.blocks if b.kind == "heading"]
    return sum(h in _PROFILE_SECTIONS for h in headings) >= 3


def article_cues(prose: Prose, article: Article) -> list[str]:
    """What makes a prose document read as an article: its dateline, publication date, address, byline,
    article markup, or people it introduces and quotes."""
    cues = []
    stated = stated_publication(article, None)
    if stated is not None and stated.source in ("dateline", "url"):
        cues.append(stated.source)
    if prose.published is not None:
        cues.append("date")
    if prose.author:
        cues.append("byline")
    if article.url or prose.url:
        cues.append("address")
    if prose.article_markup:
        cues.append("markup")
    if not cues:
        people = People(article, article.language)
        introduced = sum(1 for p in people.persons if p.roles or p.honorific is not None)
        if find_statements(article, people) and introduced >= 1:
            cues.append("quotes")
    return cues


class NewsArticleParser:
    """A news or commentary article: the event it reports, people and roles, statements, bills and their stages."""

    kind = "news-article"
    description = "News or commentary article (Spanish, English, Portuguese…; text or saved web page)"

    def detect(self, data: bytes, name: str) -> bool:
        prose = _readable_prose(data, name, _MAX_ARTICLE)
        if prose is None:
            return False
        article = _article(prose)
        return bool(article.sentences) and bool(article_cues(prose, article))

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        prose = read_prose(decode_text(data, origin), data)
        if len(_prose_text(prose)) > 2 * _MAX_ARTICLE:
            raise ParseError(f"too long for a news article ({len(prose.text)} characters); use --format document",
                             path=origin)
        article = _article(prose)
        if not article.blocks or not article.sentences:
            raise ParseError("no article text found (empty page or only navigation)", path=origin)
        return ProseReader(prose, article, kind=self.kind, origin=origin, options=options).parsed()


class ProseDocumentParser:
    """Any other prose: the document (language, country, dates, full text) and the people, organisations,
    bills and statements it names."""

    kind = "document"
    description = "Any other prose document (report, post, notes…): language, country, dates, people, bills"

    def detect(self, data: bytes, name: str) -> bool:
        return _readable_prose(data, name, _MAX_DOCUMENT) is not None

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        if len(data) > _MAX_DOCUMENT:
            raise ParseError(f"too long to read as prose ({len(data)} bytes; at most {_MAX_DOCUMENT})", path=origin)
        prose = read_prose(decode_text(data, origin), data)
        blocks: list[Block] = []
        read = 0
        for block in prose.blocks:
            read += len(block.text)
            if read > _EXTRACT_CHARS and blocks:
                break
            blocks.append(block)
        article = build_article(prose.text, blocks)
        article.url = article.url or prose.url
        if not article.sentences:
            raise ParseError("no text found (empty page or only navigation)", path=origin)
        reader = ProseReader(prose, article, kind=self.kind, origin=origin, options=options)
        if len(blocks) < len(prose.blocks):
            reader.warnings.append(f"people, organisations and bills were looked for in the first {_EXTRACT_CHARS:,} "
                                   "characters; the whole text is kept for search")
        return reader.parsed()
