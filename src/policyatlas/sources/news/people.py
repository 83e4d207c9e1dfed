"""People in a news article: names with titles, parties and roles, merged across every way the text names them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policyatlas.sources.news.lexicon import (
    ADVERBS,
    CHAMBERS,
    HONORIFICS,
    NAME_RE,
    NAME_STOP,
    ORG_KEYWORDS,
    PARTIES,
    SPEECH,
    Honorific,
)
from policyatlas.sources.news.roles import Role, apposition, moderates, parse_roles, role_before
from policyatlas.sources.news.text import Article, Sentence
from policyatlas.text.titles import fold

_PARTICLES = frozenset("de del la las los van von da dos di".split())
_ORG_WORDS = frozenset(fold(w) for w in ORG_KEYWORDS)
_HONORIFIC_WORDS = "|".join(sorted((re.escape(w) for w in HONORIFICS), key=len, reverse=True))
_HONORIFIC_BEFORE = re.compile(rf"(?:^|(?<=\W))(?P<h>{_HONORIFIC_WORDS})\.?\s+$", re.IGNORECASE)
_SPEECH_AFTER = re.compile(rf"^(?:\s*,[^,.;:]{{1,80}},)?\s*,?\s*(?:{ADVERBS}\s+)*(?:{SPEECH})\b", re.IGNORECASE)
_SPEECH_BEFORE = re.compile(rf"\b(?:{SPEECH})\s+(?:(?:the|el|la)\s+)?$", re.IGNORECASE)
_ACCORDING_BEFORE = re.compile(r"(?:\b(?:according to|in the (?:opinion|words|view) of|según|de acuerdo con|en opinión de|"
                               r"a juicio de|en palabras de|a decir de|segundo|de acordo com|na opinião de)|"
                               r"^(?:for|para))\s+$", re.IGNORECASE)
_POSSESSIVE_AFTER = re.compile(r"^['’]s?\s+(?:perspective|view|opinion|point of view|words|remarks|proposal)",
                               re.IGNORECASE)
_PARTY_PAREN = re.compile(r"^\s*\(([^()]{1,50})\)")
_PARTY_AFTER = re.compile(r"^\s*,?\s*(?:del|de|of the|of)\s+(?:partido\s+|party\s+)?([\wÁÉÍÓÚáéíóú]+)\b",
                          re.IGNORECASE)
_GROUP_AFTER = re.compile(r"^\s*,\s*(?:of the|of|del|de la|de)\s+(?P<p>[A-ZÁÉÍÓÚÑ][\w]*(?:\s+[A-ZÁÉÍÓÚÑ][\w]*){0,4})"
                          r"\s*(?=[,.]|$)")
_TITLE_PARTY_BEFORE = re.compile(
    rf"\b(?P<h>{_HONORIFIC_WORDS})(?P<q>\s+(?:federal|local|estatal|plurinominal|estadual|distrital))?\s+"
    r"(?:por|del|de|of|from|pelo|pela|do|da)\s+(?:el\s+|la\s+|the\s+|o\s+)?"
    r"(?P<party>(?:Partido|Party|Movimiento|Movimento|Grupo Parlamentario)?[^,()]{0,60}?)"
    r"(?:\s*\((?P<acr>[^()]{1,12})\))?\s*,\s*$", re.IGNORECASE)
_PARTY_NAMED_AFTER = re.compile(
    r"^\s*,?\s*(?:of the|of|from the|from|del|de la|de|do|da)\s+(?P<name>(?:[A-ZÁÉÍÓÚ][\w'’]*\s+){0,5}"
    r"(?:Party|Partido|Movement|Movimiento|Movimento|Front|Frente|Alliance|Alianza|[A-ZÁÉÍÓÚ][\w'’]*))"
    r"\s*\((?P<acr>[A-Za-zÁÉÍÓÚáéíóú]{2,10})\)")
_PARTICIPATION = re.compile(
    r"\b(?:participaron|participó|participation of|participants (?:were|included)|panelists|panel included|"
    r"ponentes|panelistas|speakers (?:were|included)|con la participación de|estuvieron presentes|took part)\b",
    re.IGNORECASE)
_DESCRIPTOR = re.compile(
    r"\b(?:the|el|la)\s+(?P<w>senator|senadora|senador|deputy|diputada|diputado|legislator|lawmaker|legisladora|"
    r"legislador|minister|ministra|ministro|expert|experta|experto|especialista|specialist|academic|académica|"
    r"académico|researcher|investigadora|investigador|congressman|congresswoman|congresista)\b"
    r"(?!\s+(?:(?-i:[A-ZÁÉÍÓÚÑ])|of\b|de\b|del\b|for\b|por\b))",
    re.IGNORECASE,
)


@dataclass
class Person:
    """One person of the article with everything the text says of them."""

    key: int
    title: str
    tokens: tuple[str, ...]
    first: int
    sentence: int
    honorific: Honorific | None = None
    party: str | None = None
    roles: list[Role] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    listed: bool = False
    moderator: bool = False

    def add_role(self, role: Role) -> None:
        key = (fold(role.role), fold(role.organization or ""))
        if all((fold(r.role), fold(r.organization or "")) != key for r in self.roles):
            self.roles.append(role)


@dataclass(frozen=True)
class Mention:
    """Where the text names a person (by name, or as "the Senator")."""

    person: int
    start: int
    end: int
    text: str
    descriptor: bool = False


@dataclass(frozen=True)
class _Candidate:
    words: tuple[str, ...]
    start: int
    end: int
    honorific: Honorific | None
    written: str

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(fold(w) for w in self.words if w.casefold() not in _PARTICLES)

    @property
    def name(self) -> str:
        return " ".join(self.words)


def _candidates(text: str) -> list[_Candidate]:
    """Capitalised names in a sentence, with the honorific written before them."""
    found: list[_Candidate] = []
    for match in NAME_RE.finditer(text):
        words = [(m.group(), match.start() + m.start()) for m in re.finditer(r"\S+", match.group())]
        honorific: Honorific | None = None
        hon_start = None
        organisation = False
        while words:
            folded = fold(words[0][0].rstrip("."))
            if folded in HONORIFICS and len(words) > 1:
                honorific, hon_start = HONORIFICS[folded], words[0][1]
            elif not (folded in NAME_STOP or words[0][0] in _PARTICLES):
                break
            organisation = organisation or folded in _ORG_WORDS
            words.pop(0)
        if organisation:
            continue  # "Red de Libertades Digitales", "Instituto Nacional …": an organisation's name
        while words and words[-1][0] in _PARTICLES:
            words.pop()
        if not words or any(fold(w) in NAME_STOP for w, _ in words if w not in _PARTICLES):
            continue
        if len(words) == 1 and fold(words[0][0].rstrip(".")) in HONORIFICS:
            continue
        start, end = words[0][1], words[-1][1] + len(words[-1][0])
        if honorific is None:
            window = max(0, start - 40)
            before = _HONORIFIC_BEFORE.search(text[window:start])
            if before is not None:
                honorific, hon_start = HONORIFICS[fold(before.group("h"))], window + before.start("h")
        written = text[hon_start if hon_start is not None else start : end]
        found.append(_Candidate(tuple(w for w, _ in words), start, end, honorific, written))
    return found


def _compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two folded names can be one person ("Lagunes" ~ "Alejandra Lagunes", not "Víctor Lagunes")."""
    short, long = sorted((a, b), key=len)
    if not short:
        return False
    iterator = iter(long)
    if not all(token in iterator for token in short):
        return False
    if len(short) == 1:
        return short[0] == long[0] or short[0] in long[1:]
    return short[-1] in long[-2:] and (short[0] == long[0] or short[0] in long[1:])


