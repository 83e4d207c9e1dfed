"""Legislative initiatives in a news article: the bill's name, proposers, chamber, committees, stages and size."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from policyatlas.model.dates import FuzzyDate
from policyatlas.sources.news.dates import DateMention, find_dates
from policyatlas.sources.news.lexicon import CALENDAR_WORDS, CHAMBERS, SPEECH, UPPER
from policyatlas.sources.news.orgs import committees_in
from policyatlas.sources.news.people import People, party_after
from policyatlas.sources.news.roles import apposition
from policyatlas.sources.news.text import Article, Sentence
from policyatlas.text.titles import fold, guess_language, split_title

_W = rf"[{UPPER}][\w'’-]*"
_EN_SEQUENCE = re.compile(rf"{_W}(?:\s+(?:(?:of|for|on|and|the|to|in)\s+){{0,2}}{_W})*")
_LAW_WORDS = frozenset({"Law", "Act", "Bill", "Code"})
_ES_BILL = re.compile(rf"\b(?:Ley|Código|Lei)(?:\s+(?:{_W}|de|del|la|las|los|para|en|y|e|sobre|contra|da|do|das|"
                      rf"dos)){{1,14}}")
_NUMBERED_BILL = re.compile(r"\b(?:House Bill|Senate Bill|Bill|PL|Proyecto de Ley|Projeto de Lei|H\.R\.|S\.)\s*"
                            r"(?:No\.?\s*|N[°º]\.?\s*)?\d{1,5}(?:[/-]\d{2,4})?\b")
_LEADING = frozenset("the a an this that our its their el la los las".split())
_CONNECTORS = frozenset("de del la las los para en y e sobre contra on of for to the and".split())
_GENERIC = re.compile(
    r"\b(?:the (?:proposed (?:law|legislation|bill|reform)|law proposal|legislative proposal|bill|initiative|proposal|"
    r"draft(?: law| bill)?|new law|ruling|reform|law|act)|this (?:bill|initiative|proposal|law|act)|"
    r"(?:la|esta|dicha) (?:iniciativa|propuesta|minuta|reforma|nueva ley|ley)|"
    r"(?:el|del|al|este|dicho) (?:proyecto|dictamen)|(?:o|do|ao|este|esse) (?:projeto|texto|substitutivo)|"
    r"(?:a|da|à|esta|essa) (?:proposta|matéria))\b",
    re.IGNORECASE)
_CONTEXT = re.compile(r"\b(?:initiative|bill|propos\w*|draft|present\w*|introduc\w*|approv\w*|passed|discuss\w*|"
                      r"debat\w*|vot\w*|iniciativa|propuesta|proyecto|dictamen|minuta|aprob\w*|turnad\w*|discut\w*|"
                      r"votaci\w*|presentó|presentad\w*|projeto|aprova\w*|apresent\w*|vota\w*|relat\w*)\b",
                      re.IGNORECASE)
_STAGES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in (
    ("new_version", r"\b(?:new version|revised version|updated version|amended version|substitute text|"
                    r"nueva versión|versión modificada|versión actualizada|nuevo proyecto de dictamen|nova versão|"
                    r"substitutivo)\b"),
    ("presented", r"\b(?:presented|introduced|submitted|filed|tabled|presentó|presentaron|presentada|presentado|"
                  r"inscribió|registró|apresentou|apresentado|apresentada|protocolou|protocolado|protocolada)\b"),
    ("proposed", r"\b(?:proposed|propuso|propuesta por|propuesto por|will (?:present|introduce|submit|propose)|"
                 r"presentará|presentarán|propondrá|propondrán|anunció)\b"),
    ("sent_to_committee", r"\b(?:sent|referred|turned over|forwarded|remitted|turnada|turnado|turnó|turnaron|"
                          r"remitida|remitido|remitió|enviada|enviado|encaminhado|encaminhada|despachado|"
                          r"despachada)\b(?=[^.]*\b(?:committees?|commissions?|comisión|comisiones|comissão|"
                          r"comissões)\b)"),
    ("approved", r"\b(?:approved|passed|adopted|endorsed|aprobó|aprobaron|aprobada|aprobado|avaló|avalaron|"
                 r"avalada|avalado|aprovou|aprovaram|aprovado|aprovada)\b"),
    ("rejected", r"\b(?:rejected|voted down|defeated|rechazó|rechazaron|rechazada|rechazado|desechó|desecharon|"
                 r"desechada|rejeitou|rejeitado|rejeitada|arquivado|arquivada)\b"),
    ("published", r"\b(?:published|publicó|publicada|publicado|publicou|sancionada|sancionado|promulgada|"
                  r"promulgado|signed into law)\b(?=[^.]*\b(?:Official (?:Journal|Gazette)|Diario Oficial|DOF|"
                  r"Gaceta Oficial|Boletín Oficial|Federal Register|Diário Oficial|DOU|law|ley|lei)\b)"),
))
_PROPOSER_VERB = re.compile(r"\b(?:presented|introduced|submitted|filed|tabled|proposed|presentó|propuso|presentaron|"
                            r"inscribió|promovió|impulsó|registró|will (?:present|introduce|submit|propose)|"
                            r"presentará|presentarán|propondrá|propondrán|apresentou|protocolou|propôs|"
                            r"apresentado por|apresentada por)\b", re.IGNORECASE)
_REFORM = re.compile(r"(?:initiative|bill|proposal|iniciativa|propuesta|proyecto)\s+(?:(?:para|to|que|which|that)\s+)?"
                     r"(?P<verb>reformar|reforma|modificar|modifica|amend|amends|reform|reforms)\s+(?:a\s+)?"
                     r"(?:el|la|los|the)?\s*$", re.IGNORECASE)
_SAID_THAT = re.compile(rf"[\s,]*(?:{SPEECH})\s+(?:that|que)\s+(?:(?:he|she|they|él|ella)\s+)?", re.IGNORECASE)
_BY = re.compile(r"(?:by|por|de|del|de la|pelo|pela)\s+(?:(?:the|el|la|o|a)\s+)?$", re.IGNORECASE)
_VOTE = re.compile(
    r"(?P<yes>\d+)\s+(?:votes?|votos)(?:\s+(?:in favou?r|a favor))?"
    r"(?:\s*(?:,|y|and)?\s*(?P<no>\d+)\s+(?:votes?\s+|votos\s+)?(?:against|en contra)|\s+(?:to|contra)\s+(?P<no2>\d+))?"
    r"(?:\s*(?:,|y|and)?\s*(?P<abs>\d+)\s+(?:abstentions?|abstenciones))?",
    re.IGNORECASE)
_UNANIMOUS = re.compile(r"\b(?:unanimously|unanimous|por unanimidad|unánime)\b", re.IGNORECASE)
_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split())}
_NUMBERS.update({w: i for i, w in enumerate(
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince".split())})
_NUMBERS.update({"un": 1, "una": 1})
_NUM = "(?:\\d+|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"
_SIZE = re.compile(
    rf"\b(?P<n>{_NUM})\s+(?P<what>artículos transitorios|transitorios|transitory (?:articles|provisions)|"
    r"transitional (?:articles|provisions)|artículos|articles|títulos|titles|capítulos|chapters)\b", re.IGNORECASE)
_SIZE_KEYS = {"art": "articles", "tra": "transitory_articles", "tít": "titles", "tit": "titles", "cap": "chapters",
              "cha": "chapters"}
_CHAMBER_WORDS = (("senate", re.compile(r"\b(?:Senate|Senado)\b")),
                  ("deputies", re.compile(r"\b(?:Chamber of Deputies|Cámara de Diputados|Câmara dos Deputados|"
                                          r"lower house|cámara baja)\b", re.IGNORECASE)))
_FUTURE = re.compile(r"\b(?:será|serán|sería|serían|será|will be|would be|will|would|to be|is to be|para ser|"
                     r"deberá ser|deberá|podría ser|va a ser|vai ser|seria|vão ser)\s+(?:\w+\s+)?$", re.IGNORECASE)
_PASSIVE_BY = re.compile(r"\b(?:presented|introduced|submitted|filed|proposed|presentad[oa]s?|propuest[oa]s?|"
                         r"apresentad[oa]s?|propost[oa]s?|protocolad[oa]s?)\b[^.;]{0,60}?\b(?:by|por|pelo|pela)\s+"
                         r"(?:(?:the|el|la|o|a)\s+)?$", re.IGNORECASE)
_COMMITTEE_BODY = re.compile(r"\b(?:committees?|commissions?|comisión|comisiones)\b", re.IGNORECASE)


@dataclass
class Stage:
    """One step of a bill's way through a legislature, as the text reports it."""

    stage: str
    date: FuzzyDate | None
    position: int
    vote: dict[str, Any] | None = None
    body: str | None = None
    date_from: str | None = None
    """``publication`` when the text gives no date and the stage is the news the article reports."""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"date": self.date.to_json() if self.date else None, "stage": self.stage}
        if self.date_from:
            data["date_from"] = self.date_from
        if self.vote:
            data["vote"] = self.vote
        if self.body:
            data["body"] = self.body
        return data


