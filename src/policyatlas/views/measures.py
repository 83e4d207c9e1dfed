"""Policy measures to colour the world map by: a class and a label per country, and the legend.

Each measure reads one aggregate per country from ``store.country_facts`` (strategy adopted and when, national
CSIRT, data protection authority, Paris Call and Counter Ransomware Initiative membership, the latest published
GCI, NCSI, AI Index and Global Data Barometer values) and puts each country in a class. A country the atlas
holds nothing about for a measure is "no data" (class ``c-none``), never "no": a country is "no" (``c-no``)
only where a source says so (the strategy panel's "none by 2024") or where the atlas holds an organisation's
complete member list and it does not name the country. Labels are written by ``say`` (the portal passes its
translator; the API gets English).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from policyatlas.errors import NotFoundError
from policyatlas.messages import N_
from policyatlas.store import country_facts, source_queries
from policyatlas.store.db import session_scope


class Say(Protocol):
    """How labels are written: English for the API, the visitor's language on the portal (its ``Translator``)."""

    def __call__(self, text: str, **values: Any) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> str: ...


NO_DATA = "c-none"
NO = "c-no"
UNDATED = "c-undated"


class English:
    """Labels in English (the API's), with ``{name}`` placeholders filled."""

    def __call__(self, text: str, **values: Any) -> str:
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> str:
        return (singular if n == 1 else plural).format(**{"n": n, **values})


english = English()


class Citation(BaseModel):
    """The publication a fact comes from (its title, publisher, original address and date), and where the atlas
    holds it (our source document and file), so a citation names the publication, not our file."""

    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    as_of: str | None = None
    source: str | None = None
    file: str | None = None


class MeasureInfo(BaseModel):
    """A measure the map can be coloured by."""

    id: str
    name: str
    description: str


class LegendEntry(BaseModel):
    """One colour of the legend: its class, what it means and how many countries have it."""

    css: str
    label: str
    countries: int


class CountryValue(BaseModel):
    """A country's class and label for a measure, with the value, year and record behind it when there is one."""

    country: str
    css: str
    label: str
    value: float | None = None
    published: str | None = None
    year: int | None = None
    record: str | None = None
    citation: Citation | None = None


class MapMeasure(BaseModel):
    """A measure over the world: every country the atlas can say something about, and the legend."""

    measure: MeasureInfo
    countries: list[CountryValue]
    legend: list[LegendEntry]
    complete_list_as_of: str | None = None


@dataclass(frozen=True)
class Measure:
    """A measure's id, its name and description (in English, translated by the portal), and how it is read."""

    id: str
    name: str
    description: str
    read: Callable[[Session, Say], tuple[list[CountryValue], list[tuple[str, str]], str | None]]


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def _legend(values: list[CountryValue], classes: Iterable[tuple[str, str]], say: Say) -> list[LegendEntry]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value.css] = counts.get(value.css, 0) + 1
    entries = [LegendEntry(css=css, label=label, countries=counts.get(css, 0)) for css, label in classes]
    entries.append(LegendEntry(css=NO_DATA, label=say("no data"), countries=0))
    return entries


# --- the measures -------------------------------------------------------------------------------------------


_STRATEGY_BANDS = ((2020, "c-1"), (2015, "c-2"), (2010, "c-3"), (0, "c-4"))


def _strategy(session: Session, say: Say) -> tuple[list[CountryValue], list[tuple[str, str]], str | None]:
    values = []
    for row in country_facts.strategies_by_country(session):
        date = row.first_national or row.first_any
        year = _year(date)
        if year is not None:
            css = next(css for start, css in _STRATEGY_BANDS if year >= start)
            values.append(CountryValue(country=row.country, css=css, year=year,
                                       label=say("national strategy adopted in {year}", year=year)))
        elif row.present:
            values.append(CountryValue(country=row.country, css=UNDATED,
                                       label=say("national strategy adopted, year unknown")))
        elif row.absent:
            values.append(CountryValue(country=row.country, css=NO, label=say("no national strategy, per the sources")))
    classes = [("c-4", say("adopted before 2010")), ("c-3", say("adopted 2010–2014")), ("c-2", say("adopted 2015–2019")),
               ("c-1", say("adopted 2020 or later")), (UNDATED, say("adopted, year unknown")),
               (NO, say("none adopted, per the sources"))]
    return values, classes, None


def _organisations(rows: list[country_facts.OrganisationRow], say: Say, *, has: str, has_many: str, none: str
                   ) -> list[CountryValue]:
    values = []
    for row in rows:
        if row.present:
            label = say(has, name=row.name or "") if row.present == 1 else say(
                has_many, name=row.name or "", more=row.present - 1, count=row.present)
            values.append(CountryValue(country=row.country, css="c-3", label=label, value=float(row.present)))
        elif row.absent:
            values.append(CountryValue(country=row.country, css=NO, label=say(none)))
    return values


