"""Organisations named in a news article: keyword names, acronyms, roles' bodies, organisers and supporters."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from policyatlas.model.country import is_country_name
from policyatlas.sources.news.lexicon import CALENDAR_WORDS, NOT_ORG_ACRONYMS, ORG_KEYWORDS, PARTIES, ROLE_RE, UPPER
from policyatlas.sources.news.people import People
from policyatlas.sources.news.roles import is_org_name, parse_roles
from policyatlas.sources.news.text import Article, Sentence
from policyatlas.text.titles import fold, is_acronym

_CAP = rf"(?:[{UPPER}][\w'’.&+-]*|\d[\w+]*)"
_CONN = (r"(?:of the|of|for the|for|on the|on|and on|and of|and|de la|de las|de los|del|y de|y del|de|y|e|para la|"
         r"para el|para|en|&|\+|in|a la|a los|al)")
_ORDINAL = r"(?:Primera|Segunda|Tercera|Cuarta|Quinta|First|Second|Third)\b"
_SEQUENCE = re.compile(
    rf"{_CAP}(?:(?:\s+(?:{_CONN}\s+)?|,\s+(?={_CAP}(?:\s+(?:{_CONN}\s+)?{_CAP})*,?\s+(?:y|e|and)\s+{_CAP})"
    rf"|,\s+(?:and|y|e)\s+|,\s+(?={_ORDINAL})){_CAP})*"
)
_JOINT = re.compile(
    rf"^(?:(?P<es>Comisiones)(?:\s+Unidas)?\s+(?:de\s+|del\s+)?|(?P<en>Committees?|Commissions?)\s+(?:on|of)\s+(?:the\s+)?)"
    rf"(?P<list>{_CAP}(?:(?:\s+|,\s*)(?:{_CAP}|de|del|la|las|los|y|e|para|en|and|of|on|the|for))*)")
_DEFINITION = re.compile(r"\(\s*([A-Z][A-Za-z0-9&.\-]{1,11})\s*\)")
_LEADING = frozenset(
    "pleno plenary the a an el la los las at in en on for from by with to of de del al regarding yesterday today ayer hoy "
    "additionally also and y since while during según para por con this that these este esta su sus our its "
    "their his her thanks gracias o os as do da dos das no na ao à pelo pela segundo".split()
)
_CONNECTORS = frozenset("of the for on and de la las los del y e para en in & +".split())
_CHAMBERS = frozenset({"Senate", "Senado", "Chamber of Deputies", "Cámara de Diputados"})
_SINGLE = frozenset("senate senado congress congreso parliament parlamento".split())
_SUPPORT = re.compile(
    r"\b(?:thanks to the support of|with the support of|with support from|supported by|sponsored by|"
    r"in collaboration with|con el apoyo de|gracias al apoyo de|con la colaboración de|en colaboración con|"
    r"patrocinado por|patrocinada por|con el patrocinio de)\s+", re.IGNORECASE)
_ORGANIZE = re.compile(
    r"\b(?:organized by|organised by|hosted by|convened by|organizado por|organizada por|organizados por|"
    r"convocado por|convocada por|a cargo de)\s+", re.IGNORECASE)
_ORGANIZED_AFTER = re.compile(r"^\s+(?:organized|organised|hosted|convened|organizó|organizaron|convocó|convocaron)\b")
_LIST_END = re.compile(r"[.;:]|,\s+(?![A-ZÁÉÍÓÚÑ])|\s+(?:we|nos|se|to|para|que|which|who|in order)\b")
_LIST_SPLIT = re.compile(r",\s+(?:and\s+|y\s+)?|\s+(?:and|y|e)\s+")
_AT_WE = re.compile(r"^(?:At|En|Desde)\s+(?P<org>[^,]{2,80}),\s+(?:we|nosotros|reafirmamos|refrendamos|"
                    r"creemos|trabajamos)\b")


@dataclass
class Organization:
    """One organisation of the article, with every form the text names it by."""

    title: str
    acronym: str | None
    first: int
    sentence: int
    mentions: list[str] = field(default_factory=list)

    def keys(self) -> set[str]:
        """The folded names the organisation goes by."""
        return {fold(n) for n in (self.title, self.acronym or "", *self.mentions) if n}


def committee_names(text: str) -> list[str]:
    """The committees of a joint reference: "Comisiones Unidas de Ciencia, Tecnología e Innovación y de Estudios
    Legislativos, Primera" → "Comisión de Ciencia, Tecnología e Innovación", "Comisión de Estudios Legislativos,
    Primera"; "Committees on Science and Technology and on Legislative Studies" likewise."""
    match = _JOINT.match(text)
    if match is None:
        return []
    words = match.group("list").split()
    while words and (fold(words[-1]) in _CONNECTORS or not words[-1][:1].isupper()):
        words.pop()
    listed = " ".join(words).strip(" ,")
    if match.group("es"):
        return [f"Comisión de {item.strip(' ,')}" for item in re.split(r",?\s+y\s+(?:a\s+la\s+)?de\s+|;\s*", listed)]
    items = re.split(r",?\s+and\s+(?:on|of)\s+|;\s*", listed)
    return [f"Committee on {item.strip(' ,')}" for item in items] if len(items) > 1 or match.group("en").endswith(
        "s") else [text.strip()]


