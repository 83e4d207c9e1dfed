"""Split the text of a long document (an OCR or PDF extraction) into sections at its headings."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from policyatlas.text.titles import fold

# Words that start a structural heading ("CHAPTER II", "Capítulo 3", "ГЛАВА 1", "PILLAR 2").
_LABELS = (
    "chapter|chapitre|capitulo|part|partie|parte|section|titulo|titre|title|book|livre|libro|"
    "глава|раздел|часть|κεφαλαιο|μερος|ενοτητα|nodala|dala|skyrius|dalis|kapitel|teil|capitolo|"
    "annex|annexe|anexo|appendix|appendice|apendice|pillar|pilier|pilar|objective|objectif|objetivo|"
    "strategic objective|objectif strategique|objetivo estrategico|linea estrategica|axe|eje|priority|priorite"
)
_ORDINALS = "one|two|three|four|five|six|seven|eight|nine|ten|un|deux|trois|quatre|cinq|uno|dos|tres|cuatro|cinco"
_LABEL = re.compile(rf"^(?:{_LABELS})\s+(?:\d{{1,2}}(?:\.\d{{1,2}})*|[ivxlc]{{1,6}}|{_ORDINALS}|[a-z])\b[.:)]?(?:\s|$)")
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.*)$")
_ROMAN = re.compile(r"^(X{0,3}(?:IX|IV|V?I{1,3}|V)|X{1,3})[.)]\s+(\S.*)$")
_SUBNUMBER = re.compile(r"^\d{1,2}\.\d{1,2}")  # "6.2.3 ACTIONS" may recur; it is still a heading
_BARE_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVXLC]{1,6}\.)$")
# Section names common enough to be headings on their own, folded (no accents, lower case).
SECTION_NAMES = frozenset(fold(word) for word in (
    "introduction|introducción|introdução|introduzione|einleitung|введение|εισαγωγή|ievads|įvadas|"
    "foreword|preface|préface|avant-propos|prólogo|prefacio|preámbulo|preamble|préambule|предисловие|πρόλογος|"
    "executive summary|summary|résumé|résumé exécutif|synthèse|resumen|resumen ejecutivo|sumário executivo|"
    "резюме|περίληψη|kopsavilkums|conclusion|conclusions|conclusión|conclusiones|conclusão|заключение|"
    "συμπεράσματα|nobeigums|glossary|glosario|glossaire|acronyms|abbreviations|list of abbreviations|"
    "list of acronyms|acronymes|sigles|abréviations|siglas|acrónimos|abreviaturas|definitions|définitions|"
    "definiciones|термины и определения|ορισμοί|background|context|contexte|contexto|контекст|scope|purpose|"
    "vision|mission|visión|misión|vision et mission|objectives|objectifs|objetivos|цели|στόχοι|mērķi|"
    "principles|guiding principles|principes|principios|принципы|αρχές|principi|implementation|mise en œuvre|"
    "implementación|реализация|υλοποίηση|īstenošana|monitoring and evaluation|suivi et évaluation|"
    "seguimiento y evaluación|action plan|plan d'action|plan de acción|план действий|σχέδιο δράσης|"
    "acknowledgements|acknowledgement|remerciements|agradecimientos|references|références|referencias|"
    "bibliography|bibliographie|annexes|appendices|anexos|приложения|παράρτημα|pielikums|message|"
    "table of contents|contents|table des matières|sommaire|índice|contenido|tabla de contenido|содержание|"
    "оглавление|περιεχόμενα|saturs|turinys|inhalt|inhaltsverzeichnis|indice|sumário|общие положения"
).split("|"))
_CONTENTS = frozenset(fold(word) for word in (
    "table of contents|contents|contents table|table des matières|sommaire|índice|contenido|contenidos|"
    "tabla de contenido|tabla de contenidos|содержание|оглавление|περιεχόμενα|saturs|turinys|inhalt|"
    "inhaltsverzeichnis|indice|sumário"
).split("|"))
_TOC_LINE = re.compile(r"(?:\.{4,}|…{2,}|(?:\. ){3,}|_{4,})\s*\S{0,6}\s*$|\s\|\s*\d{1,3}\s*$")
_CONNECTORS = frozenset(
    "of and for the on to in with de del la las los el y et des du le les pour sur en da do dos e и в на для по "
    "о об к с της του των και για στην σε un par".split()
)
# Verbs that make a numbered line a sentence ("15. The Coordinator shall"), not a heading.
_VERBS = frozenset("shall will is are must should was were has have es son será deberá debe est sont doit sera "
                   "doivent является являются должен должны είναι".split())
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Section:
    """A heading and the body under it: 1-based lines of the text, the body's opening words."""

    title: str
    line_start: int
    line_end: int
    level: int
    number: str | None
    body: str