def _csirt(session: Session, say: Say) -> tuple[list[CountryValue], list[tuple[str, str]], str | None]:
    values = _organisations(country_facts.csirts_by_country(session), say, has=N_("national CSIRT: {name}"),
                            has_many=N_("national CSIRT: {name} and {more} more"),
                            none=N_("no national CSIRT, per the sources"))
    return values, [("c-3", say("has a national CSIRT")), (NO, say("none, per the sources"))], None


def _dpa(session: Session, say: Say) -> tuple[list[CountryValue], list[tuple[str, str]], str | None]:
    values = _organisations(country_facts.dpas_by_country(session), say, has=N_("data protection authority: {name}"),
                            has_many=N_("{count} data protection authorities"),
                            none=N_("no data protection authority, per the sources"))
    return values, [("c-3", say("has a data protection authority")), (NO, say("none, per the sources"))], None


def _membership(organisation: str, names: tuple[str, ...], name: str
                ) -> Callable[[Session, Say], tuple[list[CountryValue], list[tuple[str, str]], str | None]]:
    def read(session: Session, say: Say) -> tuple[list[CountryValue], list[tuple[str, str]], str | None]:
        rows = country_facts.memberships_by_country(session, organisation, names)
        complete = country_facts.complete_list_as_of(session, organisation, names)
        members = {r.country: r for r in rows if r.records > r.absent}
        dated = [y for y in (_year(r.first_date) for r in members.values()) if y is not None]
        # Years colour the map only when most members have one; otherwise one colour says "member".
        years = sorted(set(dated)) if len(dated) * 2 >= len(members) else []
        shades = ["c-4", "c-3", "c-2", "c-1"]
        band = {year: shades[min(index, 3)] for index, year in enumerate(years)}
        values: list[CountryValue] = []
        for code, row in sorted(members.items()):
            year = _year(row.first_date)
            label = (say("{name}: member since {year}", name=name, year=year) if year is not None
                     else say("{name}: member, date not published", name=name))
            css = band.get(year, UNDATED) if years and year is not None else (UNDATED if years else "c-3")
            values.append(CountryValue(country=code, css=css, year=year, label=label,
                                       citation=Citation(title=row.source_title)))
        absent = {r.country for r in rows if r.records <= r.absent}
        if complete:
            known = {code for code, _, _, _ in source_queries.country_counts(session)}
            absent |= known - set(members)
        values += [CountryValue(country=code, css=NO, label=say("{name}: not listed as a member (list as of {date})",
                                                                name=name, date=complete or "?"))
                   for code in sorted(absent)]
        if years:
            classes = [(band[y], say("member since {year}", year=y) if i < 3 or len(years) == 4 else
                        say("member since {year} or later", year=y)) for i, y in enumerate(years) if i <= 3]
            classes.append((UNDATED, say("member, date not published")))
        else:
            classes = [("c-3", say("member"))]
        classes.append((NO, say("not listed as a member")))
        return values, classes, complete
    return read


_SCORE_BANDS = ((75.0, "c-4"), (50.0, "c-3"), (25.0, "c-2"), (float("-inf"), "c-1"))


def _on_100(value: float, scale: str | None) -> float:
    """A score on a 0-100 scale, for choosing its colour only (labels show the value as published)."""
    return value * 100 if scale in ("0-1", "0–1") else value


def _published(row: country_facts.IndexRow) -> str:
    if row.published:
        return row.published
    if row.value is None:
        return ""
    return f"{row.value:g}"


def _index(index: str, short: str) -> Callable[[Session, Say], tuple[list[CountryValue], list[tuple[str, str]],
                                                                     str | None]]:
    def read(session: Session, say: Say) -> tuple[list[CountryValue], list[tuple[str, str]], str | None]:
        values = []
        for row in country_facts.latest_index_values(session, index=index):
            if row.value is None:
                continue
            css = next(css for low, css in _SCORE_BANDS if _on_100(row.value, row.scale) >= low)
            scale = f" ({row.scale})" if row.scale else ""
            label = say("{index} {edition}: {value}{scale}", index=short, edition=row.edition or "",
                        value=_published(row), scale=scale)
            values.append(CountryValue(country=row.country, css=css, label=label, value=row.value,
                                       published=_published(row), year=row.edition, record=row.record,
                                       citation=Citation(title=row.source_title, publisher=row.publisher, url=row.url)))
        classes = [("c-1", say("below 25 of 100")), ("c-2", say("25 to 50")), ("c-3", say("50 to 75")),
                   ("c-4", say("75 to 100"))]
        return values, classes, None
    return read


