"""A country at a glance: its strategy, lead agency, CSIRT, data protection authority, key laws, memberships and
published index values, each with the publication it comes from; and how much the atlas knows about it.

Reads through ``store.country_facts``: a bounded number of records per kind (their corrected JSON, never a
source's text), counts per kind and per cited publication. "No data" for a topic means the atlas holds
nothing about it, never that the country has none; a source that says a country has none is shown as a fact.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy import Engine

from policyatlas.errors import NotFoundError
from policyatlas.messages import N_
from policyatlas.model.country import get_country
from policyatlas.model.record import PROFILE_SECTIONS
from policyatlas.store import country_facts
from policyatlas.store.country_facts import DPA_PHRASES, FactRow
from policyatlas.store.db import session_scope
from policyatlas.views.countries import normalise_country
from policyatlas.views.measures import Citation
from policyatlas.views.versions import PROFILE_SECTION_OF, is_responsible_agency

KINDS: tuple[str, ...] = ("strategy", "agency", "cert", "law", "membership", "index_value")
#: The summary's topics, in the order shown, with their names (in English; the portal translates them).
TOPICS: tuple[tuple[str, str], ...] = (
    ("strategy", N_("National strategy")), ("lead_agency", N_("Lead agency")), ("csirt", N_("National CSIRT")),
    ("dpa", N_("Data protection authority")), ("laws", N_("Key laws")), ("memberships", N_("Memberships")),
)
PER_KIND = 60
SHOWN = 6
#: Sections of what the atlas knows besides the profile's: published indices and incidents.
COVERAGE_SECTIONS: tuple[str, ...] = (*PROFILE_SECTIONS, N_("Published indices"), N_("Incidents"))
_SECTION_OF = {**PROFILE_SECTION_OF, "index_value": "Published indices", "incident": "Incidents"}


class Fact(BaseModel):
    """One fact of a topic: the record, what it says, and the publication it comes from."""

    record: str
    kind: str
    title: str
    title_en: str | None = None
    acronym: str | None = None
    date: dict[str, Any] | None = None
    date_note: str | None = None
    status: str | None = None
    detail: str | None = None
    links: list[dict[str, str]] = []
    citation: Citation


class Topic(BaseModel):
    """A topic of the summary: its facts (the first few) and how many the atlas holds."""

    id: str
    name: str
    facts: list[Fact]
    total: int


class IndexFact(BaseModel):
    """A published index value, as published, with its citation."""

    index: str
    name: str
    edition: int | None = None
    value: float | None = None
    published: str
    scale: str | None = None
    period: str | None = None
    metric: str | None = None
    figure: str | None = None
    record: str
    citation: Citation


class Publication(BaseModel):
    """A publication the country's facts come from, its date, and how many facts."""

    citation: Citation
    records: int


class SectionCount(BaseModel):
    """How many facts the atlas holds in one section of a country's profile."""

    name: str
    records: int


class Coverage(BaseModel):
    """How much the atlas knows: facts, the publications they come from and their dates, sections without data."""

    records: int
    publications: list[Publication]
    sections: list[SectionCount]
    empty_sections: list[str]
    oldest: str | None = None
    newest: str | None = None


class CountrySummary(BaseModel):
    """A country at a glance."""

    country: dict[str, str]
    topics: list[Topic]
    indices: list[IndexFact]
    ai_index: list[IndexFact]
    coverage: Coverage


def citation_of(row: FactRow) -> Citation:
    """The publication a record comes from: the one our curated dataset cites, else the document itself."""
    cited = (row.data.get("extra") or {}).get("cited_source") or {}
    return Citation(title=cited.get("title") or row.source_title or row.file, publisher=cited.get("publisher") or
                    row.publisher, url=cited.get("url") or row.url, as_of=cited.get("as_of") or row.as_of,
                    source=row.source, file=row.file)


def _fact(row: FactRow, detail: str | None = None) -> Fact:
    data = row.data
    links = [link for link in data.get("links") or [] if isinstance(link, dict) and link.get("url")][:3]
    return Fact(record=row.id, kind=row.kind, title=str(data.get("title") or ""), title_en=data.get("title_en"),
                acronym=data.get("acronym"), date=data.get("date"), date_note=data.get("date_note"),
                status=data.get("status"), detail=detail or data.get("subsection"), links=links,
                citation=citation_of(row))


def _date_key(row: FactRow) -> str:
    return str((row.data.get("date") or {}).get("value") or "")


def _unique(rows: list[FactRow]) -> list[FactRow]:
    """One record per entity (the newest dated), in the order given."""
    seen: set[str] = set()
    kept = []
    for row in rows:
        if row.entity not in seen:
            seen.add(row.entity)
            kept.append(row)
    return kept


def _is_dpa(data: dict[str, Any]) -> bool:
    if (data.get("attributes") or {}).get("role") == "data_protection_authority":
        return True
    text = f"{data.get('subsection') or ''} {data.get('title') or ''}".casefold()
    return any(phrase in text for phrase in DPA_PHRASES)