def clean_line(line: str) -> str:
    """A line with its white space (no-break and zero-width spaces too) collapsed."""
    return _SPACES.sub(" ", line.replace("\u200b", "").replace("\u00a0", " ")).strip()


def is_toc_line(line: str) -> bool:
    """True for a table-of-contents entry ("1.2 Vision ........ 7", "INTRODUCTION | 07")."""
    return bool(_TOC_LINE.search(line))


def furniture(lines: list[str]) -> frozenset[str]:
    """Running headers and footers: short lines repeated on four or more pages (digits ignored)."""
    counts = Counter(_furniture_key(line) for line in lines if 0 < len(line.strip()) <= 120)
    return frozenset(key for key, count in counts.items() if count >= 4 or key == "")


def _furniture_key(line: str) -> str:
    return re.sub(r"[\d\s|]+", " ", fold(line)).replace("p a g e", "page").strip()


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and sum(ch.isupper() for ch in letters) >= 0.85 * len(letters)


def _starts_upper(text: str) -> bool:
    first = next((ch for ch in text if ch.isalpha()), "")
    return first.isupper()


def _headline(text: str, continued: bool) -> bool:
    """Whether the text after a number reads as a heading rather than a numbered sentence."""
    words = text.split()
    return (_starts_upper(text) and len(words) <= 14 and not text.endswith((".", ",", ";"))
            and not continued and sum(ch.isalpha() for ch in text) >= 3 and fold(words[-1]) not in _CONNECTORS
            and text.count("(") == text.count(")") and not (text.endswith(":") and len(words) > 6)
            and not any(fold(word) in _VERBS for word in words))


@dataclass(frozen=True)
class _Heading:
    line: int  # 0-based index
    end: int  # 0-based index of its last line (a heading may run over two lines)
    title: str
    level: int
    number: str | None
    structural: bool  # numbered, labelled or a known section name (kept even with an empty body)


def _classify(text: str, next_text: str) -> tuple[int, str | None, bool] | None:
    """(level, number, structural) when a line is a heading, else None."""
    folded = fold(text)
    # A numbered sentence wraps: its next line goes on in lower case ("security of national…").
    continued = bool(re.match(r"[^\W\d_]{2}", next_text)) and next_text[0].islower()
    if folded in SECTION_NAMES and _starts_upper(text) and not text.endswith((".", ",", ";")):
        return 1, None, True
    if _LABEL.match(folded) and len(text.split()) <= 14 and not text.endswith((".", ",", ";")):
        return 1, None, True
    numbered = _NUMBERED.match(text)
    if numbered and int(numbered.group(1).split(".")[0]) <= 40 and _headline(numbered.group(2), continued):
        number = numbered.group(1)
        # "2 Ministry of the Interior" is a table cell; "1 VISION AND GOALS" and "2.1 Vision" are headings.
        if "." in number or text[len(number)] == "." or _is_caps(numbered.group(2)):
            return number.count(".") + 1, number, True
    roman = _ROMAN.match(text)
    if roman and _headline(roman.group(2), continued):
        return 1, roman.group(1), True
    if _is_caps(text) and len(text) <= 100 and not text.endswith((",", ";", ".")) \
            and text[0] != "(" and text.count("(") == text.count(")"):
        words = [word for word in re.split(r"[\W\d_]+", text) if word]
        if 2 <= len(words) <= 12 and any(len(word) >= 4 for word in words):
            return 1, None, False
    return None


