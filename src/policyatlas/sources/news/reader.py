"""Read one prose document (a news article or any other prose) into records: people, organisations, bills…"""

from __future__ import annotations

import re
from typing import Any

from policyatlas.model.record import ParsedSource, Record
from policyatlas.sources.base import ParseOptions
from policyatlas.sources.news.bills import Bills, Initiative
from policyatlas.sources.news.context import Published, detect_country, publisher_of, slug, stated_publication
from policyatlas.sources.news.dates import dateline, find_dates
from policyatlas.sources.news.lexicon import CHAMBERS, EVENT_WORDS
from policyatlas.sources.news.orgs import Organizations
from policyatlas.sources.news.people import People
from policyatlas.sources.news.prose import Prose
from policyatlas.sources.news.statements import ArticleList, Statement, find_lists, find_statements
from policyatlas.sources.news.text import Article, Sentence
from policyatlas.text.titles import guess_language

_FORUM_NAME = re.compile(
    r"\b(?:forum|foro|conversatorio|panel|seminar|seminario|webinar|conference|conferencia|summit|cumbre|"
    r"dialogue|diálogo|encuentro|jornada|mesa de trabajo|event|evento)\s+(?:(?:titled|entitled|called|named|titulado|"
    r"titulada|denominado|denominada|llamado|llamada)\s+)?[“\"«‘]([^”\"»’]{4,150})[”\"»’]", re.IGNORECASE)
_RELATIVE_WORDS = re.compile(r"\b(?:yesterday|today|ayer|hoy|last week|la semana pasada)\b", re.IGNORECASE)


def _title_from_address(url: str | None) -> str | None:
    """A headline from an article's address (``…/2024/05/08/comisiones-avalan-ley-general`` → "Comisiones avalan
    ley general"), when its last part is words."""
    if not url:
        return None
    last = url.rstrip("/").rsplit("/", 1)[-1]
    last = re.sub(r"\.(?:s?html?|php|aspx?)$", "", last)
    words = [w for w in re.split(r"[-_]+", last) if w]
    if len(words) < 3 or any(w.isdigit() and len(w) > 4 for w in words) or not all(w.isalnum() for w in words):
        return None
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _first_words(sentence: str, limit: int = 120) -> str:
    """A sentence cut at a word to ``limit`` characters, for a title."""
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + "…"