def _topics(rows: list[FactRow]) -> list[Topic]:
    by_kind: dict[str, list[FactRow]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    strategies = sorted(by_kind.get("strategy", []), key=lambda r: (
        not (r.data.get("attributes") or {}).get("first_strategy"), r.data.get("status") == "absent",
        _date_key(r) == "", [-ord(c) for c in _date_key(r)]))
    agencies = by_kind.get("agency", [])
    lead = [r for r in agencies if is_responsible_agency(r.data)]
    dpas = sorted((r for r in agencies if _is_dpa(r.data)), key=lambda r: str(r.data.get("title") or ""))
    teams = by_kind.get("cert", []) + [r for r in agencies if (r.data.get("attributes") or {}).get("csirts_network")
                                       == "member" and r not in dpas]
    laws = sorted(by_kind.get("law", []), key=lambda r: (r.data.get("status") not in ("in_force", "exists", None),
                                                         [-ord(c) for c in _date_key(r)]))
    memberships = sorted(by_kind.get("membership", []), key=lambda r: (str(r.data.get("title") or "")))
    chosen = {"strategy": strategies, "lead_agency": lead, "csirt": teams, "dpa": dpas, "laws": laws,
              "memberships": memberships}
    topics = []
    for topic, name in TOPICS:
        unique = _unique(chosen[topic])
        topics.append(Topic(id=topic, name=name, facts=[_fact(r) for r in unique[:SHOWN]], total=len(unique)))
    return topics


def _index_fact(row: FactRow) -> IndexFact:
    attributes = row.data.get("attributes") or {}
    value = attributes.get("value")
    published = attributes.get("published")
    return IndexFact(index=str(attributes.get("index") or ""), name=str(attributes.get("index_name") or
                     row.data.get("title") or ""), edition=attributes.get("edition"),
                     value=float(value) if isinstance(value, int | float) else None,
                     published=str(published) if published is not None else (f"{value:g}" if isinstance(
                         value, int | float) else str(value or "")),
                     scale=attributes.get("scale"), period=attributes.get("period"), metric=attributes.get("metric"),
                     figure=attributes.get("figure"), record=row.id, citation=citation_of(row))


def _indices(rows: list[FactRow]) -> tuple[list[IndexFact], list[IndexFact]]:
    """The latest edition of each index (AI Index values apart: every one, for the chart)."""
    latest: dict[str, IndexFact] = {}
    ai_index: list[IndexFact] = []
    for row in rows:
        if row.kind != "index_value":
            continue
        fact = _index_fact(row)
        if fact.index.startswith("ai-index"):
            ai_index.append(fact)
            continue
        family = fact.index
        held = latest.get(family)
        if held is None or (fact.edition or 0) > (held.edition or 0):
            latest[family] = fact
    order = {"gci": 0, "ncsi": 1, "cei": 2, "ddl": 3}
    indices = sorted(latest.values(), key=lambda f: (order.get(f.index, 9), f.index))
    ai_index.sort(key=lambda f: (f.metric or "", f.figure or "", f.period or ""))
    return indices, ai_index


def get_summary(engine: Engine, country: str) -> CountrySummary:
    """A country at a glance, and how much the atlas knows about it.

    Raises:
        NotFoundError: the country is unknown, or the atlas holds no records about it.
    """
    code = normalise_country(country)
    with session_scope(engine) as session:
        counts = country_facts.kind_counts(session, code)
        if not counts:
            raise NotFoundError(f"the atlas holds no records about {code}")
        rows = country_facts.country_facts(session, code, KINDS, limit=PER_KIND)
        publications = country_facts.country_publications(session, code)
    indices, ai_index = _indices(rows)
    merged: dict[tuple[str | None, str | None, str | None, str | None], Publication] = {}
    for pub in publications:
        key = (pub.title, pub.publisher, pub.url, pub.as_of)
        held = merged.get(key)
        if held is None:
            merged[key] = Publication(citation=Citation(title=pub.title or pub.file, publisher=pub.publisher,
                                                        url=pub.url, as_of=pub.as_of, source=pub.source, file=pub.file),
                                      records=pub.records)
        else:
            held.records += pub.records
    sections: dict[str, int] = dict.fromkeys(COVERAGE_SECTIONS, 0)
    for kind, count in counts.items():
        section = _SECTION_OF.get(kind)
        if section is not None:
            sections[section] += count
    dates = sorted(p.citation.as_of for p in merged.values() if p.citation.as_of)
    info = get_country(code)
    return CountrySummary(
        country=info.to_json() if info else {"code": code},
        topics=_topics(rows), indices=indices, ai_index=ai_index,
        coverage=Coverage(
            records=sum(counts.values()),
            publications=sorted(merged.values(), key=lambda p: (-p.records, p.citation.title or "")),
            sections=[SectionCount(name=name, records=count) for name, count in sections.items()],
            empty_sections=[name for name, count in sections.items() if not count],
            oldest=dates[0] if dates else None, newest=dates[-1] if dates else None,
        ),
    )