@dataclass
class Initiative:
    """A bill the article reports on."""

    title: str
    first: int
    mentions: list[str] = field(default_factory=list)
    title_en: str | None = None
    proposers: list[int] = field(default_factory=list)
    chamber: str | None = None
    committees: list[str] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    size: dict[str, int] = field(default_factory=dict)
    sentences: list[int] = field(default_factory=list)
    context: bool = False

    def ordered_stages(self) -> list[Stage]:
        """Stages in date order, undated ones last in text order; an undated stage repeating a dated one goes."""
        dated = sorted((s for s in self.stages if s.date), key=lambda s: (s.date.sort_key if s.date else "", s.position))
        kinds = {s.stage for s in dated}
        undated: list[Stage] = []
        for stage in self.stages:
            if stage.date is None and stage.stage not in kinds and stage.stage not in {u.stage for u in undated}:
                undated.append(stage)
        if any(s.stage == "presented" for s in dated + undated):
            undated = [s for s in undated if s.stage != "proposed"]
        seen: set[tuple[str, str | None]] = set()
        unique: list[Stage] = []
        for stage in dated + undated:
            key = (stage.stage, stage.date.value if stage.date else None)
            if key not in seen:
                seen.add(key)
                unique.append(stage)
        return unique


def _trim(name: str) -> str:
    words = name.split()
    cut = next((i for i, w in enumerate(words) if fold(w) in CALENDAR_WORDS), None)
    if cut is not None:
        words = words[:cut]
    while words and fold(words[0]) in _LEADING:
        words.pop(0)
    while words and (fold(words[-1]) in _CONNECTORS or not words[-1][:1].isupper()):
        words.pop()
    return " ".join(words)