_COUNT_BANDS = ((11.0, "c-4"), (6.0, "c-3"), (3.0, "c-2"), (1.0, "c-1"), (float("-inf"), NO))


def _ai_laws(session: Session, say: Say) -> tuple[list[CountryValue], list[tuple[str, str]], str | None]:
    values = []
    for row in country_facts.latest_index_values(session, metric="bills_passed", ranged=True):
        if row.value is None:
            continue
        css = next(css for low, css in _COUNT_BANDS if row.value >= low)
        label = say("AI-related bills passed into law, {period}: {value}", period=row.period or "",
                    value=_published(row))
        values.append(CountryValue(country=row.country, css=css, label=label, value=row.value,
                                   published=_published(row), year=row.edition, record=row.record,
                                   citation=Citation(title=row.source_title, publisher=row.publisher, url=row.url)))
    classes = [(NO, say("none found")), ("c-1", "1–2"), ("c-2", "3–5"), ("c-3", "6–10"), ("c-4", say("11 or more"))]
    return values, classes, None


_RECORD_BANDS = ((40.0, "c-4"), (15.0, "c-3"), (8.0, "c-2"), (float("-inf"), "c-1"))


def _records(session: Session, say: Say) -> tuple[list[CountryValue], list[tuple[str, str]], str | None]:
    values = [CountryValue(country=code, css=next(css for low, css in _RECORD_BANDS if records >= low),
                           label=say.ngettext("{n} record", "{n} records", records), value=float(records))
              for code, records, _, _ in source_queries.country_counts(session)]
    return values, [("c-1", "1–7"), ("c-2", "8–14"), ("c-3", "15–39"), ("c-4", "40+")], None


MEASURES: tuple[Measure, ...] = (
    Measure("strategy", N_("National cybersecurity strategy"), N_("Whether a national cybersecurity strategy was adopted, "
            "and the year of the first one."), _strategy),
    Measure("csirt", N_("National CSIRT"),
            N_("Whether the atlas knows a national computer security incident response team."), _csirt),
    Measure("dpa", N_("Data protection authority"), N_("Whether the atlas knows a data protection authority."), _dpa),
    Measure("paris_call", N_("Paris Call supporter"), N_("Whether the state supports the Paris Call for Trust and Security "
            "in Cyberspace, and since when."), _membership("paris-call", ("paris call",), "Paris Call")),
    Measure("cri", N_("Counter Ransomware Initiative member"), N_("Whether the state is a member of the International "
            "Counter Ransomware Initiative, and since which year."),
            _membership("counter-ransomware-initiative", ("counter ransomware", "counter-ransomware"), "CRI")),
    Measure("gci", N_("Global Cybersecurity Index (latest published)"), N_("The latest ITU GCI score the atlas holds, as "
            "published (0-1 before 2020, 0-100 since)."), _index("gci", "GCI")),
    Measure("ncsi", N_("National Cyber Security Index (latest published)"), N_("The latest NCSI score the atlas holds "
            "(e-Governance Academy, 0-100)."), _index("ncsi", "NCSI")),
    Measure("ai_laws", N_("AI laws passed (AI Index)"), N_("AI-related bills passed into law over the AI Index's period, "
            "as published by Stanford HAI's AI Index."), _ai_laws),
    Measure("gdb_dpl", N_("Data protection law (Global Data Barometer)"), N_("The Global Data Barometer's data protection "
            "score (0-100), as published."), _index("gdb/G.GOVERNANCE.DPL", "GDB data protection")),
    Measure("records", N_("Number of records (the atlas's coverage)"), N_("How many facts the atlas holds about the "
            "country: what we know, not the country's policy."), _records),
)
DEFAULT_MEASURE = "strategy"


def list_measures(say: Say = english) -> list[MeasureInfo]:
    """The measures the map can show, the default first."""
    return [MeasureInfo(id=m.id, name=say(m.name), description=say(m.description)) for m in MEASURES]


def get_measure(engine: Engine, measure_id: str, *, say: Say = english) -> MapMeasure:
    """Every country's class and label for one measure, and the legend.

    Raises:
        NotFoundError: no measure has this id.
    """
    measure = next((m for m in MEASURES if m.id == measure_id), None)
    if measure is None:
        raise NotFoundError(f"no map measure {measure_id!r} (known: {', '.join(m.id for m in MEASURES)})")
    with session_scope(engine) as session:
        values, classes, complete = measure.read(session, say)
    values.sort(key=lambda v: v.country)
    return MapMeasure(measure=MeasureInfo(id=measure.id, name=say(measure.name), description=say(measure.description)),
                      countries=values, legend=_legend(values, classes, say), complete_list_as_of=complete)
