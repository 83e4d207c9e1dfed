"""Events, initiatives, index values, incident statistics, the stakeholder graph and comparisons."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from policyatlas.schemas.common import Out


class InitiativeOut(Out):
    """A legislative initiative (bill) with its stages from every source that speaks of it, in date order."""

    entity: str
    title: str
    title_en: str | None
    aliases: list[str]
    country: str | None
    status: str | None
    proposers: list[Any]
    chamber: Any
    chambers: list[Any]
    committees: list[Any]
    stages: list[dict[str, Any]]
    size: Any
    records: list[str]
    sources: list[str]


class IndexValueBase(Out):
    """A published index value (GCI, NCSI…) in one edition, with the record and source stating it."""

    index: Any
    index_name: Any
    edition: Any
    value: Any
    scale: Any
    rank: Any
    record: str
    source: str


class IndexValueRow(IndexValueBase):
    """A published index value of a country in one edition."""

    country: str | None
    country_name: Any


class CountOut(Out):
    """How many incidents have one value, and their share of the sample."""

    value: str
    count: int
    share: float


class IncidentStatsOut(Out):
    """Counts of publicly reported incidents by one dimension, with the sample size and the caveat."""

    by: str
    country: str | None
    sponsor: str | None
    sample_size: int
    caveat: str
    counts: list[CountOut]


class NodeOut(Out):
    """An entity in the stakeholder graph."""

    id: str
    label: str
    kind: str
    country: str | None


class EdgeOut(Out):
    """A link between two entities, as one record states it."""

    source: str
    target: str
    role: str
    record: str
    document: str
    file: str


class GraphOut(Out):
    """The stakeholder graph: entities as nodes, record links as edges."""

    country: str | None
    nodes: list[NodeOut]
    edges: list[EdgeOut]


class IndicatorRef(Out):
    """A row of the comparison matrix."""

    id: str
    label: str


class CellOut(Out):
    """One country's answer to one indicator, with the evidence behind it."""

    value: Any = Field(description="yes, absent, in progress, unknown, or an index value.")
    detail: str | None
    evidence: list[dict[str, Any]]
    mixed: bool = Field(default=False, description="The evidence disagrees (e.g. one source says absent, another "
                                                   "that it exists); value is the deciding record's verdict.")
    decided_by: str | None = Field(default=None, description="The record whose verdict a mixed cell shows: the "
                                                             "strongest evidence, then the newest source's.")
    note: str | None = Field(default=None, description="Why a mixed cell shows its value, in words.")


class CompareOut(Out):
    """The indicator matrix for some countries."""

    countries: list[str]
    in_force_at: str | None = Field(None, description="Only the facts in force then (and undated ones).")
    known_at: str | None = Field(None, description="As the sources known then said it.")
    indicators: list[IndicatorRef]
    matrix: dict[str, dict[str, CellOut]]
