"""Names as documents write them: bilingual titles, acronyms, languages and actor lists."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("of the and for on to in against with by from at an a is are its".split()),
    "es": frozenset("de la del el los las y para en por sobre con al un una se".split()),
    "fr": frozenset("de le la les des du et pour sur au aux un une en d l".split()),
    "pt": frozenset("de do da dos das e para em um uma ao".split()),
}
# Frequent words of policy titles, a stronger clue than small words in short names.
_VOCABULARY: dict[str, frozenset[str]] = {
    "en": frozenset("strategy national law code forum program programme policy security cybersecurity "
                    "cyberdefense cyberdefence commission ministry agency institute council office centre "
                    "center act committee department directorate government group digital federal plan response incident "
                    "public sector society data personal protection section crimes computer information "
                    "technology technologies security cyber report".split()),
    "es": frozenset("estrategia nacional ley codigo programa foro politica politicas seguridad "
                    "ciberseguridad ciberdefensa comision ministerio secretaria instituto consejo centro "
                    "direccion coordinacion gobierno grupo subgrupo digital federal".split()),
    "fr": frozenset("strategie nationale loi securite cybersecurite agence ministere conseil centre "
                    "gouvernement direction numerique".split()),
    "pt": frozenset("estrategia nacional lei seguranca ciberseguranca ministerio conselho centro "
                    "governo direcao digital".split()),
}
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,11}$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_ROLE_SUFFIX = re.compile(
    r"^(?P<title>.*?)(?:\s*\((?P<p>participant|co-sponsor|sponsor|member|observer|host|signatory|"
    r"party|chair|founding member)\)|,\s*(?P<c>Member|Participant|Observer|Signatory|Party))$",
    re.IGNORECASE,
)
_ACCENTED = {"es": "ñáíóú¿¡", "fr": "àâçèêëîïôûœ", "pt": "ãõçâê"}
#: Letters the four languages write (accents shared by several included); any other letter (ă, ţ, ö, ł, ß…)
#: says the text is in another language.
_OURS = frozenset("".join(_ACCENTED.values()) + "éüÿàáâãçèéêíîïñóôõúûœ")


def strip_markup(text: str) -> str:
    """Text without Markdown bold stars, leading decorative symbols or surrounding space."""
    text = text.replace("**", "").replace("__", "").replace("\ufe0f", "")
    text = re.sub(r"\s+", " ", text).strip(" \t*_")
    while text and unicodedata.category(text[0]) in {"So", "Sk", "Cn", "Co"}:
        text = text[1:].lstrip(" *_")  # decoration before a heading: ✓, 🌐
    return text


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name, with punctuation reduced to spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^\w]+", " ", bare).strip()


def guess_language(text: str) -> str | None:
    """A guess at the language of a short name (en, es, fr, pt) from its small words and accents.

    Returns None when the text gives no clue (a single proper noun, an acronym) or is written with letters
    none of the four languages uses (Romanian, German, Polish…).
    """
    if any(ch.isalpha() and not ch.isascii() and ch not in _OURS for ch in text.casefold()):
        return None
    words = [w.casefold() for w in _WORD.findall(text)]
    scores = {lang: 2 * sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    bare = [fold(w) for w in words]
    for lang, vocabulary in _VOCABULARY.items():
        scores[lang] += sum(w in vocabulary for w in bare)
    lowered = text.casefold()
    for lang, marks in _ACCENTED.items():
        scores[lang] += 2 * sum(ch in marks for ch in lowered)
    if any(w.endswith(("ción", "ciones", "idad", "ía")) for w in words):
        scores["es"] += 2
    top = max(scores.values())
    leaders = [lang for lang in ("es", "fr", "pt", "en") if scores[lang] == top]
    if top == 0 or (len(leaders) > 1 and "en" in leaders):
        return None
    return leaders[0]  # a tie between Romance languages goes to the most common here


def is_acronym(text: str) -> bool:
    """True for a short all-capital token such as ``CEDN``, ``CERT-MX`` or ``ITU``."""
    return bool(_ACRONYM.match(text)) and sum(ch.isalpha() for ch in text) >= 2


def _peel_parenthetical(text: str) -> tuple[str, str] | None:
    """Split ``base (group)`` at the last balanced parenthetical that ends the text."""
    if not text.endswith(")"):
        return None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] == ")":
            depth += 1
        elif text[index] == "(":
            depth -= 1
            if depth == 0:
                base, group = text[:index].rstrip(), text[index + 1 : -1].strip()
                return (base, group) if base and group else None
    return None


@dataclass(frozen=True)
class Title:
    """A title split into its parts: original, English translation, acronym, other names."""

    title: str
    title_en: str | None = None
    language: str | None = None
    acronym: str | None = None
    aliases: tuple[str, ...] = ()
    country_role: str | None = None


def split_title(raw: str) -> Title:
    """Split a heading such as ``Ley X (Law X) (LX)`` into title, English title and acronym.

    A trailing English parenthetical after a non-English name is the English title; an
    all-capital one is the acronym; a name in parentheses after an acronym
    (``CERT-MX (Centro Nacional …)``) is an alias; a trailing ``(participant)`` /
    ``, Member`` is the country's role in the item. Anything else stays in the title.
    """
    text = strip_markup(raw)
    country_role = None
    role = _ROLE_SUFFIX.match(text)
    if role and role.group("title"):
        country_role = (role.group("p") or role.group("c")).lower()
        text = role.group("title").strip()
    acronym = title_en = None
    aliases: list[str] = []
    for _ in range(2):
        peeled = _peel_parenthetical(text)
        if peeled is None:
            break
        base, group = peeled
        base_lang, group_lang = guess_language(base), guess_language(group)
        if is_acronym(group) and acronym is None:
            acronym = group
        elif title_en is None and not is_acronym(base) and base_lang != "en" and (group_lang == "en" or (
                group_lang is None and base_lang is not None and group.isascii() and len(group.split()) >= 2)):
            title_en = group
        elif is_acronym(base) and not is_acronym(group):
            acronym = acronym or base
            aliases.append(group)
        else:
            break
        text = base
    language = guess_language(text)
    if language is None and title_en is not None:
        language = guess_language(" ".join(aliases)) if aliases else None
    return Title(text, title_en, language, acronym, tuple(aliases), country_role)


_NAME_STOPWORDS = frozenset(
    "of the and for on to in against de la del el los las y para en d' da do des du et".split()
)
_ACTOR_PREFIXES = {"presented by": "presenter", "organized by": "organizer", "organised by": "organizer",
                   "led by": "lead", "hosted by": "host", "with": "participant"}


def _comma_parts(chunk: str, is_country: Callable[[str], bool]) -> list[str]:
    """A chunk split at its commas, unless they enumerate inside one name
    ("Ministerio de Ciencia, Innovación, Tecnología y Telecomunicaciones")."""
    parts = [p.strip() for p in chunk.split(",")]
    for part in parts[1:]:
        bare = re.sub(r"^(?:and|y)\s+", "", part)
        if len(_WORD.findall(bare)) == 1 and not is_country(bare) and not is_acronym(bare):
            return [chunk]
    return parts


def parse_actor_list(text: str, *, default_role: str, is_country: Callable[[str], bool]) -> list[tuple[str, str]] | None:
    """Read a line naming bodies (``Ministry A, Ministry B``, ``Presented by Chile and Peru``).

    Returns ``(name, role)`` pairs, or None when the line reads as prose rather than a list
    of names: every part must be a proper name (its longer words capitalised) and the line
    must not end as a sentence does.
    """
    line = strip_markup(text)
    if not line or len(line) > 400 or line.endswith((".", ":", "!", "?")) or "](" in line:
        return None
    role = default_role
    lowered = line.casefold()
    for prefix, prefix_role in _ACTOR_PREFIXES.items():
        if lowered.startswith(prefix + " "):
            role, line = prefix_role, line[len(prefix) + 1 :].strip()
            break
    line = re.sub(r"^(?:the|el|la|los|las)\s+", "", line, flags=re.IGNORECASE)
    parts = [p for chunk in line.split(";") for p in _comma_parts(chunk.strip(), is_country)]
    parts = [re.sub(r"^(?:and|y)\s+", "", p) for p in parts if p]
    if parts and " and " in parts[-1]:
        left, right = parts[-1].rsplit(" and ", 1)
        if is_country(left) and is_country(right):
            parts[-1:] = [left, right]
    for part in parts:
        words = _WORD.findall(part)
        if not words or not words[0][0].isupper():
            return None
        for word in words:
            if word.casefold() in _NAME_STOPWORDS or len(word) <= 2:
                continue
            if not word[0].isupper():
                return None
    return [(part, role) for part in parts]