def committees_in(text: str) -> list[str]:
    """The committees a sentence names ("turnada a las Comisiones Unidas de A y de B", "the Committee on C")."""
    names: list[str] = []
    for match in _SEQUENCE.finditer(text):
        sequence = _trim(match.group())
        joint = committee_names(sequence)
        if joint:
            names += joint
        elif re.match(r"^(?:Comisión|Committee|Commission)\b", sequence) or re.search(r"\b(?:Committee|Commission)$",
                                                                                    sequence):
            names.append(sequence)
    return list(dict.fromkeys(names))


def _initials(name: str) -> list[str]:
    return [w[0].upper() for w in re.findall(r"[^\W_]+", name) if fold(w) not in _CONNECTORS]


def acronym_matches(acronym: str, name: str) -> bool:
    """Whether an acronym can stand for a name: initials in order, the same initials in another order
    (a translated name: ANIA ~ National Alliance for Artificial Intelligence), or word prefixes in order."""
    letters = [c.upper() for c in acronym if c.isalpha()]
    initials = _initials(name)
    if not letters or not initials:
        return False
    if letters == initials or (len(letters) >= 3 and Counter(letters) == Counter(initials)):
        return True
    words = [fold(w).upper() for w in re.findall(r"[^\W_]+", name) if fold(w) not in _CONNECTORS]
    return _prefixes("".join(letters), words)


def _prefixes(letters: str, words: list[str]) -> bool:
    if not letters:
        return not words
    if not words:
        return False
    return any(words[0].startswith(letters[:n]) and _prefixes(letters[n:], words[1:])
               for n in range(1, len(letters) + 1) if n <= len(words[0]))


def _trim(name: str) -> str:
    words = name.split()
    cut = next((i for i, w in enumerate(words) if fold(w) in CALENDAR_WORDS), None)
    if cut is not None:
        words = words[:cut]
    while words and (fold(words[0]) in _LEADING and not is_acronym(words[0])):
        words.pop(0)
    while words and fold(words[-1]) in _CONNECTORS:
        words.pop()
    return " ".join(words).strip(" ,.;:")


def _split_keyword_sequence(name: str) -> list[str]:
    """Cut "the Senate and Founder …" or "Ministry A and Agency B" into organisations."""
    parts = [name]
    for separator in (r",\s+", r"\s+(?:and|y|e)\s+"):
        cut: list[str] = []
        for part in parts:
            pieces = re.split(separator, part)
            current = pieces[0]
            for piece in pieces[1:]:
                if ROLE_RE.match(piece) or (is_org_name(current) and is_org_name(piece) and _keyword_first(piece)):
                    cut.append(current)
                    current = piece
                else:
                    glue = "," if separator.startswith(",") else " " + _joiner(part, current, piece)
                    current = f"{current}{glue} {piece}"
            cut.append(current)
        parts = cut
    return parts


