"""What a strategy document says of itself on its first pages: its title, its date of adoption, whether
it is a draft."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policyatlas.model.dates import FuzzyDate
from policyatlas.sources.strategies.dates import dates_in, plain_years, start_years
from policyatlas.sources.strategies.sections import SECTION_NAMES, clean_line, is_toc_line
from policyatlas.text.titles import fold, guess_language

COVER_LINES = 80  # non-empty lines read as the cover and front matter
_STRATEGY = re.compile(r"(?<![^\W\d_])(?:strateg(?:y|ies|ie|ia|ija|ijas|iju|ii|ien)|estrategias?|стратеги[яиюей]|"
                       r"στρατηγικ(?:η|ης|ησ|ες|εσ))(?![^\W\d_])")
_DOC_TYPE = re.compile(r"\b(?:polic(?:y|ies)|politique|politicas?|политик\w*|πολιτικ\w*|politika\w*|plan|plans|"
                       r"masterplan|programme|program|programa|программ\w*|концепци\w*|concept|doctrine|doctrina|"
                       r"доктрин\w*|framework|roadmap|principles|agenda)\b")
_CYBER = re.compile(r"(?:cyber|ciber|кибер|κυβερν|kiber)|\b(?:security|seguridad|securite|безопасност\w*|ασφαλει\w*|"
                    r"drosib\w*|saugum\w*|sicherheit|sicurezza|seguranca|numerique)\b")
_NATIONAL = re.compile(r"\b(?:national|nacional|nationale|национальн\w*|εθνικ\w*|valsts|nacionalin\w*|nazionale)\b")
# Lines that head a letter or a decree rather than name the document.
_ORGANISATION = re.compile(
    r"^(?:the )?(?:republic|government|ministry|minister|ministere|ministerio|republique|gouvernement|gobierno|"
    r"republica|office|executive office|department|council|conseil|consejo|presidency|presidence|kingdom|royaume|"
    r"reino|правительство|министерство|республик\w*|υπουργει\w*|ελληνικη δημοκρατια|γενικη|διευθυνση|τμημα|"
    r"resolution|resolucion|decision|decree|decret|decreto|ordonnance|arrete|постановление|указ|приложение|"
    r"annex|annexe|anexo|copyright|all rights|isbn|www|http|tel|fax|email|e mail|version|ver|page|p a g e|"
    r"document|prepared by|published by|designed by|contact|contacts|contact information|contact us|"
    r"unofficial translation|provisional translation|translation|traduction|traduccion)\b")
_JUNK_EDGES = "|»«<>~_—–-•*“”\"'‘’`^=+#$€@%?!,;:·‚„ "
_PREFIX = re.compile(
    r"^(?:(?:subject|objet|asunto|тема|θεμα|θέμα)\s*:\s*)?"
    r"(?:(?:on|about)\s+the\s+(?:approval|adoption)\s+of\s+(?:the\s+)?|on\s+adopting\s+(?:the\s+)?|"
    r"adopting\s+(?:the\s+)?|approving\s+(?:the\s+)?|on\s+the\s+|"
    r"por\s+(?:la|el)\s+(?:cual|que)\s+se\s+aprueba\s+(?:la\s+|el\s+)?|"
    r"portant\s+(?:adoption|approbation)\s+(?:de\s+la\s+|du\s+|de\s+l'|des\s+)?|portant\s+sur\s+|"
    r"об\s+утверждении\s+|о\s+|(?:έγκριση|εγκριση)\s+(?:της|του)\s+)?",
    re.IGNORECASE,
)
_CONNECTOR_START = re.compile(r"^(?:of|for|and|on|in|to|the|de|del|des|du|la|le|pour|et|y|para|en|для|на|по|и|"
                              r"в|о|της|του|των|και|για|un|par|(?:\(?\s*(?:19|20)\d{2}))\b")
_APPROVAL = re.compile(r"\b(?:approv\w*|adopt\w*|aprueb\w*|aprobad\w*|aprobacion|approbation|approuv\w*|утвер\w*|"
                       r"εγκρι\w*|εγκεκριμ\w*|apstiprin\w*|patvirt\w*|decided|decides|decrees|resolved|ordonne|"
                       r"decreta|resuelve|постановля\w*|αποφασιζ\w*)\b")
_ACT = re.compile(r"\b(?:resolution|resolucion|decision|decree|decret|decreto|ordonnance|arrete|постановлени\w*|"
                  r"указ\w*|распоряжени\w*|протокол\w*|αποφαση|rikojum\w*|nutarim\w*|dated|approbation)\b")
_DATED = re.compile(r"(?:\bот|\bdated|\bdu|\bde fecha|\bof|\ben date du|\bdel)\s*$")
_REGARD_START = re.compile(r"^(?:having regard|considering|whereas|vu\b|visto|vistos|considerando|resultando|"
                           r"εχοντα[σς] υποψη|принимая во внимание|nemot vera|atsizvelgdama)")
_REGARD_END = re.compile(r"\b(?:decides|decided|decrees|hereby|resolves|ordonne|decrete|arrete|decreta|resuelve|"
                         r"αποφασιζ\w*|постановля\w*|nolemj\w*)\b")
_DRAFT = re.compile(r"\b(?:draft|borrador|anteproyecto|avant projet|projet de|проект|σχεδιο|projekts|projektas)\b")


@dataclass(frozen=True)
class TitleFound:
    """A title read from the cover, the 1-based lines it spans, and the language it is in."""

    title: str
    line_start: int
    line_end: int
    language: str | None


@dataclass(frozen=True)
class AdoptionFound:
    """The date a document gives for itself, the 1-based line it is on, and how it was found."""

    date: FuzzyDate
    line: int
    how: str  # "adoption statement", "cover date", "title year", "cover year", "strategy year", "back cover date"
    approved: bool  # the text says the document was adopted or approved


def cover(lines: list[str], limit: int = COVER_LINES) -> list[tuple[int, str]]:
    """The first ``limit`` non-empty lines (0-based index, cleaned text), table-of-contents lines left out."""
    found: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        text = clean_line(line)
        if text and not is_toc_line(text):
            found.append((index, text))
            if len(found) >= limit:
                break
    return found


def _trim(text: str) -> str:
    return text.strip(_JUNK_EDGES)


def _fragment(text: str) -> str | None:
    """"frag" for a piece of a title, "years" for a year (range) line, None for anything else."""
    trimmed = _trim(text)
    folded = fold(trimmed)
    letters = sum(ch.isalpha() for ch in trimmed)
    if re.fullmatch(r"\(?\s*(?:19|20)\d{2}(?:\s*[-–—/]\s*(?:19|20)\d{2})?\s*\)?", trimmed):
        return "years"
    if "@" in trimmed or "http" in folded or "www" in folded or folded in SECTION_NAMES:
        return None
    bare = re.sub(r"(?:19|20)\d{2}|\s", "", trimmed)
    if letters < 3 or len(trimmed) > 110 or letters < 0.6 * len(bare):
        return None
    has_vocabulary = bool(_STRATEGY.search(folded) or _DOC_TYPE.search(folded))
    if _ORGANISATION.match(folded) and not has_vocabulary:
        return None
    if dates_in(trimmed) and not has_vocabulary:
        return None
    words = trimmed.split()
    if re.match(r"(?:\d{1,2}(?:\.\d{1,2})*\.|[IVXLC]{1,6}\.)\s*[^\W\d_]", trimmed):
        return None  # a numbered paragraph or heading ("1. To approve the Programme…", "I. Общие положения")
    if len(words) > 16 or (trimmed.endswith((".", ",", ";")) and not has_vocabulary):
        return None
    return "frag"


def _score(text: str, lines: list[str], rank: int) -> int:
    """How much a cover block looks like the document's title: its vocabulary, its shape (short,
    capitalised, no sentence in it) and its place (the first lines of the cover)."""
    folded = fold(text)
    score = 3 * bool(_STRATEGY.search(folded)) + 2 * bool(_DOC_TYPE.search(folded))
    score += 2 * bool(_CYBER.search(folded)) + bool(_NATIONAL.search(folded))
    if not (_STRATEGY.search(folded) or _DOC_TYPE.search(folded)):
        score -= 2
    words = [w for w in re.split(r"[\W\d_]+", text) if len(w) >= 4]
    if words and (text.isupper() or sum(w[0].isupper() for w in words) >= 0.5 * len(words)):
        score += 1
    if re.search(r"[,;] |\. [A-ZÀ-ÖА-ЯΑ-Ω]", text) or len(text.split()) > 18:
        score -= 3
    score -= max(0, len(lines) - 3)
    if lines[0][:1].islower() or (len(lines) > 1 and max(map(len, lines)) >= 70):
        score -= 2  # the middle of a paragraph, not a title
    return score + (3 if rank < 10 else 2 if rank < 20 else 1 if rank < 40 else 0)


def _blocks(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Runs of short title-like lines on the cover (a blank line may separate them)."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    last_index = -10
    for index, text in cover(lines):
        kind = _fragment(text)
        joinable = current and index - last_index <= 2 and len(current) < 5
        if kind == "years" and joinable:
            current.append((index, _trim(text)))
            blocks.append(current)
            current, last_index = [], -10
            continue
        if kind != "frag":
            if current:
                blocks.append(current)
            current, last_index = [], -10
            continue
        if joinable:
            previous = current[-1][1]
            same_case = previous.isupper() == _trim(text).isupper() or bool(_CONNECTOR_START.match(_trim(text)))
            if not same_case:
                blocks.append(current)
                current = []
        elif current:
            blocks.append(current)
            current = []
        current.append((index, _trim(text)))
        last_index = index
    if current:
        blocks.append(current)
    return blocks


def clean_title(text: str) -> str:
    """A title without OCR debris at its edges, approval phrases before it, quotes and "(DRAFT)"."""
    text = clean_line(text).replace("“", "").replace("”", "").replace("«", "").replace("»", "")
    text = re.sub(r"\(\s*draft\s*\)", "", text, flags=re.IGNORECASE)
    text = _trim(_PREFIX.sub("", _trim(text), count=1)).rstrip(".").strip()
    # A page number or a stray symbol after the title ("… 2016 - 2021 1", "STRATEGY $ 02").
    text = re.sub(r"(?:(?<=\d{4})|\s+[^\w\s()]{1,3})\s+\d{1,3}$", "", text).strip()
    return text[:1].upper() + text[1:] if text[:1].islower() else text



def _block_language(text: str) -> str | None:
    letters = [ch for ch in text if ch.isalpha()]
    if any("\u0400" <= ch <= "\u04ff" for ch in letters):
        return "ru"
    if any("\u0370" <= ch <= "\u03ff" for ch in letters):
        return "el"
    return guess_language(text)


def find_titles(lines: list[str], language: str | None) -> tuple[TitleFound | None, str | None]:
    """The document's title as its cover gives it, and an English title when the document is not
    in English and its cover gives one (possibly the title itself)."""
    scored: list[tuple[int, int, TitleFound]] = []
    ranks = {index: rank for rank, (index, _) in enumerate(cover(lines))}
    for block in _blocks(lines):
        text = clean_title(" ".join(part for _, part in block))
        score = _score(text, [part for _, part in block], ranks[block[0][0]])
        if score >= 4 and len([w for w in re.split(r"[\W\d_]+", text) if len(w) >= 3]) >= 2:
            found = TitleFound(text, block[0][0] + 1, block[-1][0] + 1, _block_language(text))
            scored.append((score, -block[0][0], found))
    if not scored:
        return None, None
    best = max(scored, key=lambda item: (item[0], item[1]))[2]
    english = None
    if language and language != "en":
        same = [s for s in scored if s[2].language in {language, None} and s[0] >= 6]
        if same:
            best = max(same, key=lambda item: (item[0], item[1]))[2]
        in_english = [s for s in scored if s[2].language == "en" and s[0] >= 6]
        if in_english:
            english = max(in_english, key=lambda item: (item[0], item[1]))[2].title
    return best, english


def _regarded(front: list[tuple[int, str]]) -> set[int]:
    """Lines in the "having regard to …" part of a decree, whose dates are those of older acts."""
    skipped: set[int] = set()
    inside = 0
    for index, text in front:
        folded = fold(text)
        if _REGARD_START.match(folded):
            inside = 40
        elif inside and _REGARD_END.search(folded):
            inside = 0
        if inside:
            skipped.add(index)
            inside -= 1
    return skipped


def find_adoption(lines: list[str], title: TitleFound | None) -> AdoptionFound | None:
    """The date the document was adopted or issued, as precisely as the text gives it.

    In order of trust: a date in an adoption statement on the first pages ("Resolution No 796 /
    of 29 June 2011", "Date d'approbation 06 - Mai - 2020", "от 23 февраля 2016 года"), left out
    the dates of older acts a decree cites ("Having regard to …"); a date alone on the cover
    ("November 2018"); the first year of the title ("Strategy 2019-2024"); a year alone on the
    cover; a strategy named with its years in the text ("… Strategy 2016 - 2021").
    """
    front = cover(lines)
    regarded = _regarded(front)
    texts = dict(front)
    order = [index for index, _ in front]
    statement: AdoptionFound | None = None
    nearby: AdoptionFound | None = None  # an act or approval two lines away: weaker
    cover_date: AdoptionFound | None = None
    for position, index in enumerate(order):
        if index in regarded:
            continue
        text = texts[index]
        following = texts[order[position + 1]] if position + 1 < len(order) else ""
        if fold(text) in _MONTH_ONLY and re.fullmatch(r"(?:19|20)\d{2}", following):
            text = f"{text} {following}"  # "Δεκέμβριος" / "2020" on two lines
        for found in dates_in(text):
            if found.date.precision == "year":
                continue
            for width in (1, 2):
                near = fold(" ".join(texts[i] for i in order[max(0, position - width) : position + width + 1]
                                     if i not in regarded))
                approved = bool(_APPROVAL.search(near))
                if approved or _ACT.search(near) or (width == 1 and _DATED.search(fold(text[: found.start]))):
                    if width == 1 and statement is None:
                        statement = AdoptionFound(found.date, index + 1, "adoption statement", approved)
                    elif width == 2 and nearby is None:
                        nearby = AdoptionFound(found.date, index + 1, "adoption statement", approved)
                    break
            if cover_date is None and len(text) <= 60:
                cover_date = AdoptionFound(found.date, index + 1, "cover date", False)
    if statement is not None or nearby is not None:
        return statement or nearby
    if cover_date is not None:
        return cover_date
    if title is not None:
        years = start_years(title.title) or plain_years(title.title)
        if years:
            return AdoptionFound(FuzzyDate(f"{years[0]:04d}", "year"), title.line_start, "title year", False)
    for rank, (index, text) in enumerate(front):
        if index in regarded:
            continue
        copyright_year = _COPYRIGHT.search(text)
        if copyright_year:
            return AdoptionFound(FuzzyDate(copyright_year.group(1), "year"), index + 1, "cover year", False)
        if rank < 40 and len(text) <= 60 and sum(ch.isalpha() for ch in text) <= 30:
            years = (start_years(text) or plain_years(text)) if _fragment(text) == "years" else plain_years(text)
            if years:
                return AdoptionFound(FuzzyDate(f"{years[0]:04d}", "year"), index + 1, "cover year", False)
    return _strategy_year(lines) or _back_cover(lines)


_CITATION = re.compile(r"\b(?:accessed|retrieved|consulte|consultado|visited|available)\b")
_MONTH_YEAR = re.compile(r"(?<![\d/.])(0?[1-9]|1[0-2])/((?:19|20)\d{2})(?![\d/])")


def _back_cover(lines: list[str]) -> AdoptionFound | None:
    """A date in the imprint on the last page ("05/2019 – Impression 500", "Published June 2020")."""
    back = [(i, clean_line(line)) for i, line in enumerate(lines) if line.strip()][-16:]
    for (_, previous), (index, text) in zip(back, back[1:], strict=False):
        if len(text) > 60 or _CITATION.search(fold(f"{previous} {text}")):
            continue  # a reference's "[accessed 23.04.2017]" is not the document's date
        found = [d.date for d in dates_in(text) if d.date.precision != "year"]
        numeric = _MONTH_YEAR.search(text)
        if not found and numeric:
            found = [FuzzyDate(f"{numeric.group(2)}-{int(numeric.group(1)):02d}", "month")]
        if found:
            return AdoptionFound(found[0], index + 1, "back cover date", False)
    return None


_COPYRIGHT = re.compile(r"(?:copyright|©)\s*(?:\w+\s+){0,4}?((?:19|20)\d{2})(?!\d)", re.IGNORECASE)


_MONTH_ONLY = frozenset(fold(word) for word in (
    "january february march april may june july august september october november december enero febrero marzo "
    "abril mayo junio julio agosto septiembre octubre noviembre diciembre janvier février mars avril mai juin "
    "juillet août septembre octobre novembre décembre Ιανουάριος Φεβρουάριος Μάρτιος Απρίλιος Μάιος Ιούνιος "
    "Ιούλιος Αύγουστος Σεπτέμβριος Οκτώβριος Νοέμβριος Δεκέμβριος"
).split())


def _strategy_year(lines: list[str]) -> AdoptionFound | None:
    """The year most often given with the document's own name in its first third ("Strategy 2016 - 2021",
    "Stratégie nationale de cybersécurité 2019-2023", "Strategy (NCS) 2019 – 2024")."""
    counts: dict[int, tuple[int, int]] = {}
    for index, line in enumerate(lines[: max(200, len(lines) // 3)]):
        if not _CYBER.search(fold(line)):
            continue
        for match in _NAMED_YEAR.finditer(line):
            year = int(match.group(1))
            if match.group(2) and not int(match.group(1)) < int(match.group(2)) <= year + 20:
                continue
            seen, first = counts.get(year, (0, index))
            counts[year] = (seen + 1, first)
    if not counts:
        return None
    year, (_, first) = max(counts.items(), key=lambda item: (item[1][0], -item[1][1]))
    return AdoptionFound(FuzzyDate(f"{year:04d}", "year"), first + 1, "strategy year", False)


# A strategy named with its years: the noun, then only capitalised words, acronyms and small words.
_NAMED_YEAR = re.compile(
    r"(?i:strateg(?:y|ie)|estrategia|stratégie|стратеги[яи]|στρατηγικ\w*|stratēģija|strategija)"
    r"(?:\s+(?:[A-ZÀ-ÖØ-ÞА-ЯΑ-Ω][\w’'-]*|\([A-Z][A-Z-]+\)|of|for|on|de|du|del|la|le|des|para|el|en|the|"
    r"periodo|período|period|[a-zà-ÿ]+(?:sécurité|seguridad|security|securite)|"
    r"cybersécurité|ciberseguridad|cybersecurity|кибербезопасности|κυβερνοασφάλειας)){0,8}?"
    r"[\s:,(]+((?:19|20)\d{2})(?:\s*[-–—/]\s*((?:19|20)\d{2}))?(?!\d)"
)


def is_draft(lines: list[str]) -> bool:
    """True when the cover labels the document a draft ("(DRAFT)", "Final Draft", "NISS, DRAFT 7")."""
    return any(len(text) <= 60 and _DRAFT.search(fold(text)) and not re.match(r"(?i)(?:a|the|first)\s", text)
               for _, text in cover(lines, 40))


def says_adopted(lines: list[str]) -> bool:
    """True when the first pages say the document was adopted or approved ("adopts the Strategy",
    "se aprueba la Estrategia", "Date d'approbation", "Утвердить: 1) Концепцию")."""
    folded = [fold(text) for _, text in cover(lines)]
    for position, text in enumerate(folded):
        if "date d approbation" in text or "fecha de aprobacion" in text:
            return True
        if _APPROVED.search(text) and _APPROVED_DOCUMENT.search(" ".join(folded[position : position + 2])):
            return True
    return False


_APPROVED_WORDS = (r"(?:approved|adopted|adopts|approves|approval|adopting|approving|aprobada|aprobado|aprueba|"
                   r"aprobo|aprobacion|adopta|adoptada|approuvee|approuve|adoptee|approbation|утвердить|"
                   r"утвержден\w*|утверждении|εγκρισ\w*|εγκρινουμε|εγκριθηκε|apstiprinat\w*|patvirtint\w*|"
                   r"decided|ordonne|decreta)")
_DOCUMENT_WORDS = _STRATEGY.pattern + "|" + _DOC_TYPE.pattern
_APPROVED = re.compile(rf"\b{_APPROVED_WORDS}\b")
# The approval and the document's name a few words apart, in either order.
_APPROVED_DOCUMENT = re.compile(rf"\b{_APPROVED_WORDS}(?:\W+\w+){{0,5}}?\W+(?:{_DOCUMENT_WORDS})"
                                rf"|(?:{_DOCUMENT_WORDS})(?:\W+\w+){{0,5}}?\W+{_APPROVED_WORDS}\b")