class People:
    """The people of an article and their mentions, found in two passes (anchors, then every mention)."""

    def __init__(self, article: Article, language: str) -> None:
        self.article = article
        self.language = language
        self.persons: list[Person] = []
        self.mentions: list[Mention] = []
        self._appositions: list[tuple[int, int]] = []
        for sentence in article.sentences:
            self._anchor_sentence(sentence)
        for sentence in article.sentences:
            self._mention_sentence(sentence)
        self.mentions.sort(key=lambda m: m.start)
        self.persons.sort(key=lambda p: p.first)

    @property
    def appositions(self) -> list[tuple[int, int]]:
        """Body spans of the role appositions read after names (no other name or bill starts inside them)."""
        return list(self._appositions)

    def person(self, key: int) -> Person:
        """The person with this key."""
        return next(p for p in self.persons if p.key == key)

    def in_span(self, start: int, end: int) -> list[Mention]:
        """The mentions inside a span of the body."""
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    def _inside_apposition(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self._appositions)

    def _choose(self, tokens: tuple[str, ...], honorific: Honorific | None, before: int) -> Person | None:
        candidates = [p for p in self.persons if _compatible(tokens, p.tokens)]
        if len(candidates) > 1 and honorific is not None:
            same = [p for p in candidates if p.honorific == honorific]
            candidates = same or candidates
        if len(candidates) > 1:
            recent = {m.person: m.start for m in self.mentions if m.start < before}
            candidates.sort(key=lambda p: recent.get(p.key, -1), reverse=True)
        return candidates[0] if candidates else None

    # -- pass 1: names the text introduces (with a title, a role, a party, or as a speaker) ----------
    def _anchor_sentence(self, sentence: Sentence) -> None:
        text = sentence.text
        for cand in _candidates(text):
            if self._inside_apposition(sentence.start + cand.start):
                continue
            after = text[cand.end:]
            before = text[max(0, cand.start - (len(cand.written) - len(cand.name)) - 200) :
                          cand.start - (len(cand.written) - len(cand.name))]
            titled = _TITLE_PARTY_BEFORE.search(before[-140:]) if before.rstrip().endswith(",") else None
            party, skip = party_after(after, cand.honorific)
            if titled is not None and cand.honorific is None:
                cand = _Candidate(cand.words, cand.start, cand.end, HONORIFICS[fold(titled.group("h"))],
                                  cand.written)
                party = party or (titled.group("acr") or titled.group("party") or "").strip() or None
            rest = after[skip:]
            found = apposition(rest)
            speech_rest = rest[found[1]:] if found else rest
            anchored = cand.honorific is not None or (len(cand.tokens) >= 2 and (
                found is not None or party is not None or bool(_SPEECH_AFTER.match(speech_rest))
                or bool(_SPEECH_BEFORE.search(before[-40:])) or bool(_ACCORDING_BEFORE.search(before[-40:]))
                or bool(_POSSESSIVE_AFTER.match(after))))
            if not anchored:
                continue
            person = self._anchor(cand, sentence)
            if party and not person.party:
                person.party = party
            if cand.honorific is not None and cand.honorific.role:
                chamber = CHAMBERS.get(cand.honorific.chamber or "", {}).get(self.language)
                word = cand.written[: len(cand.written) - len(cand.name)].strip()
                if titled is not None:
                    word = f"{titled.group('h')}{titled.group('q') or ''}".strip()
                abbreviated = word.endswith(".") or len(word) <= 4
                person.add_role(Role(cand.honorific.canonical if abbreviated else word, chamber))
            prior = role_before(before)
            if prior:
                for role in parse_roles(prior):
                    person.add_role(role)
            if found is not None:
                offset = sentence.start + cand.end + skip
                self._appositions.append((offset, offset + found[1]))
                for role in parse_roles(found[0]):
                    person.add_role(role)
                person.moderator = person.moderator or moderates(rest[found[1]:])
            block = self.article.blocks[sentence.block]
            if block.kind in ("bullet", "numbered") and cand.start - (len(cand.written) - len(cand.name)) <= 2:
                person.listed = True
            if _PARTICIPATION.search(text):
                person.listed = True

    def _anchor(self, cand: _Candidate, sentence: Sentence) -> Person:
        start = sentence.start + cand.start
        person = self._choose(cand.tokens, cand.honorific, start)
        if person is None:
            person = Person(len(self.persons), cand.name, cand.tokens, start, sentence.index)
            self.persons.append(person)
        elif len(cand.tokens) > len(person.tokens):
            person.title, person.tokens = cand.name, cand.tokens
        if person.honorific is None and cand.honorific is not None:
            person.honorific = cand.honorific
        return person

    # -- pass 2: every mention, by name or as "the Senator" -------------------------------------------
    def _mention_sentence(self, sentence: Sentence) -> None:
        text = sentence.text
        items: list[tuple[int, _Candidate | re.Match[str]]] = [(c.start, c) for c in _candidates(text)]
        items += [(m.start(), m) for m in _DESCRIPTOR.finditer(text)]
        for offset, item in sorted(items, key=lambda pair: pair[0]):
            start = sentence.start + offset
            if self._inside_apposition(start):
                continue
            if isinstance(item, _Candidate):
                person = self._choose(item.tokens, item.honorific, start)
                if person is None:
                    continue
                begin = sentence.start + item.start - (len(item.written) - len(item.name))
                self._mention(person, Mention(person.key, begin, sentence.start + item.end, item.written))
            else:
                person = self._descriptor(item.group("w"), start)
                if person is not None:
                    self._mention(person, Mention(person.key, start, sentence.start + item.end(), item.group(),
                                                  descriptor=True))

    def _mention(self, person: Person, mention: Mention) -> None:
        self.mentions.append(mention)
        if mention.text not in person.mentions:
            person.mentions.append(mention.text)
        person.first = min(person.first, mention.start)

    def _descriptor(self, word: str, before: int) -> Person | None:
        honorific = HONORIFICS.get(fold(word))
        recent = sorted((m for m in self.mentions if m.start < before), key=lambda m: m.start, reverse=True)
        for mention in recent:
            person = self.person(mention.person)
            if honorific is None:
                return person
            if person.honorific == honorific or (honorific.canonical == "Legislator" and person.honorific is not None
                                                 and person.honorific.chamber is not None):
                return person
        return None

    def to_json(self, person: Person) -> dict[str, object]:
        """The attributes of a person record."""
        return {
            "roles": [r.to_json() for r in person.roles],
            "party": person.party,
            "honorific": person.honorific.canonical if person.honorific else None,
            "mentions": list(person.mentions),
        }


def party_after(after: str, honorific: Honorific | None) -> tuple[str | None, int]:
    """A party written after a name ("(PVEM)", ", de Morena", a legislator's ", of the Democratic Center")
    and how much text it takes (a parenthesis that is no party is skipped all the same)."""
    paren = _PARTY_PAREN.match(after)
    if paren is not None:
        inner = paren.group(1).strip()
        legislator = honorific is not None and honorific.chamber is not None
        if fold(inner) in PARTIES or (legislator and len(inner.split()) <= 4 and inner[:1].isupper()):
            return inner, paren.end()
        return None, paren.end()
    spelled = _PARTY_NAMED_AFTER.match(after)
    if spelled is not None and (fold(spelled.group("acr")) in PARTIES or re.search(
            r"\b(?:Party|Partido|Movement|Movimiento|Movimento)\b", spelled.group("name"))):
        return spelled.group("acr"), spelled.end()
    named = _PARTY_AFTER.match(after)
    if named is not None and fold(named.group(1)) in PARTIES:
        return named.group(1), named.end()
    group = _GROUP_AFTER.match(after)
    if group is not None and honorific is not None and honorific.chamber is not None:
        return group.group("p"), group.end("p")
    return None, 0