def _find_headings(lines: list[str]) -> list[_Heading]:
    skip = furniture(lines)
    cleaned = [clean_line(line) for line in lines]
    headings: list[_Heading] = []
    in_toc = False
    toc_entries: set[str] = set()
    prose_run = 0
    index = 0
    while index < len(cleaned):
        text = cleaned[index]
        if not text:
            index += 1
            continue
        following = next((t for t in cleaned[index + 1 : index + 3] if t), "")
        if in_toc:
            key = _toc_key(text)
            prose_run = prose_run + 1 if len(text) >= 80 and not is_toc_line(text) else 0
            if (key and key in toc_entries and not is_toc_line(text)) or prose_run >= 2 or text.endswith("."):
                in_toc = False
            else:
                if key:
                    toc_entries.add(key)
                index += 1
                continue
        if fold(text).rstrip(" :") in _CONTENTS:
            headings.append(_Heading(index, index, text.rstrip(" :"), 1, None, True))
            in_toc, toc_entries, prose_run = True, set(), 0
            index += 1
            continue
        end = index
        if _BARE_NUMBER.match(text) and following and len(following) <= 100 and _starts_upper(following):
            end = next(i for i in range(index + 1, len(cleaned)) if cleaned[i])
            text = f"{text} {following}"
            following = next((t for t in cleaned[end + 1 : end + 3] if t), "")
        elif is_toc_line(text) or len(text) > 120 or (_furniture_key(text) in skip and not _SUBNUMBER.match(text)):
            index += 1
            continue
        if is_toc_line(text):
            index = end + 1
            continue
        found = _classify(text, following)
        if found is None:
            index = end + 1
            continue
        level, number, structural = found
        if _LABEL.match(fold(text)) and len(text.split()) <= 3 and _starts_upper(following) \
                and len(following) <= 70 and not following.endswith((".", ",", ";")):  # "CHAPTER III" / "Governance"
            end = next(i for i in range(end + 1, len(cleaned)) if cleaned[i])
            text = f"{text} {following}"
        elif _is_caps(text):
            end, text = _join_caps(cleaned, end, text, number is not None)
        headings.append(_Heading(index, end, text, level, number, structural))
        index = end + 1
    return headings


def _toc_key(text: str) -> str:
    """A table-of-contents entry's words, without numbering, dot leaders or page numbers."""
    words = re.sub(r"[\W\d_]+", " ", fold(_TOC_LINE.sub("", text))).split()
    return " ".join(w for w in words if w not in {"i", "ii", "iii", "iv", "v", "page"})


def _join_caps(cleaned: list[str], end: int, text: str, numbered: bool) -> tuple[int, str]:
    """Join a capital-letter heading that runs on over the next lines ("THE PROGRAMME FOR THE / …")."""
    for _ in range(2):
        nxt = end + 1
        line = cleaned[nxt] if nxt < len(cleaned) else ""
        if not line or not _is_caps(line) or len(line) > 100 or line[0].isdigit() or fold(line) in SECTION_NAMES:
            break
        last_word = fold(text).split()[-1] if text.split() else ""
        first_word = fold(line).split()[0] if fold(line) else ""
        if not numbered and last_word not in _CONNECTORS and first_word not in _CONNECTORS:
            break
        text, end = f"{text} {line}", nxt
    return end, text


def split_sections(text: str) -> list[Section]:
    """The document's sections in order: each heading with the lines under it up to the next one.

    Headings are numbered lines ("1.", "2.1 Vision"), labelled ones ("CHAPTER II", "Capítulo 3",
    "PILLAR 2"), roman numerals ("IV. Objectives"), known section names in many languages
    ("Introduction", "Введение", "Εισαγωγή") and lines in capital letters. Tables of contents,
    running headers and footers are not headings. A capital-letter line with nothing under it
    (a letterhead) is dropped.
    """
    lines = text.splitlines()
    headings = _find_headings(lines)
    sections: list[Section] = []
    for position, heading in enumerate(headings):
        stop = headings[position + 1].line if position + 1 < len(headings) else len(lines)
        body_lines = [clean_line(line) for line in lines[heading.end + 1 : stop]]
        last = max((i for i in range(heading.end + 1, stop) if lines[i].strip()), default=heading.end)
        body = " ".join(line for line in body_lines if line)
        if not body and not heading.structural:
            continue
        title = clean_line(heading.title).rstrip(" :")
        sections.append(Section(title, heading.line + 1, last + 1, heading.level, heading.number, body))
    return sections
