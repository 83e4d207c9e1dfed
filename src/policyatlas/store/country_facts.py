"""Bounded reads for the map's policy measures and a country's at-a-glance summary.

Every query selects the columns it shows (record fields read from the record's JSON as corrected by its
newest revision, never a source's text), reads current sources only, and aggregates in SQL: one row per
country for a measure, at most ``limit`` records per kind for a summary, counts per kind and per cited
publication for what the atlas knows. The same statements run on SQLite and PostgreSQL (JSON paths through
SQLAlchemy's JSON type; window functions for "the latest per country").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, ColumnElement, Select, and_, case, func, or_, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Subquery

from policyatlas.store.schema import RecordRow, RevisionRow, SourceRow

#: Phrases that name a data protection authority (in the languages of the atlas's sources), lower case.
DPA_PHRASES: tuple[str, ...] = ("data protection", "protección de datos", "protection des données", "datenschutz",
                                "proteção de dados", "protecção de dados", "privacy commission", "information commissioner")


def _latest_revisions() -> Subquery:
    newest = (select(RevisionRow.record_id, func.max(RevisionRow.number).label("n"))
              .group_by(RevisionRow.record_id).subquery())
    return (select(RevisionRow.record_id, RevisionRow.data)
            .join(newest, and_(RevisionRow.record_id == newest.c.record_id, RevisionRow.number == newest.c.n))
            .subquery("latest_revision"))


@dataclass(frozen=True)
class _Fields:
    """JSON fields of a record as corrected by its newest revision (the revision holds the whole record)."""

    revision: Subquery

    def text(self, *path: str) -> ColumnElement[Any]:
        return case((self.revision.c.record_id.is_not(None), self.revision.c.data[path].as_string()),
                    else_=RecordRow.data[path].as_string())

    def number(self, *path: str) -> ColumnElement[Any]:
        return case((self.revision.c.record_id.is_not(None), self.revision.c.data[path].as_float()),
                    else_=RecordRow.data[path].as_float())

    def integer(self, *path: str) -> ColumnElement[Any]:
        return case((self.revision.c.record_id.is_not(None), self.revision.c.data[path].as_integer()),
                    else_=RecordRow.data[path].as_integer())

    def data(self) -> ColumnElement[Any]:
        return type_coerce(case((self.revision.c.record_id.is_not(None), self.revision.c.data),
                                else_=RecordRow.data), JSON)


def _fields() -> _Fields:
    return _Fields(_latest_revisions())


def _current(fields: _Fields, *columns: Any) -> Select[Any]:
    """A select of ``columns`` over the records (about a country) of current sources, joined to the newest
    revision ``fields`` reads from."""
    return (select(*columns).select_from(RecordRow).join(SourceRow, RecordRow.source_id == SourceRow.id)
            .outerjoin(fields.revision, fields.revision.c.record_id == RecordRow.id)
            .where(SourceRow.is_current.is_(True), RecordRow.country.is_not(None)))


# --- measures: one row per country -------------------------------------------------------------------------


@dataclass(frozen=True)
class StrategyRow:
    """A country's strategies: the first dated one (the panel's first strategy when there is one), counts."""

    country: str
    first_national: str | None
    first_any: str | None
    present: int
    absent: int


def strategies_by_country(session: Session) -> list[StrategyRow]:
    """Per country: the first national strategy's date (records marked ``first_strategy``), the earliest dated
    strategy of any source, and how many strategy records say one exists or that none does."""
    fields = _fields()
    status = fields.text("status")
    date = fields.text("date", "value")
    present = or_(status.is_(None), status != "absent")
    first = fields.text("attributes", "first_strategy")
    query = _current(
        fields, RecordRow.country,
        func.min(case((and_(present, first.in_(("true", "1"))), date))),
        func.min(case((present, date))),
        func.sum(case((present, 1), else_=0)),
        func.sum(case((status == "absent", 1), else_=0)),
    )
    query = query.where(RecordRow.kind == "strategy").group_by(RecordRow.country)
    return [StrategyRow(c, n, a, int(p or 0), int(x or 0)) for c, n, a, p, x in session.execute(query)]


@dataclass(frozen=True)
class OrganisationRow:
    """A country's organisations of one sort: how many exist (distinct entities; a name, a response team's first),
    and how many records say there is none."""

    country: str
    present: int
    absent: int
    name: str | None


def _organisation_rows(session: Session, fields: _Fields, condition: ColumnElement[bool]) -> list[OrganisationRow]:
    status = fields.text("status")
    present = or_(status.is_(None), status != "absent")
    teams = and_(present, RecordRow.kind == "cert")
    query = _current(fields, RecordRow.country, func.count(func.distinct(case((present, RecordRow.entity_id)))),
                     func.sum(case((status == "absent", 1), else_=0)),
                     func.coalesce(func.min(case((teams, RecordRow.title))), func.min(case((present, RecordRow.title)))))
    query = query.where(condition).group_by(RecordRow.country)
    return [OrganisationRow(c, int(p or 0), int(a or 0), n) for c, p, a, n in session.execute(query)]


def csirts_by_country(session: Session) -> list[OrganisationRow]:
    """Per country: its incident response teams (``cert`` records, and bodies listed as members of a CSIRTs
    network)."""
    fields = _fields()
    condition = or_(RecordRow.kind == "cert",
                    and_(RecordRow.kind == "agency", fields.text("attributes", "csirts_network") == "member"))
    return _organisation_rows(session, fields, condition)


def dpa_condition(fields: _Fields) -> ColumnElement[bool]:
    """Agencies that are data protection authorities: so marked, or so named in their subsection or name."""
    subsection = func.lower(func.coalesce(fields.text("subsection"), ""))
    title = func.lower(RecordRow.title)
    return and_(RecordRow.kind == "agency", or_(
        fields.text("attributes", "role") == "data_protection_authority",
        *(subsection.contains(p) for p in DPA_PHRASES), *(title.contains(p) for p in DPA_PHRASES)))


def dpas_by_country(session: Session) -> list[OrganisationRow]:
    """Per country: its data protection authorities."""
    fields = _fields()
    return _organisation_rows(session, fields, dpa_condition(fields))


@dataclass(frozen=True)
class MembershipRow:
    """A country's membership of one organisation: the earliest date known, records, whether a source said absent."""

    country: str
    first_date: str | None
    records: int
    absent: int
    source_title: str | None


