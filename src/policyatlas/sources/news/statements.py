"""What people say in a news article (reported speech, linked to its speaker) and the lists they give."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policyatlas.sources.news.lexicon import ADVERBS, SPEECH
from policyatlas.sources.news.people import Mention, People, party_after
from policyatlas.sources.news.roles import apposition
from policyatlas.sources.news.text import Article, Sentence

_INTRO = re.compile(r"^(?:[^,]{0,100},\s*)?(?:(?:and|y|but|pero)\s+)?(?:(?:the|el|la)\s+)?$", re.IGNORECASE)
_QUOTE_FIRST = re.compile(r"^\s*[“\"«](?P<quote>[^”\"»]{3,})[”\"»]\s*,?\s*$")
_SPEECH_AT = re.compile(rf"^(?:\s*,[^,.;:]{{1,80}},)?\s*,?\s*(?:{ADVERBS}\s+)*(?P<verb>{SPEECH})\b", re.IGNORECASE)
_SPEECH_END = re.compile(rf"(?P<verb>{SPEECH})\s+(?:(?:the|el|la)\s+)?$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"^['’]s?\s+(?:perspective|view|opinion|point of view)\s*,\s*", re.IGNORECASE)
_POSSESSIVE_BEFORE = re.compile(r"^(?:from|in)\s+$", re.IGNORECASE)
_ACCORDING = re.compile(r"^(?:according to|in the (?:opinion|words|view) of|for|para|según|de acuerdo con|"
                        r"en opinión de|a juicio de|en palabras de|a decir de|segundo|de acordo com)\s+"
                        r"(?:(?:the|el|la|o|a)\s+)?$", re.IGNORECASE)
_CLAUSE_VERBS = re.compile(
    r"(?:says?|said|stated?|states|added|adds|noted|notes|argued|argues|warned|warns|claimed|claims|believes?|"
    r"believed|thinks?|thought|insisted|stressed|acknowledged|admitted|asserted|dijo|dice|afirmó|afirma|señaló|"
    r"señala|aseguró|asegura|sostuvo|sostiene|advirtió|advierte|consideró|considera|añadió|agregó)$", re.IGNORECASE)
_THAT = re.compile(r"^\s*(?:(?:with|to)\s+(?:us|them|the audience|the press|reporters)\s+|us\s+|nos\s+)?"
                   r"(?:(?:on|this|last|el|este|esta|ayer|yesterday|hoy|today)\b[^,]{0,25}?\s+)?"
                   r"(?:that|que)\s+", re.IGNORECASE)
_PRONOUN = re.compile(
    rf"^(?:[^,]{{0,60}},\s*)?(?:(?:He|She|They|Él|Ella|Ellos|Ellas)\s+(?:{ADVERBS}\s+)*(?:{SPEECH})\b|"
    rf"(?:{SPEECH})\s+que\b)", re.IGNORECASE)
_NARRATIVE = re.compile(
    r"^(?:[^,]{0,40},\s*)?(?:the|la|el|this|esta|este)\s+(?:bill|initiative|proposal|law|act|iniciativa|propuesta|"
    r"minuta|dictamen|ley|proyecto)\b.*?\b(?:was|were|has been|will be|fue|fueron|ha sido|será)\s+\w+", re.IGNORECASE)
_TOPIC = re.compile(
    r"^(?:Regarding|With regard to|With respect to|As for|As regards|Concerning|On the (?:topic|subject|issue) of|"
    r"In terms of|En materia de|En cuanto a|Respecto a|Respecto de|Con respecto a|En relación con|Sobre|Acerca de)"
    r"\s+(?P<topic>[^,]{2,80}),", re.IGNORECASE)
_CLAUSE_END = re.compile(r",\s|;\s|:\s|\s(?:since|because|ya que|porque|puesto que|pues|dado que|so that|para que)\s"
                         r"|[.!?]+[\"”»']*\s*$", re.IGNORECASE)
_KEYWORD_TOPICS = {
    "en": (("artificial intelligence", r"\b(?:(?-i:AI)|artificial intelligence)\b"),
           ("cybersecurity", r"\bcyber\w*")),
    "es": (("inteligencia artificial", r"\b(?:(?-i:IA)|inteligencia artificial)\b"),
           ("ciberseguridad", r"\bciber\w*")),
}
_LIST_NOUN = re.compile(r"(?:the following|following|los siguientes|las siguientes|siguientes|these|estos|estas|\d+|two|"
                        r"three|four|five|six|seven|eight|nine|ten|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez)\s+"
                        r"(?:[^\W\d_]+\s+){0,2}?(?P<noun>[^\W\d_]+)\s*:?\s*$", re.IGNORECASE)
_LIST_PURPOSE = re.compile(r"\b(?:for|para)\s+(?P<purpose>[^,:;]+?)\s+(?:with|con|through|mediante|in|en)\s+"
                           r"(?:the following|following|los siguientes|las siguientes)", re.IGNORECASE)


@dataclass
class Statement:
    """A run of sentences one person is reported to have said, in one paragraph."""

    speaker: int
    sentences: list[Sentence]
    summary: str
    topic: str | None
    points: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass
class ArticleList:
    """An ordered list in the article (bullets or numbers), with the sentence that introduces it."""

    title: str
    items: list[str]
    blocks: tuple[int, int]
    intro: Sentence | None
    proposed_by: int | None


@dataclass(frozen=True)
class _Attribution:
    speaker: int
    content: str


def _first_clause(text: str) -> str:
    text = text.strip().strip("\"“”«»'‘’ ")
    end = _CLAUSE_END.search(text, 20 if len(text) > 20 else 0)
    clause = text[: end.start()] if end else text
    clause = clause.strip().strip("\"“”«»'‘’,;: ")
    if len(clause) > 140:
        clause = clause[:140].rsplit(" ", 1)[0] + "…"
    return clause[:1].upper() + clause[1:]


def _attribution(sentence: Sentence, mentions: list[Mention], people: People) -> _Attribution | None:
    text = sentence.text
    for mention in mentions:
        start, end = mention.start - sentence.start, mention.end - sentence.start
        before, after = text[:start], text[end:]
        possessive = _POSSESSIVE.match(after)
        if possessive and _POSSESSIVE_BEFORE.match(before):
            return _Attribution(mention.person, after[possessive.end():])
        if _ACCORDING.match(before) and after.lstrip().startswith(","):
            found = apposition(after)
            rest = after[found[1]:] if found else after
            return _Attribution(mention.person, rest.lstrip()[1:] if rest.lstrip().startswith(",") else rest)
        spoken = _SPEECH_END.search(before, max(0, len(before) - 80))
        if spoken is not None and spoken.start() > 0:
            return _Attribution(mention.person, before[: spoken.start()])
        quoted = _QUOTE_FIRST.match(before)
        if not _INTRO.match(before) and quoted is None:
            continue
        _, skip = party_after(after, people.person(mention.person).honorific)
        found = apposition(after[skip:])
        offset = skip + (found[1] if found else 0)
        verb = _SPEECH_AT.match(after[offset:])
        if verb is not None:
            rest = after[offset + verb.end():]
            that = _THAT.match(rest)
            if that:
                content = rest[that.end():]
            elif _CLAUSE_VERBS.match(verb.group("verb")):
                content = rest  # "said the text protects…": the complementiser is left out
            else:
                content = after[offset + verb.start("verb"):]
            if quoted is not None:
                content = quoted.group("quote")
            return _Attribution(mention.person, content)
    return None


def _topic(statement_text: str, first: Sentence, language: str) -> str | None:
    named = _TOPIC.match(first.text)
    if named:
        return named.group("topic").strip()
    counts = [(len(re.findall(pattern, statement_text, re.IGNORECASE)), name)
              for name, pattern in _KEYWORD_TOPICS.get(language, _KEYWORD_TOPICS["en"])]
    best = max(counts)
    return best[1] if best[0] else None


def find_statements(article: Article, people: People) -> list[Statement]:
    """The statements of the article: each paragraph's sentences after a speaker is named, until another
    person becomes the subject; "He also explained…" continues the last speaker."""
    statements: list[Statement] = []
    last_speaker: int | None = None
    for index, block in enumerate(article.blocks):
        if block.kind != "paragraph" or index == article.headline:
            continue
        current: Statement | None = None
        for sentence in article.block_sentences(index):
            mentions = people.in_span(sentence.start, sentence.end)
            found = _attribution(sentence, mentions, people)
            if found is None and _PRONOUN.match(sentence.text) and last_speaker is not None:
                found = _Attribution(current.speaker if current else last_speaker, sentence.text)
            if found is not None:
                if current is not None and current.speaker == found.speaker:
                    current.sentences.append(sentence)
                else:
                    current = Statement(found.speaker, [sentence], _first_clause(found.content), None)
                    statements.append(current)
                last_speaker = found.speaker
            elif current is not None and not _NARRATIVE.match(sentence.text) and not any(
                    m.person != current.speaker and _INTRO.match(sentence.text[: m.start - sentence.start])
                    for m in mentions):
                current.sentences.append(sentence)
            else:
                current = None
    for statement in statements:
        statement.topic = _topic(statement.text, statement.sentences[0], article.language)
    return statements


def find_lists(article: Article, people: People, statements: list[Statement]) -> list[ArticleList]:
    """Runs of list items that are not lists of people (those are the participants), with their intro."""
    lists: list[ArticleList] = []
    index = 0
    blocks = article.blocks
    while index < len(blocks):
        if blocks[index].kind not in ("bullet", "numbered"):
            index += 1
            continue
        end = index
        while end + 1 < len(blocks) and blocks[end + 1].kind in ("bullet", "numbered"):
            end += 1
        run = range(index, end + 1)
        people_items = sum(1 for i in run if _starts_with_person(article, people, i))
        if end > index and people_items * 2 < len(run):
            lists.append(_make_list(article, statements, index, end))
        index = end + 1
    return lists


def _starts_with_person(article: Article, people: People, block: int) -> bool:
    start = article.offsets[block]
    return any(m.start <= start + 3 for m in people.in_span(start, start + len(article.blocks[block].text)))


def _make_list(article: Article, statements: list[Statement], first: int, last: int) -> ArticleList:
    items = [article.blocks[i].text for i in range(first, last + 1)]
    intro_sentences = article.block_sentences(first - 1) if first > 0 else []
    intro = intro_sentences[-1] if intro_sentences and article.blocks[first - 1].kind != "bullet" else None
    proposed_by = None
    if intro is not None:
        for statement in statements:
            if intro in statement.sentences:
                proposed_by = statement.speaker
                statement.points.extend(items)
    title = "List"
    if intro is not None:
        noun = _LIST_NOUN.search(intro.text.rstrip(". "))
        if noun:
            title = noun.group("noun")[:1].upper() + noun.group("noun")[1:]
            purpose = _LIST_PURPOSE.search(intro.text)
            if purpose:
                joiner = "para" if article.language == "es" else "for"
                title = f"{title} {joiner} {purpose.group('purpose').strip()}"
        elif intro.text.endswith(":"):
            title = _first_clause(intro.text.rstrip(":"))
    return ArticleList(title, items, (first, last), intro, proposed_by)