def _joiner(whole: str, left: str, right: str) -> str:
    found = re.search(re.escape(left) + r"\s+(and|y|e)\s+" + re.escape(right), whole)
    return found.group(1) if found else "and"


def _keyword_first(piece: str) -> bool:
    words = piece.split()
    return bool(words) and (words[0].casefold() in ORG_KEYWORDS or (len(words) > 1 and words[1].casefold() in ORG_KEYWORDS))


class Organizations:
    """The organisations of an article, merged by name and acronym, with organisers and supporters."""

    def __init__(self, article: Article, people: People) -> None:
        self.article = article
        self.people = people
        self.items: list[Organization] = []
        self.supporters: list[str] = []
        self.organizers: list[str] = []
        self.publisher: str | None = None
        person_names = {fold(p.title) for p in people.persons} | {fold(m) for p in people.persons for m in p.mentions}
        self._persons = person_names
        for person in people.persons:
            sentence = article.sentences[person.sentence]
            for role in person.roles:
                if role.organization and role.organization not in _CHAMBERS:
                    self.add(role.organization, None, sentence)
        for sentence in article.sentences:
            self._sentence(sentence)
        self.items.sort(key=lambda o: o.first)

    def _sentence(self, sentence: Sentence) -> None:
        text = sentence.text
        spans: list[tuple[int, int]] = []
        found: list[tuple[int, int, str]] = []
        for match in _SEQUENCE.finditer(text):
            for name in self._sequence_names(match.group()):
                where = text.find(name, match.start())
                found.append((where, where + len(name), name) if where >= 0 else (match.start(), match.end(), name))
        definitions = {m.start(): m.group(1) for m in _DEFINITION.finditer(text) if is_acronym(m.group(1))}
        for start, end, name in found:
            acronym = next((a for p, a in definitions.items() if p >= end and not text[end:p].strip()), None)
            self.add(name, acronym, sentence, at=sentence.start + start)
            spans.append((start, end))
        for position, acronym in definitions.items():
            if any(position >= e and not text[e:position].strip() for _, e, _ in found):
                continue
            name = self._name_before(text[:position])
            if acronym.casefold() in PARTIES or fold(name) in self._persons:
                continue
            if name and (is_org_name(name) or acronym_matches(acronym, name)):
                self.add(name, acronym, sentence)
                spans.append((position - len(name) - 1, position + len(acronym) + 2))
        self._mentions(sentence, spans)

    def _sequence_names(self, raw: str) -> list[str]:
        """The organisation names in a capitalised phrase (role words, joint committees and lists split off)."""
        sequence = _trim(raw)
        joint = committee_names(sequence)
        if joint:
            return joint
        names: list[str] = []
        for part in _split_keyword_sequence(sequence):
            if ROLE_RE.match(part):
                names += [r.organization for r in parse_roles(part) if r.organization]
            else:
                names.append(part)
        kept: list[str] = []
        for name in names:
            words = name.split()
            keyword = any(w.casefold() in ORG_KEYWORDS for w in words if w[:1].isupper())
            if keyword and fold(name) not in self._persons and (len(words) > 1 or fold(name) in _SINGLE):
                kept.append(name)
        return kept

    def _mentions(self, sentence: Sentence, spans: list[tuple[int, int]]) -> None:
        text = sentence.text
        for known in self.items:
            for form in (known.title, *known.mentions):
                where = text.find(form)
                if where >= 0:
                    spans.append((where, where + len(form)))
                    if _ORGANIZED_AFTER.match(text[where + len(form):]):
                        self._listed(self.organizers, known.title)
        for match in re.finditer(r"\b[A-Z][A-Z0-9&-]{1,9}\b", text):
            token = match.group()
            inside = any(a <= match.start() < b for a, b in spans)
            if inside or token in NOT_ORG_ACRONYMS or token.casefold() in PARTIES or not is_acronym(token) or (
                    len(token) > 6 or is_country_name(token)) or token.split("-")[0].casefold() in PARTIES:
                continue
            if text.isupper() or re.fullmatch(r"[IVXLC]+", token):
                continue
            article_before = re.search(r"\b(?:the|el|la|los|las|del|al|at|en)\s+$", text[: match.start()], re.I)
            if len(token) >= 3 or article_before:
                self.add(token, token, sentence, written=token)
        for pattern, target in ((_SUPPORT, self.supporters), (_ORGANIZE, self.organizers)):
            for match in pattern.finditer(text):
                for item in self._list_items(text[match.end():], spans, match.end()):
                    self._listed(target, item)
                    if fold(item) not in self._persons:
                        self.add(item, None, sentence)
        at_we = _AT_WE.match(text)
        if at_we and self.find(at_we.group("org")) is not None and self.publisher is None:
            found = self.find(at_we.group("org"))
            self.publisher = found.title if found else None

    def _name_before(self, text: str) -> str:
        words = re.findall(r"\S+", text)
        taken: list[str] = []
        while words:
            word = words[-1]
            if word[:1].isupper() or word[:1].isdigit() or (taken and fold(word) in _CONNECTORS):
                taken.insert(0, word)
                words.pop()
            else:
                break
        return _trim(" ".join(taken))

    def _list_items(self, text: str, spans: list[tuple[int, int]], offset: int) -> list[str]:
        end = _LIST_END.search(text)
        chunk = text[: end.start()] if end else text
        items: list[str] = []
        start = 0
        for match in _LIST_SPLIT.finditer(chunk):
            absolute = offset + match.start()
            if any(a < absolute < b for a, b in spans):
                continue
            items.append(chunk[start:match.start()])
            start = match.end()
        items.append(chunk[start:])
        cleaned = [_trim(re.sub(r"\s*\([^)]*\)", "", item)) for item in items]
        return [item for item in cleaned if item and (item[0].isupper() or item[0].isdigit())]

    def _listed(self, target: list[str], name: str) -> None:
        found = self.find(name)
        title = found.title if found else name
        if title not in target:
            target.append(title)

    def find(self, name: str) -> Organization | None:
        """The organisation a name or acronym stands for, if the article names it."""
        key = fold(name)
        for org in self.items:
            if key in org.keys():
                return org
        return None

    def add(self, name: str, acronym: str | None, sentence: Sentence, *, written: str | None = None,
            at: int | None = None) -> None:
        """Add a name (with its acronym) or merge it into the organisation it names."""
        name = name.strip(" ,.;")
        if not name:
            return
        start = at if at is not None else sentence.start + max(sentence.text.find(written or name), 0)
        org = self.find(name) or (self.find(acronym) if acronym else None)
        if org is None and acronym is None and not is_acronym(name):
            org = self._parent_of(name)
        if org is None:
            lone = name if is_acronym(name) else acronym
            org = next((o for o in self.items if lone and o.acronym is None and acronym_matches(lone, o.title)), None)
            if org is None and not is_acronym(name):
                org = next((o for o in self.items if o.title == o.acronym and acronym_matches(o.title, name)), None)
                if org is not None:
                    org.title = name
        if org is None:
            org = Organization(name, acronym if acronym != name else name if is_acronym(name) else None, start,
                               sentence.index)
            self.items.append(org)
        if is_acronym(name) and org.acronym is None:
            org.acronym = name
        if acronym and org.acronym is None:
            org.acronym = acronym
        for form in (name, acronym) if acronym and acronym != name else (name,):
            if form and form not in org.mentions:
                org.mentions.append(form)
        if start < org.first:
            org.first, org.sentence = start, sentence.index

    def _parent_of(self, name: str) -> Organization | None:
        key = fold(name)
        for org in self.items:
            title = fold(org.title)
            short, long = sorted((key, title), key=len)
            rest = long[len(short):]
            if long.startswith(short + " ") and re.match(r"^ (?:of the|of|de la|del|de) ", rest):
                if len(name) > len(org.title):
                    org.title = name
                return org
        return None