class ProseReader:
    """Reads one prose document into records (``kind``: ``news-article`` or ``document``)."""

    def __init__(self, prose: Prose, article: Article, *, kind: str, origin: str, options: ParseOptions) -> None:
        self.prose = prose
        self.article = article
        self.kind = kind
        self.origin = origin
        self.warnings: list[str] = []
        self.language = article.language
        stated = Published(prose.published, prose.published_from or "metadata") if prose.published else \
            stated_publication(article, prose.text if prose.is_html else None)
        self.published = self._publication(stated, options)
        trusted = options.published is not None or (stated is not None and stated.source != "text")
        self.reference = self.published.date if self.published and trusted else None
        self.people = People(article, self.language)
        self.orgs = Organizations(article, self.people)
        self.statements = find_statements(article, self.people)
        self.lists = find_lists(article, self.people, self.statements)
        self.bills = Bills(article, self.people, self._blocked(), self.reference).items
        self.country = options.country or detect_country(article)
        if self.country is None:
            self.warnings.append("cannot tell which country the document is about (no country named); pass --country")
        headline = article.blocks[article.headline].text if article.headline is not None else None
        self.headline = headline or prose.title or _title_from_address(article.url or prose.url) or (
            _first_words(article.sentences[0].text) if article.sentences else None)
        self.publisher = prose.publisher or self.orgs.publisher or publisher_of(article.url or prose.url)
        if self.reference is None and any(_RELATIVE_WORDS.search(s.text) for s in article.sentences):
            self.warnings.append("relative dates (yesterday, hoy…) left unknown: the publication date is not stated "
                                 "(pass --published)")
        if not self.people.persons and kind == "news-article":
            self.warnings.append("no people found in the article")

    def _publication(self, stated: Published | None, options: ParseOptions) -> Published | None:
        if options.published is not None:
            if stated is not None and stated.date != options.published and stated.source != "text":
                self.warnings.append(f"--published {options.published.value} differs from the {stated.source} "
                                     f"date {stated.date.value}; using --published")
            return Published(options.published, "option")
        return stated

    def _blocked(self) -> dict[int, list[tuple[int, int]]]:
        """Per sentence, spans where a bill name cannot start (organisation names, role appositions)."""
        blocked: dict[int, list[tuple[int, int]]] = {}
        forms = [form for org in self.orgs.items for form in (org.title, *org.mentions)]
        for sentence in self.article.sentences:
            spans = blocked.setdefault(sentence.index, [])
            for form in forms:
                for match in re.finditer(re.escape(form), sentence.text):
                    spans.append((match.start(), match.end()))
            for start, end in self.people.appositions:
                if sentence.start <= start < sentence.end:
                    spans.append((start - sentence.start, end - sentence.start))
        return blocked

    # -- records -------------------------------------------------------------------------------------
    def parsed(self) -> ParsedSource:
        records: list[Record] = []
        if self.kind == "document":
            records.append(self._document())
        else:
            event = self._event()
            if event is not None:
                records.append(event)
        records += [self._person(i) for i in range(len(self.people.persons))]
        records += [self._organization(i) for i in range(len(self.orgs.items))]
        records += [self._initiative(bill) for bill in self.bills]
        records += [self._statement(s) for s in self.statements]
        records += [self._list(item) for item in self.lists]
        key = slug(self.headline or " ".join(self.article.sentences[0].text.split()[:10]))
        url = self.article.url or self.prose.url
        return ParsedSource(
            format=self.kind, media_type="text/html" if self.prose.is_html else "text/plain", text=self.prose.text,
            records=tuple(records), lineage=f"{self.kind}/{self.country.lower() + '/' if self.country else ''}{key}"
            if self.kind == "document" else f"{self.kind}/{key}", country=self.country,
            language=self.article.detected or self.language, title=self.headline,
            as_of=self.published.date if self.published else None, publisher=self.publisher, url=url,
            warnings=tuple(self.warnings),
        )

    def _document(self) -> Record:
        """The document itself, as a ``publication`` record: its title, language, publication date, author, and
        the dates it names (the kind is not "document", the search index's name for a source's whole text)."""
        sentences = self.article.sentences
        mentioned = []
        for sentence in sentences:
            for found in find_dates(sentence.text, reference=self.reference):
                if found.date is not None and found.date not in mentioned:
                    mentioned.append(found.date)
        lead = self._lead()
        title = self.headline or (lead[0].text if lead else sentences[0].text)
        return self._record(
            "publication", title[:300], sentences, dates=(self.published.date,) if self.published else (),
            description=" ".join(s.text for s in lead)[:1000] or None,
            attributes={"language": self.article.detected or self.language, "author": self.prose.author,
                        "publisher": self.publisher, "url": self.article.url or self.prose.url,
                        "dates_mentioned": [d.to_json() for d in sorted(mentioned, key=lambda d: d.sort_key)],
                        "words": len(self.article.body.split())},
        )

    def _section(self, block: int) -> str:
        for index in range(block, -1, -1):
            if self.article.blocks[index].kind == "heading" and index != self.article.headline:
                return self.article.blocks[index].text
        return "Article"

    def _record(self, kind: str, title: str, sentences: list[Sentence], **fields: Any) -> Record:
        first = min(sentences, key=lambda s: s.index)
        last = max(sentences, key=lambda s: s.index)
        return Record(kind=kind, country=self.country, section=self._section(first.block), title=title,
                      line_start=first.line_start, line_end=max(last.line_end, first.line_start), **fields)

    def _lead(self) -> list[Sentence]:
        """The article's first paragraph (without its dateline)."""
        for index, block in enumerate(self.article.blocks):
            if index != self.article.headline and block.kind == "paragraph":
                sentences = [s for s in self.article.block_sentences(index) if dateline(s.text) is None]
                if sentences:
                    return sentences
        return []

    def _event(self) -> Record | None:
        lead = self._lead()
        participants = [p.title for p in self.people.persons if p.listed]
        for statement in self.statements:
            name = self.people.person(statement.speaker).title
            if name not in participants:
                participants.append(name)
        heading = self.article.headline
        headline = self.article.block_sentences(heading)[0] if heading is not None else None
        scope = " ".join(s.text for s in ([headline] if headline else []) + lead)
        if not (participants or self.orgs.organizers or self.orgs.supporters or EVENT_WORDS.search(scope)):
            return None
        forum = next((m.group(1).strip() for s in self.article.sentences if (m := _FORUM_NAME.search(s.text))), None)
        title = forum or self.headline or (lead[0].text if lead else "Event")
        date = None
        for sentence in lead:
            found = [d for d in find_dates(sentence.text, reference=self.reference) if d.date or d.relative]
            if found:
                date = found[0].date
                break
        spans = ([headline] if headline else []) + lead
        return self._record(
            "event", title, spans or self.article.sentences[:1], dates=(date,) if date else (),
            description=" ".join(s.text for s in lead) or None,
            attributes={"organizers": list(self.orgs.organizers), "supporters": list(self.orgs.supporters),
                        "participants": participants},
            extra={"title_from": "forum name" if forum else "headline",
                   "moderators": [p.title for p in self.people.persons if p.moderator]},
        )

    def _person(self, index: int) -> Record:
        person = self.people.persons[index]
        sentence = self.article.sentences[person.sentence]
        return self._record("person", person.title, [sentence], attributes=self.people.to_json(person),
                            extra={"participant": person.listed, "moderator": person.moderator})

    def _organization(self, index: int) -> Record:
        org = self.orgs.items[index]
        aliases = tuple(m for m in org.mentions if m not in (org.title, org.acronym))
        return self._record("organization", org.title, [self.article.sentences[org.sentence]], acronym=org.acronym,
                            aliases=aliases, title_language=guess_language(org.title),
                            attributes={"mentions": list(org.mentions)})

    def _initiative(self, bill: Initiative) -> Record:
        stages = bill.ordered_stages()
        proposers = [self.people.person(key).title for key in bill.proposers]
        chamber = bill.chamber
        if chamber is None:
            for key in bill.proposers:
                honorific = self.people.person(key).honorific
                if honorific is not None and honorific.chamber is not None:
                    chamber = CHAMBERS[honorific.chamber][self.language]
                    break
        status: str | None = "in_progress"
        for stage in stages:
            if stage.stage == "published":
                status = "exists"
            elif stage.stage == "rejected":
                status = None
        dates = tuple(dict.fromkeys(s.date for s in stages if s.date))
        sentences = [self.article.sentences[i] for i in sorted(bill.sentences)]
        return self._record(
            "initiative", bill.title, sentences, title_en=bill.title_en, title_language=guess_language(bill.title),
            aliases=tuple(m for m in bill.mentions if m != bill.title), dates=dates, status=status,
            attributes={"proposers": proposers, "chamber": chamber, "committees": list(bill.committees),
                        "stages": [s.to_json() for s in stages], "size": dict(bill.size) or None},
        )

    def _statement(self, statement: Statement) -> Record:
        speaker = self.people.person(statement.speaker).title
        return self._record("statement", statement.summary, statement.sentences, description=statement.text,
                            points=tuple(statement.points), attributes={"speaker": speaker, "topic": statement.topic})

    def _list(self, item: ArticleList) -> Record:
        first, last = item.blocks
        block_sentences = [s for i in range(first, last + 1) for s in self.article.block_sentences(i)]
        proposed_by = self.people.person(item.proposed_by).title if item.proposed_by is not None else None
        return self._record("list", item.title, block_sentences, points=tuple(item.items),
                            description=item.intro.text if item.intro else None,
                            attributes={"proposed_by": proposed_by, "items": list(item.items)})