def _membership_condition(fields: _Fields, organisation: str, names: Sequence[str]) -> ColumnElement[bool]:
    title = func.lower(RecordRow.title)
    return and_(RecordRow.kind == "membership", or_(fields.text("attributes", "organisation") == organisation,
                                                    *(title.contains(n.casefold()) for n in names)))


def memberships_by_country(session: Session, organisation: str, names: Sequence[str]) -> list[MembershipRow]:
    """Per country: its membership of an organisation (by the records' ``organisation`` key or their title
    naming it): the earliest date (joined, signed) or date a statement named it a member."""
    fields = _fields()
    status = fields.text("status")
    date = func.coalesce(fields.text("date", "value"), fields.text("attributes", "member_as_of"))
    query = _current(fields, RecordRow.country, func.min(date), func.count(),
                     func.sum(case((status == "absent", 1), else_=0)),
                     func.min(func.coalesce(fields.text("extra", "cited_source", "title"), SourceRow.title)))
    query = query.where(_membership_condition(fields, organisation, names)).group_by(RecordRow.country)
    return [MembershipRow(c, d, int(n), int(a or 0), t) for c, d, n, a, t in session.execute(query)]


def complete_list_as_of(session: Session, organisation: str, names: Sequence[str]) -> str | None:
    """The date of the newest complete member list of an organisation the atlas holds (records marked
    ``list_complete_as_of``), or None: then a country not listed is not known to be a non-member."""
    fields = _fields()
    query = _current(fields, func.max(fields.text("attributes", "list_complete_as_of"))).where(
        _membership_condition(fields, organisation, names))
    value = session.execute(query).scalar()
    return str(value) if value else None


@dataclass(frozen=True)
class IndexRow:
    """The latest published value of an index for a country, with what it was published as and its citation."""

    country: str
    record: str
    index: str | None
    index_name: str | None
    edition: int | None
    value: float | None
    published: str | None
    scale: str | None
    period: str | None
    source_title: str | None
    publisher: str | None
    url: str | None


