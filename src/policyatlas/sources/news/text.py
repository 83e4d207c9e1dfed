"""The body of a news article: clean blocks, its headline, sentences with their lines, and its language."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policyatlas.text.blocks import Block
from policyatlas.text.language import detect_language
from policyatlas.text.titles import fold, strip_markup

_LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")
_URL_LINE = re.compile(r"^<?(https?://\S+?)>?$")
# Page furniture that website exports leave around an article.
_CHROME = frozenset(fold(t) for t in (
    "top of page", "bottom of page", "skip to main content", "skip to content", "ir al contenido", "menu", "menú",
    "share", "compartir", "share this", "comparte", "home", "inicio", "log in", "login", "sign in", "search",
    "buscar", "subscribe", "suscríbete", "advertisement", "publicidad", "read more", "leer más", "back to top",
    "volver arriba", "print", "imprimir", "close", "cerrar", "tweet", "facebook", "twitter", "linkedin", "whatsapp",
))
_BYLINE = re.compile(r"^(?:by|por|author|autor|autora)\s*:?\s+[A-ZÁÉÍÓÚÑ][\w.\- ]{1,60}$", re.IGNORECASE)
_ABBREVIATIONS = frozenset(
    "dr dra sr sra srta lic mtro mtra ing prof sen dip rep gov mr mrs ms st núm num vs jr inc co corp "
    "ltd lt gen col cap ed eds fig e.g i.e ee uu u.s a.c s.a s.c c.v approx aprox pág av ph.d dpto "
    "depto ej cía hon sres sras".split()
)
_BEFORE_NUMBER = frozenset("no nos núm num art arts p pp vol".split())
_END = re.compile(r"[.!?…]+[\"”»'’)]*(?=\s+)")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article, with where it stands (block, offsets in the body, source lines)."""

    index: int
    block: int
    text: str
    start: int
    end: int
    line_start: int
    line_end: int


@dataclass
class Article:
    """An article's content blocks (markup and page furniture removed), its headline and its sentences.

    ``body`` is the blocks' texts joined by blank lines; sentence offsets point into it.
    """

    blocks: list[Block]
    headline: int | None
    sentences: list[Sentence]
    body: str
    offsets: list[int]
    language: str
    url: str | None
    detected: str | None = None
    """The document's language as detected (any ISO 639-1 code); ``language`` is the lexicon read by (en, es, pt)."""

    def block_sentences(self, block: int) -> list[Sentence]:
        """The sentences of one block, in order."""
        return [s for s in self.sentences if s.block == block]


def clean_block_text(text: str) -> str:
    """A block's visible text: links reduced to their labels, bold markers and decorations dropped."""
    return strip_markup(_LINK.sub(lambda m: m.group(1), text))


def is_chrome(text: str) -> bool:
    """True for page furniture such as "top of page" or "Share"."""
    return len(text) <= 40 and fold(text) in _CHROME


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of one paragraph (abbreviations such as "Dr." and initials do not end one)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        rest = text[end:].lstrip()
        if not rest or not (rest[0].isupper() or rest[0] in "\"“«'‘¿¡(" or rest[0].isdigit()):
            continue
        if match.group().startswith("."):
            word = re.search(r"([\w.]+)$", text[: match.start()])
            token = word.group(1).casefold() if word else ""
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
            if token in _BEFORE_NUMBER and rest[0].isdigit():
                continue  # "No. 5", "Art. 73"
        if text[start:end].strip():
            spans.append((start, end))
        start = end + (len(text[end:]) - len(rest))
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def lexicon_language(code: str | None) -> str:
    """The language whose words the news parser reads a text by: Spanish, Portuguese, else English."""
    return code if code in ("es", "pt") else "en"


def _pick_headline(blocks: list[Block]) -> int | None:
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            return index
    for index, block in enumerate(blocks[:6]):
        text = block.text
        if block.kind != "paragraph" or _BYLINE.match(text) or len(text) > 220:
            continue
        if text.endswith((".", ":")) and len(text.split()) > 3 and text.count(". ") == 0 and len(text) > 120:
            continue
        if re.search(r"[.!?]\s+[A-ZÁÉÍÓÚÑ¿¡]", text):
            continue  # several sentences: the article's first paragraph, not a headline
        return index
    return None


def _locate(source: list[str], block: Block, text: str, after: int) -> tuple[int, int, int]:
    """The source lines of a sentence inside a block (the block's lines when it cannot be found)."""
    if block.line_start >= block.line_end:
        return block.line_start, block.line_end, after
    region = "\n".join(source[block.line_start - 1 : block.line_end])
    words = re.findall(r"\w+", text)
    if not words:
        return block.line_start, block.line_end, after

    def find(parts: list[str], start: int) -> re.Match[str] | None:
        pattern = r"\W+".join(re.escape(w) for w in parts)
        return re.compile(pattern).search(region, start)

    first = find(words[:3], after)
    if first is None:
        return block.line_start, block.line_end, after
    last = find(words[-3:], first.start())
    line_start = block.line_start + region.count("\n", 0, first.start())
    line_end = block.line_start + region.count("\n", 0, last.end()) if last else line_start
    return line_start, max(line_start, line_end), first.end()


_LONGEST_SENTENCE = 2000


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence longer than any real one (a run-on page, a table flattened into words) cut at spaces into
    pieces of at most ``_LONGEST_SENTENCE`` characters, so that reading it stays linear."""
    pieces = []
    while end - start > _LONGEST_SENTENCE:
        cut = text.rfind(" ", start + _LONGEST_SENTENCE // 2, start + _LONGEST_SENTENCE)
        cut = cut if cut > start else start + _LONGEST_SENTENCE
        pieces.append((start, cut))
        start = cut + 1 if text[cut:cut + 1] == " " else cut
    pieces.append((start, end))
    return pieces


def build_article(source_text: str, raw_blocks: list[Block]) -> Article:
    """Clean the blocks of a document and cut them into sentences with their source lines."""
    source = source_text.splitlines()
    blocks: list[Block] = []
    url: str | None = None
    for raw in raw_blocks:
        text = clean_block_text(raw.text)
        if not text or is_chrome(text):
            continue
        link = _URL_LINE.match(text)
        if link is not None:
            if url is None and not blocks:
                url = link.group(1)
            continue
        blocks.append(Block(raw.kind, text, raw.line_start, raw.line_end, raw.level))
    sentences: list[Sentence] = []
    offsets: list[int] = []
    position = 0
    for index, block in enumerate(blocks):
        offsets.append(position)
        after = 0
        spans = split_sentences(block.text) if block.kind == "paragraph" else [(0, len(block.text))]
        for start, end in (piece for span in spans for piece in _bounded(block.text, *span)):
            piece = block.text[start:end]
            line_start, line_end, after = _locate(source, block, piece, after)
            sentences.append(Sentence(len(sentences), index, piece, position + start, position + end,
                                      line_start, line_end))
        position += len(block.text) + 2
    body = "\n\n".join(b.text for b in blocks)
    detected = detect_language(body) if body.strip() else None
    return Article(blocks, _pick_headline(blocks), sentences, body, offsets, lexicon_language(detected), url, detected)