def _english_name(sequence: str) -> str:
    """The law in a capitalised phrase: up to "Law"/"Act"/"Bill"/"Code", with an "on …"/"of …" tail
    ("General Cybersecurity Law", "Law for the Ethical Regulation of Artificial Intelligence")."""
    words = sequence.split()
    while words and re.search(r"['’]s?$", words[0]):
        words.pop(0)  # "Mexico's General Cybersecurity Law"
    index = next((i for i, w in enumerate(words) if w in _LAW_WORDS and (i > 0 or (
        len(words) > 2 and words[1] in ("on", "of", "for", "to")))), None)
    if index is None:
        return ""
    head = " ".join(words[: index + 1])
    head = re.split(r"\s+and\s+the\s+", head)[-1]
    tail = words[index + 1:]
    if tail and tail[0] in ("on", "of", "for", "to"):
        head = f"{head} {' '.join(tail)}"
    return _trim(head)


def _named(text: str, blocked: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for pattern in (_NUMBERED_BILL, _ES_BILL, _EN_SEQUENCE):
        for match in pattern.finditer(text):
            name = match.group() if pattern is _NUMBERED_BILL else _trim(match.group())
            if pattern is _EN_SEQUENCE:
                name = _english_name(name)
            start = text.find(name, match.start())
            if len(name.split()) < 2 or any(a <= start < b for a, b in blocked):
                continue
            if all(start >= e or start + len(name) <= s for s, e, _ in found):
                found.append((start, start + len(name), name))
    return sorted(found)


class Bills:
    """Reads the initiatives of an article sentence by sentence, following "the initiative" back to its name."""

    def __init__(self, article: Article, people: People, blocked: dict[int, list[tuple[int, int]]],
                 reference: FuzzyDate | None) -> None:
        self.article = article
        self.people = people
        self.reference = reference
        self.items: list[Initiative] = []
        self.year = int(reference.value[:4]) if reference and reference.value else None
        named = {s.index: _named(s.text, blocked.get(s.index, [])) for s in article.sentences}
        for sentence in article.sentences:
            for start, _, name in named[sentence.index]:
                self._bill(name, sentence.start + start, sentence.text, start)
        current: Initiative | None = None
        last_ref = -2
        for sentence in article.sentences:
            self._note_year(sentence.text)
            refs: list[tuple[int, int, Initiative]] = []
            for start, end, name in named[sentence.index]:
                refs.append((start, end, self._find(name)))
            for match in _GENERIC.finditer(sentence.text):
                target = current or (self.items[0] if len(self.items) == 1 else None)
                if target is not None:
                    refs.append((match.start(), match.end(), target))
            refs.sort(key=lambda r: r[0])
            if refs:
                current, last_ref = refs[-1][2], sentence.index
                for _, _, bill in refs:
                    bill.context = bill.context or bool(_CONTEXT.search(sentence.text)) or bool(
                        _GENERIC.search(sentence.text))
                    if sentence.index not in bill.sentences:
                        bill.sentences.append(sentence.index)
            elif current is None or last_ref != sentence.index - 1 or (
                    article.sentences[last_ref].block != sentence.block):
                continue  # only the sentence right after a mention, in its paragraph, may leave the bill unnamed
            if sentence.block == article.headline:
                continue
            target = refs[0][2] if refs else current
            assert target is not None
            if not refs and sentence.index not in target.sentences:
                target.sentences.append(sentence.index)
            self._read(target, sentence, refs)
        self.items = [b for b in self.items if b.context]

    def _in_lead(self, sentence: Sentence) -> bool:
        """Whether a sentence is in the article's first paragraph of text (what the article reports)."""
        first = next((i for i, b in enumerate(self.article.blocks) if i != self.article.headline
                      and b.kind == "paragraph" and len(b.text) > 80), None)
        return first is not None and sentence.block == first

    def _note_year(self, text: str) -> None:
        for mention in find_dates(text):
            if mention.date and mention.date.value and re.search(r"\d{4}", mention.text):
                self.year = int(mention.date.value[:4])

    def _find(self, name: str) -> Initiative:
        return next(b for b in self.items if fold(name) in {fold(m) for m in b.mentions})

    def _bill(self, name: str, offset: int, text: str, start: int) -> None:
        for bill in self.items:
            if fold(name) in {fold(m) for m in bill.mentions}:
                return
        split = split_title(text[start:].split(")")[0] + ")") if text[start + len(name):].lstrip().startswith("(") \
            else None
        reform = _REFORM.search(text[:start])
        title = name
        if reform is not None:
            spanish = reform.group("verb").casefold() in ("reformar", "reforma", "modificar", "modifica")
            title = f"Reforma {'a la' if name.startswith('Ley') else 'al'} {name}" if spanish else f"Amendment to the {name}"
        bill = Initiative(title, offset, [name])
        if split is not None and split.title_en and fold(split.title) == fold(name):
            bill.title_en = split.title_en
            bill.mentions.append(split.title_en)
        elif guess_language(name) == "en":
            bill.title_en = title
        self.items.append(bill)

    def _read(self, bill: Initiative, sentence: Sentence, refs: list[tuple[int, int, Initiative]]) -> None:
        text = sentence.text
        dates = [d for d in find_dates(text, reference=self.reference, default_year=self.year)]
        matches: list[tuple[str, re.Match[str]]] = []
        for name, pattern in _STAGES:
            matches += [(name, m) for m in pattern.finditer(text)]
        versions = [m for n, m in matches if n == "new_version"]
        # "presentó una nueva versión" is a new version, not the bill's presentation
        matches = [(n, m) for n, m in matches if not (n == "presented" and any(
            -30 <= v.start() - m.end() <= 30 for v in versions))]
        matches = [(n, m) for n, m in matches if not _FUTURE.search(text[max(0, m.start() - 25):m.start()])]
        matches.sort(key=lambda pair: pair[1].start())
        assigned = _pair(matches, dates)
        lead = self._in_lead(sentence)
        for (name, match), mention in zip(matches, assigned, strict=True):
            date = mention.date if mention else None
            stage = Stage(name, date, sentence.start + match.start())
            if date is None and lead and self.reference is not None and name not in ("proposed", "new_version"):
                stage.date, stage.date_from = self.reference, "publication"
            if name in ("approved", "rejected"):
                stage.vote = _vote(text)
                stage.body = _body(text[: match.start()], text, self.article.language)
            bill.stages.append(stage)
        self._proposers(bill, sentence, refs, matches)
        self._committees(bill, text, matches)
        for size in _SIZE.finditer(text):
            number = size.group("n").casefold()
            value = int(number) if number.isdigit() else _NUMBERS.get(number)
            key = _SIZE_KEYS.get(fold(size.group("what"))[:3])
            if value is not None and key and key not in bill.size:
                bill.size[key] = value
        if bill.chamber is None and any(n == "presented" for n, _ in matches):
            for key, pattern in _CHAMBER_WORDS:
                if pattern.search(text):
                    bill.chamber = CHAMBERS[key][self.article.language]
                    break

    def _proposers(self, bill: Initiative, sentence: Sentence, refs: list[tuple[int, int, Initiative]],
                   matches: list[tuple[str, re.Match[str]]]) -> None:
        text = sentence.text
        for mention in self.people.in_span(sentence.start, sentence.end):
            start = mention.start - sentence.start
            before = text[:start]
            by = _BY.search(before)
            near = by is not None and any(0 <= by.start() - end <= 3 for _, end, _ in refs)
            verb = _PROPOSER_VERB.search(text, mention.end - sentence.start)
            subject = (verb is not None and bool(refs) and any(r[0] > verb.start() for r in refs)
                       and self._leads_to(text, mention.end - sentence.start, verb.start(), sentence))
            passive = _PASSIVE_BY.search(before[-100:]) is not None
            if (near or subject or passive) and mention.person not in bill.proposers:
                bill.proposers.append(mention.person)

    def _leads_to(self, text: str, position: int, verb: int, sentence: Sentence) -> bool:
        """Whether only titles, parties, appositions and co-subjects stand between a name and its verb."""
        while position < verb:
            rest = text[position:verb]
            paren = re.match(r"\s*\([^)]*\)", rest)
            _, party = party_after(rest, None)
            if party and paren is None:
                position += party
                continue
            found = apposition(rest)
            other = re.match(r"[\s,]*(?:and|y|e)?\s*", rest)
            following = [m for m in self.people.in_span(sentence.start + position, sentence.end)
                         if other is not None and m.start - sentence.start == position + other.end()]
            said = _SAID_THAT.match(rest)
            if paren is not None:
                position += paren.end()
            elif said is not None:
                position += said.end()
            elif found is not None:
                position += found[1]
            elif following:
                position = following[0].end - sentence.start
            else:
                return bool(re.fullmatch(r"[\s,]*(?:(?:also|today|yesterday|ayer|hoy|también)\s+)?", rest))
        return True

    def _committees(self, bill: Initiative, text: str, matches: list[tuple[str, re.Match[str]]]) -> None:
        if any(name == "sent_to_committee" for name, _ in matches):
            for name in committees_in(text):
                if name not in bill.committees:
                    bill.committees.append(name)


def _pair(matches: list[tuple[str, re.Match[str]]], dates: list[DateMention]) -> list[DateMention | None]:
    """Give each stage verb the nearest date of its sentence, each date to one verb."""
    pairs = sorted(((abs(m.start() - d.start), i, j) for i, (_, m) in enumerate(matches) for j, d in enumerate(dates)),
                   key=lambda p: p[0])
    result: list[DateMention | None] = [None] * len(matches)
    used: set[int] = set()
    for _, i, j in pairs:
        if result[i] is None and j not in used:
            result[i] = dates[j]
            used.add(j)
    return result


def _vote(text: str) -> dict[str, Any] | None:
    match = _VOTE.search(text)
    if match:
        vote = {"in_favour": int(match.group("yes"))}
        if match.group("no") or match.group("no2"):
            vote["against"] = int(match.group("no") or match.group("no2"))
        if match.group("abs"):
            vote["abstentions"] = int(match.group("abs"))
        return vote
    return {"unanimous": True} if _UNANIMOUS.search(text) else None


def _body(before: str, text: str, language: str) -> str | None:
    if _COMMITTEE_BODY.search(before[-80:]):
        return "comisiones" if language == "es" else "committees"
    for key, pattern in _CHAMBER_WORDS:
        if pattern.search(text):
            return CHAMBERS[key][language]
    return None