def latest_index_values(session: Session, *, index: str | None = None, metric: str | None = None,
                        ranged: bool = False, country: str | None = None) -> list[IndexRow]:
    """Per country, the newest value of one index (``index``) or measure (``metric``; with ``ranged`` only values
    over a span of years, such as 2016-2024): the latest edition, then the latest period."""
    fields = _fields()
    edition = fields.integer("attributes", "edition")
    period = fields.text("attributes", "period")
    order = (func.coalesce(period, "").desc(), func.coalesce(edition, 0).desc(), RecordRow.id)
    ranked = _current(
        fields, RecordRow.country.label("country"), RecordRow.id.label("record"),
        fields.text("attributes", "index").label("index_key"), fields.text("attributes", "index_name").label("name"),
        edition.label("edition"), fields.number("attributes", "value").label("value"),
        fields.text("attributes", "published").label("published"), fields.text("attributes", "scale").label("scale"),
        period.label("period"), func.coalesce(fields.text("extra", "cited_source", "title"), SourceRow.title).label("st"),
        func.coalesce(fields.text("extra", "cited_source", "publisher"), SourceRow.publisher).label("pub"),
        func.coalesce(fields.text("extra", "cited_source", "url"), SourceRow.url).label("url"),
        func.row_number().over(partition_by=RecordRow.country, order_by=order).label("position"),
    ).where(RecordRow.kind == "index_value")
    if index is not None:
        ranked = ranked.where(fields.text("attributes", "index") == index)
    if metric is not None:
        ranked = ranked.where(fields.text("attributes", "metric") == metric)
    if ranged:
        ranked = ranked.where(period.contains("-"))
    if country is not None:
        ranked = ranked.where(RecordRow.country == country)
    inner = ranked.subquery()
    rows = session.execute(select(inner).where(inner.c.position == 1).order_by(inner.c.country))
    return [IndexRow(r.country, r.record, r.index_key, r.name, r.edition, r.value, r.published, r.scale, r.period,
                     r.st, r.pub, r.url) for r in rows]


# --- one country: its facts by kind, and what the atlas knows about it --------------------------------------


@dataclass(frozen=True)
class FactRow:
    """One record for a summary: identity, its corrected data, and the source it came from (no text)."""

    id: str
    kind: str
    entity: str
    data: dict[str, Any]
    source: str
    source_title: str | None
    publisher: str | None
    url: str | None
    as_of: str | None
    file: str
    format: str


def country_facts(session: Session, country: str, kinds: Sequence[str], *, limit: int = 40) -> list[FactRow]:
    """A country's current records of these kinds, at most ``limit`` per kind (the newest dated first)."""
    fields = _fields()
    date = fields.text("date", "value")
    ranked = _current(
        fields, RecordRow.id.label("id"), RecordRow.kind.label("kind"), RecordRow.entity_id.label("entity"),
        fields.data().label("data"), SourceRow.id.label("source"), SourceRow.title.label("title"),
        SourceRow.publisher.label("publisher"), SourceRow.url.label("url"), SourceRow.as_of.label("as_of"),
        SourceRow.file.label("file"), SourceRow.format.label("format"),
        func.row_number().over(partition_by=RecordRow.kind,
                               order_by=(func.coalesce(date, "").desc(), RecordRow.id)).label("position"),
    ).where(RecordRow.country == country, RecordRow.kind.in_(list(kinds))).subquery()
    rows = session.execute(select(ranked).where(ranked.c.position <= limit).order_by(ranked.c.kind, ranked.c.position))
    return [FactRow(r.id, r.kind, r.entity, dict(r.data or {}), r.source, r.title, r.publisher, r.url, r.as_of,
                    r.file, r.format) for r in rows]


def kind_counts(session: Session, country: str) -> dict[str, int]:
    """How many current records of each kind the atlas holds about a country."""
    query = (select(RecordRow.kind, func.count()).join(SourceRow, RecordRow.source_id == SourceRow.id)
             .where(SourceRow.is_current.is_(True), RecordRow.country == country).group_by(RecordRow.kind))
    return {kind: int(count) for kind, count in session.execute(query)}


@dataclass(frozen=True)
class PublicationRow:
    """A publication the country's records cite (or the source document itself), with how many records and when."""

    source: str
    file: str
    format: str
    title: str | None
    publisher: str | None
    url: str | None
    as_of: str | None
    records: int


def country_publications(session: Session, country: str) -> list[PublicationRow]:
    """The publications behind a country's current records: for our curated dataset files the publication each
    record cites, for other documents the document; with the number of records from each."""
    fields = _fields()
    title = func.coalesce(fields.text("extra", "cited_source", "title"), SourceRow.title)
    publisher = func.coalesce(fields.text("extra", "cited_source", "publisher"), SourceRow.publisher)
    url = func.coalesce(fields.text("extra", "cited_source", "url"), SourceRow.url)
    as_of = func.coalesce(fields.text("extra", "cited_source", "as_of"), SourceRow.as_of)
    query = (_current(fields, SourceRow.id, SourceRow.file, SourceRow.format, title, publisher, url, as_of, func.count())
             .where(RecordRow.country == country)
             .group_by(SourceRow.id, SourceRow.file, SourceRow.format, title, publisher, url, as_of))
    return [PublicationRow(s, f, fmt, t, p, u, a, int(n)) for s, f, fmt, t, p, u, a, n in session.execute(query)]
